// MpiEvaluator under mpirun (registered for 1, 2 and 3 ranks): every rank gets every member's
// value and status, equal to a serial evaluation; failures keep their messages; an exception on
// one rank is thrown on every rank instead of hanging the others; a run is bit-identical to the
// serial run of the same seed; the bytes exchanged do not depend on the dimension.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/eval/worker_pool.hpp"
#include "varopt/mpi/mpi_evaluator.hpp"
#include "varopt/mpi/mpi_world.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt::mpi {
namespace {

// > 1 in the first coordinate throws, in (0.5, 1] is NaN, else |x|².
double picky(ConstVecRef x) {
  if (x[0] > 1) throw std::runtime_error("simulator crashed at " + std::to_string(x[0]));
  if (x[0] > 0.5) return std::numeric_limits<double>::quiet_NaN();
  return x.squaredNorm();
}

Population population_of(Index dim, Index size, std::uint32_t generation) {
  const GaussianDiagonal d(Vec::Zero(dim), Vec::Constant(dim, 1.5));
  return Population(d, 11, generation, size, false);
}

TEST(MpiEvaluator, EveryRankGetsTheSerialValuesAndStatuses) {
  SerialEvaluator serial(ObjectiveFunctions{.f = picky});
  MpiEvaluator distributed(serial);
  for (const Index size : {1, 2, 3, 7, 40}) {  // fewer members than ranks too
    const Population p = population_of(3, size, 5);
    const Evaluations expected = serial.evaluate(p, false);
    const Evaluations got = distributed.evaluate(p, false);
    ASSERT_EQ(got.generation, expected.generation);
    for (Index i = 0; i < size; ++i) {
      EXPECT_EQ(got.status_of(i), expected.status_of(i)) << "member " << i;
      EXPECT_EQ(got.message_of(i), expected.message_of(i)) << "member " << i;
      if (expected.status_of(i) == EvaluationStatus::ok) {
        EXPECT_EQ(got.fitness[i], expected.fitness[i]) << "member " << i;
      }
    }
  }
}

TEST(MpiEvaluator, ASubrangeIsSplitAndTheRestStaysPending) {
  SerialEvaluator serial(ObjectiveFunctions{.f = [](ConstVecRef x) { return x.sum(); }});
  MpiEvaluator distributed(serial);
  const Population p = population_of(2, 10, 0);
  const Evaluations got = distributed.evaluate(p, false, {.begin = 3, .end = 8});
  for (Index i = 0; i < 10; ++i) {
    if (i >= 3 && i < 8) {
      EXPECT_EQ(got.status_of(i), EvaluationStatus::ok);
      EXPECT_EQ(got.fitness[i], p.member(i).sum());
    } else {
      EXPECT_EQ(got.status_of(i), EvaluationStatus::failed);
    }
  }
}

TEST(MpiEvaluator, SharesCoverTheRangeOnce) {
  for (int ranks = 1; ranks <= 5; ++ranks) {
    Index next = 4;
    for (int r = 0; r < ranks; ++r) {
      const MemberRange s = MpiEvaluator::share({.begin = 4, .end = 11}, r, ranks);
      EXPECT_EQ(s.begin, next);
      next = s.end;
    }
    EXPECT_EQ(next, 11);
  }
}

// The local evaluator of the last rank throws; every rank must throw, none may hang.
class ThrowsOnLastRank final : public Evaluator {
 public:
  std::string name() const override { return "throws on the last rank"; }
  using Evaluator::evaluate;
  Evaluations evaluate(const Population& p, bool, MemberRange) override {
    if (rank() == size() - 1) throw InvalidArgument("broken objective on this rank");
    return Evaluations::pending(p.size(), p.generation());
  }
};

TEST(MpiEvaluator, AnExceptionOnOneRankIsThrownOnEveryRank) {
  ThrowsOnLastRank local;
  MpiEvaluator distributed(local);
  const Population p = population_of(2, 8, 0);
  try {
    distributed.evaluate(p, false);
    FAIL() << "expected InvalidArgument";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("rank " + std::to_string(size() - 1) +
                                         ": broken objective"),
              std::string::npos)
        << e.what();
  }
  // The ranks are still in step: a normal exchange works afterwards.
  SerialEvaluator serial(ObjectiveFunctions{.f = [](ConstVecRef x) { return x[0]; }});
  MpiEvaluator again(serial);
  EXPECT_EQ(again.evaluate(p, false).fitness[7], p.member(7)[0]);
}

class InterruptedOnFirstRank final : public Evaluator {
 public:
  std::string name() const override { return "interrupted on rank 0"; }
  using Evaluator::evaluate;
  Evaluations evaluate(const Population& p, bool, MemberRange) override {
    if (rank() == 0) throw EvaluationInterrupted("SIGINT");
    return Evaluations::pending(p.size(), p.generation());
  }
};

TEST(MpiEvaluator, AnInterruptOnOneRankInterruptsEveryRank) {
  InterruptedOnFirstRank local;
  MpiEvaluator distributed(local);
  EXPECT_THROW(distributed.evaluate(population_of(2, 6, 0), false), EvaluationInterrupted);
}

TEST(MpiEvaluator, ARunIsBitIdenticalToTheSerialRun) {
  const Problem problem = make_problem("rosenbrock", {.dim = 6});
  const auto run = [&](Evaluator& evaluator) {
    Solver solver = make_solver(method_preset("cma", problem.space), problem.space,
                                Vec::Zero(6), 0.5, {.seed = 7, .stop = {.max_evaluations = 3000}});
    return minimize(solver, evaluator);
  };
  SerialEvaluator serial(ObjectiveFunctions{.f = problem.objective});
  const Summary expected = run(serial);
  SerialEvaluator local(ObjectiveFunctions{.f = problem.objective});
  MpiEvaluator distributed(local);
  const Summary got = run(distributed);
  EXPECT_EQ(got.evaluations, expected.evaluations);
  EXPECT_EQ(got.best_f, expected.best_f);
  EXPECT_EQ(got.best_x, expected.best_x);
  EXPECT_EQ(got.center, expected.center);
}

TEST(MpiEvaluator, BytesPerGenerationDoNotDependOnTheDimension) {
  SerialEvaluator serial(ObjectiveFunctions{.f = [](ConstVecRef x) { return x[0]; }});
  MpiEvaluator small(serial), large(serial);
  small.evaluate(population_of(1000, 16, 0), false);
  large.evaluate(population_of(1'000'000, 16, 0), false);
  EXPECT_EQ(small.bytes_sent(), large.bytes_sent());
  EXPECT_LE(small.bytes_sent(), 16u * 16u + 16u);  // this rank's share of 16 members + header
}

TEST(MpiEvaluator, RefusesGradients) {
  SerialEvaluator serial(ObjectiveFunctions{.f = [](ConstVecRef x) { return x[0]; }});
  MpiEvaluator distributed(serial);
  EXPECT_THROW(distributed.evaluate(population_of(2, 4, 0), true), InvalidArgument);
}

}  // namespace
}  // namespace varopt::mpi

int main(int argc, char** argv) {
  varopt::mpi::MpiSession session(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  if (varopt::mpi::rank() != 0) {  // one rank reports
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int failed = RUN_ALL_TESTS();
  // Every rank's verdict counts: a failure on any rank fails the program on every rank.
  return varopt::mpi::any(failed != 0) ? 1 : 0;
}
