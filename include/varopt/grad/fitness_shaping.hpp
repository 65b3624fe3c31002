#pragma once
// Fitness shaping: replace the raw values f_k of one generation (λ members) by weights w_k that
// depend only on their ranks, which makes the update invariant to monotone transformations of f
// and robust to outliers. Lower weight = better member (we minimize).
//   centered ranks (Salimans et al. 2017): rank r ∈ {0..λ−1}, r = 0 for the best, w = r/(λ−1) − ½
//   NES utilities (Wierstra et al. 2014, JMLR 15, eq. 11), rank k = 1 for the best:
//     u_k = max(0, log(λ/2 + 1) − log k) / Σ_j max(0, log(λ/2 + 1) − log j) − 1/λ,
//     w_k = −λ u_k  (the factor λ makes (1/λ)Σ w_k ∇log p equal Wierstra's −Σ u_k ∇log p)
//   z-score: w = (f − f̄) / s,  s = √((1/λ) Σ_k (f_k − f̄)²), the population standard deviation
//     (divisor λ, not λ − 1), so that Σ_k w_k = 0 and Σ_k w_k² = λ (not rank-based; w = 0 when
//     all f are equal)
// Ties share the mean of their weights, so equal fitness values get equal weights.
#include <string>

#include "varopt/core/types.hpp"

namespace varopt {

enum class Shaping { none, centered_ranks, nes_utilities, z_score };

std::string name_of(Shaping shaping);

// The weights for fitness values f (any λ ≥ 1); Shaping::none returns f unchanged.
Vec shape_fitness(ConstVecRef f, Shaping shaping);
// The same, written into w (resized; w must not alias f).
void shape_fitness(ConstVecRef f, Shaping shaping, Vec& w);

}  // namespace varopt
