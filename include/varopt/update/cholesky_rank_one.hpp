#pragma once
// Rank-one update of a Cholesky factor: given lower-triangular L with L Lᵀ = C, overwrite L with
// the factor of C + β u uᵀ in O(n²), without forming C (the column-oriented algorithm of Gill,
// Golub, Murray & Saunders 1974, "Methods for modifying matrix factorizations", Math. Comp. 28).
// With x = √|β| u and s = sign β, column k:
//   r = √(L_kk² + s x_k²),  c = r / L_kk,  t = x_k / L_kk,  L_kk = r,
//   L_ik ← (L_ik + s t x_i) / c,  x_i ← c x_i − t L_ik   (i > k).
// A downdate (β < 0) that would leave C + β u uᵀ not positive definite (r² ≤ 0 at some k) is
// refused and L is left unchanged.
#include "varopt/core/types.hpp"

namespace varopt {

// Returns false (L unchanged) when the downdate would lose positive definiteness. L is n × n,
// lower triangular with a positive diagonal; u has size n.
bool cholesky_rank_one_update(Mat& lower, ConstVecRef u, double beta);

}  // namespace varopt
