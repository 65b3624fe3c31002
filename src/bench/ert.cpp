#include "varopt/bench/ert.hpp"

#include <algorithm>
#include <limits>

#include "varopt/core/error.hpp"

namespace varopt::bench {

TargetStatistics target_statistics(const std::vector<const RunRecord*>& runs, std::size_t target) {
  require(!runs.empty(), "target_statistics", "at least one run", 0);
  TargetStatistics s;
  std::vector<double> successful;
  for (const RunRecord* run : runs) {
    require(target < run->evaluations_to_target.size(), "target_statistics",
            "a target index below the run's number of targets", target);
    ++s.runs;
    s.evaluations_spent += run->evaluations_for(target);
    if (run->reached(target)) {
      ++s.successes;
      successful.push_back(static_cast<double>(*run->evaluations_to_target[target]));
    }
  }
  if (s.successes == 0) {
    s.ert = std::numeric_limits<double>::infinity();
    s.median_successful = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  s.ert = static_cast<double>(s.evaluations_spent) / static_cast<double>(s.successes);
  std::sort(successful.begin(), successful.end());
  const std::size_t m = successful.size();
  s.median_successful =
      m % 2 == 1 ? successful[m / 2] : 0.5 * (successful[m / 2 - 1] + successful[m / 2]);
  return s;
}

}  // namespace varopt::bench
