#include "cholesky_panel.hpp"
#include "../../core/kernels/isa.hpp"
#include "../../dist/kernels/simd_vector.hpp"

#include <cstring>

namespace varopt::kernels::VAROPT_KERNEL_ISA {
namespace {

Vector load(const double* p) {
  Vector v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void store(double* p, const Vector& v) { std::memcpy(p, &v, sizeof v); }

// The rows [r0, r0 + S·lanes): S vectors of x kept in registers across the block's columns.
template <std::size_t S>
void update_strip(std::size_t r0, std::size_t block, std::size_t terms, double* const* columns,
                  double* x, std::size_t ld, const RankOneCoefficients* coefficients) {
  for (std::size_t j = 0; j < terms; ++j) {
    double* xj = x + j * ld + r0;
    Vector xv[S];
    for (std::size_t v = 0; v < S; ++v) xv[v] = load(xj + v * lanes);
    for (std::size_t c = 0; c < block; ++c) {
      const RankOneCoefficients& k = coefficients[j * block + c];
      double* l = columns[c] + r0;
      for (std::size_t v = 0; v < S; ++v) {
        const Vector lv = (load(l + v * lanes) + k.a * xv[v]) * k.inv;
        store(l + v * lanes, lv);
        xv[v] = k.d * xv[v] - k.t * lv;
      }
    }
    for (std::size_t v = 0; v < S; ++v) store(xj + v * lanes, xv[v]);
  }
}

// Strips of 8 vectors keep 8 independent update chains in flight (each column's step depends on
// the previous one through x).
constexpr std::size_t strip_vectors = 8;

}  // namespace

void cholesky_panel_update(std::size_t rows, std::size_t block, std::size_t terms,
                           double* const* columns, double* x, std::size_t ld,
                           const RankOneCoefficients* coefficients) {
  std::size_t r = 0;
  for (; r + strip_vectors * lanes <= rows; r += strip_vectors * lanes)
    update_strip<strip_vectors>(r, block, terms, columns, x, ld, coefficients);
  // The remainder in strips of 4, 2 and 1 vectors: fewer chains, but more than one where it can.
  if (r + 4 * lanes <= rows) {
    update_strip<4>(r, block, terms, columns, x, ld, coefficients);
    r += 4 * lanes;
  }
  if (r + 2 * lanes <= rows) {
    update_strip<2>(r, block, terms, columns, x, ld, coefficients);
    r += 2 * lanes;
  }
  if (r + lanes <= rows) {
    update_strip<1>(r, block, terms, columns, x, ld, coefficients);
    r += lanes;
  }
  for (; r < rows; ++r) {
    for (std::size_t j = 0; j < terms; ++j) {
      double xr = x[j * ld + r];
      for (std::size_t c = 0; c < block; ++c) {
        const RankOneCoefficients& k = coefficients[j * block + c];
        double& l = columns[c][r];
        l = (l + k.a * xr) * k.inv;
        xr = k.d * xr - k.t * l;
      }
      x[j * ld + r] = xr;
    }
  }
}

}  // namespace varopt::kernels::VAROPT_KERNEL_ISA
