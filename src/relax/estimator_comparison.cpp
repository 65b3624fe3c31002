#include "varopt/relax/estimator_comparison.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <utility>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/dist/categorical.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/grad/arm.hpp"
#include "varopt/grad/disarm.hpp"
#include "varopt/grad/enumeration.hpp"
#include "varopt/grad/rloo.hpp"
#include "varopt/grad/score_function.hpp"
#include "varopt/relax/gumbel_softmax.hpp"

namespace varopt::relax {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::span<const double> view(const Vec& v) {
  return {v.data(), static_cast<std::size_t>(v.size())};
}
std::span<double> view(Vec& v) { return {v.data(), static_cast<std::size_t>(v.size())}; }

// One estimate of ∇θ J, from the repetition's random numbers.
using Estimate = std::function<void(std::uint32_t repetition, VecRef out)>;

ComparisonRow measure(std::string label, double tau, Index evaluations, Index repetitions,
                      const Vec& exact, const Estimate& estimate) {
  RunningMoments gradient(exact.size());
  RunningMoments cosine(1);
  const double exact_norm = exact.norm();
  Vec g(exact.size());
  Vec c(1);
  for (Index r = 0; r < repetitions; ++r) {
    estimate(static_cast<std::uint32_t>(r), g);
    gradient.add(g);
    const double norm = g.norm();
    c[0] = exact_norm == 0 ? kNaN : norm == 0 ? 0.0 : g.dot(exact) / (norm * exact_norm);
    cosine.add(c);
  }
  ComparisonRow row;
  row.estimator = std::move(label);
  row.tau = tau;
  row.moments = EstimatorMoments{row.estimator,
                                 evaluations,
                                 repetitions,
                                 gradient.mean(),
                                 gradient.standard_error(),
                                 gradient.variance(),
                                 gradient.variance_standard_error()};
  const Vec bias = row.moments.mean - exact;
  const Vec& se = row.moments.standard_error;
  row.bias_norm = bias.norm();
  row.noise_floor = se.norm();
  // d‖b‖/db = b/‖b‖ (delta method); at b = 0 the floor is the honest scale.
  row.bias_standard_error =
      row.bias_norm > 0 ? (bias.cwiseProduct(se)).norm() / row.bias_norm : row.noise_floor;
  row.relative_bias = exact_norm > 0 ? row.bias_norm / exact_norm : kNaN;
  const double e = static_cast<double>(evaluations);
  row.variance_per_evaluation = e * row.moments.total_variance();
  row.variance_standard_error = e * row.moments.variance_standard_error.sum();
  row.mean_cosine = cosine.mean()[0];
  row.cosine_standard_error = cosine.standard_error()[0];
  return row;
}

enum class Relaxed { straight_through, gumbel_softmax, st_gumbel_softmax };

// ĝ from one Gumbel draw (stream (seed, repetition, 0)); see the header for the formulas.
Estimate relaxed_estimate(const CategoricalModel& model, Relaxed kind, double tau,
                          std::uint64_t seed) {
  return [&model, kind, tau, seed, pi = model.probabilities(), hard = Vec(model.size()),
          soft = Vec(model.size()),
          dy = Vec(model.size())](std::uint32_t repetition, VecRef out) mutable {
    const Index c = model.categories();
    const StreamId noise{.seed = seed, .generation = repetition, .member = 0};
    // The plain straight-through estimator needs only the hard sample; any τ gives the same one.
    const double forward_tau = kind == Relaxed::straight_through ? 1.0 : tau;
    gumbel_softmax_hard<double>(view(model.logits()), c, forward_tau, noise, view(hard),
                                view(soft));
    model.loss_gradient(kind == Relaxed::gumbel_softmax ? soft : hard, dy);
    std::span<double> grad{out.data(), static_cast<std::size_t>(out.size())};
    if (kind == Relaxed::straight_through) {
      // J_softmax(θ)ᵀ v = π ⊙ (v − ⟨v, π⟩): the Gumbel-softmax VJP with y = π and τ = 1.
      gumbel_softmax_backward<double>(view(pi), view(dy), c, 1.0, grad);
    } else {
      gumbel_softmax_backward<double>(view(soft), view(dy), c, tau, grad);
    }
  };
}

Estimate population_estimate(const GradientEstimator& estimator, const Categorical& distribution,
                             const Objective& f, Index population, std::uint64_t seed) {
  return [&estimator, &distribution, &f, population, seed,
          evaluations = Evaluations{Vec(population), Mat()},
          x = Vec(distribution.dim())](std::uint32_t repetition, VecRef out) mutable {
    const Population members(distribution, seed, repetition, population, estimator.needs_pairs());
    for (Index i = 0; i < population; ++i) {
      members.member(i, x);
      evaluations.fitness[i] = f(x);
    }
    out = estimator.gradient(members, evaluations);
  };
}

}  // namespace

void CategoricalModelOptions::validate() const {
  constexpr std::string_view where = "CategoricalModelOptions::validate";
  require(variables >= 1, where, "variables >= 1", variables);
  require(categories >= 2, where, "categories >= 2", categories);
  require(outputs >= 1, where, "outputs >= 1", outputs);
  require(power >= 1 && std::isfinite(power), where, "power >= 1 and finite", power);
  require(logit_scale >= 0 && std::isfinite(logit_scale), where, "logit_scale >= 0 and finite",
          logit_scale);
}

