#include "varopt/solve/integer_margin.hpp"

#include <algorithm>
#include <cmath>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// z > 0 with P(|N(0, 1)| > z) = erfc(z/√2) = tail, by bisection (erfc decreases; tail in (0, 1)).
double two_sided_normal_quantile(double tail) {
  double low = 0, high = 40;
  for (int i = 0; i < 200 && high - low > 1e-15 * high; ++i) {
    const double middle = 0.5 * (low + high);
    (std::erfc(middle / std::sqrt(2.0)) > tail ? low : high) = middle;
  }
  return 0.5 * (low + high);
}

}  // namespace

double integer_spread_floor(Index dim, Index population) {
  require(dim >= 1 && population >= 1, "integer_spread_floor",
          "a dimension and a population >= 1", detail::concat(dim, ", ", population));
  const double alpha = 1.0 / (static_cast<double>(dim) * static_cast<double>(population));
  return 0.5 / two_sided_normal_quantile(alpha);
}

Vec integer_spread_floors(const Box& box, Index dim, Index population) {
  if (std::none_of(box.integral.begin(), box.integral.end(), [](bool b) { return b; }))
    return Vec();
  Vec floors = Vec::Zero(dim);
  const double floor = integer_spread_floor(dim, population);
  for (Index i = 0; i < dim && i < static_cast<Index>(box.integral.size()); ++i)
    if (box.integral[static_cast<std::size_t>(i)]) floors[i] = floor;
  return floors;
}

}  // namespace varopt
