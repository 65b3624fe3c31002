#pragma once
// Control variates for the score-function estimator. Any b that does not depend on θ_k keeps
// E[(f(θ_k) − b) ∇ψ log p(θ_k|ψ)] = ∇ψ J, because E[∇ψ log p] = 0 (formulas.md).
//   none           w_k = f_k                        (the lecture's plain estimate)
//   mean           w_k = f_k − f̄                   (batch mean; biased by O(1/λ) because f̄
//                                                    contains f_k: the estimate is (λ−1)/λ ∇J)
//   leave_one_out  w_k = f_k − mean_{j≠k} f_j = λ/(λ−1) (f_k − f̄)   (unbiased; RLOO,
//                                                    Kool et al. 2019), needs λ ≥ 2
// With antithetic pairs the partner of θ_k shares its noise, so a baseline that contains the
// partner's f is correlated with θ_k and biases the estimate. Leave-one-out then leaves the
// whole pair out (group = 2): b_k = mean of f over the other pairs, needs λ ≥ 4.
#include <string>

#include "varopt/core/types.hpp"

namespace varopt {

enum class Baseline { none, mean, leave_one_out };

Baseline baseline_from_name(const std::string& name);  // "none" | "mean" | "leave-one-out"
std::string name_of(Baseline baseline);

// `group` consecutive members share their noise (1: independent, 2: antithetic pairs).
Vec subtract_baseline(ConstVecRef f, Baseline baseline, Index group = 1);

}  // namespace varopt
