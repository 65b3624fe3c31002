// The evaluation boundary: evaluators report a value and a status per member and never decide
// what a failure means; the solver applies its NonFinitePolicy in one place; tell() accepts only
// the values of the population that was asked.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>

#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/eval/evaluator.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Member i's first coordinate decides: > 1 throws a std::exception, < −1 throws an int, in
// (0.5, 1] returns NaN, otherwise |x|².
double picky(ConstVecRef x) {
  if (x[0] > 1) throw std::runtime_error("simulator crashed at " + std::to_string(x[0]));
  if (x[0] < -1) throw 42;
  if (x[0] > 0.5) return kNaN;
  return x.squaredNorm();
}

Population population_of(Index size, std::uint32_t generation = 0) {
  static const GaussianDiagonal d(Vec::Zero(3), Vec::Constant(3, 1.5));
  return Population(d, 11, generation, size, false);
}

void expect_statuses_of_picky(const Evaluations& e, const Population& p) {
  ASSERT_EQ(e.generation, p.generation());
  for (Index i = 0; i < p.size(); ++i) {
    const double x0 = p.member(i)[0];
    SCOPED_TRACE("member " + std::to_string(i) + " x0 = " + std::to_string(x0));
    if (x0 > 1) {
      EXPECT_EQ(e.status_of(i), EvaluationStatus::failed);
      EXPECT_NE(e.message_of(i).find("simulator crashed"), std::string::npos);
    } else if (x0 < -1) {
      EXPECT_EQ(e.status_of(i), EvaluationStatus::failed);
      EXPECT_NE(e.message_of(i).find("not a std::exception"), std::string::npos);
    } else if (x0 > 0.5) {
      EXPECT_EQ(e.status_of(i), EvaluationStatus::non_finite);
    } else {
      EXPECT_EQ(e.status_of(i), EvaluationStatus::ok);
      EXPECT_EQ(e.fitness[i], p.member(i).squaredNorm());
    }
  }
}

TEST(Evaluators, ReportAStatusPerMemberForEveryKindOfFailure) {
  const Population p = population_of(40, 3);
  SerialEvaluator serial({.f = picky});
  ThreadedEvaluator threads({.f = picky}, 3);
  const Evaluations a = serial.evaluate(p, false);
  const Evaluations b = threads.evaluate(p, false);
  expect_statuses_of_picky(a, p);
  expect_statuses_of_picky(b, p);
  for (Index i = 0; i < p.size(); ++i) {
    EXPECT_EQ(a.status_of(i), b.status_of(i));
    if (a.status_of(i) == EvaluationStatus::ok) {
      EXPECT_EQ(a.fitness[i], b.fitness[i]);
    }
  }
  // Every kind occurs in this population (so the checks above are not vacuous).
  int kinds[4] = {};
  for (Index i = 0; i < p.size(); ++i) ++kinds[static_cast<int>(a.status_of(i))];
  EXPECT_GT(kinds[0], 0);
  EXPECT_GT(kinds[1], 0);
  EXPECT_GT(kinds[2], 3);
}

TEST(Evaluators, ThreadsPersistAcrossGenerationsAndAgreeWithSerial) {
  std::atomic<int> calls = 0;
  ThreadedEvaluator threads({.f = [&](ConstVecRef x) { ++calls; return x.sum(); }}, 2);
  SerialEvaluator serial({.f = [](ConstVecRef x) { return x.sum(); }});
  for (std::uint32_t g = 0; g < 50; ++g) {
    const Population p = population_of(7, g);
    EXPECT_EQ(threads.evaluate(p, false).fitness, serial.evaluate(p, false).fitness);
  }
  EXPECT_EQ(calls.load(), 350);  // each member once, none twice
  EXPECT_EQ(threads.threads(), 2u);
  EXPECT_THROW(ThreadedEvaluator({}, 2), InvalidArgument);
  EXPECT_THROW(SerialEvaluator({}), InvalidArgument);
  EXPECT_THROW(serial.evaluate(population_of(2), true), InvalidArgument);  // no gradient
}

// Two threads sharing one ThreadedEvaluator: the second call overwrote the job in progress and
// both waited forever (29 of 29 runs hung); the calls now take turns, each with its own results.
TEST(Evaluators, ThreadedEvaluatorCallsFromTwoThreadsTakeTurns) {
  ThreadedEvaluator threads({.f = [](ConstVecRef x) { return x.sum(); }}, 3);
  SerialEvaluator serial({.f = [](ConstVecRef x) { return x.sum(); }});
  for (std::uint32_t g = 0; g < 50; ++g) {
    const Population a = population_of(7, g), b = population_of(9, g + 1000);
    Evaluations from_a;
    std::thread other([&] { from_a = threads.evaluate(a, false); });
    const Evaluations from_b = threads.evaluate(b, false);
    other.join();
    EXPECT_EQ(from_a.fitness, serial.evaluate(a, false).fitness);
    EXPECT_EQ(from_b.fitness, serial.evaluate(b, false).fitness);
  }
}

