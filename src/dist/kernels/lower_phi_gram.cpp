#include "lower_phi_gram.hpp"
#include "../../core/kernels/isa.hpp"
#include "simd_vector.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "packed_lower.hpp"

namespace varopt::kernels::VAROPT_KERNEL_ISA {
namespace {

// One SIMD vector (simd_vector.hpp) holds `lanes` consecutive rows.

// Noise vectors are padded to a multiple of `step`; a pass over a block of rows takes up to
// `max_batch` of them, whose suffix products y_t stay in registers (AVX-512 has 32).
constexpr std::size_t step = 8;
constexpr std::size_t max_batch = lanes == 8 ? 24 : 8;
// Columns of L fetched ahead of their use (their slices are far apart in memory).
constexpr std::size_t prefetch_ahead = 8;
// Multiply-adds (n² k) above which the blocks run in parallel: 2^26, as the other O(n² k)
// kernels of packed_lower.cpp. Below it the work takes about a millisecond on one thread, and on a
// shared machine a second thread that is not scheduled at once costs more than it saves.
constexpr double parallel_work = 67108864.0;

// Rows r0 .. r0 + lanes − 1 of column j of a lower-triangular matrix in the (diag, packed)
// layout; entries above the diagonal and rows past n read as 0.
[[gnu::always_inline]] inline Vector load_column(std::size_t n, const double* diag,
                                                 const double* packed, std::size_t j,
                                                 std::size_t r0) {
  Vector v;
  const std::size_t offset = packed_offset(n, j);
  if (j < r0 && r0 + lanes <= n) {
    std::memcpy(&v, packed + offset + (r0 - j - 1), sizeof v);
    return v;
  }
  for (std::size_t l = 0; l < lanes; ++l) {
    const std::size_t r = r0 + l;
    v[l] = r >= n || r < j ? 0.0 : r == j ? diag[j] : packed[offset + (r - j - 1)];
  }
  return v;
}

// Writes the rows j ≤ r < n of v (rows r0 ..) into column j.
[[gnu::always_inline]] inline void store_column(std::size_t n, double* diag, double* packed,
                                                std::size_t j, std::size_t r0, const Vector& v) {
  const std::size_t offset = packed_offset(n, j);
  if (j < r0 && r0 + lanes <= n) {
    std::memcpy(packed + offset + (r0 - j - 1), &v, sizeof v);
    return;
  }
  for (std::size_t l = 0; l < lanes; ++l) {
    const std::size_t r = r0 + l;
    if (r >= n || r < j) continue;
    if (r == j) {
      diag[j] = v[l];
    } else {
      packed[offset + (r - j - 1)] = v[l];
    }
  }
}

// Rows [r0, r0 + lanes) of out, noise vectors [t0, t0 + Batch) of the padded row-major e and
// w = c ⊙ e (kp values per row). The first pass starts from ½ m_j L(:, j), later ones add to out.
// The dot product over t runs in four interleaved partial sums (short dependency chains), added
// in a fixed order.
template <std::size_t Batch>
void block_pass(std::size_t n, std::size_t kp, const double* diag, const double* packed,
                const double* e, const double* w, const double* half_m, std::size_t r0,
                std::size_t t0, double* out_diag, double* out_packed) {
  Vector y[Batch] = {};
  for (std::size_t j = std::min(n, r0 + lanes); j-- > 0;) {
    // The column slices of L lie n − j values apart: fetch the one `ahead` columns on early.
    if (j >= prefetch_ahead) {
      const std::size_t next = j - prefetch_ahead;
      const double* p = packed + packed_offset(n, next) + (r0 - next - 1);
      __builtin_prefetch(p);
      __builtin_prefetch(p + lanes - 1);
    }
    const Vector l = load_column(n, diag, packed, j, r0);
    const Vector start = t0 == 0 ? half_m[j] * l : load_column(n, out_diag, out_packed, j, r0);
    const double* wj = w + j * kp + t0;
    const double* ej = e + j * kp + t0;
    Vector partial[4] = {};
#pragma GCC unroll 24
    for (std::size_t t = 0; t < Batch; ++t) partial[t % 4] += wj[t] * y[t];
#pragma GCC unroll 24
    for (std::size_t t = 0; t < Batch; ++t) y[t] += ej[t] * l;
    store_column(n, out_diag, out_packed, j, r0,
                 start + ((partial[0] + partial[1]) + (partial[2] + partial[3])));
  }
}

// All passes over one block of rows: as many noise vectors per pass as fit in registers.
void block(std::size_t n, std::size_t kp, const double* diag, const double* packed, const double* e,
           const double* w, const double* half_m, std::size_t r0, double* out_diag,
           double* out_packed) {
  for (std::size_t t0 = 0; t0 < kp;) {
    const std::size_t batch = std::min(max_batch, kp - t0);
    if (batch >= 24) {
      block_pass<24>(n, kp, diag, packed, e, w, half_m, r0, t0, out_diag, out_packed);
    } else if (batch >= 16) {
      block_pass<16>(n, kp, diag, packed, e, w, half_m, r0, t0, out_diag, out_packed);
    } else {
      block_pass<8>(n, kp, diag, packed, e, w, half_m, r0, t0, out_diag, out_packed);
    }
    t0 += batch >= 24 ? 24 : batch >= 16 ? 16 : 8;
  }
}

// The scratch of lower_times_phi_gram, kept by each calling thread between calls so that a steady
// run allocates nothing. A type of the variant's namespace: a thread_local std::vector itself
// would make the compiler emit std::vector's destructor outside it (simd_variant_symbols.sh).
struct Scratch {
  std::vector<double> ep, wp, half_m;
};

}  // namespace

void lower_times_phi_gram(std::size_t n, std::size_t k, const double* diag, const double* packed,
                          const double* e, const double* c, double s, double* out_diag,
                          double* out_packed) {
  if (n == 0) return;
  // Pad the noise to whole steps with zero vectors (they add nothing), at least one step so that
  // the first pass writes every output.
  const std::size_t kp = std::max(step, (k + step - 1) / step * step);
  thread_local Scratch scratch;
  auto& [ep, wp, half_m] = scratch;
  ep.assign(n * kp, 0.0);
  wp.assign(n * kp, 0.0);
  half_m.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double m = 0;
    for (std::size_t t = 0; t < k; ++t) {
      const double x = e[i * k + t];
      ep[i * kp + t] = x;
      wp[i * kp + t] = c[t] * x;
      m += c[t] * x * x;
    }
    half_m[i] = 0.5 * (m - s);
  }
  // The pointers are taken here: inside the parallel region, the names denote each thread's own.
  const double* const ep_data = ep.data();
  const double* const wp_data = wp.data();
  const double* const half_m_data = half_m.data();
  const auto blocks = static_cast<std::int64_t>((n + lanes - 1) / lanes);
  // The last blocks have the most columns: hand them out first.
  const auto run_block = [&](std::int64_t b) {
    const auto r0 = static_cast<std::size_t>(blocks - 1 - b) * lanes;
    block(n, kp, diag, packed, ep_data, wp_data, half_m_data, r0, out_diag, out_packed);
  };
  const double work = static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(k);
  if (work <= parallel_work) {
    // Below the threshold the loop runs here: a parallel region, even one its `if` clause makes
    // serial, costs libgomp an allocation per call.
    for (std::int64_t b = 0; b < blocks; ++b) run_block(b);
    return;
  }
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic, 1)
#endif
  for (std::int64_t b = 0; b < blocks; ++b) run_block(b);
}

}  // namespace varopt::kernels::VAROPT_KERNEL_ISA
