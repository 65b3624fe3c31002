#pragma once
// The distribution contract: checks that a SearchDistribution keeps the promises made in
// include/varopt/dist/search_distribution.hpp. Any distribution — Gaussian, Bernoulli,
// categorical, product — runs the same checks:
//
//   #include "dist/distribution_contract.hpp"
//
//   TEST(MyDistribution, Contract) {
//     varopt::testing::check_distribution_contract(MyDistribution(...), {.seed = 7});
//   }
//
// check_distribution_contract runs every check below (the optional ones where the distribution
// says it has the feature, and asserts that the feature is refused where it says it has not);
// each check is also a function of its own, to call from a focused test. Failures are reported
// through GoogleTest (EXPECT_*), tagged with the distribution's name and the check.
//
//   (a) check_score_vs_finite_differences  ∇ψ log p(x) (add_score) against central differences
//       of log_prob in each ψ_j, at a few samples x.
//   (b) check_score_mean_zero              E[∇ψ log p(θ)] = 0 by Monte Carlo, for sample() and,
//       where has_mirror(), for sample_mirrored().
//   (c) check_weighted_score_sum           weighted_score_sum == Σ_i w_i add_score(member i) for
//       plain and antithetic populations (weights with zeros, equal and opposite pairs), also
//       when called on a distribution whose ψ differs from the population's, and it rejects a
//       wrong number of weights.
//   (d) check_mirrored_sampling            sample_mirrored is deterministic, consumes the same
//       stream blocks as sample(), matches Population's mirrored members, and satisfies the
//       optional options.mirror_relation; without has_mirror() it throws InvalidArgument.
//   (e) check_set_params_validation        set_params rejects a wrong size, NaN and ±inf with
//       InvalidArgument and leaves ψ unchanged; set_params(params()) changes nothing.
//   (f) check_clone_independence           a clone is equal (ψ, samples, log_prob) and changing
//       it (set_params, clamp_spread) leaves the original untouched.
//   (g) check_natural_gradient             v = natural_gradient(g) solves F v = g, with
//       F v = E[s (sᵀ v)] estimated by Monte Carlo (s the score); without
//       has_natural_gradient() it throws InvalidArgument.
//   (h) check_pathwise                     for f(θ) = ½‖θ − c‖², the pathwise and the
//       score-function estimates of ∇ψ J have the same mean (paired, per sample); without
//       is_reparameterizable() add_pathwise throws InvalidArgument.
//   (i) check_entropy                      entropy() = E[−log p(θ)] by Monte Carlo.
//   (j) check_spread                       spread_params are valid indices, spread() ≥ 0 is
//       finite, and after clamp_spread(floor) spread() ≥ floor where there are spread params.
//   (k) check_center_is_mean               E θ = center(), only when options.center_is_mean.
//
// Statistical checks compare a Monte Carlo mean with its expected value component by component:
// |mean − expected| ≤ z · SE + 1e-12 (1 + |expected|), SE = sample standard deviation / √N.
// With z = 5 (default) and N large enough for the central limit theorem, the false-positive rate
// is 5.7e-7 per component, so below 1e-4 for a check over ≤ 100 components. The seed is fixed,
// so a passing check passes every time; the rate says how unlikely a pass-to-fail flip is when
// the seed changes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/core/types.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/dist/search_distribution.hpp"

namespace varopt::testing {

struct ContractOptions {
  std::uint64_t seed = 20240601;
  // Samples of each Monte Carlo check.
  Index monte_carlo_samples = 20000;
  // Tolerance of the Monte Carlo checks in standard errors.
  double z_score = 5.0;
  // Points, step (relative to max(1, |ψ_j|)) and tolerance (relative to max(1, |score_j|)) of the
  // finite-difference check. Central differences: error O(h²) + O(ε_machine |log p| / h).
  Index finite_difference_points = 3;
  double finite_difference_step = 1e-5;
  double finite_difference_tolerance = 1e-6;
  // Relative tolerance of weighted_score_sum against the sum of add_score, relative to
  // Σ_i |w_i| |score_ij| per component (different but exact summation orders).
  double score_sum_tolerance = 1e-9;
  // Check E θ = center() (continuous distributions).
  bool center_is_mean = false;
  // Extra check of an antithetic pair: called with the distribution, sample() and
  // sample_mirrored() drawn from the same stream (e.g. x + y = 2μ for a Gaussian).
  std::function<void(const SearchDistribution&, const Vec&, const Vec&)> mirror_relation;