TEST(Evaluators, BatchEvaluatorHandsOverPointsWithTheirKeys) {
  const Population p = population_of(10, 4);
  std::vector<Index> batch_sizes;
  BatchEvaluator batch(
      [&](const Mat& points, std::span<const EvaluationKey> keys) {
        batch_sizes.push_back(points.cols());
        Vec values(points.cols());
        for (Index k = 0; k < points.cols(); ++k) {
          EXPECT_EQ(keys[k].generation, 4u);
          EXPECT_EQ(points.col(k), p.member(keys[k].member));
          EXPECT_EQ(keys[k].repeat, 0);
          if (keys[k].member == 9) throw std::invalid_argument("bad chunk");
          values[k] = points.col(k).squaredNorm();
        }
        return values;
      },
      {.max_batch = 4});
  const Evaluations e = batch.evaluate(p, false);
  EXPECT_EQ(batch_sizes, (std::vector<Index>{4, 4, 2}));
  for (Index i = 0; i < 8; ++i) EXPECT_EQ(e.fitness[i], p.member(i).squaredNorm());
  for (Index i : {8, 9}) {  // the chunk that threw fails whole
    EXPECT_EQ(e.status_of(i), EvaluationStatus::failed);
    EXPECT_EQ(e.message_of(i), "bad chunk");
  }
  BatchEvaluator wrong_size([](const Mat&, std::span<const EvaluationKey>) { return Vec(1); });
  EXPECT_THROW(wrong_size.evaluate(p, false), InvalidArgument);
  EXPECT_THROW(BatchEvaluator(BatchObjective{}), InvalidArgument);
  EXPECT_THROW(BatchEvaluator([](const Mat& x, std::span<const EvaluationKey>) { return Vec(x.cols()); },
                              {.max_batch = -1}),
               InvalidArgument);
}

TEST(Evaluations, LongMessagesAreCutAtACharacterBoundary) {
  Evaluations e = Evaluations::pending(1, std::nullopt);
  std::string long_message(5000, 'a');
  long_message.replace(1999, 2, "σ");  // a two-byte character across the limit
  e.set_failure(0, EvaluationStatus::failed, long_message);
  EXPECT_LT(e.message_of(0).size(), 2100u);
  EXPECT_EQ(e.message_of(0).substr(1995, 4), "aaaa");
  EXPECT_EQ(e.message_of(0).find("σ"), std::string::npos);
  EXPECT_THROW(e.set_failure(0, EvaluationStatus::ok, ""), InvalidArgument);
}

// The policy is the solver's: worst counts every member without a finite value (NaN, a
// std::exception, a non-std exception: D4), error names the member and keeps the state.
TEST(FailurePolicy, IsAppliedByTheSolverForEveryStatus) {
  const Problem p = make_problem("sphere", {.dim = 3});
  const auto make = [&](NonFinitePolicy policy) {
    return make_solver(method_preset("snes", p.space), p.space, Vec::Zero(3), 1.5,
                       {.seed = 1, .non_finite = policy, .stop = {.max_generations = 30}});
  };
  for (const bool threaded : {false, true}) {
    Solver lenient = make(NonFinitePolicy::worst);
    std::unique_ptr<Evaluator> evaluator;
    if (threaded) {
      evaluator = std::make_unique<ThreadedEvaluator>(ObjectiveFunctions{.f = picky}, 2);
    } else {
      evaluator = std::make_unique<SerialEvaluator>(ObjectiveFunctions{.f = picky});
    }
    const Summary r = minimize(lenient, *evaluator);
    EXPECT_EQ(r.termination, Termination::max_generations);
    EXPECT_GT(r.non_finite_evaluations, 0);
    EXPECT_TRUE(std::isfinite(r.best_f));
    EXPECT_LE(r.best_x[0], 0.5);  // never a failed member's point

    Solver strict = make(NonFinitePolicy::error);
    const Vec before = strict.distribution().params();
    try {
      minimize(strict, *evaluator);
      FAIL() << "expected ObjectiveError";
    } catch (const ObjectiveError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("member "), std::string::npos) << what;
      EXPECT_NE(what.find("of generation 0"), std::string::npos) << what;
    }
    EXPECT_EQ(strict.distribution().params(), before);
    EXPECT_EQ(strict.generation(), 0);
  }
}

