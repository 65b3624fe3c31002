#include "varopt/optim/schedule.hpp"

#include <algorithm>
#include <cmath>

#include "varopt/core/error.hpp"

namespace varopt {

void Schedule::validate() const {
  require(std::isfinite(initial) && initial > 0, "Schedule", "a learning rate > 0", initial);
  require(decay > 0 && decay <= 1, "Schedule", "a decay factor in (0, 1]", decay);
  require(time_scale > 0, "Schedule", "a time scale > 0", time_scale);
  require(floor >= 0 && floor <= initial, "Schedule", "a floor in [0, learning rate]", floor);
}

double Schedule::at(std::uint64_t step) const {
  const double t = static_cast<double>(step);
  switch (kind) {
    case Kind::constant:
      return initial;
    case Kind::exponential:
      return std::max(floor, initial * std::pow(decay, t));
    case Kind::inverse_time:
      return std::max(floor, initial / (1.0 + t / time_scale));
  }
  return initial;
}

std::string Schedule::name_of(Kind kind) {
  switch (kind) {
    case Kind::constant:
      return "constant";
    case Kind::exponential:
      return "exponential";
    case Kind::inverse_time:
      return "inverse-time";
  }
  return "?";
}

}  // namespace varopt