  void validate() const {
    require(monte_carlo_samples >= 100, "ContractOptions", "monte_carlo_samples >= 100",
            monte_carlo_samples);
    require(z_score > 0, "ContractOptions", "z_score > 0", z_score);
    require(finite_difference_points >= 1, "ContractOptions", "finite_difference_points >= 1",
            finite_difference_points);
    require(finite_difference_step > 0, "ContractOptions", "finite_difference_step > 0",
            finite_difference_step);
    require(finite_difference_tolerance > 0, "ContractOptions", "finite_difference_tolerance > 0",
            finite_difference_tolerance);
    require(score_sum_tolerance > 0, "ContractOptions", "score_sum_tolerance > 0",
            score_sum_tolerance);
  }
};

// Running per-component mean and standard error of a vector-valued sample.
class MonteCarloMean {
 public:
  explicit MonteCarloMean(Index size) : sum_(Vec::Zero(size)), sum_squares_(Vec::Zero(size)) {}
  void add(const Vec& value) {
    sum_ += value;
    sum_squares_ += value.cwiseAbs2();
    ++count_;
  }
  Index count() const { return count_; }
  Vec mean() const { return sum_ / static_cast<double>(count_); }
  Vec standard_error() const {
    const double n = static_cast<double>(count_);
    const Vec variance = ((sum_squares_ - sum_.cwiseAbs2() / n) / (n - 1)).cwiseMax(0.0);
    return (variance / n).cwiseSqrt();
  }

 private:
  Vec sum_, sum_squares_;
  Index count_ = 0;
};

// |mean − expected| ≤ z · SE + 1e-12 (1 + |expected|) per component.
inline void expect_mean_near(const MonteCarloMean& estimate, const Vec& expected, double z,
                             const std::string& what) {
  const Vec mean = estimate.mean();
  const Vec se = estimate.standard_error();
  ASSERT_EQ(mean.size(), expected.size()) << what;
  for (Index j = 0; j < mean.size(); ++j) {
    const double tolerance = z * se[j] + 1e-12 * (1.0 + std::abs(expected[j]));
    EXPECT_LE(std::abs(mean[j] - expected[j]), tolerance)
        << what << ", component " << j << ": Monte Carlo mean " << mean[j] << " ± " << se[j]
        << " (SE, N = " << estimate.count() << "), expected " << expected[j];
  }
}

namespace contract_detail {

// Sample i of a check: stream (seed, generation, i); each check uses its own generation.
inline Vec draw(const SearchDistribution& d, const ContractOptions& o, std::uint32_t generation,
                Index i, bool mirrored = false) {
  Stream stream = Rng(o.seed).stream(generation, static_cast<std::uint32_t>(i));
  Vec x(d.dim());
  if (mirrored) {
    d.sample_mirrored(stream, x);
  } else {
    d.sample(stream, x);
  }
  return x;
}

inline Vec score(const SearchDistribution& d, const Vec& x) {
  Vec g = Vec::Zero(d.num_params());
  d.add_score(x, 1.0, g);
  return g;
}

// Standard normal vector from a stream of its own (generation 1000 + tag).
inline Vec normal_vector(const ContractOptions& o, std::uint32_t tag, Index size) {
  Vec v(size);
  Stream stream = Rng(o.seed).stream(1000 + tag, 0);
  stream.fill_normal(std::span<double>(v.data(), static_cast<std::size_t>(size)));
  return v;
}

}  // namespace contract_detail

// (a)
inline void check_score_vs_finite_differences(const SearchDistribution& d,
                                              const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": score vs finite differences");
  const auto probe = d.clone();
  for (Index point = 0; point < o.finite_difference_points; ++point) {
    const Vec x = contract_detail::draw(d, o, 1, point);
    const Vec g = contract_detail::score(d, x);
    ASSERT_EQ(g.size(), d.num_params());
    for (Index j = 0; j < d.num_params(); ++j) {
      const double h = o.finite_difference_step * std::max(1.0, std::abs(d.params()[j]));
      Vec psi = d.params();
      psi[j] = d.params()[j] + h;
      probe->set_params(psi);
      const double plus = probe->log_prob(x);
      psi[j] = d.params()[j] - h;
      probe->set_params(psi);
      const double minus = probe->log_prob(x);
      const double difference = (plus - minus) / (2 * h);
      EXPECT_NEAR(g[j], difference, o.finite_difference_tolerance * std::max(1.0, std::abs(g[j])))
          << "point " << point << ", ψ_" << j;
    }
  }
}

