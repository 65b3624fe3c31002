#include "varopt/relax/temperature_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "varopt/core/error.hpp"

namespace varopt::relax {
namespace {

bool positive_finite(double x) { return x > 0.0 && std::isfinite(x); }

}  // namespace

void ConstantTemperature::validate() const {
  require(positive_finite(tau), "ConstantTemperature::validate", "tau > 0 and finite", tau);
}

void ExponentialTemperature::validate() const {
  constexpr std::string_view where = "ExponentialTemperature::validate";
  require(positive_finite(initial), where, "initial > 0 and finite", initial);
  require(positive_finite(minimum), where, "minimum > 0 and finite", minimum);
  require(rate >= 0.0 && std::isfinite(rate), where, "rate >= 0 and finite", rate);
  require(every >= 1, where, "every >= 1", every);
}

TemperatureSchedule::TemperatureSchedule(const ConstantTemperature& constant)
    : custom_(false) {
  constant.validate();
  tau_ = [tau = constant.tau](std::uint64_t) { return tau; };
}

TemperatureSchedule::TemperatureSchedule(const ExponentialTemperature& exponential)
    : custom_(false) {
  exponential.validate();
  tau_ = [e = exponential](std::uint64_t step) {
    const auto t = static_cast<double>(step - step % e.every);
    return std::max(e.minimum, e.initial * std::exp(-e.rate * t));
  };
}

TemperatureSchedule::TemperatureSchedule(std::function<double(std::uint64_t)> custom)
    : tau_(std::move(custom)), custom_(true) {
  require(static_cast<bool>(tau_), "TemperatureSchedule::TemperatureSchedule",
          "a callable custom schedule", "an empty std::function");
}

double TemperatureSchedule::at(std::uint64_t step) const {
  const double tau = tau_(step);
  if (custom_) {
    require(positive_finite(tau), "TemperatureSchedule::at",
            varopt::detail::concat("the custom schedule's tau > 0 and finite at step ", step),
            tau);
  }
  return tau;
}

}  // namespace varopt::relax
