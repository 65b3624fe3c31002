#pragma once
// Rank-one updates of a Cholesky factor: given lower-triangular L with L Lᵀ = C, overwrite L with
// the factor of C + Σ_j β_j u_j u_jᵀ in O(k n²) for k terms, without forming C (the
// column-oriented algorithm of Gill, Golub, Murray & Saunders 1974, "Methods for modifying matrix
// factorizations", Math. Comp. 28). With x_j = √|β_j| u_j and s_j = sign β_j, term j at column k:
//   r = √(L_kk² + s_j x_jk²),  c = r / L_kk,  t = x_jk / L_kk,  L_kk = r,
//   L_ik ← (L_ik + s_j t x_ji) / c,  x_ji ← c x_ji − t L_ik   (i > k).
// Term j at column k needs column k after terms 1..j−1 and x_j after columns 1..k−1; any order
// that respects this gives the same result. The terms are applied in groups, and each group in
// blocks of columns: on a block's diagonal block column by column (which gives each column's c
// and t), then on the rows below it in strips that keep x in registers while every term passes
// over the block (src/update/kernels/cholesky_panel.hpp) — the factor and x are read from memory
// once per block instead of once per column and term. The scaling by 1/c is a multiplication by
// its reciprocal.
// L is held as GaussianFull's ψ holds it (dist/gaussian_full.hpp), so that CMA-ES updates the
// distribution's parameters in place, without an n × n copy: its diagonal, and its strictly-lower
// entries packed column by column.
// A downdate (β < 0) can make C + Σ β u uᵀ indefinite (r² ≤ 0 at some column): the function
// then returns false and L is left partly updated; callers that allow it can redo their update.
#include "varopt/core/types.hpp"

namespace varopt {

// A lower-triangular n × n matrix L in packed storage: diagonal[i] = L_ii, and column j's entries
// below the diagonal, L(j+1..n−1, j), at strictly_lower + Σ_{c<j} (n − 1 − c), n(n − 1)/2
// values in all (the layout of GaussianFull's ψ after its 2n leading values).
struct PackedLower {
  Index n = 0;
  double* diagonal = nullptr;
  double* strictly_lower = nullptr;
};

// L (positive diagonal) ← the factor of L Lᵀ + Σ_j β_j u_j u_jᵀ, u_j the columns of `vectors`
// (n × k), β_j = betas[j]. `vectors` is the work space: it is overwritten. Returns false when a
// downdate would lose positive definiteness (then L is partly updated). Allocates nothing.
bool cholesky_rank_updates(PackedLower lower, Eigen::Ref<Mat> vectors, ConstVecRef betas);

}  // namespace varopt