// (b)
inline void check_score_mean_zero(const SearchDistribution& d, const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": E[score] = 0");
  for (const bool mirrored : {false, true}) {
    if (mirrored && !d.has_mirror()) continue;
    MonteCarloMean estimate(d.num_params());
    for (Index i = 0; i < o.monte_carlo_samples; ++i) {
      estimate.add(contract_detail::score(d, contract_detail::draw(d, o, 2, i, mirrored)));
    }
    expect_mean_near(estimate, Vec::Zero(d.num_params()), o.z_score,
                     mirrored ? "mirrored samples" : "samples");
  }
}

// (c)
inline void check_weighted_score_sum(const SearchDistribution& d, const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": weighted_score_sum");
  // Σ_i w_i ∇ψ log p_{at}(member i), and the scale Σ_i |w_i| |score_ij| of its rounding error.
  const auto reference = [](const SearchDistribution& at, const Population& population,
                            const Vec& weights, Vec& scale) {
    Vec sum = Vec::Zero(at.num_params());
    scale = Vec::Zero(at.num_params());
    for (Index i = 0; i < population.size(); ++i) {
      const Vec s = contract_detail::score(at, population.member(i));
      sum += weights[i] * s;
      scale += std::abs(weights[i]) * s.cwiseAbs();
    }
    return sum;
  };
  const auto expect_close = [&](const Vec& got, const Vec& expected, const Vec& scale,
                                const std::string& what) {
    ASSERT_EQ(got.size(), expected.size()) << what;
    for (Index j = 0; j < got.size(); ++j) {
      EXPECT_NEAR(got[j], expected[j], o.score_sum_tolerance * scale[j] + 1e-300)
          << what << ", component " << j;
    }
  };
  // A nearby distribution (ψ moved by 0.05 per component): the population is not its own.
  const auto other = d.clone();
  other->set_params(d.params() + 0.05 * contract_detail::normal_vector(o, 3, d.num_params()));

  for (const bool antithetic : {false, true}) {
    if (antithetic && !d.has_mirror()) continue;
    const Index size = antithetic ? 10 : 7;
    const Population population(d, o.seed, 4, size, antithetic);
    Vec weights = contract_detail::normal_vector(o, 4, size);
    weights[2] = 0.0;  // a member left out
    if (antithetic) {
      weights[5] = weights[4];   // equal pair: no odd part
      weights[7] = -weights[6];  // opposite pair: no even part
      weights[8] = weights[9] = 0.0;
    }
    const std::string kind = antithetic ? "antithetic population" : "plain population";
    Vec scale;
    const Vec expected = reference(d, population, weights, scale);
    expect_close(d.weighted_score_sum(population, weights), expected, scale, kind);
    const Vec expected_other = reference(*other, population, weights, scale);
    expect_close(other->weighted_score_sum(population, weights), expected_other, scale,
                 kind + ", scored at another ψ");
    EXPECT_TRUE(d.weighted_score_sum(population, Vec::Zero(size)).isZero()) << kind;
    EXPECT_THROW(d.weighted_score_sum(population, Vec::Ones(size + 1)), InvalidArgument) << kind;
  }
}

