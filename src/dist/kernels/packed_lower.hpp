#pragma once
// Internal hot kernels on a lower-triangular matrix L (n × n) stored as its diagonal `diag` (n
// values) and its strictly-lower entries `packed`, column by column: column j holds
// L(j+1..n−1, j) at offset packed_offset(n, j), n − 1 − j values, n(n−1)/2 in all. This is the
// layout of the Cholesky parameters of dist/gaussian_full.hpp, so the kernels read L in place.
//
// Every kernel works on raw pointers. The two O(n² k) kernels (the k-column solve and the
// weighted Gram product) use explicit SIMD vectors with register blocking, and go parallel above
// ~6.7e7 multiply-adds; each output is computed by one thread in a fixed order, so results do
// not depend on the number of threads (they may differ in the last bits between variants,
// core/kernels/variants.hpp: vector widths and fused multiply-adds change the rounding).
#include <cstddef>

#include "../../core/kernels/variants.hpp"

namespace varopt::kernels {

inline std::size_t packed_offset(std::size_t n, std::size_t j) {
  return j * (n - 1) - j * (j - 1) / 2;  // Σ_{c<j} (n − 1 − c); j(j−1)/2 is exact for j = 0
}

VAROPT_KERNEL_FUNCTIONS(
    // x ← L x.
    void lower_multiply(std::size_t n, const double* diag, const double* packed, double* x);
    // x_t ← L x_t for the k columns x_t = x + t·stride (n values each), in one pass over L (each
    // pair of its columns is applied to every x_t while it sits in the cache); every x_t gets
    // the bits lower_multiply gives it.
    void lower_multiply_columns(std::size_t n, std::size_t k, const double* diag,
                                const double* packed, double* x, std::size_t stride);
    // x ← L⁻¹ x (forward substitution).
    void lower_solve(std::size_t n, const double* diag, const double* packed, double* x);
    // Z ← L⁻ᵀ Z for the k right-hand sides held as the columns of the row-major n × k matrix z
    // (row i at z + i k): back substitution with the k columns processed together.
    void lower_transpose_solve(std::size_t n, const double* diag, const double* packed, double* z,
                               std::size_t k);
    // out_packed += w · (strictly-lower part of u vᵀ), i.e. column j gets w v_j u(j+1..n−1).
    void lower_outer_add(std::size_t n, double w, const double* u, const double* v,
                         double* out_packed);
    // The lower triangle of Σ_t c_t z_t e_tᵀ for the columns z_t, e_t of the column-major n × k
    // matrices z and e, c = coefficients (k values): writes the strictly-lower part into
    // out_packed (overwriting) and the diagonal into out_diag (overwriting).
    void lower_weighted_gram(std::size_t n, std::size_t k, const double* z, const double* e,
                             const double* c, double* out_packed, double* out_diag);
    // rows[i] = Σ_{j≤i} L_ij² (the diagonal of L Lᵀ).
    void lower_row_norms_squared(std::size_t n, const double* diag, const double* packed,
                                 double* rows);)

}  // namespace varopt::kernels
