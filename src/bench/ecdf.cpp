#include "varopt/bench/ecdf.hpp"

#include <algorithm>
#include <cmath>

namespace varopt::bench {

double RuntimeEcdf::fraction_at(double at) const {
  if (pairs == 0) return 0.0;
  const auto reached = std::upper_bound(x.begin(), x.end(), at) - x.begin();
  return static_cast<double>(reached) / static_cast<double>(pairs);
}

RuntimeEcdf runtime_ecdf(const std::vector<const RunRecord*>& runs) {
  RuntimeEcdf ecdf;
  for (const RunRecord* run : runs) {
    for (const auto& hit : run->evaluations_to_target) {
      ++ecdf.pairs;
      if (hit)
        ecdf.x.push_back(std::log10(static_cast<double>(*hit) / static_cast<double>(run->dim)));
    }
  }
  std::sort(ecdf.x.begin(), ecdf.x.end());
  return ecdf;
}

}  // namespace varopt::bench
