#include "varopt/dist/box.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <string>

#include "varopt/core/error.hpp"

namespace varopt {

void Box::validate(Index n) const {
  if (empty()) return;
  require(lower.size() == n && upper.size() == n, "bounds",
          "lower and upper bounds for " + std::to_string(n) + " coordinates",
          std::to_string(lower.size()) + " lower, " + std::to_string(upper.size()) + " upper");
  for (Index i = 0; i < n; ++i) {
    // Equal bounds fix a coordinate; both infinite and equal (+inf, +inf) bound nothing real.
    if (std::isnan(lower[i]) || std::isnan(upper[i]) || !(lower[i] <= upper[i]) ||
        (std::isinf(lower[i]) && lower[i] == upper[i]))
      require(false, "bounds",
              "lower <= upper (equal: a fixed coordinate) at coordinate " + std::to_string(i),
              detail::concat(std::setprecision(15), lower[i], " and ", upper[i]));
  }
}

namespace {

// v reflected into [l, u] (either may be infinite); NaN stays NaN.
double reflected(double v, double l, double u) {
  if (std::isnan(v)) return v;  // (the folding below made it the upper bound)
  const bool has_l = std::isfinite(l), has_u = std::isfinite(u);
  if (has_l && has_u) {
    if (v >= l && v <= u) return v;
    if (l == u) return l;  // a fixed coordinate
    const double width = u - l;
    const double t = std::fmod(v - l, 2 * width);
    const double folded = t < 0 ? t + 2 * width : t;
    return std::min(u, l + (folded <= width ? folded : 2 * width - folded));
  }
  if (has_l) return l + std::abs(v - l);
  if (has_u) return u - std::abs(u - v);
  return v;
}

}  // namespace

void Box::reflect(VecRef x) const {
  if (empty()) return;
  for (Index i = 0; i < x.size(); ++i) {
    x[i] = reflected(x[i], lower[i], upper[i]);
    if (!integral.empty() && integral[static_cast<std::size_t>(i)] && !std::isnan(x[i]))
      x[i] = std::clamp(std::round(x[i]), std::ceil(lower[i]), std::floor(upper[i]));
  }
}

bool Box::contains(ConstVecRef x) const {
  if (empty()) return true;
  return (x.array() >= lower.array()).all() && (x.array() <= upper.array()).all();
}

Vec Box::broadcast(const std::vector<double>& values, Index n, const char* what) {
  if (values.size() == 1) return Vec::Constant(n, values[0]);
  require(static_cast<Index>(values.size()) == n, what,
          "1 or " + std::to_string(n) + " values", values.size());
  return Eigen::Map<const Vec>(values.data(), n);
}

Box Box::of(const SearchSpace& space) {
  const double inf = std::numeric_limits<double>::infinity();
  Box box{Vec::Constant(space.dim(), -inf), Vec::Constant(space.dim(), inf)};
  bool any = false;
  Index offset = 0;
  for (const auto& block : space.blocks) {
    if (block.kind == VariableKind::continuous) {
      if (block.box_lower) box.lower.segment(offset, block.size) = *block.box_lower;
      if (block.box_upper) box.upper.segment(offset, block.size) = *block.box_upper;
      any = any || block.box_lower || block.box_upper;
      if (block.integral) {
        box.integral.resize(static_cast<std::size_t>(space.dim()), false);
        std::fill_n(box.integral.begin() + offset, block.size, true);
      }
    }
    offset += block.size;
  }
  return any ? box : Box{};
}

}  // namespace varopt
