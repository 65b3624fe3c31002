#include "ranks.hpp"

#include <cstdlib>

#ifdef VAROPT_HAVE_MPI
#include "varopt/mpi/mpi_evaluator.hpp"
#include "varopt/mpi/mpi_world.hpp"
#endif

namespace varopt::cli {

#ifdef VAROPT_HAVE_MPI
struct RankSession::Impl {
  mpi::MpiSession session;
};
RankSession::RankSession(int& argc, char**& argv)
    : impl_(new Impl{mpi::MpiSession(argc, argv)}) {}
int rank() { return mpi::rank(); }
int rank_count() { return mpi::size(); }
std::unique_ptr<Evaluator> share_between_ranks(Evaluator& local) {
  if (mpi::size() == 1) return nullptr;
  return std::make_unique<mpi::MpiEvaluator>(local);
}
bool on_any_rank(bool flag) { return mpi::any(flag); }
std::int64_t sum_over_ranks(std::int64_t value) { return mpi::sum(value); }
std::string last_text_of_ranks(const std::string& text) { return mpi::last_nonempty(text); }
void exit_all_ranks(int code) {
  if (mpi::size() > 1) mpi::abort(code);
  std::exit(code);
}
#else
struct RankSession::Impl {};
RankSession::RankSession(int&, char**&) {}
int rank() { return 0; }
int rank_count() { return 1; }
std::unique_ptr<Evaluator> share_between_ranks(Evaluator&) { return nullptr; }
bool on_any_rank(bool flag) { return flag; }
std::int64_t sum_over_ranks(std::int64_t value) { return value; }
std::string last_text_of_ranks(const std::string& text) { return text; }
void exit_all_ranks(int code) { std::exit(code); }
#endif

RankSession::~RankSession() = default;

}  // namespace varopt::cli
