// The Cholesky update's panel kernel (src/update/kernels/cholesky_panel.hpp): every variant gives
// the portable one's bits (the kernel is compiled without contracted multiply-adds, so each value
// goes through the same rounded operations whatever the vector width).
#include "support/simd_variants.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

#include "../../src/update/kernels/cholesky_panel.hpp"
#include "varopt/core/rng.hpp"

namespace varopt::kernels {
namespace {

using testing::same_bits;
using CholeskyPanelVariantsTest = testing::SimdVariantTest;

using PanelKernel = void(std::size_t, std::size_t, std::size_t, double* const*, double*,
                         std::size_t, const RankOneCoefficients*);

// The panel (L then x) after the kernel, for row counts around the vector widths and the strips
// (8 vectors of 4 or 8 doubles), and a few block and term counts.
std::vector<double> panels(PanelKernel* kernel) {
  std::vector<double> all;
  Stream s(StreamId{.seed = 17});
  for (const std::size_t rows : {1, 3, 4, 8, 31, 32, 64, 65, 100, 135}) {
    for (const std::size_t block : {1, 5, 16}) {
      const std::size_t terms = block == 5 ? 3 : 33, ld = rows + 2;
      // The block's columns at uneven distances, as in packed storage.
      std::vector<double> lower(ld * block + block * (block - 1) / 2), x(ld * terms);
      std::vector<double*> columns(block);
      for (std::size_t c = 0; c < block; ++c) columns[c] = lower.data() + c * ld + c * (c - 1) / 2;
      for (double& v : lower) v = s.uniform() - 0.5;
      for (double& v : x) v = s.uniform() - 0.5;
      std::vector<RankOneCoefficients> coefficients(block * terms);
      for (auto& k : coefficients) {
        const double d = 1 + 0.1 * s.uniform(), t = 0.2 * (s.uniform() - 0.5);
        k = {.a = t, .inv = 1 / d, .d = d, .t = t};
      }
      kernel(rows, block, terms, columns.data(), x.data(), ld, coefficients.data());
      all.insert(all.end(), lower.begin(), lower.end());
      all.insert(all.end(), x.begin(), x.end());
    }
  }
  return all;
}

TEST_P(CholeskyPanelVariantsTest, PanelUpdateIsThePortableBits) {
  EXPECT_TRUE(same_bits(panels(variant(avx512::cholesky_panel_update, avx2::cholesky_panel_update)),
                        panels(portable::cholesky_panel_update)));
}

VAROPT_INSTANTIATE_SIMD_VARIANTS(CholeskyPanelVariantsTest);

}  // namespace
}  // namespace varopt::kernels
