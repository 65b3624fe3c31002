// Gradient estimators for discrete and mixed search distributions against the exact gradient by
// enumeration, and their variances on the toy f(b) = (b − t)² against closed forms.
//
// Statistical checks: a Monte Carlo mean over R independent estimates is compared with the exact
// value within 5 standard errors (sample standard deviation / √R), and a sample variance with its
// closed form within 5 standard errors of the sample variance (√((m₄ − s⁴)/R)). Each comparison
// fails by chance with probability < 6e-7 (normal approximation, R ≥ 4000); a test makes at most
// ~100 of them, so the false-positive rate per test is below 1e-4. Seeds are fixed.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "support/vectors.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/categorical.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/logistic.hpp"
#include "varopt/dist/product.hpp"
#include "varopt/grad/arm.hpp"
#include "varopt/grad/disarm.hpp"
#include "varopt/grad/elite_fit.hpp"
#include "varopt/grad/enumeration.hpp"
#include "varopt/grad/rloo.hpp"
#include "varopt/grad/score_function.hpp"
#include "varopt/grad/toy_variance.hpp"
#include "varopt/grad/variance_study.hpp"
#include "varopt/problems/discrete.hpp"

namespace varopt {
namespace {

constexpr double kSigmas = 5.0;

using testing::vec;

// A fixed "random" table over the points of a finite space: f(x) = sin(1 + 2.7·code(x))·3, with
// code the mixed-radix index of x (ranges from the distribution).
Objective table_objective(const SearchDistribution& d) {
  const auto ranges = dynamic_cast<const FiniteSupport&>(d).coordinate_ranges();
  return [ranges](ConstVecRef x) {
    double code = 0, radix = 1;
    for (std::size_t j = 0; j < ranges.size(); ++j) {
      code += (x[static_cast<Index>(j)] - ranges[j].first) * radix;
      radix *= static_cast<double>(ranges[j].count);
    }
    return 3 * std::sin(1 + 2.7 * code);
  };
}

void expect_unbiased(const EstimatorMoments& m, const Vec& exact) {
  ASSERT_EQ(m.mean.size(), exact.size()) << m.label;
  for (Index j = 0; j < exact.size(); ++j) {
    EXPECT_NEAR(m.mean[j], exact[j], kSigmas * m.standard_error[j] + 1e-12)
        << m.label << ", component " << j << " (R = " << m.repetitions << ")";
  }
}

struct Case {
  const char* label;
  std::shared_ptr<const GradientEstimator> estimator;
  Index population;
};

std::vector<Case> unbiased_estimators() {
  return {{"score (plain, 1 sample)",
           std::make_shared<ScoreFunction>(ScoreFunctionOptions{.baseline = Baseline::none}), 1},
          {"score (plain, 4 samples)",
           std::make_shared<ScoreFunction>(ScoreFunctionOptions{.baseline = Baseline::none}), 4},
          {"rloo (K = 2)", make_rloo(), 2},
          {"rloo (K = 4)", make_rloo(), 4},
          {"arm (2 pairs)", std::make_shared<Arm>(), 4},
          {"disarm (1 pair)", std::make_shared<Disarm>(), 2},
          {"disarm (2 pairs)", std::make_shared<Disarm>(), 4}};
}

void expect_all_unbiased(const SearchDistribution& d, const Objective& f, const Vec& exact,
                         Index repetitions) {
  for (const auto& c : unbiased_estimators()) {
    expect_unbiased(estimator_moments(c.label, *c.estimator, d, f, c.population, repetitions, 77),
                    exact);
  }
}

// ---- exact J and ∇J by enumeration ------------------------------------------------------------

// The lecture's example: f(0) = 0.45, f(1) = 0.53, b ~ Bernoulli(p): J(p) = 0.08p + 0.45,
// dJ/dp = 0.08. varopt's parameter is the logit φ (p = σ(φ)), so dJ/dφ = 0.08 p(1 − p).
TEST(Enumeration, LectureTwoPointExample) {
  for (const double p : {0.05, 0.3, 0.5, 0.8}) {
    const Bernoulli d = Bernoulli::with_probability(1, p);
    const auto exact = exact_expectation(d, problems::two_point);
    EXPECT_NEAR(exact.value, 0.08 * p + 0.45, 1e-15);
    EXPECT_NEAR(exact.gradient[0] / (p * (1 - p)), 0.08, 1e-14);
    EXPECT_EQ(exact.points, 2u);
  }
}

// Toy: J = Σ p_j(1 − t)² + (1 − p_j)t², ∂J/∂φ_j = p_j(1 − p_j)(1 − 2t).
TEST(Enumeration, ToyClosedForm) {
  const Bernoulli d(vec({-1.0, 0.2, 2.0}));
  const double t = 0.45;
  const auto exact = exact_expectation(d, [t](ConstVecRef b) { return problems::toy(b, t); });
  const Vec p = d.probabilities();
  EXPECT_NEAR(exact.value, (p.array() * (1 - t) * (1 - t) + (1 - p.array()) * t * t).sum(), 1e-14);
  EXPECT_TRUE(exact.gradient.isApprox((p.array() * (1 - p.array()) * (1 - 2 * t)).matrix(), 1e-13));
  EXPECT_EQ(exact.points, 8u);
}

// Linear f(θ) = Σ_i w_{i,θ_i}: J = Σ_i ⟨π_i, w_i⟩ and ∂J/∂ψ_i = π_i ⊙ (w_i − ⟨π_i, w_i⟩).
TEST(Enumeration, CategoricalLinearClosedForm) {
  const Categorical d({3, 4}, vec({0.2, -0.5, 1.0, 0.3, 0.0, -1.2, 0.8}));
  const Vec w = vec({1.0, -2.0, 0.5, 3.0, 0.1, -0.7, 2.2});
  const auto f = [&](ConstVecRef x) {
    return w[static_cast<Index>(x[0])] + w[3 + static_cast<Index>(x[1])];
  };
  const auto exact = exact_expectation(d, f);
  const Vec& pi = d.probabilities();
  double value = 0;
  Vec grad(7);
  for (Index i = 0; i < 2; ++i) {
    const Index o = d.offset(i), k = d.categories()[static_cast<std::size_t>(i)];
    const double mean = pi.segment(o, k).dot(w.segment(o, k));
    value += mean;
    grad.segment(o, k) = pi.segment(o, k).cwiseProduct((w.segment(o, k).array() - mean).matrix());
  }
  EXPECT_NEAR(exact.value, value, 1e-14);
  EXPECT_TRUE(exact.gradient.isApprox(grad, 1e-13));
  EXPECT_EQ(exact.points, 12u);
}

TEST(Enumeration, RejectsLargeOrContinuousSpaces) {
  const Bernoulli big(Vec::Zero(30));
  try {
    exact_expectation(big, problems::onemax, std::uint64_t{1} << 20);
    FAIL() << "2^30 points enumerated";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "exact_expectation: expected a space of at most 1048576 points, got 1073741824");
  }
  EXPECT_EQ(support_size(Bernoulli(Vec::Zero(70))), std::numeric_limits<std::uint64_t>::max());
  EXPECT_THROW(exact_expectation(GaussianDiagonal(Vec::Zero(2), 1.0), problems::onemax),
               InvalidArgument);
  EXPECT_THROW(EnumerationEstimator(Objective{}), InvalidArgument);
}

TEST(Enumeration, EstimatorReturnsTheExactGradient) {
  const Categorical d({3, 2}, vec({0.1, 0.4, -0.3, 1.0, -1.0}));
  const Objective f = table_objective(d);
  const EnumerationEstimator exact(f);
  const Population population(d, 1, 0, 3, false);
  const Vec g = exact.gradient(population, {Vec::Zero(3), Mat()});
  EXPECT_TRUE(g.isApprox(exact_expectation(d, f).gradient, 1e-15));
}

// ---- unbiasedness ----------------------------------------------------------------------------

TEST(DiscreteEstimators, UnbiasedOnBernoulli) {
  const Bernoulli d(vec({0.4, -1.3, 0.0, 2.1}));
  const Objective f = table_objective(d);  // not separable: every estimator sees interactions
  expect_all_unbiased(d, f, exact_expectation(d, f).gradient, 8000);
}

TEST(DiscreteEstimators, UnbiasedOnCategorical) {
  const Categorical d({3, 4}, vec({0.5, -0.2, 0.1, 1.2, -0.4, 0.0, 0.7}));
  const Objective f = table_objective(d);
  expect_all_unbiased(d, f, exact_expectation(d, f).gradient, 8000);
}

// Binary + integer (a categorical with offset 1) + categorical blocks.
TEST(DiscreteEstimators, UnbiasedOnDiscreteProduct) {
  std::vector<ProductBlock> blocks;
  blocks.push_back({"b", VariableKind::binary, std::make_unique<Bernoulli>(vec({0.3, -0.8})), 0});
  blocks.push_back({"n", VariableKind::integer,
                    std::make_unique<Categorical>(std::vector<Index>{3}, vec({0.2, -0.6, 0.9})),
                    1});
  blocks.push_back({"c", VariableKind::categorical,
                    std::make_unique<Categorical>(std::vector<Index>{2}, vec({-0.5, 0.5})), 0});
  const Product d(std::move(blocks));
  const Objective f = table_objective(d);
  expect_all_unbiased(d, f, exact_expectation(d, f).gradient, 8000);
}

// Gaussian + binary product, f = ‖x − c‖² + g(b): ∇μ J = 2(μ − c), ∇ log σ J = 2σ², and the
// binary part is the exact gradient of E g(b). ARM/DisARM use the score function on the same pairs
// for the Gaussian block.
TEST(DiscreteEstimators, UnbiasedOnMixedProduct) {
  const Vec mu = vec({0.5, -1.0}), sigma = vec({0.8, 1.2}), c = vec({0.2, 0.3});
  const Bernoulli bits(vec({0.6, -0.4}));
  std::vector<ProductBlock> blocks;
  blocks.push_back(
      {"x", VariableKind::continuous, std::make_unique<GaussianDiagonal>(mu, sigma), 0});
  blocks.push_back({"b", VariableKind::binary, bits.clone(), 0});
  const Product d(std::move(blocks));
  const Objective g = table_objective(bits);
  const Objective f = [&](ConstVecRef x) { return (x.head(2) - c).squaredNorm() + g(x.tail(2)); };
  Vec exact(6);
  exact << 2 * (mu - c), 2 * sigma.cwiseAbs2(), exact_expectation(bits, g).gradient;
  expect_all_unbiased(d, f, exact, 8000);
}

// ---- variance on the toy against closed forms -------------------------------------------------
// The derivations are written out in include/varopt/grad/toy_variance.hpp (one variable,
// f(b) = (b − t)², p = σ(φ)); here the measured variances must match them.
struct ToyCase {
  double t, p;
};

TEST(DiscreteEstimators, ToyVariancesMatchClosedForms) {
  const ScoreFunction plain({.baseline = Baseline::none});
  const auto rloo = make_rloo();
  const Arm arm;
  const Disarm disarm;
  for (const ToyCase tc : {ToyCase{0.45, 0.3}, {0.45, 0.5}, {0.1, 0.8}, {0.49, 0.05}, {0.3, 0.6}}) {
    SCOPED_TRACE("t = " + std::to_string(tc.t) + ", p = " + std::to_string(tc.p));
    const Bernoulli d = Bernoulli::with_probability(1, tc.p);
    const Objective f = [t = tc.t](ConstVecRef b) { return problems::toy(b, t); };
    const double exact = tc.p * (1 - tc.p) * (1 - 2 * tc.t);
    struct Expected {
      const GradientEstimator* estimator;
      Index population;
      double variance;
    };
    for (const Expected e : {Expected{&plain, 1, toy_variance::score(tc.t, tc.p)},
                             {rloo.get(), 2, toy_variance::rloo(tc.t, tc.p, 2)},
                             {rloo.get(), 5, toy_variance::rloo(tc.t, tc.p, 5)},
                             {&arm, 2, toy_variance::arm(tc.t, tc.p)},
                             {&disarm, 2, toy_variance::disarm(tc.t, tc.p)}}) {
      const auto m =
          estimator_moments(e.estimator->name(), *e.estimator, d, f, e.population, 40000, 5);
      EXPECT_NEAR(m.mean[0], exact, kSigmas * m.standard_error[0] + 1e-15) << m.label;
      EXPECT_NEAR(m.variance[0], e.variance, kSigmas * m.variance_standard_error[0] + 1e-15)
          << m.label << " with " << e.population << " evaluations";
    }
  }
}

// The goal, from the closed forms above: at p = 0.3, t = 0.45, DisARM and RLOO (K = 2)
// have at least 10x lower variance per evaluation than the plain score function.
TEST(DiscreteEstimators, DisarmAndRlooBeatTheScoreFunctionTenfoldAtTheToyPoint) {
  const double score = 1 * toy_variance::score(0.45, 0.3);
  EXPECT_GT(score / (2 * toy_variance::disarm(0.45, 0.3)), 10.0);
  EXPECT_GT(score / (2 * toy_variance::rloo(0.45, 0.3, 2)), 10.0);
  EXPECT_LE(toy_variance::disarm(0.45, 0.3), toy_variance::arm(0.45, 0.3));
}

TEST(DiscreteEstimators, RlooIsTheScoreFunctionWithLeaveOneOutBaseline) {
  const Bernoulli d(vec({0.3, -0.2}));
  const Population population(d, 3, 0, 5, false);
  Evaluations ev{vec({1.0, 0.2, -0.5, 2.0, 0.7}), Mat()};
  Vec expected = Vec::Zero(2);
  for (Index k = 0; k < 5; ++k)
    d.add_score(population.member(k), (ev.fitness[k] - ev.fitness.mean()) / 4.0, expected);
  EXPECT_TRUE(make_rloo()->gradient(population, ev).isApprox(expected, 1e-14));
  EXPECT_EQ(make_rloo()->min_population(false).size, 2);
}

TEST(DiscreteEstimators, PairedEstimatorsRejectWhatTheyCannotUse) {
  const Bernoulli d(vec({0.3, -0.2}));
  const Disarm disarm;
  const Arm arm;
  EXPECT_TRUE(disarm.needs_pairs());
  EXPECT_EQ(arm.min_population(true).size, 2);
  const Population independent(d, 1, 0, 4, false);
  try {
    disarm.gradient(independent, {Vec::Zero(4), Mat()});
    FAIL() << "independent samples accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(
        e.what(),
        "disarm::gradient: expected an antithetic (paired) population, got independent samples");
  }
  const GaussianDiagonal gaussian(Vec::Zero(2), 1.0);
  const Population gaussian_pairs(gaussian, 1, 0, 4, true);
  EXPECT_THROW(arm.gradient(gaussian_pairs, {Vec::Zero(4), Mat()}), InvalidArgument);
  const Population pairs(d, 1, 0, 4, true);
  EXPECT_THROW(disarm.gradient(pairs, {Vec::Zero(3), Mat()}), InvalidArgument);
}

