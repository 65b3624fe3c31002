// The entry points of the distributions' kernels (kernels/packed_lower.hpp, noise_moments.hpp,
// lower_phi_gram.hpp): each calls its variant for this process (core/simd_dispatch.hpp).
#include "../core/simd_dispatch.hpp"
#include "kernels/lower_phi_gram.hpp"
#include "kernels/noise_moments.hpp"
#include "kernels/packed_lower.hpp"

namespace varopt::kernels {

void lower_multiply(std::size_t n, const double* diag, const double* packed, double* x) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(lower_multiply);
  variant(n, diag, packed, x);
}

void lower_multiply_columns(std::size_t n, std::size_t k, const double* diag, const double* packed,
                            double* x, std::size_t stride) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(lower_multiply_columns);
  variant(n, k, diag, packed, x, stride);
}

void lower_solve(std::size_t n, const double* diag, const double* packed, double* x) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(lower_solve);
  variant(n, diag, packed, x);
}

void lower_transpose_solve(std::size_t n, const double* diag, const double* packed, double* z,
                           std::size_t k) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(lower_transpose_solve);
  variant(n, diag, packed, z, k);
}

void lower_outer_add(std::size_t n, double w, const double* u, const double* v,
                     double* out_packed) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(lower_outer_add);
  variant(n, w, u, v, out_packed);
}

void lower_weighted_gram(std::size_t n, std::size_t k, const double* z, const double* e,
                         const double* c, double* out_packed, double* out_diag) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(lower_weighted_gram);
  variant(n, k, z, e, c, out_packed, out_diag);
}

void lower_row_norms_squared(std::size_t n, const double* diag, const double* packed,
                             double* rows) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(lower_row_norms_squared);
  variant(n, diag, packed, rows);
}

void lower_times_phi_gram(std::size_t n, std::size_t k, const double* diag, const double* packed,
                          const double* e, const double* c, double s, double* out_diag,
                          double* out_packed) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(lower_times_phi_gram);
  variant(n, k, diag, packed, e, c, s, out_diag, out_packed);
}

void noise_moments(std::span<const StreamId> streams, std::span<const double> odd,
                   std::span<const double> even, std::span<double> sum_odd,
                   std::span<double> sum_even) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(noise_moments);
  variant(streams, odd, even, sum_odd, sum_even);
}

void kept_noise_moments(std::span<const double* const> noise, std::span<const double> odd,
                        std::span<const double> even, std::span<double> sum_odd,
                        std::span<double> sum_even) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(kept_noise_moments);
  variant(noise, odd, even, sum_odd, sum_even);
}

}  // namespace varopt::kernels
