// The lecture's 1-D figure data against closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/plot/figure_data.hpp"
#include "varopt/problems/continuous.hpp"

namespace varopt::plot {
namespace {

const ScalarFunction sine = [](double x) { return std::sin(x); };

TEST(FigureData, Grids) {
  const Vec g = linspace(-1, 3, 5);
  ASSERT_EQ(g.size(), 5);
  EXPECT_DOUBLE_EQ(g[0], -1);
  EXPECT_DOUBLE_EQ(g[2], 1);
  EXPECT_DOUBLE_EQ(g[4], 3);
  const Vec l = logspace(0.01, 100, 5);
  EXPECT_NEAR(l[0], 0.01, 1e-15);
  EXPECT_NEAR(l[2], 1.0, 1e-14);
  EXPECT_NEAR(l[4], 100.0, 1e-12);
  EXPECT_THROW(linspace(0, 1, 1), InvalidArgument);
  EXPECT_THROW(logspace(0, 1, 3), InvalidArgument);
}

TEST(FigureData, VariationalBoundOfSinAndSquareAndTheLectureFunction) {
  const Vec mus = linspace(-4, 4, 81);
  for (double sigma : {0.0, 0.3, 1.0, 2.0}) {
    const Vec j_sin = variational_bound_curve(sine, mus, sigma);
    const Vec j_sq = variational_bound_curve([](double x) { return x * x; }, mus, sigma);
    const Vec j_lecture = variational_bound_curve(problems::lecture_1d, mus, sigma);
    for (Index k = 0; k < mus.size(); ++k) {
      const double mu = mus[k];
      EXPECT_NEAR(j_sin[k], std::sin(mu) * std::exp(-sigma * sigma / 2), 1e-10);
      EXPECT_NEAR(j_sq[k], mu * mu + sigma * sigma, 1e-10 * (1 + mu * mu));
      EXPECT_NEAR(j_lecture[k], problems::lecture_1d_smoothed(mu, sigma), 1e-10);
    }
  }
  // The bound is an upper bound of min f (slide 5): J_σ(μ) ≥ min f = −1 for sin.
  EXPECT_GE(variational_bound_curve(sine, mus, 0.5).minCoeff(), -1.0);
}

TEST(FigureData, BoundDerivativeIsTheQuizGradient) {
  const Vec mus = linspace(-3, 3, 31);
  for (double sigma : {0.2, 1.0, 2.5}) {
    const Vec d = bound_derivative_curve(sine, mus, sigma);
    for (Index k = 0; k < mus.size(); ++k)
      EXPECT_NEAR(d[k], std::cos(mus[k]) * std::exp(-sigma * sigma / 2), 1e-10);
  }
  EXPECT_THROW(bound_derivative_curve(sine, mus, 0.0), InvalidArgument);
}

TEST(FigureData, ScoreAndWeightedScoreAndDensity) {
  const Vec xs = linspace(-5, 5, 101);
  const double mu = 0.7, sigma = 1.3;
  const Vec score = score_curve(xs, mu, sigma);
  const Vec weighted = weighted_score_curve(sine, xs, mu, sigma);
  const Vec density = gaussian_density_curve(xs, mu, sigma);
  for (Index k = 0; k < xs.size(); ++k) {
    EXPECT_NEAR(score[k], (xs[k] - mu) / (sigma * sigma), 1e-14);
    EXPECT_NEAR(weighted[k], std::sin(xs[k]) * (xs[k] - mu) / (sigma * sigma), 1e-14);
    EXPECT_NEAR(density[k],
                std::exp(-0.5 * std::pow((xs[k] - mu) / sigma, 2)) / (sigma * std::sqrt(2 * std::numbers::pi)),
                1e-15);
  }
  // The score is ∂/∂μ of log N: compare with a central difference of the log density.
  const double h = 1e-6;
  const Vec up = gaussian_density_curve(xs, mu + h, sigma), down = gaussian_density_curve(xs, mu - h, sigma);
  for (Index k = 0; k < xs.size(); ++k)
    EXPECT_NEAR(score[k], (std::log(up[k]) - std::log(down[k])) / (2 * h), 1e-6 * (1 + std::abs(score[k])));
  EXPECT_THROW(score_curve(xs, mu, 0.0), InvalidArgument);
  EXPECT_THROW(gaussian_density_curve(xs, mu, -1.0), InvalidArgument);
}

TEST(FigureData, BoundDescentLimitFindsTheLocalMinimumOfTheBound) {
  // J_σ = sin μ e^{−σ²/2}: from 0 downhill to −π/2, from 2 to 3π/2, whatever σ.
  EXPECT_NEAR(bound_descent_limit(sine, 0.0, 1.0), -std::numbers::pi / 2, 1e-7);
  EXPECT_NEAR(bound_descent_limit(sine, 2.0, 0.3), 1.5 * std::numbers::pi, 1e-7);
  EXPECT_NEAR(bound_descent_limit([](double x) { return x * x; }, 3.0, 2.0), 0.0, 1e-7);
  // The lecture function: σ = 0.1 keeps the local minimum near 1.55; σ = 3 gives J ≈ (μ² + 9)/10
  // plus ripples of size e^{−40}, minimum at μ ≈ 0.
  const double local = bound_descent_limit(problems::lecture_1d, 2.0, 0.1);
  EXPECT_NEAR(local, 1.55, 0.05);
  EXPECT_NEAR(bound_descent_limit(problems::lecture_1d, 2.0, 3.0), 0.0, 1e-6);
  // J_σ unbounded below: a clear error, not a silent answer.
  EXPECT_THROW(bound_descent_limit([](double x) { return x; }, 0.0, 1.0, 0.5, 100), InvalidArgument);
}

// For f(x) = x: ĝ = (μ + σz + sη) z/σ, so E ĝ = 1 and Var ĝ = μ²/σ² + 2 + s²/σ².
TEST(FigureData, ScoreEstimateMomentsOfALinearFunction) {
  for (double mu : {0.0, 1.5}) {
    for (double sigma : {0.3, 2.0}) {
      for (double noise : {0.0, 0.7}) {
        const auto m = score_estimate_moments([](double x) { return x; }, mu, sigma, noise);
        EXPECT_NEAR(m.mean, 1.0, 1e-12);
        EXPECT_NEAR(m.variance, mu * mu / (sigma * sigma) + 2 + noise * noise / (sigma * sigma), 1e-10);
        EXPECT_NEAR(m.noise_variance, noise * noise / (sigma * sigma), 1e-15);
      }
    }
  }
  EXPECT_THROW(score_estimate_moments(sine, 0, 1, -0.1), InvalidArgument);
}

// Monte Carlo check of the variance formula for f = sin with noise: N = 200000 one-sample
// estimates; |sample variance − Var ĝ| < 5·SE with SE = √((m₄ − Var²)/N), m₄ the fourth central
// moment computed by quadrature. False-positive rate ≈ 6e-7 (normal approximation of the sample
// variance, accurate at this N).
TEST(FigureData, ScoreEstimateVarianceAgreesWithMonteCarlo) {
  const double mu = 0.4, sigma = 0.8, s = 0.5;
  const auto m = score_estimate_moments(sine, mu, sigma, s);
  // Raw moments E ĝ^k = E[(f + sη)^k z^k]/σ^k with η independent: E η² = 1, E η⁴ = 3.
  const auto raw = [&](int k) {
    return gaussian_expectation(
               [&](double x) {
                 const double f = std::sin(x), z = (x - mu) / sigma;
                 const double moment_f = k == 2   ? f * f + s * s
                                         : k == 3 ? f * f * f + 3 * f * s * s
                                                  : std::pow(f, 4) + 6 * f * f * s * s + 3 * std::pow(s, 4);
                 return moment_f * std::pow(z, k);
               },
               mu, sigma) /
           std::pow(sigma, k);
  };
  const double mean = m.mean;
  const double m4 = raw(4) - 4 * mean * raw(3) + 6 * mean * mean * raw(2) - 3 * std::pow(mean, 4);
  constexpr int n = 200000;
  Stream stream = Rng(42).stream(0, 0);
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double z = stream.normal(), eta = stream.normal();
    const double g = (std::sin(mu + sigma * z) + s * eta) * z / sigma;
    sum += g;
    sum_sq += g * g;
  }
  const double variance = (sum_sq - sum * sum / n) / (n - 1);
  EXPECT_LT(std::abs(variance - m.variance), 5 * std::sqrt((m4 - m.variance * m.variance) / n));
  EXPECT_LT(std::abs(sum / n - m.mean), 5 * std::sqrt(m.variance / n));
}

}  // namespace
}  // namespace varopt::plot
