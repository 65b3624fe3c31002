// External programs as objectives: the worker pool against workers that misbehave on purpose
// (tests/eval/workers/misbehave.py): each misbehaviour ends as the documented status, every
// member is told exactly once, values go to their member whatever N, and no worker outlives the
// pool (no zombie).
#include "varopt/eval/worker_pool.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/space_json.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt {
namespace {

const std::string kWorker = std::string(VAROPT_TESTS_DIR) + "/eval/workers/misbehave.py";

SearchSpace space2() { return SearchSpace::continuous(2); }

Population population_of(Index size) {
  static const GaussianDiagonal d(Vec::Zero(2), 1.5);
  return Population(d, 5, 0, size, false);
}

// The worker's f in the same order of operations: bit-identical.
double sum_of_squares(ConstVecRef x) {
  double total = 0;
  for (Index i = 0; i < x.size(); ++i) total += x[i] * x[i];
  return total;
}

WorkerPoolOptions options(const std::string& mode, unsigned workers = 2,
                          const std::string& state = "") {
  WorkerPoolOptions o;
  o.command = {"/usr/bin/python3", kWorker, mode};
  if (!state.empty()) o.command.push_back(state);
  o.workers = workers;
  o.grace_ms = 50;
  return o;
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "varopt_pool_" + name + "_" + std::to_string(::getpid());
}

void expect_no_children() {
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD) << "a worker process was left behind";
}

void expect_all(const Evaluations& e, EvaluationStatus status, const std::string& message) {
  for (Index i = 0; i < e.fitness.size(); ++i) {
    EXPECT_EQ(e.status_of(i), status) << "member " << i << ": " << e.message_of(i);
    EXPECT_NE(e.message_of(i).find(message), std::string::npos)
        << "member " << i << ": '" << e.message_of(i) << "' lacks '" << message << "'";
  }
}

TEST(WorkerPool, ValuesGoToTheirMembersWhateverTheNumberOfWorkers) {
  const Population p = population_of(7);
  for (unsigned workers : {1u, 3u}) {
    for (Index batch : {Index{0}, Index{2}}) {
      auto o = options(batch > 0 ? "batch" : "ok", workers);
      o.batch = batch;
      {
        WorkerPool pool(space2(), o);
        const Evaluations e = pool.evaluate(p, false);
        ASSERT_EQ(e.generation, p.generation());
        for (Index i = 0; i < p.size(); ++i) {
          EXPECT_EQ(e.status_of(i), EvaluationStatus::ok) << e.message_of(i);
          EXPECT_EQ(e.fitness[i], sum_of_squares(p.member(i))) << "member " << i;
        }
        EXPECT_EQ(pool.stats().restarts, 0);
        EXPECT_EQ(pool.stats().requests, batch > 0 ? 4 : 7);  // ⌈7 / 2⌉ lines of ≤ 2 points
      }
      expect_no_children();
    }
  }
}

TEST(WorkerPool, AnyNumberOfWorkersGivesTheSerialRun) {
  const auto run = [](Evaluator& evaluator) {
    const MethodSpec spec = method_preset("snes", space2());
    Solver solver = make_solver(spec, space2(), Vec::Constant(2, 1.0), 1.0,
                                {.seed = 3, .stop = {.max_generations = 5}});
    return minimize(solver, evaluator).best_x;
  };
  SerialEvaluator serial({.f = sum_of_squares});
  const Vec expected = run(serial);
  WorkerPool pool(space2(), options("ok", 3));
  EXPECT_EQ(run(pool), expected);
  auto o = options("batch", 2);  // answers each batch in reverse order
  o.batch = 3;
  WorkerPool batched(space2(), o);
  EXPECT_EQ(run(batched), expected);
}

TEST(WorkerPool, ACrashIsRetriedOnceOnAFreshWorkerThenFails) {
  {
    WorkerPool pool(space2(), options("crash", 2));
    const Evaluations e = pool.evaluate(population_of(3), false);
    expect_all(e, EvaluationStatus::failed, "exited before answering");
    expect_all(e, EvaluationStatus::failed, "2 attempts");
    EXPECT_EQ(pool.stats().retries, 3);
  }
  expect_no_children();
}

