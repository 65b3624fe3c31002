// Relaxed Bernoulli (binary Concrete) and straight-through Bernoulli: the fused forward
// against the formula on the same noise, the sample distributions, gradients, numerical
// safety, argument checks, and the straight-through estimator's bias on the lecture's toy.
#include "support/vectors.hpp"
#include "varopt/relax/relaxed_bernoulli.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/relax/straight_through.hpp"

namespace varopt::relax {
namespace {

const StreamId stream{.seed = 777, .generation = 2, .member = 5};

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

using testing::random_logits;

template <class T>
class RelaxedBernoulliTest : public ::testing::Test {};
using Precisions = ::testing::Types<float, double>;
TYPED_TEST_SUITE(RelaxedBernoulliTest, Precisions);

TYPED_TEST(RelaxedBernoulliTest, SoftMatchesTheFormulaOnTheSameNoise) {
  using T = TypeParam;
  const double eps = std::numeric_limits<T>::epsilon();
  const std::size_t n = 50000;  // the parallel path
  const auto logits = random_logits<T>(n, 2.0, 1);
  std::vector<T> noise(n), soft(n);
  fill_logistic_noise<T>(stream, 0, noise);
  for (const double tau : {0.1, 1.0, 4.0}) {
    relaxed_bernoulli<T>(logits, tau, stream, soft);
    for (std::size_t i = 0; i < n; ++i) {
      const T x = logits[i] + noise[i];  // perturbed in precision T, like the kernel
      const double exact = sigmoid(static_cast<double>(x) / tau);
      // x/τ carries 2ε relative error, so y gets 2ε|x/τ| y(1 − y); exp and the division a
      // few ulp.
      const double z = std::abs(static_cast<double>(x) / tau);
      const double tol = eps * (4.0 * exact + 2.0 * z * exact * (1.0 - exact)) + 1e-37;
      ASSERT_NEAR(soft[i], exact, tol) << "tau " << tau << " i " << i;
    }
  }
}

TYPED_TEST(RelaxedBernoulliTest, HardIsTheStraightThroughSampleAndKeepsTheSoftOne) {
  using T = TypeParam;
  const std::size_t n = 40000;
  const auto logits = random_logits<T>(n, 1.5, 2);
  std::vector<T> hard(n), soft_of_hard(n), soft(n), sample(n), noise(n);
  relaxed_bernoulli_hard<T>(logits, 0.5, stream, hard, soft_of_hard);
  relaxed_bernoulli<T>(logits, 0.5, stream, soft);
  bernoulli_sample<T>(logits, stream, sample);
  fill_logistic_noise<T>(stream, 0, noise);
  EXPECT_EQ(soft_of_hard, soft);
  EXPECT_EQ(sample, hard);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(hard[i], logits[i] + noise[i] > T(0) ? T(1) : T(0));
  }
}

TYPED_TEST(RelaxedBernoulliTest, SamplesFollowTheirDistributions) {
  using T = TypeParam;
  const std::size_t n = 200000;
  for (const double phi : {-2.0, 0.0, 1.5}) {
    const std::vector<T> logits(n, static_cast<T>(phi));
    std::vector<T> sample(n), soft(n);
    bernoulli_sample<T>(logits, stream, sample);
    const double p = sigmoid(phi);
    double mean = 0.0;
    for (const T b : sample) mean += b;
    mean /= n;
    // |mean − p| < 5 standard errors: false-positive rate 5.7·10⁻⁷ per check.
    EXPECT_NEAR(mean, p, 5 * std::sqrt(p * (1 - p) / n)) << "phi " << phi;
    // Binary Concrete CDF (Maddison et al. 2017): y ≤ t ⇔ L ≤ τ logit(t) − φ, so
    // P(y ≤ t) = sigmoid(τ logit(t) − φ). Same 5-standard-error rule at three points.
    const double tau = 0.7;
    relaxed_bernoulli<T>(logits, tau, stream, soft);
    for (const double t : {0.1, 0.5, 0.8}) {
      const double cdf = sigmoid(tau * std::log(t / (1 - t)) - phi);
      double below = 0.0;
      for (const T y : soft) below += y <= t ? 1.0 : 0.0;
      EXPECT_NEAR(below / n, cdf, 5 * std::sqrt(cdf * (1 - cdf) / n)) << "phi " << phi << " t " << t;
    }
  }
}

TEST(RelaxedBernoulliGradientTest, BackwardMatchesCentralFiniteDifferences) {
  // L(φ) = Σ w ⊙ y(φ) with fixed noise; h = 10⁻⁵, truncation ≲ 10⁻⁹, round-off ≲ 10⁻¹⁰.
  const std::size_t n = 50;
  auto phi = random_logits<double>(n, 1.0, 3);
  const auto w = random_logits<double>(n, 1.0, 4);
  for (const double tau : {0.5, 2.0}) {
    std::vector<double> y(n), grad(n), out(n);
    relaxed_bernoulli<double>(phi, tau, stream, y);
    relaxed_bernoulli_backward<double>(y, w, tau, grad);
    const auto loss = [&] {
      relaxed_bernoulli<double>(phi, tau, stream, out);
      double l = 0.0;
      for (std::size_t i = 0; i < n; ++i) l += w[i] * out[i];
      return l;
    };
    const double h = 1e-5;
    for (std::size_t i = 0; i < n; ++i) {
      const double keep = phi[i];
      phi[i] = keep + h;
      const double up = loss();
      phi[i] = keep - h;
      const double down = loss();
      phi[i] = keep;
      EXPECT_NEAR(grad[i], (up - down) / (2 * h), 1e-7) << "i " << i;
    }
  }
}

TYPED_TEST(RelaxedBernoulliTest, BackwardsMatchTheirFormulas) {
  using T = TypeParam;
  const double eps = std::numeric_limits<T>::epsilon();
  const std::size_t n = 40000;
  const double tau = 0.3;
  const auto logits = random_logits<T>(n, 2.0, 5);
  const auto v = random_logits<T>(n, 1.0, 6);
  std::vector<T> y(n), grad(n), st_grad(n);
  relaxed_bernoulli<T>(logits, tau, stream, y);
  relaxed_bernoulli_backward<T>(y, v, tau, grad);
  straight_through_bernoulli_backward<T>(logits, v, st_grad);
  for (std::size_t i = 0; i < n; ++i) {
    const double relaxed = v[i] * static_cast<double>(y[i]) * (1.0 - y[i]) / tau;
    ASSERT_NEAR(grad[i], relaxed, 8 * eps * std::abs(relaxed) + 1e-300);
    const double p = sigmoid(logits[i]);
    const double st = v[i] * p * (1 - p);
    // p is computed in precision T: 1 − p carries ε/(1 − p) relative error.
    ASSERT_NEAR(st_grad[i], st, 8 * eps * std::abs(v[i]) * (p * (1 - p) + p) + 1e-300);
  }
}

TYPED_TEST(RelaxedBernoulliTest, NoNanOrInfAtTinyTemperatureOrHugeLogits) {
  using T = TypeParam;
  const std::size_t n = 10000;
  auto logits = random_logits<T>(n, 1e4, 7);
  logits[0] = std::numeric_limits<T>::infinity();
  logits[1] = -std::numeric_limits<T>::infinity();
  const auto v = random_logits<T>(n, 1e3, 8);
  for (const double tau : {1e-3, 1e-2, 1.0}) {
    std::vector<T> soft(n), hard(n), grad(n), st_grad(n);
    relaxed_bernoulli_hard<T>(logits, tau, stream, hard, soft);
    relaxed_bernoulli_backward<T>(soft, v, tau, grad);
    straight_through_bernoulli_backward<T>(logits, v, st_grad);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_TRUE(soft[i] >= 0 && soft[i] <= 1) << soft[i];
      ASSERT_TRUE(std::isfinite(grad[i]) && std::isfinite(st_grad[i])) << "i " << i;
      ASSERT_TRUE(hard[i] == 0 || hard[i] == 1);
    }
    EXPECT_EQ(soft[0], T(1));
    EXPECT_EQ(soft[1], T(0));
  }
}