// ---- PBIL / CEM as elite fits ------------------------------------------------------------------

TEST(EliteFit, CemFitsCategoricalAndGaussianBlocks) {
  std::vector<ProductBlock> blocks;
  blocks.push_back({"x", VariableKind::continuous,
                    std::make_unique<GaussianDiagonal>(vec({0.0, 1.0}), vec({1.0, 2.0})), 0});
  blocks.push_back(
      {"c", VariableKind::integer, std::make_unique<Categorical>(std::vector<Index>{3}), 4});
  const Product d(std::move(blocks));
  Mat elite(3, 2);
  elite << 1.0, 3.0,  // x_0: mean 2, sd 1
      1.0, 1.0,       // x_1: mean 1, sd 0
      6.0, 6.0;       // level 6 = category 2
  const EliteFitOptions options{.elite = 2, .smoothing = 0.7};
  const Vec psi = elite_fit_params(d, elite, options);
  EXPECT_NEAR(psi[0], 0.7 * 2.0, 1e-14);
  EXPECT_NEAR(psi[1], 1.0, 1e-14);
  EXPECT_NEAR(std::exp(psi[2]), 0.3 * 1.0 + 0.7 * 1.0, 1e-14);
  EXPECT_NEAR(std::exp(psi[3]), 0.3 * 2.0, 1e-14);
  const Vec pi = (psi.tail(3).array() - logsumexp(psi.tail(3))).exp();
  EXPECT_TRUE(pi.isApprox(vec({0.1, 0.1, 0.8}), 1e-14));
  EXPECT_THROW(elite_fit_params(d, elite, {.elite = 0}), InvalidArgument);
  EXPECT_THROW(elite_fit_params(d, elite, {.elite = 1, .smoothing = 1.5}), InvalidArgument);
}

// Repeated PBIL steps towards the same point drive p to 1 − ε, never to a non-finite logit.
TEST(EliteFit, LogitsStayFiniteAsProbabilitiesSaturate) {
  Bernoulli d(Vec::Zero(2));
  Mat elite(2, 1);
  elite << 1.0, 0.0;
  const EliteFitOptions options{.elite = 1, .smoothing = 0.5, .min_probability = 1e-30};
  for (int step = 0; step < 2000; ++step) d.set_params(elite_fit_params(d, elite, options));
  EXPECT_TRUE(d.params().allFinite());
  EXPECT_NEAR(d.params()[0], std::log((1 - 1e-30) / 1e-30), 1e-9);
  EXPECT_NEAR(d.params()[1], -std::log((1 - 1e-30) / 1e-30), 1e-9);
}

}  // namespace
}  // namespace varopt