// The worker exits, but a process it started keeps its stdout open, so the pipe never reaches end
// of file: the exit itself is noticed (before, the pool waited for the child, a minute here).
TEST(WorkerPool, AWorkerThatExitsIsNoticedWhileItsChildHoldsItsOutput) {
  const auto start = std::chrono::steady_clock::now();
  {
    WorkerPool pool(space2(), options("crash_leaving_child", 2));
    const Evaluations e = pool.evaluate(population_of(3), false);
    expect_all(e, EvaluationStatus::failed, "exited before answering (exit code 3; 2 attempts)");
    EXPECT_EQ(pool.stats().last_failure, e.message_of(2));
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 30.0);
  expect_no_children();
}

// A timeout beyond the clock's range (its deadline overflowed: every request timed out at once)
// means no limit in practice.
TEST(WorkerPool, AHugeTimeoutIsNoLimit) {
  for (const double timeout : {1e10, 1e300}) {
    auto o = options("ok", 2);
    o.timeout = timeout;
    WorkerPool pool(space2(), o);
    const Population p = population_of(5);
    const Evaluations e = pool.evaluate(p, false);
    for (Index i = 0; i < p.size(); ++i) EXPECT_EQ(e.status_of(i), EvaluationStatus::ok);
    EXPECT_EQ(pool.stats().timeouts, 0) << timeout;
    EXPECT_TRUE(pool.stats().last_failure.empty());
  }
}

TEST(WorkerPool, ARetryOnAFreshWorkerSucceeds) {
  const std::string state = temp_path("crash_once");
  std::remove(state.c_str());
  const Population p = population_of(4);
  {
    WorkerPool pool(space2(), options("crash_once", 2, state));
    const Evaluations e = pool.evaluate(p, false);
    for (Index i = 0; i < p.size(); ++i) EXPECT_EQ(e.fitness[i], sum_of_squares(p.member(i)));
    EXPECT_EQ(pool.stats().retries, 1);
    EXPECT_EQ(pool.stats().requests, 4 + 1);  // every member once, the crashed one once more
  }
  std::remove(state.c_str());
  // Without retries the crashed member fails, the others are ok.
  auto o = options("crash_once", 1, state);
  o.max_retries = 0;
  WorkerPool pool(space2(), o);
  const Evaluations e = pool.evaluate(p, false);
  EXPECT_EQ(e.status_of(0), EvaluationStatus::failed);
  for (Index i = 1; i < p.size(); ++i) EXPECT_EQ(e.status_of(i), EvaluationStatus::ok);
  std::remove(state.c_str());
}

TEST(WorkerPool, AHungWorkerTimesOutAndIsKilled) {
  auto o = options("hang", 2);
  o.timeout = 0.2;
  const auto start = std::chrono::steady_clock::now();
  {
    WorkerPool pool(space2(), o);
    const Evaluations e = pool.evaluate(population_of(2), false);
    expect_all(e, EvaluationStatus::timed_out, "did not answer within 0.2 s");
    EXPECT_EQ(pool.stats().timeouts, 4);  // two members, two attempts each
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 3.0);
  expect_no_children();
}

TEST(WorkerPool, AWorkerThatExitsEarlyIsReplacedWithoutLosingAMember) {
  const Population p = population_of(6);
  WorkerPool pool(space2(), options("exit_early", 2));
  const Evaluations e = pool.evaluate(p, false);
  for (Index i = 0; i < p.size(); ++i) {
    EXPECT_EQ(e.status_of(i), EvaluationStatus::ok) << e.message_of(i);
    EXPECT_EQ(e.fitness[i], sum_of_squares(p.member(i)));
  }
  EXPECT_GE(pool.stats().restarts, 2);
}

TEST(WorkerPool, GarbageWrongIdsAndHugeLinesBreakTheProtocol) {
  for (const char* mode : {"garbage", "wrong_id"}) {
    WorkerPool pool(space2(), options(mode, 2));
    const Evaluations e = pool.evaluate(population_of(2), false);
    expect_all(e, EvaluationStatus::failed, "broke the protocol");
    EXPECT_EQ(pool.stats().protocol_errors, 4) << mode;  // two members, two attempts each
    if (std::string(mode) == "wrong_id") expect_all(e, EvaluationStatus::failed, "got id");
  }
  // A 17 MiB line against the default limit (16 MiB), and against a small one.
  auto o = options("huge", 1);
  o.max_retries = 0;
  {
    WorkerPool pool(space2(), o);
    expect_all(pool.evaluate(population_of(1), false), EvaluationStatus::failed,
               "broke the protocol: a line longer than 16777216 bytes");
  }
  o = options("huge", 1, "5000");
  o.max_line_bytes = 1000;
  WorkerPool pool(space2(), o);
  expect_all(pool.evaluate(population_of(2), false), EvaluationStatus::failed,
             "a line longer than 1000 bytes");
  EXPECT_EQ(pool.stats().protocol_errors, 4);
}

