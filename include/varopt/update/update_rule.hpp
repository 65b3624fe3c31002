#pragma once
// The update stage of a solver: one generation in — the population θ_1..θ_λ drawn from P(·|ψ) and
// its fitness f(θ_k) — the next ψ out. It is the only place where ψ changes, and it keeps its
// own state (optimizer moments, evolution paths), saved and restored with the solver's.
//
// The rules (one file each):
//   GradientStep   ψ' = ψ ⊕ T(ĝ): a gradient estimate ĝ of J(ψ) = E f(θ) turned into a step by a
//                  chain T of gradient transformations (SGD, Adam, the σ controls) and applied in
//                  the distribution's own geometry (SearchDistribution::params_after_step); NES,
//                  xNES and the lecture's SGD-VO are such steps (Wierstra et al. 2014, JMLR 15).
//   EliteFitUpdate ψ' = ψ*: the smoothed maximum-likelihood fit to the best members (PBIL, CEM;
//                  the IGO view of Ollivier et al. 2017, JMLR 18).
#include <memory>
#include <string>
#include <string_view>

#include "varopt/core/json.hpp"
#include "varopt/core/types.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/grad/estimator.hpp"

namespace varopt {

// What one update did (the next ψ itself goes to update's output vector).
struct UpdateStep {
  double gradient_norm = 0;  // ‖ĝ‖ for gradient rules, 0 for the others
  double step_norm = 0;      // ‖ψ' − ψ‖
};

class UpdateRule {
 public:
  virtual ~UpdateRule() = default;
  // A display name with the rule's settings; it is part of a checkpoint's configuration.
  virtual std::string name() const = 0;
  virtual bool needs_pairs() const { return false; }
  virtual bool needs_objective_gradient() const { return false; }
  // The smallest population the rule works with (`antithetic`: drawn in mirrored pairs).
  virtual MinimumPopulation min_population(bool /*antithetic*/) const { return {}; }
  // Throws InvalidArgument from `where` when the rule cannot work with `dist` (checked when a
  // solver is built, before any evaluation).
  virtual void check_distribution(const SearchDistribution& /*dist*/,
                                  std::string_view /*where*/) const {}
  // Writes the next ψ for the distribution that drew `population` into `next`, from its
  // evaluations (one finite fitness per member); advances the rule's state. `next` is resized
  // as needed: a caller that keeps it from one generation to the next lets a rule work without
  // allocating. Throws InvalidArgument when the evaluations do not match the population or the
  // rule cannot work with the distribution.
  virtual UpdateStep update(const Population& population, const Evaluations& evaluations,
                            Vec& next) = 0;
  virtual Json state() const = 0;
  // Throws FileError when `state` does not belong to this rule (wrong fields or sizes).
  virtual void restore(const Json& state) = 0;
  virtual std::unique_ptr<UpdateRule> clone() const = 0;
  // Told when the solver multiplied the distribution's spread by `factor` outside the rule
  // (noise handling's σ treatment): a rule that keeps its own step size follows it.
  virtual void spread_scaled(double /*factor*/) {}
};

}  // namespace varopt
