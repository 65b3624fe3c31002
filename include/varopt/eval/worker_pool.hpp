#pragma once
// External programs as objectives: N persistent worker processes speaking the JSON-lines
// protocol of eval/worker_protocol.hpp (docs/workers.md). POSIX only.
//
// evaluate() cuts the population into tasks (one member per request line, or in batch mode up to
// K members per line, at most ⌈λ/N⌉ so every worker gets a share) and hands them to idle workers;
// a single thread waits on all of them with poll(). Values go to the member they belong to, by
// request id, whatever the order of the answers: any N gives exactly the serial result.
//
// Policy, per task (docs/workers.md):
//   {"f": number}              the member's value (ok, or non_finite for NaN/inf/null)
//   {"error": "text"}          the member failed at once; the worker stays, no retry
//   the worker exits, crashes, prints a line that is not a valid answer (garbage, a wrong or
//   missing id, a line longer than max_line_bytes), or does not answer within the deadline
//   (timeout × points of the task): the worker is killed (its process group, SIGKILL), reaped
//   and restarted, and the task is retried on a fresh worker up to max_retries times; then its
//   members are failed (timed_out for a deadline) with the reason. Every member is told exactly
//   once: a late answer belongs to a killed worker and is never read.
// The workers' stderr goes to the log file (appended), never to varopt's terminal.
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "varopt/dist/search_space.hpp"
#include "varopt/eval/evaluator.hpp"
#include "varopt/eval/worker_protocol.hpp"

namespace varopt {

namespace detail {
class WorkerProcess;
}

// evaluate() was interrupted (WorkerPoolOptions::interrupted): the workers were ended and the
// population's values are lost; tell the solver nothing (the generation runs again on resume).
class EvaluationInterrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WorkerPoolOptions {
  std::vector<std::string> command;  // argv of the worker program (looked up in PATH)
  unsigned workers = 1;
  double timeout = 0;    // seconds per evaluation; 0: no limit
  Index batch = 0;       // 0: one point per request line; K ≥ 1: batch mode, ≤ K points a line
  int max_retries = 1;   // further attempts of a task whose worker broke
  std::string log_file;  // workers' stderr, appended; empty: discarded
  std::size_t max_line_bytes = kMaxWorkerLine;
  int grace_ms = 200;  // at the end, how long workers get to exit on EOF before SIGKILL
  std::function<bool()> interrupted;  // polled (at least every 50 ms) during evaluate()
  // Throws InvalidArgument on an empty command, workers = 0 or > 1024, a negative or non-finite
  // timeout, batch < 0, max_retries < 0, max_line_bytes = 0.
  void validate() const;
};

// SIGKILL to the process group of every live worker of every pool, async-signal-safe: for a
// program's last-resort signal handler, which cannot wait for the pools to end their workers
// (the command's second Ctrl-C). Workers run in process groups of their own, so a signal at the
// terminal does not reach them.
void kill_all_workers() noexcept;

struct WorkerPoolStats {
  std::int64_t requests = 0;  // request lines sent
  std::int64_t restarts = 0;  // workers killed and replaced
  std::int64_t retries = 0;   // tasks sent again after their worker broke
  std::int64_t timeouts = 0;  // deadlines missed
  std::int64_t protocol_errors = 0;
  std::string last_failure;   // why the last failed evaluation failed ("" when none did)
};

class WorkerPool final : public Evaluator {
 public:
  // Starts the workers at once (so a command that cannot start fails here, with InvalidArgument).
  WorkerPool(SearchSpace space, WorkerPoolOptions options);
  ~WorkerPool() override;  // ends and reaps every worker
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::string name() const override;
  // Throws InvalidArgument with gradients, or when the population's dimension is not the
  // space's; EvaluationInterrupted when interrupted() says so.
  using Evaluator::evaluate;
  Evaluations evaluate(const Population& population, bool with_gradients,
                       MemberRange range) override;

  const WorkerPoolStats& stats() const { return stats_; }
  // Ends all workers now (they restart on the next evaluate()).
  void shutdown();

 private:
  struct Slot;

  SearchSpace space_;
  WorkerPoolOptions options_;
  int log_fd_ = -1;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::uint64_t next_id_ = 1;
  WorkerPoolStats stats_;
};

}  // namespace varopt
