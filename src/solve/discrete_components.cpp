// The discrete module's named components: fill these tables (see component_table.hpp).
#include "component_table.hpp"

namespace varopt::detail {

const std::vector<DistributionEntry>& discrete_distribution_entries() {
  static const std::vector<DistributionEntry> entries;
  return entries;
}

const std::vector<EstimatorEntry>& discrete_estimator_entries() {
  static const std::vector<EstimatorEntry> entries;
  return entries;
}

const std::vector<PresetEntry>& discrete_preset_entries() {
  static const std::vector<PresetEntry> entries;
  return entries;
}

}  // namespace varopt::detail
