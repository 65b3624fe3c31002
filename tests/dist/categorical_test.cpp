// Categorical search distribution: closed forms, the distribution contract, stick-breaking
// (probabilities, chain rule, mirrored pairs), finiteness for saturated logits, input validation.
#include "support/vectors.hpp"
#include "varopt/dist/categorical.hpp"

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

// Variables with 2, 3 and 5 categories and distinct logits.
Categorical example() {
  return Categorical({2, 3, 5}, vec({0.3, -0.4, 1.0, -0.5, 0.2, 0.7, -1.1, 0.0, 1.6, -0.3}));
}

// The one-hot frequencies of many samples, concatenated like ψ.
MonteCarloMean frequencies(const Categorical& d, bool mirrored) {
  MonteCarloMean mean(d.num_params());
  Vec x(d.dim());
  for (std::uint32_t i = 0; i < 20000; ++i) {
    Stream s = Rng(8).stream(0, i);
    mirrored ? d.sample_mirrored(s, x) : d.sample(s, x);
    Vec one_hot = Vec::Zero(d.num_params());
    for (Index v = 0; v < d.dim(); ++v) one_hot[d.offset(v) + static_cast<Index>(x[v])] = 1.0;
    mean.add(one_hot);
  }
  return mean;
}

TEST(Categorical, Contract) {
  check_distribution_contract(example(), {.seed = 21});
  check_distribution_contract(Categorical({4}), {.seed = 22});  // equal logits: ties
}

TEST(Categorical, LogProbScoreAndEntropyMatchTheDefinitions) {
  const Categorical d = example();
  const Vec x = vec({1, 0, 3});
  double expected = 0;
  Vec score = Vec::Zero(d.num_params());
  double h = 0;
  for (Index v = 0; v < 3; ++v) {
    const Index k = d.categories()[static_cast<std::size_t>(v)];
    const Vec theta = d.params().segment(d.offset(v), k);
    const Vec pi = theta.array().exp() / theta.array().exp().sum();
    EXPECT_TRUE(d.probabilities().segment(d.offset(v), k).isApprox(pi, 1e-14));
    expected += std::log(pi[static_cast<Index>(x[v])]);
    score.segment(d.offset(v), k) = -pi;
    score[d.offset(v) + static_cast<Index>(x[v])] += 1.0;
    h -= (pi.array() * pi.array().log()).sum();
  }
  EXPECT_NEAR(d.log_prob(x), expected, 1e-13);
  Vec g = Vec::Zero(d.num_params());
  d.add_score(x, 1.0, g);
  EXPECT_TRUE(g.isApprox(score, 1e-14));
  EXPECT_NEAR(d.entropy(), h, 1e-13);
  EXPECT_EQ(d.center(), vec({0, 0, 3}));
}

TEST(Categorical, SampleAndMirroredFrequenciesMatchSoftmax) {
  const Categorical d = example();
  // 5 standard errors per component (10 components): false-positive rate below 1e-5.
  expect_mean_near(frequencies(d, false), d.probabilities(), 5.0, "sample frequencies");
  expect_mean_near(frequencies(d, true), d.probabilities(), 5.0, "mirrored sample frequencies");
}

TEST(Categorical, SticksBreakTheProbabilitiesInDecreasingOrder) {
  const Categorical d = example();
  const Vec phi = d.stick_logits();
  ASSERT_EQ(phi.size(), d.num_sticks());
  EXPECT_EQ(d.num_sticks(), 1 + 2 + 4);
  // Variable 2: logits (0.7, −1.1, 0.0, 1.6, −0.3) → order c = (3, 0, 2, 4, 1).
  const Vec pi = d.probabilities().segment(d.offset(2), 5);
  const Index order[] = {3, 0, 2, 4, 1};
  double rest = 1.0;
  for (Index r = 0; r < 4; ++r) {
    const double sigma = 1 / (1 + std::exp(-phi[d.stick_offset(2) + r]));
    EXPECT_NEAR(sigma, pi[order[r]] / rest, 1e-14) << "stick " << r;
    rest -= pi[order[r]];
  }
}

// (∂φ/∂ψ)ᵀ g against central differences of gᵀ φ(ψ).
TEST(Categorical, StickChainRuleMatchesFiniteDifferences) {
  Categorical d = example();
  Vec g(d.num_sticks());
  for (Index j = 0; j < g.size(); ++j) g[j] = std::sin(1.0 + 2.3 * static_cast<double>(j));
  Vec analytic = Vec::Zero(d.num_params());
  d.add_stick_gradient(g, analytic);
  const Vec psi = d.params();
  for (Index j = 0; j < psi.size(); ++j) {
    Categorical probe = d;
    Vec moved = psi;
    const double h = 1e-6;
    moved[j] = psi[j] + h;
    probe.set_params(moved);
    const double plus = g.dot(probe.stick_logits());
    moved[j] = psi[j] - h;
    probe.set_params(moved);
    const double minus = g.dot(probe.stick_logits());
    EXPECT_NEAR(analytic[j], (plus - minus) / (2 * h), 1e-8) << "ψ_" << j;
  }
}