TEST(WorkerPool, ABatchAnswerWithoutEveryIdBreaksTheProtocol) {
  auto o = options("batch_short", 2);
  o.batch = 4;
  WorkerPool pool(space2(), o);
  const Evaluations e = pool.evaluate(population_of(6), false);
  expect_all(e, EvaluationStatus::failed, "broke the protocol: expected 3 answer(s), got 2");
  EXPECT_EQ(pool.stats().protocol_errors, 4);  // two lines of 3, two attempts each
}

TEST(WorkerPool, NaNIsNonFiniteAndAnErrorAnswerFailsWithoutRetry) {
  {
    WorkerPool pool(space2(), options("nan", 2));
    expect_all(pool.evaluate(population_of(3), false), EvaluationStatus::non_finite, "NaN");
    EXPECT_EQ(pool.stats().restarts, 0);
  }
  WorkerPool pool(space2(), options("error", 2));
  expect_all(pool.evaluate(population_of(3), false), EvaluationStatus::failed,
             "worker error: bad point");
  EXPECT_EQ(pool.stats().restarts, 0);
  EXPECT_EQ(pool.stats().retries, 0);
}

TEST(WorkerPool, TwoLinesForOneRequestKeepTheFirstAndReplaceTheWorker) {
  const Population p = population_of(4);
  WorkerPool pool(space2(), options("two_lines", 1));
  const Evaluations e = pool.evaluate(p, false);
  for (Index i = 0; i < p.size(); ++i) EXPECT_EQ(e.fitness[i], sum_of_squares(p.member(i)));
}

TEST(WorkerPool, StderrGoesToTheLog) {
  const std::string log = temp_path("log");
  std::remove(log.c_str());
  {
    auto o = options("stderr", 1);
    o.log_file = log;
    WorkerPool pool(space2(), o);
    pool.evaluate(population_of(2), false);
  }
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("worker diagnostics for 1"), std::string::npos) << text.str();
  std::remove(log.c_str());
}

TEST(WorkerPool, BadCommandsAndOptionsAreRefused) {
  WorkerPoolOptions o;
  o.command = {"/nonexistent/worker-program"};
  EXPECT_THROW(WorkerPool(space2(), o), InvalidArgument);
  o.command = {};
  EXPECT_THROW(WorkerPool(space2(), o), InvalidArgument);
  o = options("ok", 0);
  EXPECT_THROW(WorkerPool(space2(), o), InvalidArgument);
  o = options("ok");
  o.timeout = -1;
  EXPECT_THROW(WorkerPool(space2(), o), InvalidArgument);
  {
    WorkerPool pool(space2(), options("ok", 1));
    EXPECT_THROW(pool.evaluate(population_of(2), true), InvalidArgument);
  }
  expect_no_children();
}

TEST(WorkerPool, AnInterruptEndsTheWorkersPromptly) {
  auto o = options("hang", 2);
  const auto start = std::chrono::steady_clock::now();
  o.interrupted = [start] {
    return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(300);
  };
  {
    WorkerPool pool(space2(), o);
    EXPECT_THROW(pool.evaluate(population_of(2), false), EvaluationInterrupted);
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
  expect_no_children();
}

TEST(WorkerPool, PointsArriveByNameInTheUsersTypes) {
  // The worker's f sums the squares of every number it gets: categorical choices would break it,
  // so this space has integers and binaries, which arrive as ints.
  const SearchSpace space = space_from_json(Json::parse(
      R"({"x": {"type": "real", "dim": 2}, "n": {"type": "integer", "lower": 3, "upper": 6},
          "b": {"type": "binary", "dim": 3}})"));
  const Vec center = space_start(space);
  const MethodSpec spec = method_preset(default_preset(space), space);
  Solver solver = make_solver(spec, space, center, 1.0, {.seed = 1});
  const Population p = solver.ask();
  WorkerPool pool(space, options("ok", 2));
  const Evaluations e = pool.evaluate(p, false);
  for (Index i = 0; i < p.size(); ++i) EXPECT_EQ(e.fitness[i], sum_of_squares(p.member(i)));
}

}  // namespace
}  // namespace varopt
