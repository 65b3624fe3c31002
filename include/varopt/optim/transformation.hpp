#pragma once
// Gradient transformations in the style of optax (Babuschkin et al. 2020): an optimizer is a
// chain of stateful maps g ↦ T(g), the last of which scales by −γ_t, so that the chain turns a
// gradient estimate ĝ of J into the step Δψ applied as ψ ← ψ + Δψ.
//   sgd(γ)        = chain(scale_by_schedule(γ))                      Δψ = −γ_t ĝ
//   momentum(γ,β) = chain(trace(β), scale_by_schedule(γ))            v ← βv + ĝ, Δψ = −γ_t v
//   adam(γ)       = chain(scale_by_adam(β₁,β₂,ε), scale_by_schedule(γ))   (Kingma & Ba 2015)
// Every transformation's state is saved to and restored from JSON for checkpoints.
#include <memory>
#include <string>
#include <vector>

#include "varopt/core/json.hpp"
#include "varopt/core/types.hpp"

namespace varopt {

class GradientTransformation {
 public:
  virtual ~GradientTransformation() = default;
  virtual std::string name() const = 0;
  // g ← T(g), advancing the transformation's state by one step.
  virtual void update(VecRef g) = 0;
  virtual Json state() const = 0;
  // Throws FileError when `state` does not belong to this transformation.
  virtual void restore(const Json& state) = 0;
  virtual std::unique_ptr<GradientTransformation> clone() const = 0;
};

// Applies its transformations in order.
class Chain final : public GradientTransformation {
 public:
  Chain() = default;
  explicit Chain(std::vector<std::unique_ptr<GradientTransformation>> parts);
  Chain(const Chain& other);
  Chain& operator=(const Chain& other);
  Chain(Chain&&) noexcept = default;
  Chain& operator=(Chain&&) noexcept = default;

  Chain& then(std::unique_ptr<GradientTransformation> part);
  // A display name (e.g. "adam(lr=0.05, constant)"); without one, the parts' names joined.
  Chain& label(std::string name);
  std::string name() const override;
  void update(VecRef g) override;
  Json state() const override;
  void restore(const Json& state) override;
  std::unique_ptr<GradientTransformation> clone() const override;

 private:
  std::vector<std::unique_ptr<GradientTransformation>> parts_;
  std::string label_;
};

}  // namespace varopt