// Member 2k takes the first stick r with u_r < σ(φ_r), member 2k+1 the first with u_r > σ(−φ_r).
TEST(Categorical, MirroredPairUsesTheSameUniforms) {
  const Categorical d = example();
  const Population population(d, 3, 1, 30, true);
  const Vec phi = d.stick_logits();
  Vec u(d.num_sticks());
  const Index order2[] = {3, 0, 2, 4, 1};
  for (Index k = 0; k < 15; ++k) {
    Stream stream(population.stream_of(2 * k));
    d.stick_uniforms(stream, u);
    for (const bool mirrored : {false, true}) {
      Index r = 0;
      while (r < 4) {
        const double x = phi[d.stick_offset(2) + r], v = u[d.stick_offset(2) + r];
        if (mirrored ? v > 1 / (1 + std::exp(x)) : v < 1 / (1 + std::exp(-x))) break;
        ++r;
      }
      EXPECT_EQ(population.member(2 * k + (mirrored ? 1 : 0))[2], static_cast<double>(order2[r]));
    }
  }
}

TEST(Categorical, RelevanceStopsAfterBothChainsStop) {
  const Categorical d({5});
  Vec mask(4);
  d.stick_relevance(vec({0, 1, 0, 1}), vec({0, 0, 0, 1}), mask);  // stops at 1 and 3
  EXPECT_EQ(mask, vec({1, 1, 1, 1}));
  d.stick_relevance(vec({1, 0, 1, 1}), vec({0, 1, 1, 0}), mask);  // stops at 0 and 1
  EXPECT_EQ(mask, vec({1, 1, 0, 0}));
  d.stick_relevance(vec({0, 0, 0, 0}), vec({1, 0, 0, 0}), mask);  // the last category and 0
  EXPECT_EQ(mask, vec({1, 1, 1, 1}));
}

TEST(Categorical, SaturatedLogitsStayFinite) {
  Categorical d({3, 2}, vec({1000, -1000, 0, -1e300, 1e300}));
  EXPECT_TRUE(d.probabilities().allFinite());
  EXPECT_TRUE(d.stick_logits().allFinite());
  Vec x(2);
  for (std::uint32_t i = 0; i < 50; ++i) {
    Stream s = Rng(2).stream(0, i);
    d.sample(s, x);
    EXPECT_EQ(x, vec({0, 1}));
    d.sample_mirrored(s, x);
    EXPECT_EQ(x, vec({0, 1}));
  }
  EXPECT_NEAR(d.log_prob(vec({1, 1})), -2000.0, 1e-9);
  EXPECT_TRUE(std::isfinite(d.log_prob(vec({1, 0}))));
  Vec g = Vec::Zero(5);
  d.add_score(vec({1, 0}), 1.0, g);
  EXPECT_TRUE(g.allFinite());
  Vec sticks = Vec::Zero(5);
  d.add_stick_gradient(Vec::Ones(d.num_sticks()), sticks);
  EXPECT_TRUE(sticks.allFinite());
  EXPECT_TRUE(std::isfinite(d.entropy()));
  EXPECT_EQ(d.spread(), 0.0);
  d.clamp_spread(1e-6);  // every logit within logit_bound(1e-6) ≈ 27.6 of its variable's max
  EXPECT_GT(d.spread(), 0.0);
  EXPECT_TRUE(d.params().allFinite());
}

TEST(Categorical, RejectsBadInput) {
  EXPECT_THROW(Categorical(std::vector<Index>{}), InvalidArgument);
  try {
    Categorical({3, 0});
    FAIL() << "zero categories accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(
        e.what(),
        "Categorical: expected every variable to have >= 2 categories, got 0 for variable 1");
  }
  EXPECT_THROW(Categorical({3, 1}), InvalidArgument);
  try {
    Categorical({3, 2}, Vec::Zero(4));
    FAIL() << "mismatched logits accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "Categorical: expected logits of size 5 (the sum of the category counts), got 4");
  }
  const Categorical d({3, 2});
  try {
    d.log_prob(vec({3, 0}));
    FAIL() << "a value outside the range accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "Categorical::log_prob: expected coordinate 0 to be an integer in [0, 2], got 3");
  }
  EXPECT_THROW(d.log_prob(vec({-1, 0})), InvalidArgument);
  EXPECT_THROW(d.log_prob(vec({1.5, 0})), InvalidArgument);
  EXPECT_THROW(d.log_prob(vec({1})), InvalidArgument);
  Vec g = Vec::Zero(5);
  EXPECT_THROW(d.add_score(vec({0, 2}), 1.0, g), InvalidArgument);
}

}  // namespace
}  // namespace varopt
