#pragma once
// Control variates for the score-function estimator ĝ = (1/λ) Σ_k w_k s_k, s_k = ∇ψ log P(θ_k|ψ).
// A baseline b_k that is independent of θ_k keeps E[(f_k − b_k) s_k] = ∇ψ J, because E[s_k] = 0
// (formulas.md). The population is made of λ/g groups of g members that share their noise
// (g = 1: independent members; g = 2: antithetic pairs θ± = μ ± σε); the groups are independent.
//   none           w_k = f_k                                   (the lecture's plain estimate)
//   leave-one-out  w_k = f_k − mean of f over the other groups  (unbiased: b_k is a function of
//                  the other groups only; RLOO, Kool et al. 2019; g = 2: leave the pair out,
//                  the within-batch analogue of PGPE's baseline, Sehnke et al. 2010), λ ≥ 2g
//   mean           w_k = (λ − g)/λ · (leave-one-out w_k)        (λ ≥ 2g)
//                  so E ĝ = (λ − g)/λ ∇ψ J: every component of the gradient is scaled by the same
//                  factor and its direction is kept. For g = 1 this is w_k = f_k − f̄ exactly
//                  (the batch mean): (λ−1)/λ (f_k − (T − f_k)/(λ−1)) = f_k − T/λ, T = Σ f. The
//                  weights sum to 0 for any g.
// Why not w_k = f_k − f̄ with pairs. Write G(k) for k's group. Then
//   E[(f_k − f̄) s_k] = E[f_k s_k] − (1/λ) Σ_{j ∈ G(k)} E[f_j s_k]
// (the other groups are independent of θ_k). With pairs on a Gaussian, s_μ is odd under
// ε ↦ −ε and s_{log σ} = ε² − 1 is even, so E[f₋ s₊] = −∇_μ J for the mean but +∇_{log σ} J for
// the log σ-part: the partner's term cancels the own term's bias for μ and doubles it for σ,
//   E ĝ_μ = ∇_μ J,   E ĝ_{log σ} = (λ − 2)/λ ∇_{log σ} J,
// which turns the gradient (at λ = 4 the σ-part is halved and the μ-part is not). The mean
// baseline above leaves each group out and then scales, so no such mixed factor remains.
#include <string>

#include "varopt/core/types.hpp"

namespace varopt {

enum class Baseline { none, mean, leave_one_out };

std::string name_of(Baseline baseline);

// `group` consecutive members share their noise (1: independent, 2: antithetic pairs). Throws
// InvalidArgument unless λ is a multiple of `group` and, with a baseline, λ ≥ 2 group.
Vec subtract_baseline(ConstVecRef f, Baseline baseline, Index group = 1);
// The same, written into w (resized; w must not alias f).
void subtract_baseline(ConstVecRef f, Baseline baseline, Index group, Vec& w);

}  // namespace varopt
