#pragma once
// A gradient estimator turns one generation — the population and its evaluations — into an
// estimate of ∇ψ J(ψ), J(ψ) = E_{θ~P(·|ψ)} f(θ), at the ψ that drew the population.
// The solver then *descends*: ψ ← ψ + optimizer.update(ĝ) with the update ≈ −γ ĝ.
//
// Estimators that need coupled samples (antithetic Gaussians, ARM/DisARM pairs) say so with
// needs_pairs(): the solver then draws antithetic populations (see dist/population.hpp).
// Estimators that need ∇f (the pathwise estimator) say so with needs_objective_gradient().
// Each says how many members it needs (min_population): fewer would leave its estimate undefined
// or identically zero (e.g. any fitness shaping of one member gives the weight 0).
#include <memory>
#include <string>
#include <string_view>

#include "varopt/core/types.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/eval/evaluations.hpp"

namespace varopt {

// The smallest population an estimator (or update rule) works with, and why, for messages.
struct MinimumPopulation {
  Index size = 1;
  std::string reason;  // empty when size is 1
};

class GradientEstimator {
 public:
  virtual ~GradientEstimator() = default;
  virtual std::string name() const = 0;
  virtual bool needs_pairs() const { return false; }
  virtual bool needs_objective_gradient() const { return false; }
  // The smallest population the estimator works with; `antithetic`: the members come in mirrored
  // pairs (a pair shares its noise).
  virtual MinimumPopulation min_population(bool /*antithetic*/) const { return {}; }
  // Throws InvalidArgument from `where` when the estimator cannot work with `dist` (DisARM on a
  // distribution without binary variables), so that a solver refuses it before any evaluation.
  virtual void check_distribution(const SearchDistribution& /*dist*/,
                                  std::string_view /*where*/) const {}
  // ĝ ≈ ∇ψ J at population.distribution(), written into g (resized): a caller that keeps g lets
  // an estimator work without allocating. Throws InvalidArgument when evaluations do not match
  // the population (size, missing gradients) or the population lacks the pairs it needs.
  virtual void gradient(const Population& population, const Evaluations& evaluations,
                        Vec& g) const = 0;
  // The same, returned.
  Vec gradient(const Population& population, const Evaluations& evaluations) const;
  virtual std::unique_ptr<GradientEstimator> clone() const = 0;
};

// Throws InvalidArgument from `where` unless evaluations has one finite fitness per member (and,
// when with_gradients, a dim × size matrix of finite objective gradients).
void check_evaluations(const Population& population, const Evaluations& evaluations,
                       std::string_view where, bool with_gradients = false);

}  // namespace varopt
