#include "packed_lower.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace varopt::kernels {
namespace {

// Back substitution for the W right-hand sides in columns t0..t0+W−1 of the row-major z; the
// W running values stay in registers while column i of L is swept.
template <std::size_t W>
void transpose_solve_columns(std::size_t n, const double* diag, const double* packed, double* z,
                             std::size_t k, std::size_t t0) {
  for (std::size_t i = n; i-- > 0;) {
    const double* col = packed + packed_offset(n, i);
    double* row_i = z + i * k + t0;
    double acc[W];
    for (std::size_t w = 0; w < W; ++w) acc[w] = row_i[w];
    const std::size_t m = n - 1 - i;
    const double* below = z + (i + 1) * k + t0;
    for (std::size_t j = 0; j < m; ++j) {
      const double l = col[j];
      const double* row_j = below + j * k;
      for (std::size_t w = 0; w < W; ++w) acc[w] -= l * row_j[w];
    }
    for (std::size_t w = 0; w < W; ++w) row_i[w] = acc[w] / diag[i];
  }
}

constexpr std::size_t solve_width = 8;

}  // namespace

void lower_multiply(std::size_t n, const double* diag, const double* packed, double* x) {
  for (std::size_t j = n; j-- > 0;) {
    const double e = x[j];
    x[j] = diag[j] * e;
    const double* col = packed + packed_offset(n, j);
    double* below = x + j + 1;
    const std::size_t m = n - 1 - j;
    for (std::size_t i = 0; i < m; ++i) below[i] += e * col[i];
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
  const std::size_t blocks = k / solve_width;
  const auto tasks = static_cast<std::int64_t>(blocks + k % solve_width);
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel for schedule(static, 1) if (n * n * k > (1u << 20))
#endif
  for (std::int64_t task = 0; task < tasks; ++task) {
    const auto b = static_cast<std::size_t>(task);
    if (b < blocks) {
      transpose_solve_columns<solve_width>(n, diag, packed, z, k, b * solve_width);
    } else {
      transpose_solve_columns<1>(n, diag, packed, z, k, blocks * solve_width + (b - blocks));
    }
  }
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
  const auto columns = static_cast<std::int64_t>(n);
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel for schedule(static, 16) if (n * n * k > (1u << 20))
#endif
  for (std::int64_t jj = 0; jj < columns; ++jj) {
    const auto j = static_cast<std::size_t>(jj);
    const std::size_t m = n - 1 - j;
    double* out = out_packed + packed_offset(n, j);
    std::fill_n(out, m, 0.0);
    double d = 0;
    std::size_t t = 0;
    // Four noise vectors per sweep over the column: fewer loads and stores of `out`.
    for (; t + 4 <= k; t += 4) {
      const double* z0 = z + t * n;
      const double* z1 = z0 + n;
      const double* z2 = z1 + n;
      const double* z3 = z2 + n;
      const double c0 = c[t] * e[t * n + j];
      const double c1 = c[t + 1] * e[(t + 1) * n + j];
      const double c2 = c[t + 2] * e[(t + 2) * n + j];
      const double c3 = c[t + 3] * e[(t + 3) * n + j];
      d += c0 * z0[j] + c1 * z1[j] + c2 * z2[j] + c3 * z3[j];
      for (std::size_t i = 0; i < m; ++i) {
        out[i] += c0 * z0[j + 1 + i] + c1 * z1[j + 1 + i] + c2 * z2[j + 1 + i] + c3 * z3[j + 1 + i];
      }
    }
    for (; t < k; ++t) {
      const double* zt = z + t * n;
      const double ct = c[t] * e[t * n + j];
      d += ct * zt[j];
      for (std::size_t i = 0; i < m; ++i) out[i] += ct * zt[j + 1 + i];
    }
    out_diag[j] = d;
  }
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

}  // namespace varopt::kernels
