#pragma once
// The command's place in an MPI run (`mpirun -np N varopt minimize ...`, mpi/): the rank of this
// process, the evaluator that shares each generation between the ranks, the stop decision they
// take together, and the way out on an error. Without MPI (not built, or not started by mpirun)
// this is rank 0 of 1 and every function is the plain single-process behaviour.
#include <cstdint>
#include <memory>
#include <string>

#include "varopt/eval/evaluator.hpp"

namespace varopt::cli {

// Initializes MPI for the lifetime of main() when started by mpirun.
class RankSession {
 public:
  RankSession(int& argc, char**& argv);
  ~RankSession();
  RankSession(const RankSession&) = delete;
  RankSession& operator=(const RankSession&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

int rank();        // 0 without MPI
int rank_count();  // 1 without MPI
// `local` wrapped so that the ranks split each generation (mpi/mpi_evaluator.hpp); null with
// one rank. local must outlive it.
std::unique_ptr<Evaluator> share_between_ranks(Evaluator& local);
// Whether flag is set on any rank (every rank must call it); flag itself with one rank.
bool on_any_rank(bool flag);
// The sum over the ranks (every rank must call it); value itself with one rank.
std::int64_t sum_over_ranks(std::int64_t value);
// The text of the highest rank that has one (every rank must call it); text with one rank.
std::string last_text_of_ranks(const std::string& text);
// Ends the program with `code`: with several ranks all of them (MPI_Abort), since the others may
// wait for this one in an exchange.
[[noreturn]] void exit_all_ranks(int code);

}  // namespace varopt::cli