// A moved-from solver dereferenced its null parts (a segfault in ask, member or tell); a state
// of generation 0 that claims evaluations beyond the budget (no run writes one) ran a generation
// more.
TEST(Solver, MovedFromAndInconsistentStatesAreRefusedNotFollowed) {
  const Problem p = make_problem("sphere", {.dim = 3});
  const auto make = [&](Index budget) {
    return make_solver(method_preset("cma", p.space), p.space, Vec::Ones(3), 1.0,
                       {.seed = 2, .stop = {.max_evaluations = budget}});
  };
  Solver s = make(1000);
  Solver t = std::move(s);
  EXPECT_THROW(s.ask(), InvalidArgument);  // NOLINT(bugprone-use-after-move): the point
  EXPECT_THROW(s.tell(Vec::Ones(7)), InvalidArgument);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(t.ask().size(), t.sampling().population_size);
  Json state = make(1000).state();
  state["evaluations"] = 99999999;
  Solver restored = make(100000);
  restored.restore_state(state);
  EXPECT_TRUE(restored.done());
  EXPECT_EQ(restored.summary().termination, Termination::max_evaluations);
  SearchSpace binary;  // discrete blocks do not read their start, which passed as NaN unchecked
  binary.blocks.push_back({.name = "b", .kind = VariableKind::binary, .size = 4});
  EXPECT_THROW(make_solver(method_preset(default_preset(binary), binary), binary,
                           Vec::Constant(4, NAN), 0.5, {}),
               InvalidArgument);
}

TEST(Tell, AcceptsOnlyTheValuesOfThePopulationThatWasAsked) {
  const Problem p = make_problem("sphere", {.dim = 3});
  Solver s = make_solver(method_preset("snes", p.space), p.space, Vec::Zero(3), 1.0, {.seed = 2});
  const Index lambda = s.sampling().population_size;
  EXPECT_THROW(s.tell(Vec::Ones(lambda)), InvalidArgument);  // no ask()
  SerialEvaluator serial({.f = p.objective});
  const Evaluations first = serial.evaluate(s.ask(), false);
  s.tell(first);
  EXPECT_EQ(s.generation(), 1);
  EXPECT_THROW(s.tell(first), InvalidArgument);  // twice without ask()
  s.ask();
  try {
    s.tell(first);  // generation 0's values in generation 1
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "Solver::tell: expected the evaluations of generation 1, got those of "
                 "generation 0");
  }
  Evaluations bad_status = serial.evaluate(s.ask(), false);
  bad_status.status.pop_back();
  EXPECT_THROW(s.tell(bad_status), InvalidArgument);
  EXPECT_EQ(s.generation(), 1);
}

// D8: a generation without any finite value ends the run and its record says so, never a best
// f of 0.
TEST(FailurePolicy, AnAllFailedGenerationRecordsNoFakeBest) {
  const Problem p = make_problem("sphere", {.dim = 2});
  Solver s = make_solver(method_preset("snes", p.space), p.space, Vec::Zero(2), 1.0, {});
  const Summary r = minimize([](ConstVecRef) -> double { throw std::runtime_error("down"); }, s);
  EXPECT_EQ(r.termination, Termination::non_finite);
  EXPECT_EQ(s.last_record().generation, 1);
  EXPECT_TRUE(std::isinf(s.last_record().best_f));
  EXPECT_TRUE(std::isinf(s.last_record().generation_best_f));
}

}  // namespace
}  // namespace varopt

namespace varopt {
namespace {

// A member range (the share of one MPI rank) is evaluated alone; the other members stay pending,
// and a range outside the population is refused.
TEST(MemberRange, EveryEvaluatorEvaluatesOnlyItsRange) {
  const auto f = [](ConstVecRef x) { return 3 * x[0] - x[1]; };
  SerialEvaluator serial(ObjectiveFunctions{.f = f});
  ThreadedEvaluator threaded(ObjectiveFunctions{.f = f}, 3);
  BatchEvaluator batch([&](const Mat& points, std::span<const EvaluationKey>) {
    Vec v(points.cols());
    for (Index k = 0; k < points.cols(); ++k) v[k] = f(points.col(k));
    return v;
  }, {.max_batch = 2});
  const Population p = population_of(9, 2);
  for (Evaluator* e : std::initializer_list<Evaluator*>{&serial, &threaded, &batch}) {
    const Evaluations got = e->evaluate(p, false, {.begin = 2, .end = 7});
    for (Index i = 0; i < 9; ++i) {
      if (i >= 2 && i < 7) {
        EXPECT_EQ(got.status_of(i), EvaluationStatus::ok) << e->name() << " member " << i;
        EXPECT_EQ(got.fitness[i], f(p.member(i))) << e->name();
      } else {
        EXPECT_EQ(got.status_of(i), EvaluationStatus::failed) << e->name() << " member " << i;
      }
    }
    EXPECT_THROW(e->evaluate(p, false, {.begin = 3, .end = 10}), InvalidArgument) << e->name();
    EXPECT_THROW(e->evaluate(p, false, {.begin = 5, .end = 4}), InvalidArgument) << e->name();
  }
}

}  // namespace
}  // namespace varopt
