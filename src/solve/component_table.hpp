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

struct EstimatorEntry {
  ComponentInfo info;
  std::function<std::unique_ptr<GradientEstimator>(const MethodSpec&)> make;
};

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
