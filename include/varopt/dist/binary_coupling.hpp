#pragma once
// Distributions driven by independent binary "sticks" b_j = 1[u_j < σ(φ_j)], u_j ~ U(0, 1),
// with θ a deterministic function of b. This is the structure that ARM (Yin & Zhou 2019, ICLR)
// and DisARM (Dong, Mnih & Tucker 2020, NeurIPS; 2021 for categorical variables) exploit: an
// antithetic pair uses the same uniforms u for both members,
//   member 2k   (sample):          b² = 1[u < σ(φ)],
//   member 2k+1 (sample_mirrored): b¹ = 1[1 − u < σ(φ)] = 1[u > σ(−φ)],
// and the estimators need u, φ and the chain rule from ∂/∂φ back to ∂/∂ψ.
//
// Bernoulli: the sticks are the variables themselves (φ = ψ, identity chain rule).
// Categorical: stick-breaking (Dong, Mnih & Tucker 2021, "Coupled Gradient Estimators for
// Discrete Latent Variables", NeurIPS): K − 1 sticks per variable, see dist/categorical.hpp.
// Product: the sticks of its discrete blocks; the parameters of its other blocks are listed by
// uncoupled_params() and estimated by the score function on the same pairs.
#include <vector>

#include "varopt/core/rng.hpp"
#include "varopt/core/types.hpp"

namespace varopt {

class BinaryCoupling {
 public:
  virtual ~BinaryCoupling() = default;
  virtual Index num_sticks() const = 0;
  // φ, one logit per stick.
  virtual Vec stick_logits() const = 0;
  // The uniforms u (size num_sticks()) that sample(stream, ·) would use; consumes `stream`
  // exactly as sample() does.
  virtual void stick_uniforms(Stream& stream, VecRef u) const = 0;
  // mask_j = 0 where stick j cannot change θ in either member of the pair (b¹, b²) (beyond the
  // stopping point of both stick-breaking chains), else 1. Dropping those terms is a
  // Rao-Blackwellization: their conditional expectation is zero.
  virtual void stick_relevance(ConstVecRef b1, ConstVecRef b2, VecRef mask) const {
    (void)b1, (void)b2;
    mask.setOnes();
  }
  // grad += (∂φ/∂ψ)ᵀ g_sticks.
  virtual void add_stick_gradient(ConstVecRef g_sticks, VecRef grad) const = 0;
  // Indices of ψ that no stick depends on (continuous blocks of a product).
  virtual std::vector<Index> uncoupled_params() const { return {}; }
};

}  // namespace varopt
