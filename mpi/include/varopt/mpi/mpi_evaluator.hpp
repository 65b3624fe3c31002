#pragma once
// Evaluation across MPI ranks, in the way of Salimans et al. 2017 ("Evolution Strategies as a
// Scalable Alternative to Reinforcement Learning"): every rank holds the same solver, so every
// rank can regenerate any member from (seed, generation, member) and no point is sent. Rank r of
// N evaluates the contiguous share [b + r m/N, b + (r+1) m/N) of a range of m members with its
// own local evaluator (serial, threads, or its own external workers), and one MPI_Allgatherv
// gives every rank all values and statuses: 16 bytes per member plus 16 per rank, whatever the
// dimension. The messages of failed members follow in a second exchange only when there are any.
// Every rank then tells its solver the same values, so all ranks stay bit-identical.
//
// No rank can hang the others: an exception from the local evaluator (or an interrupted worker
// pool) is caught, announced in the exchange, and thrown on every rank after it: the interrupt
// as EvaluationInterrupted, an InvalidArgument as InvalidArgument, anything else as
// ObjectiveError, with the failing rank's message. Objective gradients are not exchanged (the
// pathwise estimator is refused).
#include <cstdint>
#include <string>

#include "varopt/eval/evaluator.hpp"

namespace varopt::mpi {

class MpiEvaluator final : public Evaluator {
 public:
  // `local` evaluates this rank's share and must outlive the evaluator. Throws InvalidArgument
  // when MPI is not active (mpi_world.hpp).
  explicit MpiEvaluator(Evaluator& local);
  std::string name() const override;
  using Evaluator::evaluate;
  // A collective: every rank calls it with the same population and range.
  Evaluations evaluate(const Population& population, bool with_gradients,
                       MemberRange range) override;

  // The share of `rank` of N = ranks in a resolved range.
  static MemberRange share(MemberRange range, int rank, int ranks);
  // Bytes this rank has contributed to the exchanges so far.
  std::uint64_t bytes_sent() const { return bytes_sent_; }

 private:
  Evaluator& local_;
  int rank_, size_;
  std::uint64_t bytes_sent_ = 0;
};

}  // namespace varopt::mpi
