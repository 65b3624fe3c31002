#include "packed_lower.hpp"
#include "../../core/kernels/isa.hpp"
#include "simd_vector.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#ifdef VAROPT_HAVE_OPENMP
#include <omp.h>
#endif

namespace varopt::kernels::VAROPT_KERNEL_ISA {
namespace {


Vector load(const double* p) {
  Vector v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void store(double* p, const Vector& v) { std::memcpy(p, &v, sizeof v); }

// Back substitution for the T × lanes right-hand sides in columns t0.. of the row-major z (T
// vectors per row; k a multiple of lanes). Every column's dot products over column i of L run in
// two interleaved partial sums (even and odd j), combined in a fixed order, whatever T is — so a
// column's result does not depend on how the columns are grouped.
template <std::size_t T>
void transpose_solve_vectors(std::size_t n, const double* diag, const double* packed, double* z,
                             std::size_t k, std::size_t t0) {
  for (std::size_t i = n; i-- > 0;) {
    const double* col = packed + packed_offset(n, i);
    const std::size_t m = n - 1 - i;
    const double* below = z + (i + 1) * k + t0;
    Vector even[T] = {}, odd[T] = {};
    std::size_t j = 0;
    for (; j + 2 <= m; j += 2) {
      const double* r = below + j * k;
      for (std::size_t v = 0; v < T; ++v) {
        even[v] += col[j] * load(r + v * lanes);
        odd[v] += col[j + 1] * load(r + k + v * lanes);
      }
    }
    if (j < m) {
      for (std::size_t v = 0; v < T; ++v) even[v] += col[j] * load(below + j * k + v * lanes);
    }
    double* row_i = z + i * k + t0;
    for (std::size_t v = 0; v < T; ++v) {
      store(row_i + v * lanes, (load(row_i + v * lanes) - (even[v] + odd[v])) / diag[i]);
    }
  }
}

// Multiply-adds (n² k) below which the kernels run on one thread: a fork/join costs more than it
// saves on small problems, and much more on a loaded machine.
constexpr std::size_t parallel_work = std::size_t{1} << 26;

// Vectors of right-hand sides swept together (registers: 2 × T accumulators).
constexpr std::size_t max_vectors_per_sweep = 4;

void transpose_solve_padded(std::size_t n, const double* diag, const double* packed, double* z,
                            std::size_t k) {
  const std::size_t vectors = k / lanes;
#ifdef VAROPT_HAVE_OPENMP
  const auto threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
#else
  const std::size_t threads = 1;
#endif
  const std::size_t per_task =
      std::clamp<std::size_t>((vectors + threads - 1) / threads, 1, max_vectors_per_sweep);
  const auto tasks = static_cast<std::int64_t>((vectors + per_task - 1) / per_task);
  const auto run_task = [&](std::int64_t task) {
    const std::size_t first = static_cast<std::size_t>(task) * per_task;
    const std::size_t count = std::min(per_task, vectors - first);
    const std::size_t t0 = first * lanes;
    switch (count) {
      case 1:
        transpose_solve_vectors<1>(n, diag, packed, z, k, t0);
        break;
      case 2:
        transpose_solve_vectors<2>(n, diag, packed, z, k, t0);
        break;
      case 3:
        transpose_solve_vectors<3>(n, diag, packed, z, k, t0);
        break;
      default:
        transpose_solve_vectors<4>(n, diag, packed, z, k, t0);
        break;
    }
  };
  if (tasks <= 1 || n * n * k <= parallel_work) {
    // No parallel region: even one that an `if` clause makes serial costs libgomp an allocation.
    for (std::int64_t task = 0; task < tasks; ++task) run_task(task);
    return;
  }
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel for schedule(static, 1)
#endif
  for (std::int64_t task = 0; task < tasks; ++task) run_task(task);
}

// Columns j0..j0+Q−1 of the lower triangle of Z C, C(t, j) = c_t e_t(j): rows are taken
// 2 × lanes at a time with the block of sums in registers, so each load of Z feeds Q
// multiply-adds. Sums run over t in order.
template <std::size_t Q>
void gram_columns(std::size_t n, std::size_t k, const double* z, const double* e, const double* c,
                  std::size_t j0, double* out_packed, double* out_diag) {
  // Stores the sum for (row i, column j) where it belongs: strictly lower or diagonal.
  const auto put = [&](std::size_t i, std::size_t j, double value) {
    if (i > j) {
      out_packed[packed_offset(n, j) + (i - j - 1)] = value;
    } else if (i == j) {
      out_diag[j] = value;
    }
  };
  std::vector<double> cq(Q * k);
  for (std::size_t q = 0; q < Q; ++q) {
    for (std::size_t t = 0; t < k; ++t) cq[q * k + t] = c[t] * e[t * n + j0 + q];
  }
  constexpr std::size_t rows = 2 * lanes;
  std::size_t i0 = j0;
  for (; i0 + rows <= n; i0 += rows) {
    Vector lo[Q] = {}, hi[Q] = {};
    for (std::size_t t = 0; t < k; ++t) {
      const Vector z_lo = load(z + t * n + i0);
      const Vector z_hi = load(z + t * n + i0 + lanes);
      for (std::size_t q = 0; q < Q; ++q) {
        lo[q] += cq[q * k + t] * z_lo;
        hi[q] += cq[q * k + t] * z_hi;
      }
    }
    for (std::size_t q = 0; q < Q; ++q) {
      const std::size_t j = j0 + q;
      if (i0 > j) {
        double* out = out_packed + packed_offset(n, j) + (i0 - j - 1);
        store(out, lo[q]);
        store(out + lanes, hi[q]);
      } else {
        for (std::size_t r = 0; r < lanes; ++r) {
          put(i0 + r, j, lo[q][r]);
          put(i0 + lanes + r, j, hi[q][r]);
        }
      }
    }
  }
  for (std::size_t i = i0; i < n; ++i) {
    for (std::size_t q = 0; q < Q; ++q) {
      double sum = 0;
      for (std::size_t t = 0; t < k; ++t) sum += cq[q * k + t] * z[t * n + i];
      put(i, j0 + q, sum);
    }
  }
}

constexpr std::size_t gram_width = 4;

}  // namespace

void lower_multiply(std::size_t n, const double* diag, const double* packed, double* x) {
  lower_multiply_columns(n, 1, diag, packed, x, n);
}

void lower_multiply_columns(std::size_t n, std::size_t k, const double* diag, const double* packed,
                            double* x, std::size_t stride) {
  // Columns of L from last to first, so x_t[j] still holds the input when column j is reached;
  // two columns per sweep over each x_t.
  std::size_t j = n;
  for (; j >= 2; j -= 2) {
    const std::size_t b = j - 1, a = j - 2;
    const double* col_b = packed + packed_offset(n, b);
    const double* col_a = packed + packed_offset(n, a);
    const std::size_t m = n - 1 - b;
    for (std::size_t t = 0; t < k; ++t) {
      double* xt = x + t * stride;
      const double eb = xt[b], ea = xt[a];
      xt[b] = diag[b] * eb + ea * col_a[0];
      xt[a] = diag[a] * ea;
      double* below = xt + b + 1;
      for (std::size_t i = 0; i < m; ++i) below[i] += eb * col_b[i] + ea * col_a[i + 1];
    }
  }
  if (j == 1) {
    for (std::size_t t = 0; t < k; ++t) {
      double* xt = x + t * stride;
      const double e = xt[0];
      xt[0] = diag[0] * e;
      for (std::size_t i = 0; i + 1 < n; ++i) xt[1 + i] += e * packed[i];
    }
  }
}

void lower_solve(std::size_t n, const double* diag, const double* packed, double* x) {
  for (std::size_t j = 0; j < n; ++j) {
    x[j] /= diag[j];
    const double e = x[j];
    const double* col = packed + packed_offset(n, j);
    double* below = x + j + 1;
    const std::size_t m = n - 1 - j;
    for (std::size_t i = 0; i < m; ++i) below[i] -= e * col[i];
  }
}

void lower_transpose_solve(std::size_t n, const double* diag, const double* packed, double* z,
                           std::size_t k) {
  if (k % lanes == 0) {
    transpose_solve_padded(n, diag, packed, z, k);
    return;
  }
  // Pad the rows to whole vectors with zero right-hand sides.
  const std::size_t padded = (k + lanes - 1) / lanes * lanes;
  std::vector<double> buffer(n * padded, 0.0);
  for (std::size_t i = 0; i < n; ++i) std::copy_n(z + i * k, k, buffer.data() + i * padded);
  transpose_solve_padded(n, diag, packed, buffer.data(), padded);
  for (std::size_t i = 0; i < n; ++i) std::copy_n(buffer.data() + i * padded, k, z + i * k);
}

void lower_outer_add(std::size_t n, double w, const double* u, const double* v,
                     double* out_packed) {
  for (std::size_t j = 0; j + 1 < n; ++j) {
    const double wv = w * v[j];
    double* out = out_packed + packed_offset(n, j);
    const double* below = u + j + 1;
    const std::size_t m = n - 1 - j;
    for (std::size_t i = 0; i < m; ++i) out[i] += wv * below[i];
  }
}

void lower_weighted_gram(std::size_t n, std::size_t k, const double* z, const double* e,
                         const double* c, double* out_packed, double* out_diag) {
  const std::size_t groups = n / gram_width;
  const auto tasks = static_cast<std::int64_t>(groups + n % gram_width);
  const auto run_task = [&](std::int64_t task) {
    const auto g = static_cast<std::size_t>(task);
    if (g < groups) {
      gram_columns<gram_width>(n, k, z, e, c, g * gram_width, out_packed, out_diag);
    } else {
      gram_columns<1>(n, k, z, e, c, groups * gram_width + (g - groups), out_packed, out_diag);
    }
  };
  if (n * n * k <= parallel_work) {  // no parallel region (see transpose_solve_padded)
    for (std::int64_t task = 0; task < tasks; ++task) run_task(task);
    return;
  }
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel for schedule(static, 4)
#endif
  for (std::int64_t task = 0; task < tasks; ++task) run_task(task);
}

void lower_row_norms_squared(std::size_t n, const double* diag, const double* packed,
                             double* rows) {
  for (std::size_t i = 0; i < n; ++i) rows[i] = diag[i] * diag[i];
  for (std::size_t j = 0; j + 1 < n; ++j) {
    const double* col = packed + packed_offset(n, j);
    double* below = rows + j + 1;
    const std::size_t m = n - 1 - j;
    for (std::size_t i = 0; i < m; ++i) below[i] += col[i] * col[i];
  }
}

}  // namespace varopt::kernels::VAROPT_KERNEL_ISA
