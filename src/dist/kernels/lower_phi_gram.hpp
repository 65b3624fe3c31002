#pragma once
// Internal hot kernel: the Cholesky block of the natural gradient of a full-covariance Gaussian's
// weighted score sum (see dist/gaussian_full.hpp), in O(n² k) instead of O(n³):
//   out = L Φ(Σ_t c_t e_t e_tᵀ − s I),   Φ(A) = strictly-lower(A) + ½ diag(A),
// for k noise vectors e_t, coefficients c_t and a scalar s (= Σ_t c_t in the score sum).
//
// Column j of out is Σ_{i≥j} L(:, i) Φ_ij, that is
//   Σ_t c_t e_t[j] y_t^{(j)} + ½ (Σ_t c_t e_t[j]² − s) L(:, j),
// with the suffix products y_t^{(j)} = Σ_{i>j} L(:, i) e_t[i], which a sweep over j = n−1..0
// builds one rank-one update at a time. Rows are independent: blocks of rows (one SIMD vector)
// keep their y_t in registers, and run in parallel (OpenMP) when the work is large; each output
// is computed by one thread in a fixed order, so the result does not depend on the thread count
// (nor on the vector width).
//
// L is given as in packed_lower.hpp (diag: n values; packed: the strictly-lower entries column by
// column). out uses the same layout: out_diag (n values) and out_packed (n(n−1)/2 values), both
// overwritten.
#include <cstddef>

#include "../../core/kernels/variants.hpp"

namespace varopt::kernels {

VAROPT_KERNEL_FUNCTIONS(
    // e: the row-major n × k matrix whose row i holds e_1[i] .. e_k[i]; c: k coefficients.
    void lower_times_phi_gram(std::size_t n, std::size_t k, const double* diag,
                              const double* packed, const double* e, const double* c, double s,
                              double* out_diag, double* out_packed);)

}  // namespace varopt::kernels
