#pragma once
// Plain straight-through estimator for Bernoulli variables (Bengio, Léonard & Courville 2013):
//   forward   b = 1[u < p], p = sigmoid(φ)  (drawn as b = 1[φ + L > 0] with logistic noise L,
//             the same event in distribution and the same draw as relaxed_bernoulli_hard's);
//   backward  as if db/dp = 1:  ∂L/∂φ = v ⊙ p ⊙ (1 − p).
// Biased: for f(b) = (b − t)² it can even get the sign of dJ/dφ wrong (formulas.md); the
// relaxed variants trade that bias for a temperature.
#include <span>

#include "varopt/core/rng.hpp"
#include "varopt/relax/noise.hpp"

namespace varopt::relax {

// sample = 1[logits + L > 0], an exact Bernoulli(p) draw per element, p = σ(logits).
// Throws InvalidArgument on mismatched sizes.
template <class T>
void bernoulli_sample(std::span<const T> logits, const StreamId& noise, std::span<T> sample);

// grad_logits = grad_output ⊙ p ⊙ (1 − p), p = sigmoid(logits).
template <class T>
void straight_through_bernoulli_backward(std::span<const T> logits,
                                         std::span<const T> grad_output,
                                         std::span<T> grad_logits);

}  // namespace varopt::relax