// (d)
inline void check_mirrored_sampling(const SearchDistribution& d, const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": sample_mirrored");
  Vec x(d.dim()), y(d.dim()), y_again(d.dim());
  if (!d.has_mirror()) {
    Stream stream = Rng(o.seed).stream(5, 0);
    EXPECT_THROW(d.sample_mirrored(stream, y), InvalidArgument);
    return;
  }
  const Population population(d, o.seed, 5, 8, true);
  for (std::uint32_t i = 0; i < 4; ++i) {
    Stream plain = Rng(o.seed).stream(5, i);
    Stream mirror = Rng(o.seed).stream(5, i);
    Stream again = Rng(o.seed).stream(5, i);
    d.sample(plain, x);
    d.sample_mirrored(mirror, y);
    d.sample_mirrored(again, y_again);
    EXPECT_EQ(plain.position(), mirror.position()) << "blocks consumed, pair " << i;
    EXPECT_EQ(y, y_again) << "pair " << i;
    EXPECT_EQ(population.member(2 * i), x) << "pair " << i;
    EXPECT_EQ(population.member(2 * i + 1), y) << "pair " << i;
    if (o.mirror_relation) o.mirror_relation(d, x, y);
  }
}

// (e)
inline void check_set_params_validation(const SearchDistribution& d,
                                        const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": set_params validation");
  const auto copy = d.clone();
  const Vec psi = d.params();
  const Vec x = contract_detail::draw(d, o, 6, 0);
  const double log_p = d.log_prob(x);
  EXPECT_THROW(copy->set_params(Vec::Zero(psi.size() + 1)), InvalidArgument);
  if (psi.size() > 0) {
    EXPECT_THROW(copy->set_params(Vec::Zero(psi.size() - 1)), InvalidArgument);
  }
  for (const double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    for (const Index j : {Index{0}, psi.size() - 1}) {
      Vec wrong = psi;
      wrong[j] = bad;
      EXPECT_THROW(copy->set_params(wrong), InvalidArgument) << "ψ_" << j << " = " << bad;
    }
  }
  EXPECT_EQ(copy->params(), psi) << "ψ changed by a rejected set_params";
  copy->set_params(psi);
  EXPECT_EQ(copy->params(), psi);
  EXPECT_EQ(copy->log_prob(x), log_p);
}

// (f)
inline void check_clone_independence(const SearchDistribution& d, const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": clone");
  const auto copy = d.clone();
  ASSERT_NE(copy.get(), &d);
  EXPECT_EQ(copy->name(), d.name());
  EXPECT_EQ(copy->dim(), d.dim());
  EXPECT_EQ(copy->params(), d.params());
  const Vec x = contract_detail::draw(d, o, 7, 0);
  EXPECT_EQ(contract_detail::draw(*copy, o, 7, 0), x);
  const double log_p = d.log_prob(x);
  EXPECT_EQ(copy->log_prob(x), log_p);

  const Vec psi = d.params();
  const Vec moved = psi + 0.1 * contract_detail::normal_vector(o, 7, psi.size());
  copy->set_params(moved);
  copy->clamp_spread(10 * std::max(d.spread(), 1.0));
  EXPECT_EQ(d.params(), psi) << "changing the clone changed the original";
  EXPECT_EQ(d.log_prob(x), log_p);
  EXPECT_EQ(contract_detail::draw(d, o, 7, 0), x);
}

// (g)
inline void check_natural_gradient(const SearchDistribution& d, const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": natural gradient");
  const Vec g = contract_detail::normal_vector(o, 8, d.num_params());
  if (!d.has_natural_gradient()) {
    EXPECT_THROW(d.natural_gradient(g), InvalidArgument);
    return;
  }
  EXPECT_THROW(d.natural_gradient(Vec::Zero(d.num_params() + 1)), InvalidArgument);
  const Vec v = d.natural_gradient(g);
  ASSERT_EQ(v.size(), d.num_params());
  // F v = E[s sᵀ v] must equal g.
  MonteCarloMean estimate(d.num_params());
  for (Index i = 0; i < o.monte_carlo_samples; ++i) {
    const Vec s = contract_detail::score(d, contract_detail::draw(d, o, 8, i));
    estimate.add(s * s.dot(v));
  }
  expect_mean_near(estimate, g, o.z_score, "F · natural_gradient(g) vs g");
}

