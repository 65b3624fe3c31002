#pragma once
// Temperature schedules τ_t for the relaxations, t = 0, 1, ... the training step:
//   constant     τ_t = τ
//   exponential  τ_t = max(τ_min, τ₀ · exp(−r · N⌊t/N⌋)), updated every N steps
//                (Jang, Gu & Poole 2017 §4: τ₀ = 1, τ_min = 0.5, r ∈ {1e-5, 1e-4}, N = 500)
//   custom       τ_t = f(t), a user function, checked at every call.
// Low τ makes samples nearly one-hot (small bias) but gradients high-variance; annealing
// starts smooth and ends close to the discrete model.
#include <cstdint>
#include <functional>

namespace varopt::relax {

struct ConstantTemperature {
  double tau = 1.0;  // > 0, finite

  void validate() const;  // throws InvalidArgument
};

struct ExponentialTemperature {
  double initial = 1.0;        // τ₀ > 0, finite
  double minimum = 0.5;        // τ_min > 0, finite
  double rate = 1e-5;          // r ≥ 0, finite
  std::uint64_t every = 500;   // N ≥ 1

  void validate() const;  // throws InvalidArgument
};

class TemperatureSchedule {
 public:
  // The constructors validate their argument.
  TemperatureSchedule(const ConstantTemperature& constant);        // NOLINT(google-explicit-constructor)
  TemperatureSchedule(const ExponentialTemperature& exponential);  // NOLINT(google-explicit-constructor)
  explicit TemperatureSchedule(std::function<double(std::uint64_t)> custom);

  // τ at `step`; throws InvalidArgument when a custom function returns τ ≤ 0 or non-finite.
  double at(std::uint64_t step) const;

 private:
  std::function<double(std::uint64_t)> tau_;
  bool custom_;
};

}  // namespace varopt::relax
