#pragma once
// The pathwise (reparameterization) gradient, for when the user supplies ∇f: with θ = T(ψ, ε),
//   ∇ψ J = E_ε[ (∂T/∂ψ)ᵀ ∇f(T(ψ, ε)) ]  ≈  (1/λ) Σ_k (∂T/∂ψ)ᵀ ∇f(θ_k)
// (Kingma & Welling 2014; Rezende et al. 2014). Its variance is typically far lower than the
// score function's, which shows the lecture's remark that VO is slower than using the analytic
// gradient. Needs a reparameterizable distribution (the Gaussians).
#include "varopt/grad/estimator.hpp"

namespace varopt {

class Pathwise final : public GradientEstimator {
 public:
  std::string name() const override { return "pathwise"; }
  bool needs_objective_gradient() const override { return true; }
  using GradientEstimator::gradient;
  void gradient(const Population& population, const Evaluations& evaluations,
                Vec& g) const override;
  std::unique_ptr<GradientEstimator> clone() const override {
    return std::make_unique<Pathwise>(*this);
  }
};

}  // namespace varopt