CategoricalModel::CategoricalModel(const CategoricalModelOptions& options) {
  options.validate();
  variables_ = options.variables;
  categories_ = options.categories;
  power_ = options.power;
  a_.resize(options.outputs, size());
  t_.resize(options.outputs);
  logits_.resize(size());
  Stream stream(StreamId{.seed = options.seed});
  stream.fill_normal(view(t_));
  stream.fill_normal({a_.data(), static_cast<std::size_t>(a_.size())});
  stream.fill_normal(view(logits_));
  logits_ *= options.logit_scale;
}

Vec CategoricalModel::probabilities() const {
  Vec pi(size());
  for (Index k = 0; k < variables_; ++k) {
    const auto theta = logits_.segment(k * categories_, categories_);
    const Vec e = (theta.array() - theta.maxCoeff()).exp();
    pi.segment(k * categories_, categories_) = e / e.sum();
  }
  return pi;
}

double CategoricalModel::loss(ConstVecRef y) const {
  require(y.size() == size(), "CategoricalModel::loss",
          "a point of size K·C = " + std::to_string(size()), y.size());
  return residual_loss(a_ * y - t_);
}

double CategoricalModel::residual_loss(const Vec& residual) const {
  return std::pow(residual.squaredNorm(), power_);
}

void CategoricalModel::loss_gradient(ConstVecRef y, VecRef grad) const {
  constexpr std::string_view where = "CategoricalModel::loss_gradient";
  require(y.size() == size(), where, "a point of size K·C = " + std::to_string(size()), y.size());
  require(grad.size() == size(), where, "a gradient of size K·C = " + std::to_string(size()),
          grad.size());
  const Vec residual = a_ * y - t_;
  grad.noalias() =
      (2.0 * power_ * std::pow(residual.squaredNorm(), power_ - 1.0)) * (a_.transpose() * residual);
}

double CategoricalModel::loss_at_categories(ConstVecRef x) const {
  constexpr std::string_view where = "CategoricalModel::loss_at_categories";
  require(x.size() == variables_, where, "K = " + std::to_string(variables_) + " category indices",
          x.size());
  Vec r = -t_;
  for (Index k = 0; k < variables_; ++k) {
    require(x[k] >= 0 && x[k] < static_cast<double>(categories_) && x[k] == std::floor(x[k]), where,
            "integer categories in [0, C)", x[k]);
    r += a_.col(k * categories_ + static_cast<Index>(x[k]));
  }
  return residual_loss(r);
}

void EstimatorComparisonOptions::validate() const {
  constexpr std::string_view where = "EstimatorComparisonOptions::validate";
  model.validate();
  require(!taus.empty(), where, "at least one temperature", "none");
  for (const double tau : taus)
    require(tau > 0 && std::isfinite(tau), where, "every tau > 0 and finite", tau);
  require(repetitions >= 2 &&
              repetitions <= static_cast<Index>(std::numeric_limits<std::uint32_t>::max()),
          where, "2 <= repetitions < 2^32", repetitions);
  require(rloo_samples >= 2, where, "rloo_samples >= 2", rloo_samples);
}

EstimatorComparison compare_estimators(const EstimatorComparisonOptions& options) {
  options.validate();
  EstimatorComparison result{CategoricalModel(options.model), 0, Vec(), {}};
  const CategoricalModel& model = result.model;
  const Categorical distribution(
      std::vector<Index>(static_cast<std::size_t>(model.variables()), model.categories()),
      model.logits());
  const Objective f = [&model](ConstVecRef x) { return model.loss_at_categories(x); };
  const ExactExpectation exact = exact_expectation(distribution, f);
  result.exact_value = exact.value;
  result.exact_gradient = exact.gradient;

  std::uint64_t seed = options.seed;  // one seed per row: rows are independent
  auto add = [&](std::string label, double tau, Index evaluations, const Estimate& estimate) {
    result.rows.push_back(measure(std::move(label), tau, evaluations, options.repetitions,
                                  result.exact_gradient, estimate));
    ++seed;
  };
  const ScoreFunction score_function(ScoreFunctionOptions{.baseline = Baseline::none});
  const auto rloo = make_rloo();
  const Arm arm;
  const Disarm disarm;
  add("score-function", kNaN, 1, population_estimate(score_function, distribution, f, 1, seed));
  add("rloo", kNaN, options.rloo_samples,
      population_estimate(*rloo, distribution, f, options.rloo_samples, seed));
  add("arm", kNaN, 2, population_estimate(arm, distribution, f, 2, seed));
  add("disarm", kNaN, 2, population_estimate(disarm, distribution, f, 2, seed));
  add("straight-through", kNaN, 1, relaxed_estimate(model, Relaxed::straight_through, 1.0, seed));
  for (const double tau : options.taus)
    add("gumbel-softmax", tau, 1, relaxed_estimate(model, Relaxed::gumbel_softmax, tau, seed));
  for (const double tau : options.taus)
    add("st-gumbel-softmax", tau, 1,
        relaxed_estimate(model, Relaxed::st_gumbel_softmax, tau, seed));
  return result;
}

}  // namespace varopt::relax
