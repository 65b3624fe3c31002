#pragma once
// Measuring gradient estimators: mean, bias against the exact gradient, and variance per function
// evaluation, the figure of merit when estimators spend different numbers of evaluations per
// estimate (an estimate from λ evaluations with covariance C costs as much as λ one-evaluation
// estimates, so estimators compare by λ · tr C: the variance of the average of a fixed budget of
// evaluations, times the budget).
//
// The lecture (after Bengio, Léonard & Courville 2013, arXiv:1308.3432) warns that the
// score-function estimate has high variance that grows with the dimension; variance_by_dimension
// measures that on a family of problems indexed by n.
//
// Part of the lab (target varopt::lab), not of the core: docs/architecture.md, "Targets".
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "varopt/dist/search_distribution.hpp"
#include "varopt/grad/estimator.hpp"
#include "varopt/eval/objective.hpp"

namespace varopt {

// Running per-component mean, variance and fourth central moment (Welford / Terriberry online
// updates, stable for large means), for vectors of a fixed size.
class RunningMoments {
 public:
  explicit RunningMoments(Index size);
  void add(ConstVecRef x);
  Index count() const { return count_; }
  const Vec& mean() const { return mean_; }
  // Unbiased sample variance (count ≥ 2).
  Vec variance() const;
  // √(Var ĝ / count): the standard error of the mean.
  Vec standard_error() const;
  // Standard error of variance(): √((m₄ − m₂²)/n + 2m₂²/(n(n − 1))), n = count, m_k the sample
  // central moments.
  Vec variance_standard_error() const;

 private:
  Index count_ = 0;
  Vec mean_, m2_, m3_, m4_;
};

struct EstimatorMoments {
  std::string label;
  Index evaluations = 0;  // per estimate (the population size)
  Index repetitions = 0;
  Vec mean;                                                 // per component
  Vec standard_error;                                       // of the mean, per component
  Vec variance;                                             // per component
  Vec variance_standard_error;                              // per component
  double total_variance() const { return variance.sum(); }  // tr Cov ĝ
  double variance_per_evaluation() const {
    return static_cast<double>(evaluations) * total_variance();
  }
};

// `repetitions` (≥ 2) independent estimates, each from its own generation g = 0, 1, ... of
// population `population` (antithetic when the estimator needs pairs) drawn from `distribution`
// with `seed`, evaluated with f.
EstimatorMoments estimator_moments(const std::string& label, const GradientEstimator& estimator,
                                   const SearchDistribution& distribution, const Objective& f,
                                   Index population, Index repetitions, std::uint64_t seed);

struct StudyEstimator {
  std::string label;
  std::shared_ptr<const GradientEstimator> estimator;
  Index population = 2;
};

struct StudyRow {
  EstimatorMoments moments;
  std::optional<Vec> exact;  // ∇J by enumeration, when the space is small enough
  // max_j |mean_j − exact_j| and the same in standard errors of the mean (NaN without exact).
  double max_bias = 0;
  double max_bias_in_standard_errors = 0;
};

struct VarianceStudyOptions {
  Index repetitions = 4000;
  std::uint64_t seed = 1;
  std::uint64_t enumeration_limit = std::uint64_t{1} << 16;  // exact ∇J only for spaces this small
  void validate() const;
};

// One row per estimator, at the distribution's current ψ.
std::vector<StudyRow> variance_study(const SearchDistribution& distribution, const Objective& f,
                                     const std::vector<StudyEstimator>& estimators,
                                     const VarianceStudyOptions& options);

// The variance per evaluation of each estimator against the dimension: for every n in dims,
// problem(n) gives (distribution, objective); result[e][k] is estimator e's variance per
// evaluation at dims[k].
struct DimensionCase {
  std::unique_ptr<SearchDistribution> distribution;
  Objective objective;
};
std::vector<std::vector<double>> variance_by_dimension(
    const std::function<DimensionCase(Index)>& problem, const std::vector<Index>& dims,
    const std::vector<StudyEstimator>& estimators, const VarianceStudyOptions& options);

}  // namespace varopt