TYPED_TEST(RelaxedBernoulliTest, RejectsBadArguments) {
  using T = TypeParam;
  std::vector<T> logits(4, T(0)), out(4), out2(4), short_out(3);
  for (const double tau : {0.0, -2.0, std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_THROW(relaxed_bernoulli<T>(logits, tau, stream, out), InvalidArgument);
    EXPECT_THROW(relaxed_bernoulli_hard<T>(logits, tau, stream, out, out2), InvalidArgument);
    EXPECT_THROW(relaxed_bernoulli_backward<T>(logits, out, tau, out2), InvalidArgument);
  }
  EXPECT_THROW(relaxed_bernoulli<T>(logits, 1.0, stream, short_out), InvalidArgument);
  EXPECT_THROW(bernoulli_sample<T>(logits, stream, short_out), InvalidArgument);
  EXPECT_THROW(straight_through_bernoulli_backward<T>(logits, short_out, out), InvalidArgument);
  try {
    relaxed_bernoulli<T>(logits, -1.0, stream, out);
    FAIL() << "tau = -1 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()),
              "relax::relaxed_bernoulli: expected temperature tau > 0 and finite, got -1");
  }
}

TEST(StraightThroughBernoulliTest, IsBiasedAndCanGetTheSignWrong) {
  // f(b) = (b − t)², t = 0.45: dJ/dφ = p(1 − p)(1 − 2t) > 0, while the straight-through
  // estimate ĝ = f'(b) p(1 − p) = 2(b − t) p(1 − p) has mean 2(p − t) p(1 − p) < 0 for p < t.
  const double t = 0.45, p = 0.3;
  const std::size_t n = 100000;
  const std::vector<double> logits(n, std::log(p / (1 - p)));
  std::vector<double> b(n), v(n), g(n);
  bernoulli_sample<double>(logits, stream, b);
  for (std::size_t i = 0; i < n; ++i) v[i] = 2 * (b[i] - t);
  straight_through_bernoulli_backward<double>(logits, v, g);
  double mean = 0.0;
  for (const double x : g) mean += x;
  mean /= n;
  const double exact = p * (1 - p) * (1 - 2 * t);
  const double biased = 2 * (p - t) * p * (1 - p);
  // ĝ takes two values 2(1 − t)p(1 − p) and −2t p(1 − p): standard error p(1 − p)·2√(p(1 − p)/n).
  const double se = p * (1 - p) * 2 * std::sqrt(p * (1 - p) / n);
  EXPECT_GT(exact, 0.0);
  EXPECT_NEAR(mean, biased, 5 * se);  // false-positive rate 5.7·10⁻⁷
  EXPECT_LT(mean, 0.0);
}

}  // namespace
}  // namespace varopt::relax
