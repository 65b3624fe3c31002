// Bernoulli search distribution: closed forms, the distribution contract, the coupling of a
// mirrored pair with ARM/DisARM's (b¹, b²), finiteness for saturated logits, input validation.
#include "support/vectors.hpp"
#include "varopt/dist/bernoulli.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "dist/distribution_contract.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/population.hpp"

namespace varopt {
namespace {

using testing::check_distribution_contract;
using testing::expect_mean_near;
using testing::MonteCarloMean;

using testing::vec;

TEST(Bernoulli, Contract) {
  check_distribution_contract(Bernoulli(vec({0.3, -1.2, 2.0, 0.0})), {.seed = 11});
  check_distribution_contract(Bernoulli(vec({6.0, -7.5})), {.seed = 12});
}

TEST(Bernoulli, LogProbScoreAndEntropyMatchTheDefinitions) {
  const Vec phi = vec({0.4, -2.0, 1.5});
  const Bernoulli d(phi);
  const Vec p = (1.0 + (-phi.array()).exp()).inverse();
  const Vec x = vec({1, 0, 1});
  const double expected = std::log(p[0]) + std::log(1 - p[1]) + std::log(p[2]);
  EXPECT_NEAR(d.log_prob(x), expected, 1e-14);
  Vec g = Vec::Zero(3);
  d.add_score(x, 2.0, g);
  EXPECT_TRUE(g.isApprox(2.0 * (x - p), 1e-14));
  double h = 0;
  for (Index j = 0; j < 3; ++j) h -= p[j] * std::log(p[j]) + (1 - p[j]) * std::log(1 - p[j]);
  EXPECT_NEAR(d.entropy(), h, 1e-14);
  EXPECT_EQ(d.center(), vec({1, 0, 1}));
  EXPECT_NEAR(d.spread(), std::sqrt(p[0] * (1 - p[0])), 1e-15);  // the least certain variable
}

TEST(Bernoulli, SampleFrequenciesMatchProbabilities) {
  const Bernoulli d(vec({-1.0, 0.2, 2.5}));
  MonteCarloMean mean(3);
  for (std::uint32_t i = 0; i < 20000; ++i) {
    Stream s = Rng(5).stream(0, i);
    Vec x(3);
    d.sample(s, x);
    mean.add(x);
  }
  // 5 standard errors per component: false-positive rate below 2e-6 for the test.
  expect_mean_near(mean, d.probabilities(), 5.0, "sample frequencies");
}

// Member 2k is b² = 1[u < σ(φ)], member 2k+1 is b¹ = 1[u > σ(−φ)] = 1[1 − u < σ(φ)], u the
// uniforms of stream (seed, generation, k): exactly ARM/DisARM's coupled pair.
TEST(Bernoulli, MirroredPairIsTheArmCoupledPair) {
  const Bernoulli d(vec({-0.7, 0.0, 1.3, 3.0, -3.0}));
  const Population population(d, 99, 4, 40, true);
  Vec u(d.dim());
  for (Index k = 0; k < 20; ++k) {
    Stream stream(population.stream_of(2 * k));
    d.stick_uniforms(stream, u);
    const Vec b2 = population.member(2 * k);
    const Vec b1 = population.member(2 * k + 1);
    for (Index j = 0; j < d.dim(); ++j) {
      const double p = 1 / (1 + std::exp(-d.params()[j]));
      EXPECT_EQ(b2[j], u[j] < p ? 1.0 : 0.0);
      EXPECT_EQ(b1[j], u[j] > 1 - p ? 1.0 : 0.0);
      EXPECT_EQ(b1[j], 1 - u[j] < p ? 1.0 : 0.0);  // the same uniforms mirrored
    }
  }
}

TEST(Bernoulli, SaturatedLogitsStayFinite) {
  const double big = 800;  // σ(±800) is 1 and 0 in double precision; e^800 overflows
  const Bernoulli d(vec({big, -big, 1e300, -1e300}));
  EXPECT_TRUE(d.probabilities().allFinite());
  EXPECT_TRUE(d.complement_probabilities().allFinite());
  Vec x(4);
  Stream s = Rng(1).stream(0, 0);
  d.sample(s, x);
  EXPECT_EQ(x, vec({1, 0, 1, 0}));
  d.sample_mirrored(s, x);
  EXPECT_EQ(x, vec({1, 0, 1, 0}));
  EXPECT_EQ(d.log_prob(vec({1, 0, 1, 0})), 0.0);
  const double unlikely = d.log_prob(vec({0, 1, 1, 0}));
  EXPECT_TRUE(std::isfinite(unlikely));
  EXPECT_NEAR(unlikely, -2 * big, 1e-9);
  Vec g = Vec::Zero(4);
  d.add_score(vec({0, 1, 0, 1}), 1.0, g);
  EXPECT_TRUE(g.allFinite());
  EXPECT_TRUE(std::isfinite(d.entropy()));
  EXPECT_GE(d.entropy(), 0.0);
  EXPECT_TRUE(d.natural_gradient(Vec::Ones(4)).allFinite());
  EXPECT_EQ(d.spread(), 0.0);
}

TEST(Bernoulli, ClampSpreadKeepsLogitsBounded) {
  Bernoulli d(vec({50.0, -50.0, 0.3}));
  d.clamp_spread(1e-6);
  const double bound = Bernoulli::logit_bound(1e-6);
  EXPECT_NEAR(bound, std::log((1 - 1e-12) / 1e-12), 1e-6);  // p(1 − p) = 1e-12
  EXPECT_EQ(d.params(), vec({bound, -bound, 0.3}));
  const Vec p = d.probabilities();
  EXPECT_NEAR(p[0] * d.complement_probabilities()[0], 1e-12, 1e-18);
  d.clamp_spread(0.5);  // the widest Bernoulli: p = ½
  EXPECT_EQ(d.params(), Vec::Zero(3));
}

TEST(Bernoulli, NaturalGradientDividesByTheFisherInformation) {
  const Bernoulli d(vec({0.5, -1.0}));
  const Vec p = d.probabilities();
  const Vec v = d.natural_gradient(vec({1.0, 2.0}));
  EXPECT_NEAR(v[0], 1.0 / (p[0] * (1 - p[0])), 1e-12);
  EXPECT_NEAR(v[1], 2.0 / (p[1] * (1 - p[1])), 1e-12);
}

TEST(Bernoulli, WithProbability) {
  const Bernoulli d = Bernoulli::with_probability(3, 0.3);
  EXPECT_TRUE(d.probabilities().isApprox(Vec::Constant(3, 0.3), 1e-15));
  EXPECT_THROW(Bernoulli::with_probability(3, 0.0), InvalidArgument);
  EXPECT_THROW(Bernoulli::with_probability(3, 1.0), InvalidArgument);
}

TEST(Bernoulli, RejectsBadInput) {
  EXPECT_THROW(Bernoulli{Vec()}, InvalidArgument);
  EXPECT_THROW(Bernoulli(vec({0.0, std::numeric_limits<double>::quiet_NaN()})), InvalidArgument);
  const Bernoulli d(vec({0.0, 1.0}));
  try {
    d.log_prob(vec({1.0, 0.5}));
    FAIL() << "a fractional value was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "Bernoulli::log_prob: expected coordinate 1 to be an integer in [0, 1], got 0.5");
  }
  EXPECT_THROW(d.log_prob(vec({2.0, 0.0})), InvalidArgument);
  EXPECT_THROW(d.log_prob(vec({-1.0, 0.0})), InvalidArgument);
  try {
    d.log_prob(vec({1.0}));
    FAIL() << "a point of the wrong size was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "Bernoulli::log_prob: expected a point of dimension 2, got 1");
  }
  Vec g = Vec::Zero(2);
  EXPECT_THROW(d.add_score(vec({1.0, 3.0}), 1.0, g), InvalidArgument);
  Vec short_g = Vec::Zero(1);
  EXPECT_THROW(d.add_score(vec({1.0, 0.0}), 1.0, short_g), InvalidArgument);
  EXPECT_THROW(Bernoulli::logit_bound(-1.0), InvalidArgument);
}

}  // namespace
}  // namespace varopt
