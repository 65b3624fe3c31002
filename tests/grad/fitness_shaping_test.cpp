#include <gtest/gtest.h>

#include <cmath>

#include "varopt/core/error.hpp"
#include "varopt/grad/baseline.hpp"
#include "varopt/grad/fitness_shaping.hpp"

namespace varopt {
namespace {

Vec vec4(double a, double b, double c, double d) { return (Vec(4) << a, b, c, d).finished(); }

TEST(FitnessShaping, CenteredRanksMapBestToMinusHalf) {
  Vec f(4);
  f << 3.0, -1.0, 10.0, 0.5;
  const Vec w = shape_fitness(f, Shaping::centered_ranks);
  EXPECT_DOUBLE_EQ(w[1], -0.5);  // best
  EXPECT_DOUBLE_EQ(w[2], 0.5);   // worst
  EXPECT_NEAR(w.sum(), 0.0, 1e-15);
}

TEST(FitnessShaping, NesUtilitiesMatchWierstraEq11) {
  const Index lambda = 6;
  Vec f = Vec::LinSpaced(lambda, 0.0, 5.0);  // member k has rank k+1
  const Vec w = shape_fitness(f, Shaping::nes_utilities);
  double total = 0;
  for (int k = 1; k <= lambda; ++k) total += std::max(0.0, std::log(4.0) - std::log(k));
  for (int k = 1; k <= lambda; ++k) {
    const double u = std::max(0.0, std::log(4.0) - std::log(k)) / total - 1.0 / lambda;
    EXPECT_NEAR(w[k - 1], -lambda * u, 1e-12);
  }
  EXPECT_NEAR(w.sum(), 0.0, 1e-12);
}

TEST(FitnessShaping, InvariantToMonotoneTransformations) {
  Vec f(5);
  f << 0.3, 2.0, -7.0, 1.0, 0.0;
  const Vec g = f.array().exp() * 100.0 + 3.0;
  for (Shaping s : {Shaping::centered_ranks, Shaping::nes_utilities})
    EXPECT_EQ(shape_fitness(f, s), shape_fitness(g, s));
}

TEST(FitnessShaping, TiesShareTheirWeight) {
  Vec f(3);
  f << 1.0, 1.0, 2.0;
  const Vec w = shape_fitness(f, Shaping::centered_ranks);
  EXPECT_DOUBLE_EQ(w[0], w[1]);
  EXPECT_DOUBLE_EQ(w[0], -0.25);
}

TEST(FitnessShaping, ZScoreOfConstantFitnessIsZero) {
  EXPECT_EQ(shape_fitness(Vec::Constant(4, 2.0), Shaping::z_score), Vec::Zero(4));
}

TEST(FitnessShaping, ZScoreDividesByThePopulationStandardDeviation) {
  // f = (1, 2, 3, 4): f̄ = 2.5, Σ(f − f̄)² = 5, so s = √(5/4) (divisor λ); √(5/3) would be the
  // sample standard deviation (divisor λ − 1).
  const Vec w = shape_fitness(vec4(1.0, 2.0, 3.0, 4.0), Shaping::z_score);
  EXPECT_DOUBLE_EQ(w[0], -1.5 / std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(w[3], 1.5 / std::sqrt(1.25));
  EXPECT_NEAR(w.sum(), 0.0, 1e-15);
  EXPECT_NEAR(w.squaredNorm(), 4.0, 1e-14);
}

TEST(Baseline, LeaveOneOutSubtractsTheMeanOfTheOthers) {
  Vec f(3);
  f << 1.0, 2.0, 6.0;
  const Vec w = subtract_baseline(f, Baseline::leave_one_out);
  EXPECT_DOUBLE_EQ(w[0], 1.0 - 4.0);
  EXPECT_DOUBLE_EQ(w[2], 6.0 - 1.5);
  EXPECT_THROW(subtract_baseline(Vec::Ones(1), Baseline::leave_one_out), InvalidArgument);
}

TEST(Baseline, MeanIsTheScaledLeaveGroupOutBaseline) {
  // Pairs (1, 3) and (2, 6), λ = 4: leave-one-out takes each pair's baseline from the other pair
  // (4 and 2); mean scales that by (λ − 2)/λ = ½ (not f − f̄ = f − 3).
  const Vec f = vec4(1.0, 3.0, 2.0, 6.0);
  EXPECT_EQ(subtract_baseline(f, Baseline::leave_one_out, 2), vec4(-3.0, -1.0, 0.0, 4.0));
  EXPECT_EQ(subtract_baseline(f, Baseline::mean, 2), vec4(-1.5, -0.5, 0.0, 2.0));
  // Independent members: the scaled leave-one-out weights are f − f̄.
  EXPECT_TRUE(subtract_baseline(f, Baseline::mean).isApprox(vec4(-2.0, 0.0, -1.0, 3.0), 1e-15));
  EXPECT_THROW(subtract_baseline(Vec::Ones(1), Baseline::mean), InvalidArgument);
  EXPECT_THROW(subtract_baseline(Vec::Ones(2), Baseline::mean, 2), InvalidArgument);
}

}  // namespace
}  // namespace varopt
