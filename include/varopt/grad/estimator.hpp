#pragma once
// A gradient estimator turns one generation — the population and its evaluations — into an
// estimate of ∇ψ J(ψ), J(ψ) = E_{θ~P(·|ψ)} f(θ), at the ψ that drew the population.
// The solver then *descends*: ψ ← ψ + optimizer.update(ĝ) with the update ≈ −γ ĝ.
//
// Estimators that need coupled samples (antithetic Gaussians, ARM/DisARM pairs) say so with
// needs_pairs(): the solver then draws antithetic populations (see dist/population.hpp).
// Estimators that need ∇f (the pathwise estimator) say so with needs_objective_gradient().
#include <memory>
#include <string>
#include <string_view>

#include "varopt/core/types.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/eval/evaluations.hpp"

namespace varopt {

class GradientEstimator {
 public:
  virtual ~GradientEstimator() = default;
  virtual std::string name() const = 0;
  virtual bool needs_pairs() const { return false; }
  virtual bool needs_objective_gradient() const { return false; }
  // Smallest population the estimator works with (2 for leave-one-out and pairs).
  virtual Index min_population() const { return 1; }
  // ĝ ≈ ∇ψ J at population.distribution(). Throws InvalidArgument when evaluations do not match
  // the population (size, missing gradients) or the population lacks the pairs it needs.
  virtual Vec gradient(const Population& population, const Evaluations& evaluations) const = 0;
  virtual std::unique_ptr<GradientEstimator> clone() const = 0;
};

// Throws InvalidArgument from `where` unless evaluations has one finite fitness per member (and,
// when with_gradients, a dim × size matrix of finite objective gradients).
void check_evaluations(const Population& population, const Evaluations& evaluations,
                       std::string_view where, bool with_gradients = false);

}  // namespace varopt
