#pragma once
// Relaxed Bernoulli / binary Concrete (Maddison, Mnih & Teh 2017, §3.3; Jang et al. 2017),
// element-wise over logits φ (p = σ(φ), σ the logistic sigmoid):
//   y = σ((φ + L) / τ),  L = log u − log(1 − u) (logistic noise),  τ > 0;
//   dy/dφ = y (1 − y) / τ, so the VJP is ∂L/∂φ = v ⊙ y ⊙ (1 − y) / τ.
// As τ → 0, y tends to b = 1[φ + L > 0], a Bernoulli(p) sample. The hard (straight-through)
// variant returns that b, exactly 0 or 1, with the soft path's gradient.
// Noise: element e uses logistic number e of the stream (relax/noise.hpp), so any tensor shape
// works on its flat row-major index.
#include <span>

#include "varopt/core/rng.hpp"
#include "varopt/relax/noise.hpp"

namespace varopt::relax {

// soft = sigmoid((logits + L) / tau). Throws InvalidArgument for tau ≤ 0 or non-finite, or
// mismatched sizes.
template <class T>
void relaxed_bernoulli(std::span<const T> logits, double tau, const StreamId& noise,
                       std::span<T> soft);

// hard = 1[logits + L > 0] and, when `soft` is not empty, the soft sample for the backward pass.
template <class T>
void relaxed_bernoulli_hard(std::span<const T> logits, double tau, const StreamId& noise,
                            std::span<T> hard, std::span<T> soft = {});

// Backward of both: grad_logits = grad_output ⊙ soft ⊙ (1 − soft) / tau.
template <class T>
void relaxed_bernoulli_backward(std::span<const T> soft, std::span<const T> grad_output,
                                double tau, std::span<T> grad_logits);

}  // namespace varopt::relax
