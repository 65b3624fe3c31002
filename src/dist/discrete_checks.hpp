#pragma once
// Internal: input checks shared by the discrete distributions. They build no string unless the
// check fails (they run once per coordinate of every point scored).
#include <cmath>
#include <string>
#include <string_view>

#include "varopt/core/error.hpp"
#include "varopt/core/types.hpp"

namespace varopt::detail {

inline void require_point_size(ConstVecRef x, Index dim, std::string_view where) {
  if (x.size() != dim)
    require(false, where, "a point of dimension " + std::to_string(dim), x.size());
}

// x_j must be one of the integers 0, 1, ..., count − 1.
inline Index require_level(double value, Index count, Index j, std::string_view where) {
  const bool ok = value >= 0 && value < static_cast<double>(count) && value == std::floor(value);
  if (!ok) {
    throw InvalidArgument(detail::concat(where, ": expected coordinate ", j,
                                         " to be an integer in [0, ", count - 1, "], got ", value));
  }
  return static_cast<Index>(value);
}

}  // namespace varopt::detail