// (h)
inline void check_pathwise(const SearchDistribution& d, const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": pathwise gradient");
  const Vec x0 = contract_detail::draw(d, o, 9, 0);
  if (!d.is_reparameterizable()) {
    Vec grad = Vec::Zero(d.num_params());
    EXPECT_THROW(d.add_pathwise(x0, Vec::Zero(d.dim()), 1.0, grad), InvalidArgument);
    return;
  }
  const Vec target = d.center() + Vec::Constant(d.dim(), 0.3);
  MonteCarloMean estimate(d.num_params());
  for (Index i = 0; i < o.monte_carlo_samples; ++i) {
    const Vec x = contract_detail::draw(d, o, 9, i);
    const Vec grad_f = x - target;
    const double f = 0.5 * grad_f.squaredNorm();
    Vec difference = -f * contract_detail::score(d, x);
    d.add_pathwise(x, grad_f, 1.0, difference);
    estimate.add(difference);
  }
  expect_mean_near(estimate, Vec::Zero(d.num_params()), o.z_score,
                   "pathwise − score-function estimate");
}

// (i)
inline void check_entropy(const SearchDistribution& d, const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": entropy");
  MonteCarloMean estimate(1);
  for (Index i = 0; i < o.monte_carlo_samples; ++i) {
    estimate.add(Vec::Constant(1, -d.log_prob(contract_detail::draw(d, o, 10, i))));
  }
  expect_mean_near(estimate, Vec::Constant(1, d.entropy()), o.z_score, "E[−log p] vs entropy()");
}

// (j)
inline void check_spread(const SearchDistribution& d, const ContractOptions& /*o*/ = {}) {
  SCOPED_TRACE(d.name() + ": spread");
  const std::vector<Index> indices = d.spread_params();
  for (const Index j : indices) {
    EXPECT_TRUE(j >= 0 && j < d.num_params()) << "spread parameter index " << j;
  }
  const double spread = d.spread();
  EXPECT_TRUE(std::isfinite(spread) && spread >= 0) << spread;
  const auto copy = d.clone();
  EXPECT_THROW(copy->clamp_spread(-1.0), InvalidArgument);
  EXPECT_THROW(copy->clamp_spread(std::numeric_limits<double>::quiet_NaN()), InvalidArgument);
  if (indices.empty()) return;
  const double floor = 2 * spread + 0.5;
  copy->clamp_spread(floor);
  EXPECT_GE(copy->spread(), floor * (1 - 1e-12));
  copy->clamp_spread(0.0);
  EXPECT_GE(copy->spread(), floor * (1 - 1e-12)) << "clamp_spread(0) must not shrink";
}

// (k)
inline void check_center_is_mean(const SearchDistribution& d, const ContractOptions& o = {}) {
  SCOPED_TRACE(d.name() + ": E θ = center()");
  MonteCarloMean estimate(d.dim());
  for (Index i = 0; i < o.monte_carlo_samples; ++i) {
    estimate.add(contract_detail::draw(d, o, 11, i));
  }
  expect_mean_near(estimate, d.center(), o.z_score, "sample mean vs center()");
}

inline void check_distribution_contract(const SearchDistribution& d,
                                        const ContractOptions& o = {}) {
  o.validate();
  check_score_vs_finite_differences(d, o);
  check_score_mean_zero(d, o);
  check_weighted_score_sum(d, o);
  check_mirrored_sampling(d, o);
  check_set_params_validation(d, o);
  check_clone_independence(d, o);
  check_natural_gradient(d, o);
  check_pathwise(d, o);
  check_entropy(d, o);
  check_spread(d, o);
  if (o.center_is_mean) check_center_is_mean(d, o);
}

}  // namespace varopt::testing
