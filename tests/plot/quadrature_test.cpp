// Gauss–Hermite rules and Gaussian expectations against closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "varopt/core/error.hpp"
#include "varopt/plot/quadrature.hpp"
#include "varopt/problems/continuous.hpp"

namespace varopt::plot {
namespace {

double double_factorial(int k) {
  double p = 1;
  for (int i = k; i > 1; i -= 2) p *= i;
  return p;
}

TEST(GaussHermite, RuleIsNormalizedSymmetricAndExactForPolynomials) {
  for (Index m : {1, 2, 5, 16, 64, 200}) {
    const GaussHermiteRule& rule = gauss_hermite(m);
    ASSERT_EQ(rule.nodes.size(), m);
    EXPECT_NEAR(rule.weights.sum(), 1.0, 1e-13);
    EXPECT_TRUE((rule.weights.array() > 0).all());
    for (Index i = 0; i < m; ++i) EXPECT_NEAR(rule.nodes[i], -rule.nodes[m - 1 - i], 1e-10 * (1 + std::abs(rule.nodes[i])));
    // E z^{2k} = (2k − 1)!! and odd moments vanish, for every degree < 2m (checked up to 12).
    // Rounding: the terms w_i z_i^d sum in absolute value to `scale`, so errors ~1e-15·scale.
    for (int degree = 0; degree < std::min<Index>(2 * m, 13); ++degree) {
      const double moment = (rule.weights.array() * rule.nodes.array().pow(degree)).sum();
      const double scale = (rule.weights.array() * rule.nodes.array().abs().pow(degree)).sum();
      const double exact = degree % 2 ? 0.0 : double_factorial(degree - 1);
      EXPECT_NEAR(moment, exact, 1e-12 * (1 + scale)) << "m=" << m << " degree=" << degree;
    }
  }
  // The 3-point rule in closed form: nodes 0, ±√3, weights 2/3, 1/6.
  const GaussHermiteRule& three = gauss_hermite(3);
  EXPECT_NEAR(three.nodes[2], std::sqrt(3.0), 1e-14);
  EXPECT_NEAR(three.weights[1], 2.0 / 3.0, 1e-14);
  EXPECT_NEAR(three.weights[0], 1.0 / 6.0, 1e-14);
  // Cached: the same object comes back.
  EXPECT_EQ(&gauss_hermite(16), &gauss_hermite(16));
}

TEST(GaussianExpectation, MatchesClosedForms) {
  for (double mu : {-2.0, 0.0, 0.7, 3.0}) {
    for (double sigma : {0.0, 0.1, 1.0, 2.5}) {
      SCOPED_TRACE(testing::Message() << "mu=" << mu << " sigma=" << sigma);
      EXPECT_NEAR(gaussian_expectation([](double x) { return std::sin(x); }, mu, sigma),
                  std::sin(mu) * std::exp(-sigma * sigma / 2), 1e-10);
      EXPECT_NEAR(gaussian_expectation([](double x) { return x * x; }, mu, sigma),
                  mu * mu + sigma * sigma, 1e-10 * (1 + mu * mu + sigma * sigma));
      EXPECT_NEAR(gaussian_expectation(problems::lecture_1d, mu, sigma),
                  problems::lecture_1d_smoothed(mu, sigma), 1e-10);
      // E e^{x} = e^{μ + σ²/2}: a function that grows fast.
      EXPECT_NEAR(gaussian_expectation([](double x) { return std::exp(x); }, mu, sigma),
                  std::exp(mu + sigma * sigma / 2), 1e-9 * std::exp(mu + sigma * sigma / 2));
    }
  }
}

TEST(GaussianExpectation, RejectsBadInputAndReportsNonConvergence) {
  const auto sine = [](double x) { return std::sin(x); };
  EXPECT_THROW(gaussian_expectation(sine, 0.0, -1.0), InvalidArgument);
  EXPECT_THROW(gaussian_expectation(sine, std::nan(""), 1.0), InvalidArgument);
  EXPECT_THROW(gaussian_expectation([](double) { return std::nan(""); }, 0.0, 1.0), InvalidArgument);
  EXPECT_THROW(gauss_hermite(0), InvalidArgument);
  EXPECT_THROW(gauss_hermite(4097), InvalidArgument);
  EXPECT_THROW((QuadratureOptions{.min_points = 0}.validate()), InvalidArgument);
  EXPECT_THROW((QuadratureOptions{.min_points = 16, .max_points = 32}.validate()), InvalidArgument);
  EXPECT_THROW((QuadratureOptions{.tolerance = 0}.validate()), InvalidArgument);
  // A step function converges only like 1/m: the rule cannot reach 1e-12 by 64 points. (The
  // 8- and 16-point rules agree on it exactly, no node lies in (0, 0.3]: one agreement is not
  // enough.)
  const auto step = [](double x) { return x > 0.3 ? 1.0 : 0.0; };
  try {
    (void)gaussian_expectation(step, 0.0, 1.0, {.min_points = 8, .max_points = 64, .tolerance = 1e-12});
    ADD_FAILURE() << "no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("expected the Gauss–Hermite rule to converge"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace varopt::plot
