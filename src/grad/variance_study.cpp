#include "varopt/grad/variance_study.hpp"

#include <cmath>
#include <limits>

#include "varopt/core/error.hpp"
#include "varopt/dist/finite_support.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/grad/enumeration.hpp"

namespace varopt {

RunningMoments::RunningMoments(Index size)
    : mean_(Vec::Zero(size)), m2_(Vec::Zero(size)), m3_(Vec::Zero(size)), m4_(Vec::Zero(size)) {}

void RunningMoments::add(ConstVecRef x) {
  require(x.size() == mean_.size(), "RunningMoments::add",
          "a vector of size " + std::to_string(mean_.size()), x.size());
  const double n1 = static_cast<double>(count_);
  ++count_;
  const double n = static_cast<double>(count_);
  for (Index j = 0; j < x.size(); ++j) {
    const double delta = x[j] - mean_[j];
    const double dn = delta / n;
    const double dn2 = dn * dn;
    const double term1 = delta * dn * n1;
    mean_[j] += dn;
    m4_[j] += term1 * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * m2_[j] - 4 * dn * m3_[j];
    m3_[j] += term1 * dn * (n - 2) - 3 * dn * m2_[j];
    m2_[j] += term1;
  }
}

Vec RunningMoments::variance() const {
  require(count_ >= 2, "RunningMoments::variance", "at least 2 values", count_);
  return m2_ / static_cast<double>(count_ - 1);
}

Vec RunningMoments::standard_error() const {
  return (variance() / static_cast<double>(count_)).cwiseSqrt();
}

Vec RunningMoments::variance_standard_error() const {
  // Var s² = (μ₄ − σ⁴)/n + 2σ⁴/(n(n − 1)) (exact for i.i.d. values), with the sample central
  // moments m₂ = M₂/n and m₄ = M₄/n in place of σ² and μ₄. The second term is all that is left for
  // a symmetric two-point law (μ₄ = σ⁴).
  const double n = static_cast<double>(count_);
  const Vec m2 = m2_ / n;
  const Vec m4 = m4_ / n;
  return ((m4 - m2.cwiseAbs2()).cwiseMax(0.0) / n + 2 * m2.cwiseAbs2() / (n * (n - 1))).cwiseSqrt();
}

EstimatorMoments estimator_moments(const std::string& label, const GradientEstimator& estimator,
                                   const SearchDistribution& distribution, const Objective& f,
                                   Index population, Index repetitions, std::uint64_t seed) {
  require(repetitions >= 2, "estimator_moments", "repetitions >= 2", repetitions);
  const MinimumPopulation least = estimator.min_population(estimator.needs_pairs());
  require(population >= least.size, "estimator_moments",
          detail::concat("a population >= ", least.size, " for ", estimator.name(), " (",
                         least.reason, ")"),
          population);
  require(repetitions <= std::numeric_limits<std::uint32_t>::max(), "estimator_moments",
          "repetitions < 2^32", repetitions);
  RunningMoments moments(distribution.num_params());
  Evaluations evaluations{Vec(population), Mat()};
  Vec x(distribution.dim());
  for (Index r = 0; r < repetitions; ++r) {
    const Population members(distribution, seed, static_cast<std::uint32_t>(r), population,
                             estimator.needs_pairs());
    for (Index i = 0; i < population; ++i) {
      members.member(i, x);
      evaluations.fitness[i] = f(x);
    }
    moments.add(estimator.gradient(members, evaluations));
  }
  return {label,
          population,
          repetitions,
          moments.mean(),
          moments.standard_error(),
          moments.variance(),
          moments.variance_standard_error()};
}

void VarianceStudyOptions::validate() const {
  require(repetitions >= 2, "VarianceStudyOptions", "repetitions >= 2", repetitions);
}

std::vector<StudyRow> variance_study(const SearchDistribution& distribution, const Objective& f,
                                     const std::vector<StudyEstimator>& estimators,
                                     const VarianceStudyOptions& options) {
  options.validate();
  std::optional<Vec> exact;
  const auto* finite = dynamic_cast<const FiniteSupport*>(&distribution);
  if (finite != nullptr && support_size(distribution) <= options.enumeration_limit)
    exact = exact_expectation(distribution, f, options.enumeration_limit).gradient;
  std::vector<StudyRow> rows;
  for (const auto& e : estimators) {
    require(e.estimator != nullptr, "variance_study", "an estimator for '" + e.label + "'", "null");
    StudyRow row{estimator_moments(e.label, *e.estimator, distribution, f, e.population,
                                   options.repetitions, options.seed),
                 exact, std::numeric_limits<double>::quiet_NaN(),
                 std::numeric_limits<double>::quiet_NaN()};
    if (exact) {
      const Vec bias = (row.moments.mean - *exact).cwiseAbs();
      row.max_bias = bias.maxCoeff();
      row.max_bias_in_standard_errors = 0;
      for (Index j = 0; j < bias.size(); ++j) {
        const double se = row.moments.standard_error[j];
        if (se > 0)
          row.max_bias_in_standard_errors = std::max(row.max_bias_in_standard_errors, bias[j] / se);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::vector<double>> variance_by_dimension(
    const std::function<DimensionCase(Index)>& problem, const std::vector<Index>& dims,
    const std::vector<StudyEstimator>& estimators, const VarianceStudyOptions& options) {
  options.validate();
  std::vector<std::vector<double>> out(estimators.size());
  for (const Index n : dims) {
    const DimensionCase c = problem(n);
    require(c.distribution != nullptr && static_cast<bool>(c.objective), "variance_by_dimension",
            "a distribution and an objective for every dimension", n);
    for (std::size_t e = 0; e < estimators.size(); ++e) {
      const auto m = estimator_moments(estimators[e].label, *estimators[e].estimator,
                                       *c.distribution, c.objective, estimators[e].population,
                                       options.repetitions, options.seed);
      out[e].push_back(m.variance_per_evaluation());
    }
  }
  return out;
}

}  // namespace varopt
