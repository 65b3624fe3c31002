#pragma once
// Learning-rate schedules γ_t, t = 0, 1, ... (the step count):
//   constant      γ_t = γ₀
//   exponential   γ_t = max(γ_min, γ₀ · decay^t)
//   inverse_time  γ_t = max(γ_min, γ₀ / (1 + t / t₀))     (Robbins–Monro-style decay)
// Robbins & Monro (1951) require Σγ_t = ∞, Σγ_t² < ∞ for SGD to converge on noisy gradients;
// inverse_time satisfies it, constant and exponential trade that guarantee for speed.
#include <cstdint>
#include <string>

namespace varopt {

struct Schedule {
  enum class Kind { constant, exponential, inverse_time };
  Kind kind = Kind::constant;
  double initial = 0.1;     // γ₀ > 0
  double decay = 1.0;       // exponential: factor per step, in (0, 1]
  double time_scale = 1.0;  // inverse_time: t₀ > 0
  double floor = 0.0;       // γ_min ≥ 0

  void validate() const;  // throws InvalidArgument
  double at(std::uint64_t step) const;
  static std::string name_of(Kind kind);  // "constant" | "exponential" | "inverse-time"
};

}  // namespace varopt
