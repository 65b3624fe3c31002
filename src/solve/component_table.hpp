#pragma once
// Internal: the named components, one table per family of files; presets.cpp joins them.
#include <functional>
#include <memory>
#include <vector>

#include "varopt/solve/presets.hpp"

namespace varopt::detail {

struct DistributionEntry {
  ComponentInfo info;
  // Builds the distribution on `space` at `center` with spread σ₀; throws InvalidArgument when
  // the space is not one it covers.
  std::function<std::unique_ptr<SearchDistribution>(const SearchSpace&, const Vec&, double)> make;
};

// An estimator name selects the update rule: a gradient step of the estimator through the spec's
// optimizer (gradient_step below), or a rule of its own that takes no optimizer (elite fit).
struct EstimatorEntry {
  ComponentInfo info;
  std::function<std::unique_ptr<UpdateRule>(const MethodSpec&, const SearchDistribution&)> make;
  bool takes_optimizer = true;   // false: the spec's optimizer and σ controls do not apply
  bool takes_smoothing = false;  // the spec's `smoothing` is the rule's step size (elite fits)
  bool takes_score_options = false;  // the spec's baseline, shaping and natural (score function)
};

// GradientStep(estimator, chain): [scale_spread(0) with hold_spread] | the spec's optimizer |
// [scale_spread(spread_learning_rate) when it is not 1], the masks over the distribution's
// spread parameters (optim/scale_masked.hpp).
std::unique_ptr<UpdateRule> gradient_step(std::unique_ptr<GradientEstimator> estimator,
                                          const MethodSpec& spec,
                                          const SearchDistribution& distribution);

// The `make` of a gradient estimator's entry, from a function that makes the estimator.
template <class MakeEstimator>
auto gradient_rule(MakeEstimator make_estimator) {
  return [make_estimator](const MethodSpec& spec, const SearchDistribution& distribution) {
    return gradient_step(make_estimator(), spec, distribution);
  };
}

struct PresetEntry {
  ComponentInfo info;
  std::function<MethodSpec(const SearchSpace&)> make;
};

// Gaussian distributions, score-function/pathwise estimators, continuous presets
// (continuous_components.cpp).
const std::vector<DistributionEntry>& continuous_distribution_entries();
const std::vector<EstimatorEntry>& continuous_estimator_entries();
const std::vector<PresetEntry>& continuous_preset_entries();
// Bernoulli/categorical/mixed distributions, discrete estimators and presets
// (discrete_components.cpp, owned by the discrete module). The first discrete preset is the
// default for spaces that are not purely continuous.
const std::vector<DistributionEntry>& discrete_distribution_entries();
const std::vector<EstimatorEntry>& discrete_estimator_entries();
const std::vector<PresetEntry>& discrete_preset_entries();

}  // namespace varopt::detail
