#include "varopt/update/cholesky_rank_one.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "../dist/kernels/packed_lower.hpp"
#include "kernels/cholesky_panel.hpp"
#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// Columns per block (the strip of a block's columns stays in the L1 cache) and terms per group
// (their coefficients live on the stack).
constexpr Index kBlock = 16;
constexpr Index kGroup = 32;

// Column c's entries from row `row` (> c) down, in the packed storage.
double* column_below(const PackedLower& lower, Index c, Index row) {
  const auto n = static_cast<std::size_t>(lower.n), col = static_cast<std::size_t>(c);
  return lower.strictly_lower + kernels::packed_offset(n, col) +
         static_cast<std::size_t>(row - c - 1);
}

// Terms [first, first + count) over every column: each block of columns is updated on its
// diagonal block column by column, term by term (which gives the coefficients), then below it by
// the panel kernel. False when a downdate loses positive definiteness.
bool update_group(const PackedLower& lower, Eigen::Ref<Mat> x, ConstVecRef betas, Index first,
                  Index count) {
  const Index n = lower.n;
  std::array<kernels::RankOneCoefficients, kGroup * kBlock> coefficients;
  std::array<double*, kBlock> columns;
  for (Index k0 = 0; k0 < n; k0 += kBlock) {
    const Index block = std::min(kBlock, n - k0), end = k0 + block;
    for (Index c = k0; c < end; ++c) {
      double* const below = column_below(lower, c, c + 1);
      for (Index j = 0; j < count; ++j) {
        auto& k = coefficients[static_cast<std::size_t>(j * block + (c - k0))];
        const double beta = betas[first + j];
        if (beta == 0.0) {
          k = {};
          continue;
        }
        const double sign = beta > 0 ? 1.0 : -1.0;
        const double diagonal = lower.diagonal[c], xc = x(c, first + j);
        const double r2 = diagonal * diagonal + sign * xc * xc;
        if (!(r2 > 0)) return false;
        const double r = std::sqrt(r2);
        const double scale = r / diagonal, t = xc / diagonal;
        k = {.a = sign * t, .inv = 1 / scale, .d = scale, .t = t};
        lower.diagonal[c] = r;
        for (Index i = c + 1; i < end; ++i) {
          double& l = below[i - c - 1];
          double& xi = x(i, first + j);
          l = (l + k.a * xi) * k.inv;
          xi = k.d * xi - k.t * l;
        }
      }
    }
    if (end < n) {
      for (Index c = k0; c < end; ++c)
        columns[static_cast<std::size_t>(c - k0)] = column_below(lower, c, end);
      kernels::cholesky_panel_update(
          static_cast<std::size_t>(n - end), static_cast<std::size_t>(block),
          static_cast<std::size_t>(count), columns.data(), &x(end, first),
          static_cast<std::size_t>(x.outerStride()), coefficients.data());
    }
  }
  return true;
}

}  // namespace

bool cholesky_rank_updates(PackedLower lower, Eigen::Ref<Mat> vectors, ConstVecRef betas) {
  const Index n = lower.n, terms = vectors.cols();
  if (!(vectors.rows() == n && betas.size() == terms))  // formatted only then
    require(false, "cholesky_rank_updates",
            "n x k vectors and k coefficients for an n x n factor, n = " + std::to_string(n),
            std::to_string(vectors.rows()) + " x " + std::to_string(terms) + " vectors, " +
                std::to_string(betas.size()) + " coefficients");
  for (Index j = 0; j < terms; ++j) vectors.col(j) *= std::sqrt(std::abs(betas[j]));
  for (Index first = 0; first < terms; first += kGroup)
    if (!update_group(lower, vectors, betas, first, std::min(kGroup, terms - first))) return false;
  return true;
}

}  // namespace varopt
