// The score-function estimator against closed forms. Statistical checks compare a Monte Carlo
// mean over R independent generations with the exact value, within 5 standard errors of that
// mean (standard error from the sample variance): each such check fails by chance with
// probability < 6e-7 (normal approximation; R ≥ 2000 makes it accurate).
#include <gtest/gtest.h>

#include <cmath>

#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_isotropic.hpp"
#include "varopt/grad/pathwise.hpp"
#include "varopt/grad/score_function.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt {
namespace {

constexpr double kSigmas = 5.0;

struct Moments {
  Vec mean, variance;  // per component, over repetitions
};

// R repetitions of the estimator, each on its own generation of the same distribution.
template <class F, class GradF>
Moments repeat_estimate(const GradientEstimator& estimator, const SearchDistribution& dist,
                        Index lambda, bool antithetic, int repetitions, F f, GradF grad_f) {
  const Index p = dist.num_params();
  Vec sum = Vec::Zero(p), sum_sq = Vec::Zero(p);
  for (int r = 0; r < repetitions; ++r) {
    const Population pop(dist, 12345, static_cast<std::uint32_t>(r), lambda, antithetic);
    Evaluations ev{Vec(lambda), Mat(dist.dim(), lambda)};
    for (Index i = 0; i < lambda; ++i) {
      const Vec x = pop.member(i);
      ev.fitness[i] = f(x);
      ev.gradients.col(i) = grad_f(x);
    }
    const Vec g = estimator.gradient(pop, ev);
    sum += g;
    sum_sq += g.cwiseAbs2();
  }
  const double n = repetitions;
  Moments m;
  m.mean = sum / n;
  m.variance = (sum_sq / n - m.mean.cwiseAbs2()) * (n / (n - 1));
  return m;
}

void expect_unbiased(const Moments& m, const Vec& exact, int repetitions, const char* what) {
  for (Index i = 0; i < exact.size(); ++i) {
    const double se = std::sqrt(m.variance[i] / repetitions);
    EXPECT_NEAR(m.mean[i], exact[i], kSigmas * se + 1e-12) << what << ", component " << i;
  }
}

double squared_norm(const Vec& x) { return x.squaredNorm(); }
Vec squared_norm_gradient(const Vec& x) { return 2 * x; }

TEST(ScoreFunction, QuizSingleSampleEstimateIsSinXTimesXMinusMuOverSigmaSquared) {
  // The lecture's quiz: for f = sin and N(μ, σ²) the one-sample estimate of ∂J/∂μ is
  // sin(x)(x − μ)/σ² (answer 2).
  const double mu = 0.7, sigma = 0.4;
  const GaussianIsotropic dist(Vec::Constant(1, mu), sigma);
  const ScoreFunction plain({.baseline = Baseline::none});
  for (std::uint32_t g = 0; g < 20; ++g) {
    const Population pop(dist, 7, g, 1, false);
    const double x = pop.member(0)[0];
    const Vec grad = plain.gradient(pop, {Vec::Constant(1, std::sin(x)), Mat()});
    EXPECT_NEAR(grad[0], std::sin(x) * (x - mu) / (sigma * sigma), 1e-12);
  }
}

TEST(ScoreFunction, QuizEstimateHasMeanCosMuTimesExpMinusHalfSigmaSquared) {
  // J(μ, s) = sin μ · e^{−σ²/2}, σ = e^s: ∂J/∂μ = cos μ e^{−σ²/2}, ∂J/∂s = −σ² sin μ e^{−σ²/2}.
  const double mu = 0.7, sigma = 0.8;
  const GaussianIsotropic dist(Vec::Constant(1, mu), sigma);
  const int r = 20000;
  const auto f = [](const Vec& x) { return std::sin(x[0]); };
  const auto df = [](const Vec& x) { return Vec::Constant(1, std::cos(x[0])); };
  Vec exact(2);
  exact << std::cos(mu) * std::exp(-sigma * sigma / 2),
      -sigma * sigma * std::sin(mu) * std::exp(-sigma * sigma / 2);
  expect_unbiased(repeat_estimate(ScoreFunction({.baseline = Baseline::none}), dist, 4, false, r,
                                  f, df),
                  exact, r, "plain");
  expect_unbiased(repeat_estimate(Pathwise(), dist, 4, false, r, f, df), exact, r, "pathwise");
}

class SphereGradient : public ::testing::Test {
 protected:
  // f = ‖θ‖², N(μ, diag σ²): J = ‖μ‖² + Σσ_i², ∂J/∂μ = 2μ, ∂J/∂s_i = 2σ_i².
  SphereGradient() : dist_(mean(), sigma()) {
    exact_.resize(6);
    exact_ << 2 * mean(), 2 * sigma().cwiseAbs2();
  }
  static Vec mean() { return (Vec(3) << 1.0, -0.5, 2.0).finished(); }
  static Vec sigma() { return (Vec(3) << 0.5, 1.0, 0.3).finished(); }
  Moments run(const GradientEstimator& e, Index lambda, bool antithetic, int r = 2000) const {
    return repeat_estimate(e, dist_, lambda, antithetic, r, squared_norm, squared_norm_gradient);
  }
  GaussianDiagonal dist_;
  Vec exact_;
};

TEST_F(SphereGradient, UnbiasedWithoutBaselineWithLeaveOneOutAndWithAntitheticPairs) {
  const int r = 4000;
  expect_unbiased(run(ScoreFunction({.baseline = Baseline::none}), 8, false, r), exact_, r, "none");
  expect_unbiased(run(ScoreFunction({.baseline = Baseline::leave_one_out}), 8, false, r), exact_, r,
                  "leave-one-out");
  expect_unbiased(run(ScoreFunction({.baseline = Baseline::leave_one_out}), 8, true, r), exact_, r,
                  "leave-one-out, antithetic");
  expect_unbiased(run(ScoreFunction({.baseline = Baseline::none}), 8, true, r), exact_, r,
                  "none, antithetic");
  expect_unbiased(run(Pathwise(), 8, false, r), exact_, r, "pathwise");
}

TEST_F(SphereGradient, BatchMeanBaselineShrinksTheGradientByLambdaMinusOneOverLambda) {
  // f̄ contains f_k itself, so E ĝ = (λ−1)/λ ∇J exactly (see baseline.hpp).
  const int r = 4000;
  const Index lambda = 4;
  expect_unbiased(run(ScoreFunction({.baseline = Baseline::mean}), lambda, false, r),
                  exact_ * (lambda - 1.0) / lambda, r, "mean baseline");
}

TEST_F(SphereGradient, MeanBaselineWithPairsShrinksEveryComponentByLambdaMinusTwoOverLambda) {
  // Issue 11: f_k − f̄ with mirrored pairs left ĝ_μ unbiased and scaled ĝ_{log σ} alone by
  // (λ−2)/λ = ½ at λ = 4, turning the gradient. The mean baseline is now a uniform (λ−2)/λ.
  const int r = 4000;
  const Index lambda = 4;
  expect_unbiased(run(ScoreFunction({.baseline = Baseline::mean}), lambda, true, r),
                  exact_ * (lambda - 2.0) / lambda, r, "mean baseline, antithetic pairs");
}

TEST_F(SphereGradient, PgpePresetIsUnbiasedAtFourMembers) {
  // The pgpe preset samples pairs; its baseline leaves the pair out, so E ĝ = ∇J (its mean
  // baseline gave E ĝ_{log σ} = ½ ∇_{log σ} J here).
  const MethodSpec pgpe = method_preset("pgpe", SearchSpace::continuous(3));
  ASSERT_TRUE(pgpe.sampling.antithetic);
  const int r = 4000;
  expect_unbiased(run(ScoreFunction(pgpe.score), 4, true, r), exact_, r, "pgpe at λ = 4");
}

TEST(ScoreFunction, ABaselineNeedsAnotherMemberOrPair) {
  // The default (mean) baseline of one member is f − f = 0: an all-zero gradient that used to be
  // returned silently. It now needs λ ≥ 2 (λ ≥ 4 with pairs), like leave-one-out.
  // Both are known when the solver is made (min_population), so it refuses such a population.
  for (const Baseline baseline : {Baseline::mean, Baseline::leave_one_out}) {
    EXPECT_EQ(ScoreFunction({.baseline = baseline}).min_population(false).size, 2);
    EXPECT_EQ(ScoreFunction({.baseline = baseline}).min_population(true).size, 4);
  }
  EXPECT_EQ(ScoreFunction({.baseline = Baseline::none}).min_population(false).size, 1);
  EXPECT_EQ(ScoreFunction({.baseline = Baseline::none}).min_population(true).size, 1);
  const GaussianDiagonal dist(Vec::Zero(2), 1.0);
  EXPECT_THROW(ScoreFunction().gradient(Population(dist, 1, 0, 1, false), {Vec::Ones(1), Mat()}),
               InvalidArgument);
  EXPECT_THROW(ScoreFunction().gradient(Population(dist, 1, 0, 2, true), {Vec::Ones(2), Mat()}),
               InvalidArgument);
  EXPECT_NO_THROW(ScoreFunction().gradient(Population(dist, 1, 0, 4, true), {Vec::Ones(4), Mat()}));
}

TEST_F(SphereGradient, BaselinesAntitheticPairsAndPathwiseReduceTheVariance) {
  // Here E f = ‖μ‖² + Σσ² ≈ 6.6 dwarfs the fluctuations that matter, so subtracting a baseline
  // removes most of the variance; mirrored pairs cancel the even part of f (the constant and
  // the ε² terms) in the μ-gradient. The measured ratios (printed) are far below the bounds.
  const Moments none = run(ScoreFunction({.baseline = Baseline::none}), 8, false);
  const Moments loo = run(ScoreFunction({.baseline = Baseline::leave_one_out}), 8, false);
  const Moments pairs = run(ScoreFunction({.baseline = Baseline::none}), 8, true);
  const Moments pathwise = run(Pathwise(), 8, false);
  const auto mean_part = [](const Moments& m) { return m.variance.head(3).sum(); };
  std::printf("variance of the μ-gradient: none %.3g, leave-one-out %.3g, antithetic %.3g, "
              "pathwise %.3g\n", mean_part(none), mean_part(loo), mean_part(pairs),
              mean_part(pathwise));
  std::printf("variance of the whole gradient: none %.3g, leave-one-out %.3g, pathwise %.3g\n",
              none.variance.sum(), loo.variance.sum(), pathwise.variance.sum());
  EXPECT_LT(loo.variance.sum(), 0.5 * none.variance.sum());
  EXPECT_LT(mean_part(pairs), 0.5 * mean_part(none));
  EXPECT_LT(pathwise.variance.sum(), loo.variance.sum());
}

TEST(ScoreFunction, NaturalGradientIsFisherInverseOfTheEstimate) {
  const GaussianDiagonal dist((Vec(2) << 0.1, 0.2).finished(), (Vec(2) << 0.5, 2.0).finished());
  const Population pop(dist, 1, 0, 6, false);
  Evaluations ev{Vec(6), Mat()};
  for (Index i = 0; i < 6; ++i) ev.fitness[i] = pop.member(i).squaredNorm();
  const Vec g = ScoreFunction({.baseline = Baseline::none}).gradient(pop, ev);
  const Vec ng = ScoreFunction({.baseline = Baseline::none, .natural = true}).gradient(pop, ev);
  EXPECT_NEAR(ng[0], 0.25 * g[0], 1e-12);  // σ² g_μ
  EXPECT_NEAR(ng[1], 4.0 * g[1], 1e-12);
  EXPECT_NEAR(ng[2], 0.5 * g[2], 1e-12);   // g_s / 2
}

// Any fitness shaping of one member gives the weight 0 (the only rank's centered weight and NES
// utility, a z-score of one value), so ĝ = 0 exactly: min_population is 2; at 2 the estimate moves.
TEST(ScoreFunction, AShapingNeedsTwoMembers) {
  const GaussianDiagonal dist((Vec(2) << 0.5, -0.3).finished(), 1.0);
  const auto estimate = [&](const ScoreFunction& sf, Index lambda) {
    const Population pop(dist, 7, 0, lambda, false);
    Evaluations ev{Vec(lambda), Mat()};
    for (Index i = 0; i < lambda; ++i) ev.fitness[i] = 1.0 + pop.member(i).squaredNorm();
    return sf.gradient(pop, ev);
  };
  for (const Shaping shaping : {Shaping::centered_ranks, Shaping::nes_utilities, Shaping::z_score}) {
    const ScoreFunction sf({.baseline = Baseline::none, .shaping = shaping});
    EXPECT_EQ(sf.min_population(false).size, 2) << name_of(shaping);
    EXPECT_TRUE(estimate(sf, 1).isZero(0.0)) << name_of(shaping);
    EXPECT_FALSE(estimate(sf, 2).isZero(0.0)) << name_of(shaping);
  }
  const ScoreFunction plain({.baseline = Baseline::none});
  EXPECT_FALSE(estimate(plain, 1).isZero(0.0));  // the lecture's SGD-VO: one member is enough
}

TEST(ScoreFunction, RejectsMismatchedEvaluations) {
  const GaussianDiagonal dist(Vec::Zero(2), 1.0);
  const Population pop(dist, 1, 0, 4, false);
  const ScoreFunction sf;
  EXPECT_THROW(sf.gradient(pop, {Vec::Zero(3), Mat()}), InvalidArgument);
  Vec nan = Vec::Zero(4);
  nan[2] = std::nan("");
  EXPECT_THROW(sf.gradient(pop, {nan, Mat()}), InvalidArgument);
  EXPECT_THROW(Pathwise().gradient(pop, {Vec::Zero(4), Mat()}), InvalidArgument);
}

}  // namespace
}  // namespace varopt
