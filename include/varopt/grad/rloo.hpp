#pragma once
// REINFORCE with the leave-one-out baseline, RLOO (Kool, van Hoof & Welling 2019, "Buy 4
// REINFORCE Samples, Get a Baseline for Free!", ICLR workshop), K ≥ 2 independent samples:
//   ĝ = 1/(K − 1) Σ_k (f_k − f̄) ∇ψ log P(θ_k|ψ) = (1/K) Σ_k (f_k − mean_{j≠k} f_j) ∇ψ log P(θ_k|ψ).
// It is exactly the score function with the leave-one-out baseline (grad/baseline.hpp), so it is
// that configuration, by name; it works for every search distribution (Bernoulli, categorical,
// Gaussian, Product). On the one-variable toy f(b) = (b − t)² its variance per evaluation is
//   K Var ĝ = (1 − 2t)² [v − 4v² + 2v²/(K − 1)],  v = p(1 − p)
// (derivation in tests/grad/discrete_estimators_test.cpp).
#include <memory>

#include "varopt/grad/score_function.hpp"

namespace varopt {

inline ScoreFunctionOptions rloo_options() {
  return ScoreFunctionOptions{
      .baseline = Baseline::leave_one_out, .shaping = Shaping::none, .natural = false};
}

inline std::unique_ptr<GradientEstimator> make_rloo() {
  return std::make_unique<ScoreFunction>(rloo_options());
}

}  // namespace varopt
