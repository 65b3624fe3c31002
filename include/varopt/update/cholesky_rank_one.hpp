#pragma once
// Rank-one updates of a Cholesky factor: given lower-triangular L with L Lᵀ = C, overwrite L with
// the factor of C + Σ_j β_j u_j u_jᵀ in O(k n²) for k terms, without forming C (the
// column-oriented algorithm of Gill, Golub, Murray & Saunders 1974, "Methods for modifying matrix
// factorizations", Math. Comp. 28). With x_j = √|β_j| u_j and s_j = sign β_j, term j at column k:
//   r = √(L_kk² + s_j x_jk²),  c = r / L_kk,  t = x_jk / L_kk,  L_kk = r,
//   L_ik ← (L_ik + s_j t x_ji) / c,  x_ji ← c x_ji − t L_ik   (i > k).
// Term j at column k needs column k after terms 1..j−1 and x_j after columns 1..k−1, so the terms
// are applied column by column (all terms on column k, then column k + 1): the same result as
// one term after another, with column k kept in cache while the k terms pass over it.
// A downdate (β < 0) can make C + Σ β u uᵀ indefinite (r² ≤ 0 at some column): the function
// then returns false and L is left partly updated; callers keep a copy when that can happen.
#include "varopt/core/types.hpp"

namespace varopt {

// L (n × n, lower triangular, positive diagonal) ← the factor of L Lᵀ + Σ_j β_j u_j u_jᵀ, u_j the
// columns of `vectors` (n × k), β_j = betas[j], applied in column order. Returns false when a
// downdate would lose positive definiteness (then L is partly updated).
bool cholesky_rank_updates(Mat& lower, const Mat& vectors, ConstVecRef betas);

}  // namespace varopt
