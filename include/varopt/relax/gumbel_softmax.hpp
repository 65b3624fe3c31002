#pragma once
// Gumbel-softmax / Concrete relaxation of a categorical sample (Jang, Gu & Poole 2017;
// Maddison, Mnih & Teh 2017), row-wise over row-major rows × classes logits θ:
//   y = softmax((θ + G) / τ),  G_i = −log(−log u_i),  τ > 0.
// As τ → 0, y tends to the one-hot Gumbel-max sample (relax/gumbel_max.hpp).
// Vector-Jacobian product, v = ∂L/∂y:   ∂L/∂θ = (1/τ) · y ⊙ (v − ⟨v, y⟩).
// Straight-through ("hard") variant (Jang et al. 2017 §2.2; Bengio et al. 2013): the forward
// value is one_hot(argmax y), exactly 0 or 1, and the backward pass is the soft path's VJP.
//
// Fused: noise, perturbation, max, exp and normalization in one sweep over a cache-resident
// tile; the backward is one sweep. Numerically safe: the row maximum is subtracted before the
// exponential (log-sum-exp), uniforms lie in (0, 1), so no NaN or inf for any τ > 0 (tested
// down to τ = 1e-3) or finite logits (tested at ±1e4). A logit of −inf is allowed (probability
// 0) as long as each row has a finite one.
#include <span>

#include "varopt/core/types.hpp"
#include "varopt/relax/noise.hpp"

namespace varopt::relax {

// soft = softmax((logits + G) / tau) row-wise; soft.size() = logits.size(). `noise` is a StreamId
// or the caller's G, one value per logit (a std::vector<T>, span or Eigen vector:
// relax/noise.hpp); write the call as gumbel_softmax<float>(...) to pass vectors directly.
// Throws InvalidArgument for tau ≤ 0 or non-finite, mismatched sizes (given noise included), or
// classes < 1.
template <class T>
void gumbel_softmax(std::span<const T> logits, Index classes, double tau,
                    const GumbelNoise<T>& noise, std::span<T> soft);

// Straight-through forward: hard = one_hot(argmax(logits + G)) and, when `soft` is not empty,
// the soft sample the backward pass needs (the same as gumbel_softmax's with the same noise).
template <class T>
void gumbel_softmax_hard(std::span<const T> logits, Index classes, double tau,
                         const GumbelNoise<T>& noise, std::span<T> hard, std::span<T> soft = {});

// Backward of both variants: grad_logits = (1/tau) · soft ⊙ (grad_output − ⟨grad_output, soft⟩)
// row-wise, with `soft` the soft sample of the forward pass. Outputs must not overlap inputs.
template <class T>
void gumbel_softmax_backward(std::span<const T> soft, std::span<const T> grad_output,
                             Index classes, double tau, std::span<T> grad_logits);

}  // namespace varopt::relax
