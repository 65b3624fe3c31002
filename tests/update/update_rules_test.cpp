// The update stage: the gradient step (its chain, the σ masks, the multiplicative factor update
// of GaussianFull) and the elite-fit rule.
#include <gtest/gtest.h>

#include <cmath>

#include "support/vectors.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_full.hpp"
#include "varopt/dist/logistic.hpp"
#include "varopt/grad/score_function.hpp"
#include "varopt/optim/optimizers.hpp"
#include "varopt/optim/scale_masked.hpp"
#include "varopt/problems/discrete.hpp"
#include "varopt/update/elite_fit_update.hpp"
#include "varopt/update/gradient_step.hpp"

namespace varopt {
namespace {

using testing::vec;

Mat lower_example() {
  Mat lower(3, 3);
  lower << 1.5, 0, 0,  //
      0.4, 0.8, 0,     //
      -0.7, 0.3, 2.0;
  return lower;
}

// ΔL of a 3 × 3 factor for a step (Δμ, Δd, ΔL₁₀, ΔL₂₀, ΔL₂₁): ΔL_ii = L_ii Δd_i.
Mat tangent_of(const Mat& lower, const Vec& step) {
  Mat tangent = Mat::Zero(3, 3);
  tangent.diagonal() = lower.diagonal().array() * step.segment(3, 3).array();
  tangent(1, 0) = step[6];
  tangent(2, 0) = step[7];
  tangent(2, 1) = step[8];
  return tangent;
}

// L' = L·exp(diag Δd) + ΔL − L·diag(Δd), with ΔL the step's tangent of the factor. A step along
// L·D (M = D diagonal) scales each column j by e^{D_jj}, its diagonal and off-diagonal entries
// alike: the additive step scaled the off-diagonal ones by 1 + D_jj (here −1: a sign flip).
TEST(GaussianFullStep, ScalesEachColumnOfTheFactorByTheExponentialOfItsDiagonalStep) {
  const Mat lower = lower_example();
  const GaussianFull d = GaussianFull::from_cholesky(vec({1.0, 2.0, 3.0}), lower);
  const Vec log_scales = vec({-2.0, 0.5, 0.0});
  Vec step = Vec::Zero(d.num_params());
  step.head(3) = vec({0.1, -0.2, 0.3});
  step.segment(3, 3) = log_scales;
  step.tail(3) = vec({0.4 * -2.0, -0.7 * -2.0, 0.3 * 0.5});  // ΔL_ij = L_ij D_jj, column by column
  GaussianFull next = d;
  next.set_params(d.params_after_step(step));
  EXPECT_TRUE(next.mean().isApprox(vec({1.1, 1.8, 3.3}), 1e-15));
  const Mat expected = lower * log_scales.array().exp().matrix().asDiagonal();
  EXPECT_LT((next.cholesky() - expected).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_THROW(d.params_after_step(Vec::Zero(4)), InvalidArgument);
}

// n ≤ 64: Σ' = L expm(M + Mᵀ) Lᵀ exactly (the xNES covariance update).
TEST(GaussianFullStep, IsTheCovarianceExponentialMapAtSmallDimensions) {
  const Mat lower = lower_example();
  const GaussianFull d = GaussianFull::from_cholesky(Vec::Zero(3), lower);
  Vec step(d.num_params());
  step << 0.1, 0.2, 0.3, 0.3, -0.5, 0.2, 0.7, -0.4, 0.6;
  GaussianFull next = d;
  next.set_params(d.params_after_step(step));
  const Mat m = lower.triangularView<Eigen::Lower>().solve(tangent_of(lower, step));
  const Mat s = m + m.transpose();
  Mat term = Mat::Identity(3, 3), exponential = Mat::Identity(3, 3);
  for (int k = 1; k < 40; ++k) {  // the Taylor series of expm(S), ‖S‖ < 3 here
    term = term * s / k;
    exponential += term;
  }
  const Mat expected = lower * exponential * lower.transpose();
  EXPECT_LT((next.covariance() - expected).cwiseAbs().maxCoeff(), 1e-12 * expected.norm());
  EXPECT_TRUE(next.mean().isApprox(vec({0.1, 0.2, 0.3}), 1e-15));
}

// n > 64: the O(n²) form, L'_ij = L_ij e^{Δd_j} + ΔL_ij − L_ij Δd_j, and a column-scaling step is
// exact there too.
TEST(GaussianFullStep, IsTheFirstOrderFormAtLargeDimensions) {
  const Index n = 80;
  Mat lower = Mat::Identity(n, n);
  lower(1, 0) = 0.4;
  lower(2, 0) = -0.7;
  lower(2, 1) = 0.3;
  const GaussianFull d = GaussianFull::from_cholesky(Vec::Zero(n), lower);
  Vec step = Vec::Zero(d.num_params());
  step[n] = 0.1;       // Δd_0
  step[2 * n] = 0.25;  // ΔL(1, 0), the first packed entry
  GaussianFull next = d;
  next.set_params(d.params_after_step(step));
  EXPECT_NEAR(next.cholesky()(1, 0), 0.4 * std::exp(0.1) + 0.25 - 0.4 * 0.1, 1e-15);
  EXPECT_NEAR(next.cholesky()(2, 0), -0.7 * std::exp(0.1) + 0.7 * 0.1, 1e-15);
  EXPECT_NEAR(next.cholesky()(0, 0), std::exp(0.1), 1e-15);
  EXPECT_EQ(next.cholesky()(2, 1), 0.3);
  // Along L·diag(Δd): columns scaled by e^{Δd_j}.
  Vec scale = Vec::Zero(d.num_params());
  scale[n] = -2.0;
  scale[2 * n] = 0.4 * -2.0;
  scale[2 * n + 1] = -0.7 * -2.0;
  next.set_params(d.params_after_step(scale));
  EXPECT_NEAR(next.cholesky()(1, 0), 0.4 * std::exp(-2.0), 1e-15);
  EXPECT_NEAR(next.cholesky()(2, 0), -0.7 * std::exp(-2.0), 1e-15);
}

// The step agrees with L·expm(M), M = L⁻¹ ΔL, to first order: the error shrinks as h² when the
// step is scaled by h.
TEST(GaussianFullStep, AgreesWithTheExponentialMapToFirstOrder) {
  const Mat lower = lower_example();
  const GaussianFull d = GaussianFull::from_cholesky(Vec::Zero(3), lower);
  Vec direction(d.num_params());
  direction << 0, 0, 0, 0.3, -0.5, 0.2, 0.7, -0.4, 0.6;
  const auto error = [&](double h) {
    const Vec step = h * direction;
    GaussianFull next = d;
    next.set_params(d.params_after_step(step));
    const Mat m = lower.triangularView<Eigen::Lower>().solve(tangent_of(lower, step));
    // expm of a 3 × 3 matrix by its Taylor series (‖M‖ < 1 here).
    Mat term = Mat::Identity(3, 3), exponential = Mat::Identity(3, 3);
    for (int k = 1; k < 30; ++k) {
      term = term * m / k;
      exponential += term;
    }
    return (next.cholesky() - lower * exponential).norm();
  };
  const double e1 = error(1e-2), e2 = error(5e-3);
  EXPECT_GT(e1, 0.0);
  EXPECT_NEAR(e1 / e2, 4.0, 0.2);  // second order
}

TEST(ScaleMasked, ScalesOnlyTheMaskedEntries) {
  ScaleMasked mask({1, 3}, 0.25, "spread");
  Vec g = vec({1.0, 2.0, 3.0, 4.0});
  mask.update(g);
  EXPECT_EQ(g, vec({1.0, 0.5, 3.0, 1.0}));
  EXPECT_EQ(mask.name(), "scale_spread(0.25)");
  Vec short_g = vec({1.0, 2.0});
  EXPECT_THROW(mask.update(short_g), InvalidArgument);
  EXPECT_THROW(ScaleMasked({0}, -1.0, "spread"), InvalidArgument);
  EXPECT_THROW(ScaleMasked({0}, NAN, "spread"), InvalidArgument);
  EXPECT_THROW(ScaleMasked({-1}, 1.0, "spread"), InvalidArgument);
}

// A gradient step is ψ ⊕ T(ĝ): here T = sgd(γ) on a diagonal Gaussian, so ψ' = ψ − γ ĝ exactly.
TEST(GradientStep, AppliesTheTransformedEstimate) {
  const GaussianDiagonal d(vec({0.5, -1.0}), vec({1.0, 2.0}));
  const Population population(d, 3, 0, 8, false);
  Evaluations evaluations{Vec(8), Mat()};
  for (Index i = 0; i < 8; ++i) evaluations.fitness[i] = population.member(i).squaredNorm();
  const ScoreFunction estimator({.baseline = Baseline::mean});
  const Vec g = estimator.gradient(population, evaluations);
  GradientStep rule(std::make_unique<ScoreFunction>(estimator.options()),
                    make_optimizer({.kind = OptimizerKind::sgd, .learning_rate = {.initial = 0.1}})
                        .clone());
  Vec next;
  const UpdateStep step = rule.update(population, evaluations, next);
  EXPECT_TRUE(next.isApprox(d.params() - 0.1 * g, 1e-15));
  EXPECT_DOUBLE_EQ(step.gradient_norm, g.norm());
  EXPECT_DOUBLE_EQ(step.step_norm, 0.1 * g.norm());
  EXPECT_THROW(GradientStep(nullptr, make_optimizer({}).clone()), InvalidArgument);
}

// The rule's state is the chain's: Adam's moments survive state()/restore(), and a wrong state
// is refused.
TEST(GradientStep, StateRoundTripsThroughJson) {
  const GaussianDiagonal d(vec({0.5, -1.0}), vec({1.0, 2.0}));
  GradientStep rule(std::make_unique<ScoreFunction>(),
                    make_optimizer({.kind = OptimizerKind::adam, .learning_rate = {.initial = 0.1}})
                        .clone());
  for (std::uint32_t generation = 0; generation < 3; ++generation) {
    const Population population(d, 3, generation, 8, false);
    Evaluations evaluations{Vec(8), Mat()};
    for (Index i = 0; i < 8; ++i) evaluations.fitness[i] = population.member(i).squaredNorm();
    Vec next;
    rule.update(population, evaluations, next);
  }
  GradientStep copy(std::make_unique<ScoreFunction>(),
                    make_optimizer({.kind = OptimizerKind::adam, .learning_rate = {.initial = 0.1}})
                        .clone());
  copy.restore(Json::parse(rule.state().dump()));
  const Population population(d, 3, 3, 8, false);
  Evaluations evaluations{Vec::LinSpaced(8, 0.0, 1.0), Mat()};
  Vec from_copy, from_rule;
  copy.update(population, evaluations, from_copy);
  rule.update(population, evaluations, from_rule);
  EXPECT_EQ(from_copy, from_rule);
  EXPECT_THROW(copy.restore(Json::array()), FileError);
}

TEST(EliteFitUpdate, PbilMovesProbabilitiesTowardsTheBestMember) {
  const Bernoulli d(vec({0.0, 1.0, -2.0}));
  const Population population(d, 9, 0, 6, false);
  Evaluations ev{Vec(6), Mat()};
  for (Index i = 0; i < 6; ++i) ev.fitness[i] = problems::onemax(population.member(i));
  Index best = 0;
  for (Index i = 1; i < 6; ++i)
    if (ev.fitness[i] < ev.fitness[best]) best = i;
  const Vec b = population.member(best);
  EliteFitUpdate pbil({.elite = 1, .smoothing = 0.1});
  Vec next;
  const UpdateStep step = pbil.update(population, ev, next);
  const Vec p = d.probabilities();
  for (Index j = 0; j < 3; ++j) EXPECT_NEAR(sigmoid(next[j]), 0.9 * p[j] + 0.1 * b[j], 1e-14);
  EXPECT_DOUBLE_EQ(step.step_norm, (next - d.params()).norm());
  EXPECT_EQ(step.gradient_norm, 0.0);
  EXPECT_THROW(EliteFitUpdate({.elite = 0}), InvalidArgument);
  EXPECT_THROW(EliteFitUpdate({.elite = 1, .smoothing = 1.5}), InvalidArgument);
  EXPECT_THROW(EliteFitUpdate({.elite = 7}).update(population, ev, next), InvalidArgument);
  EXPECT_THROW(pbil.restore(Json{{"step", 1}}), FileError);
}

}  // namespace
}  // namespace varopt
