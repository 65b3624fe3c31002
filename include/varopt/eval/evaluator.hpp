#pragma once
// Evaluators compute f (and ∇f when asked) for every member of a population and report a value
// and a status per member (eval/evaluations.hpp); the solver never knows how. They are built
// around their objective:
//   SerialEvaluator    one member after another, in this thread
//   ThreadedEvaluator  members handed out to T persistent threads (the objective must be
//                      thread-safe); a member's value never depends on which thread computed it
//   BatchEvaluator     the population as one matrix (or chunks of it) to a BatchObjective
// Members are regenerated from the counter-based RNG where they are evaluated, so memory stays
// O(workers × n). An objective that throws (anything, not only std::exception) fails its member
// with the exception's message; an objective that returns NaN/inf gives a non_finite member. What
// that means is decided by the solver's NonFinitePolicy (solve/solver.hpp), not here.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "varopt/dist/population.hpp"
#include "varopt/eval/evaluations.hpp"
#include "varopt/eval/objective.hpp"

namespace varopt {

// The evaluations [begin, end) of a population that one call evaluates (its members, or with
// repeated evaluations the slots of Population::key): all of them by default, or the share of one
// MPI rank (mpi/mpi_evaluator.hpp).
struct MemberRange {
  Index begin = 0;
  Index end = -1;  // -1: to the population's end
  // The range resolved for a population of `size`; throws InvalidArgument when it does not fit.
  MemberRange within(Index size) const;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual std::string name() const = 0;
  // Whether the evaluator can compute objective gradients (the pathwise estimator needs them).
  virtual bool has_gradient() const { return false; }
  // Evaluates the members of `range`; the others stay pending (status failed, value NaN). The
  // result carries the population's generation. Throws InvalidArgument when gradients are
  // requested and !has_gradient().
  virtual Evaluations evaluate(const Population& population, bool with_gradients,
                               MemberRange range) = 0;
  // Evaluates every member.
  Evaluations evaluate(const Population& population, bool with_gradients) {
    return evaluate(population, with_gradients, MemberRange{});
  }
};

class SerialEvaluator final : public Evaluator {
 public:
  // Throws InvalidArgument without objective.f.
  explicit SerialEvaluator(ObjectiveFunctions objective);
  std::string name() const override { return "serial"; }
  bool has_gradient() const override { return static_cast<bool>(objective_.gradient); }
  using Evaluator::evaluate;
  Evaluations evaluate(const Population& population, bool with_gradients,
                       MemberRange range) override;

 private:
  ObjectiveFunctions objective_;
};

class ThreadedEvaluator final : public Evaluator {
 public:
  // threads ≥ 1; 0 means std::thread::hardware_concurrency(). The threads start here and live
  // as long as the evaluator. Throws InvalidArgument without objective.f. Calls of evaluate()
  // from several threads take turns (one job at a time).
  explicit ThreadedEvaluator(ObjectiveFunctions objective, unsigned threads = 0);
  ~ThreadedEvaluator() override;
  ThreadedEvaluator(const ThreadedEvaluator&) = delete;
  ThreadedEvaluator& operator=(const ThreadedEvaluator&) = delete;
  std::string name() const override { return "threads(" + std::to_string(threads_) + ")"; }
  bool has_gradient() const override { return static_cast<bool>(objective_.gradient); }
  using Evaluator::evaluate;
  Evaluations evaluate(const Population& population, bool with_gradients,
                       MemberRange range) override;
  unsigned threads() const { return threads_; }

 private:
  void work();

  ObjectiveFunctions objective_;
  unsigned threads_;
  std::vector<std::jthread> pool_;
  std::mutex call_mutex_;  // one evaluate() at a time: the job below is shared
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  // The job in progress: members are taken one at a time (next_), so slow members do not hold
  // up a thread's fixed share.
  const Population* population_ = nullptr;
  Evaluations* out_ = nullptr;
  bool with_gradients_ = false;
  Index next_ = 0, end_ = 0;
  unsigned busy_ = 0;
  std::uint64_t job_ = 0;
  bool stopping_ = false;
};

struct BatchEvaluatorOptions {
  Index max_batch = 0;  // points per call; 0: the whole population in one call
};

class BatchEvaluator final : public Evaluator {
 public:
  // Throws InvalidArgument without a function or with max_batch < 0.
  explicit BatchEvaluator(BatchObjective objective, BatchEvaluatorOptions options = {});
  std::string name() const override { return "batch"; }
  // A batch whose call throws fails all its members; a batch that returns the wrong number of
  // values throws InvalidArgument (a broken objective, not a failed evaluation).
  using Evaluator::evaluate;
  Evaluations evaluate(const Population& population, bool with_gradients,
                       MemberRange range) override;

 private:
  BatchObjective objective_;
  BatchEvaluatorOptions options_;
};

}  // namespace varopt
