// The AVX-512 building blocks of the relaxation kernels, compiled like the kernels themselves
// (-march=native, tests/CMakeLists.txt): fast_exp2's error and special values, the 16-lane
// fast_log/fast_exp against their scalar instantiations bit for bit, and PackedRows' row-wise
// reductions, spreads and one-hot rows against plain per-row loops. Skipped where the CPU or
// the build has no AVX-512 (those kernels are then not compiled either).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "../../src/relax/kernels/fast_math.hpp"
#include "../../src/relax/kernels/packed_rows.hpp"

namespace varopt::relax::kernels {
namespace {

#ifdef __AVX512F__
using float_lanes::Float16;

float lane0(Float16 x) { return x[0]; }

// Distance in units in the last place between a float and the exact value (double).
double ulp_error(float got, double exact) {
  const auto rounded = static_cast<float>(exact);
  const double ulp = std::nextafter(rounded, std::numeric_limits<float>::infinity()) - rounded;
  return std::abs(static_cast<double>(got) - exact) / ulp;
}

TEST(NativeKernelsTest, Exp2IsWithinOneUlpAndHandlesItsRangeEnds) {
  double worst = 0.0;
  // Normal results: x from −126 to 127.9, 5·10⁶ points.
  for (double x = -126.0; x < 127.99; x += 5.1e-5) {
    const auto xf = static_cast<float>(x);
    worst = std::max(worst, ulp_error(lane0(fast_exp2(Float16{} + xf)), std::exp2(double{xf})));
  }
  RecordProperty("max_ulp", std::to_string(worst));
  EXPECT_LE(worst, 1.0);
  EXPECT_EQ(lane0(fast_exp2(Float16{})), 1.0F);
  EXPECT_EQ(lane0(fast_exp2(Float16{} - 130.0F)), std::ldexp(1.0F, -130));  // denormal, exact
  EXPECT_EQ(lane0(fast_exp2(Float16{} - 151.0F)), 0.0F);
  EXPECT_EQ(lane0(fast_exp2(Float16{} - std::numeric_limits<float>::infinity())), 0.0F);
  EXPECT_EQ(lane0(fast_exp2(Float16{} + 128.0F)), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(lane0(fast_exp2(Float16{} + std::numeric_limits<float>::quiet_NaN()))));
}

TEST(NativeKernelsTest, SixteenLaneLogAndExpGiveTheScalarBits) {
  // The noise kernels rely on it: a register path and a scalar loop must draw the same noise.
  for (std::uint32_t bits = 0x00800000U; bits < 0x7F000000U; bits += 16 * 40009) {
    Float16 x;
    for (int j = 0; j < 16; ++j) x[j] = std::bit_cast<float>(bits + 40009U * static_cast<std::uint32_t>(j));
    const Float16 log16 = fast_log(x);
    const Float16 exp16 = fast_exp(x - 60.0F);
    for (int j = 0; j < 16; ++j) {
      ASSERT_EQ(std::bit_cast<std::uint32_t>(log16[j]), std::bit_cast<std::uint32_t>(fast_log(x[j])))
          << x[j];
      const float shifted = x[j] - 60.0F;
      ASSERT_EQ(std::bit_cast<std::uint32_t>(exp16[j]), std::bit_cast<std::uint32_t>(fast_exp(shifted)))
          << shifted;
    }
  }
}

// Rows × cols values, distinct, of both signs.
std::vector<float> sample(std::size_t n, std::uint32_t seed) {
  std::vector<float> x(n);
  std::uint32_t state = seed;
  for (float& v : x) {
    state = state * 1664525U + 1013904223U;
    v = static_cast<float>(static_cast<std::int32_t>(state >> 8) - (1 << 23)) * 0x1.0p-20F;
  }
  return x;
}

// Σ over a row in _mm512_reduce_add_ps's order (lane j with j + 8, j + 4, j + 2, j + 1).
float tree_sum(const float* row, std::size_t cols) {
  float lane[16] = {};
  for (std::size_t k = 0; k < cols; ++k) lane[k] = row[k];
  for (std::size_t half = 8; half > 0; half /= 2) {
    for (std::size_t j = 0; j < half; ++j) lane[j] += lane[j + half];
  }
  return lane[0];
}

TEST(NativeKernelsTest, PackedRowsReduceSpreadAndOneHotEveryRowLikeAPerRowLoop) {
  for (std::size_t cols = 1; cols <= PackedRows::max_cols; ++cols) {
    const PackedRows packed(cols);
    for (std::size_t rows = 1; rows <= PackedRows::group_rows; ++rows) {
      const auto x = sample(rows * cols, static_cast<std::uint32_t>(31 * cols + rows));
      const auto y = sample(rows * cols, static_cast<std::uint32_t>(77 * cols + rows));
      const Float16 maxima = packed.maxima(x.data(), rows);
      const Float16 sums = packed.sums(x.data(), rows);
      const Float16 dots = packed.dots(x.data(), y.data(), rows);
      PackedRows::Int16 hot{};
      std::vector<float> products(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) products[i] = x[i] * y[i];
      for (std::size_t r = 0; r < rows; ++r) {
        const float* row = x.data() + r * cols;
        float m = row[0];
        for (std::size_t k = 1; k < cols; ++k) m = std::max(m, row[k]);
        EXPECT_EQ(maxima[r], m) << cols << " cols, row " << r;
        // The same order of additions as a lone row, so the same bits.
        EXPECT_EQ(sums[r], tree_sum(row, cols)) << cols << " cols, row " << r;
        EXPECT_EQ(dots[r], tree_sum(products.data() + r * cols, cols)) << cols << " cols, row " << r;
        hot[r] = static_cast<std::int32_t>((r * 7) % cols);
      }
      for (std::size_t q = 0; 16 * q < rows * cols; ++q) {
        const Float16 spread = packed.spread(maxima, q);
        const Float16 one_hot = packed.one_hot(hot, q);
        for (std::size_t j = 0; j < 16 && 16 * q + j < rows * cols; ++j) {
          const std::size_t r = (16 * q + j) / cols;
          const std::size_t k = (16 * q + j) % cols;
          EXPECT_EQ(spread[j], maxima[r]);
          EXPECT_EQ(one_hot[j], static_cast<std::int32_t>(k) == hot[r] ? 1.0F : 0.0F);
        }
      }
    }
  }
}
#else
TEST(NativeKernelsTest, SkippedWithoutAvx512) { GTEST_SKIP() << "built without AVX-512"; }
#endif

}  // namespace
}  // namespace varopt::relax::kernels
