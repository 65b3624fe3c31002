#pragma once
// The gradient update rule (see update_rule.hpp):
//   ĝ  = estimator(population, f)                  ≈ ∇ψ J(ψ), J(ψ) = E_{θ~P(·|ψ)} f(θ)
//   Δψ = T(ĝ)                                       a chain of gradient transformations, e.g.
//                                                   −γ ĝ (SGD), Adam, and the σ controls as masks
//   ψ' = distribution.params_after_step(Δψ)          ψ + Δψ, or the distribution's own geometry
// With SGD this is the lecture's Algorithm 1 (SGD-VO); with the natural gradient, NES utilities
// and the σ learning rate as a mask on the spread parameters it is SNES (Schaul et al. 2011) and,
// with the multiplicative factor update of GaussianFull, xNES (Glasmachers et al. 2010).
// The state is the chain's (moments, step counters).
#include "varopt/optim/transformation.hpp"
#include "varopt/update/update_rule.hpp"

namespace varopt {

class GradientStep final : public UpdateRule {
 public:
  // Throws InvalidArgument when either part is null.
  GradientStep(std::unique_ptr<GradientEstimator> estimator,
               std::unique_ptr<GradientTransformation> transformation);
  GradientStep(const GradientStep& other);
  GradientStep& operator=(const GradientStep& other);

  std::string name() const override;
  bool needs_pairs() const override { return estimator_->needs_pairs(); }
  bool needs_objective_gradient() const override { return estimator_->needs_objective_gradient(); }
  MinimumPopulation min_population(bool antithetic) const override {
    return estimator_->min_population(antithetic);
  }
  void check_distribution(const SearchDistribution& dist, std::string_view where) const override {
    estimator_->check_distribution(dist, where);
  }
  UpdateStep update(const Population& population, const Evaluations& evaluations,
                    Vec& next) override;
  Json state() const override { return transformation_->state(); }
  void restore(const Json& state) override { transformation_->restore(state); }
  std::unique_ptr<UpdateRule> clone() const override {
    return std::make_unique<GradientStep>(*this);
  }

  const GradientEstimator& estimator() const { return *estimator_; }
  const GradientTransformation& transformation() const { return *transformation_; }

 private:
  std::unique_ptr<GradientEstimator> estimator_;
  std::unique_ptr<GradientTransformation> transformation_;
  Vec gradient_, step_;  // ĝ and Δψ, kept so that a steady run allocates nothing (not state)
};

}  // namespace varopt
