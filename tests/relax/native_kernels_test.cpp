// The SIMD building blocks of the relaxation kernels at both register widths, compiled like the
// kernels themselves for the CPU that runs the test (-march=native, tests/CMakeLists.txt; into the
// test's own namespace VAROPT_KERNEL_ISA): each width runs on its native lanes policy where the
// CPU has one and on PlainLanes otherwise, so the 16-lane code is checked on
// AVX2 machines and the 8-lane code on AVX-512 ones. Checked: fast_exp2's error and special
// values, the register fast_log/fast_exp against their scalar instantiations bit for bit,
// PackedRows' reductions, arg-maxima (ties included), spreads and one-hot rows against plain
// per-row loops, and the whole
// forward and backward kernels of both widths against each other.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "../../src/relax/kernels/fast_math.hpp"
#include "../../src/relax/kernels/gumbel_softmax_simd.hpp"
#include "../../src/relax/kernels/lanes.hpp"
#include "../../src/relax/kernels/packed_rows.hpp"
#include "support/vectors.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {
namespace {

#ifdef __AVX512F__
using Lanes16 = Avx512Lanes;
#else
using Lanes16 = PlainLanes<16>;
#endif
#if defined(__AVX2__) && defined(__FMA__)
using Lanes8 = Avx2Lanes;
#else
using Lanes8 = PlainLanes<8>;
#endif

template <class L>
class LanesTest : public ::testing::Test {};
using Widths = ::testing::Types<Lanes8, Lanes16>;
TYPED_TEST_SUITE(LanesTest, Widths);

// Distance in units in the last place between a float and the exact value (double).
double ulp_error(float got, double exact) {
  const auto rounded = static_cast<float>(exact);
  const double ulp = std::nextafter(rounded, std::numeric_limits<float>::infinity()) - rounded;
  return std::abs(static_cast<double>(got) - exact) / ulp;
}

template <class L>
float exp2_lane0(float x) {
  return fast_exp2(typename L::Float{} + x)[0];
}

TYPED_TEST(LanesTest, Exp2IsWithinOneUlpAndHandlesItsRangeEnds) {
  using L = TypeParam;
  constexpr float inf = std::numeric_limits<float>::infinity();
  double worst = 0.0;
  // Normal results: x from −126 to 127.4, 5·10⁶ points.
  for (double x = -126.0; x < 127.4; x += 5.1e-5) {
    const auto xf = static_cast<float>(x);
    worst = std::max(worst, ulp_error(exp2_lane0<L>(xf), std::exp2(double{xf})));
  }
  this->RecordProperty("max_ulp", std::to_string(worst));
  EXPECT_LE(worst, 1.0);
  EXPECT_EQ(exp2_lane0<L>(0.0F), 1.0F);
  EXPECT_EQ(exp2_lane0<L>(-126.0F), std::ldexp(1.0F, -126));
  EXPECT_EQ(exp2_lane0<L>(-151.0F), 0.0F);
  EXPECT_EQ(exp2_lane0<L>(-inf), 0.0F);
  EXPECT_EQ(exp2_lane0<L>(128.0F), inf);
  EXPECT_EQ(exp2_lane0<L>(inf), inf);
  EXPECT_TRUE(std::isnan(exp2_lane0<L>(std::numeric_limits<float>::quiet_NaN())));
#ifdef __AVX512F__
  if constexpr (L::width == 16) {  // vscalefps keeps denormal results
    EXPECT_EQ(exp2_lane0<L>(-130.0F), std::ldexp(1.0F, -130));
  }
#endif
}

TYPED_TEST(LanesTest, RegisterLogAndExpGiveTheScalarBits) {
  // The noise relies on it: a register path and a scalar loop must draw the same noise.
  using F = typename TypeParam::Float;
  constexpr std::size_t width = TypeParam::width;
  for (std::uint32_t bits = 0x00800000U; bits < 0x7F000000U; bits += 16 * 40009) {
    F x;
    for (std::size_t j = 0; j < width; ++j) {
      x[j] = std::bit_cast<float>(bits + 40009U * static_cast<std::uint32_t>(j));
    }
    const F logs = fast_log(x);
    const F exps = fast_exp(x - 60.0F);
    for (std::size_t j = 0; j < width; ++j) {
      ASSERT_EQ(std::bit_cast<std::uint32_t>(logs[j]), std::bit_cast<std::uint32_t>(fast_log(x[j])))
          << x[j];
      const float shifted = x[j] - 60.0F;
      ASSERT_EQ(std::bit_cast<std::uint32_t>(exps[j]),
                std::bit_cast<std::uint32_t>(fast_exp(shifted)))
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

// Σ over a row in fold_lanes' order for 16 lanes (lane j with j + 8, j + 4, j + 2, j + 1).
float tree_sum(const float* row, std::size_t cols) {
  float lane[16] = {};
  for (std::size_t k = 0; k < cols; ++k) lane[k] = row[k];
  for (std::size_t half = 8; half > 0; half /= 2) {
    for (std::size_t j = 0; j < half; ++j) lane[j] += lane[j + half];
  }
  return lane[0];
}

TYPED_TEST(LanesTest, PackedRowsReduceSpreadAndFindTheArgmaxOfEveryRowLikeAPerRowLoop) {
  using L = TypeParam;
  using Packed = PackedRows<L>;
  constexpr std::size_t width = L::width;
  for (std::size_t cols = 1; cols <= Packed::max_cols; ++cols) {
    const Packed packed(cols);
    for (std::size_t rows = 1; rows <= Packed::group_rows; ++rows) {
      auto x = sample(rows * cols, static_cast<std::uint32_t>(31 * cols + rows));
      const auto y = sample(rows * cols, static_cast<std::uint32_t>(77 * cols + rows));
      // Ties for the maximum in every third row: the first of them is the arg-max.
      for (std::size_t r = 0; r < rows && cols > 1; r += 3) {
        float* row = x.data() + r * cols;
        row[cols - 1] = row[cols / 2] = *std::max_element(row, row + cols) + 1.0F;
      }
      const auto maxima = packed.maxima(x.data(), rows);
      const auto sums = packed.sums(x.data(), rows);
      const auto dots = packed.dots(x.data(), y.data(), rows);
      std::vector<std::int64_t> index(rows);
      typename L::Int hot{};
      std::vector<float> products(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) products[i] = x[i] * y[i];
      std::vector<bool> lane_taken(width);
      for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t lane = Packed::lane_of(r);
        ASSERT_LT(lane, width);
        ASSERT_FALSE(lane_taken[lane]) << "two rows in lane " << lane;
        lane_taken[lane] = true;
        const float* row = x.data() + r * cols;
        const auto first_max = static_cast<std::int64_t>(std::max_element(row, row + cols) - row);
        EXPECT_EQ(maxima[lane], row[first_max]) << cols << " cols, row " << r;
        index[r] = static_cast<std::int64_t>(packed.first_equal(row, maxima[lane]));
        EXPECT_EQ(index[r], first_max) << cols << " cols, row " << r;
        EXPECT_EQ(packed.first_equal(row, 1e30F), 0U);
        hot[lane] = static_cast<std::int32_t>(index[r]);
        // The same order of additions as a lone row, so the same bits.
        EXPECT_EQ(sums[lane], tree_sum(row, cols)) << cols << " cols, row " << r;
        EXPECT_EQ(dots[lane], tree_sum(products.data() + r * cols, cols))
            << cols << " cols, row " << r;
      }
      for (std::size_t q = 0; width * q < rows * cols; ++q) {
        const auto spread = packed.spread(maxima, q);
        const auto one_hot = packed.one_hot(hot, q);
        for (std::size_t j = 0; j < width && width * q + j < rows * cols; ++j) {
          const std::size_t r = (width * q + j) / cols;
          const std::size_t k = (width * q + j) % cols;
          EXPECT_EQ(spread[j], maxima[Packed::lane_of(r)]);
          EXPECT_EQ(one_hot[j], static_cast<std::int64_t>(k) == index[r] ? 1.0F : 0.0F);
        }
      }
    }
  }
}

struct Forward {
  std::vector<float> soft, hard, grad;
  std::vector<std::int64_t> index;
};

// The SIMD forward (soft, hard, index) and backward of lanes policy L.
template <class L>
Forward run_kernels(const std::vector<float>& logits, std::size_t cols, float tau,
                    const std::vector<float>& v) {
  const std::size_t rows = logits.size() / cols;
  const StreamId stream{.seed = 5, .generation = 1, .member = 2};
  Forward out{std::vector<float>(logits.size()), std::vector<float>(logits.size()),
              std::vector<float>(logits.size()), std::vector<std::int64_t>(rows)};
  simd::gumbel_softmax_forward<L>(logits.data(), rows, cols, GumbelSource<float>{stream}, tau,
                                  out.soft.data(), {cols, out.hard.data(), out.index.data()});
  simd::softmax_vjp<L>(out.soft.data(), v.data(), rows, cols, tau, out.grad.data());
  return out;
}

TEST(SimdKernelsTest, BothWidthsDrawTheSameSamplesAndGradients) {
  // The noise and the row maxima are the same bits at both widths; only the order of the long
  // rows' sums differs: relative differences of a few float ε, bounded here by 64ε·(1 + |x|).
  for (const std::size_t cols : {1, 3, 8, 10, 16, 17, 100, 1000, 2500}) {
    const std::size_t rows = cols <= 16 ? 203 : 7;
    const auto logits = testing::random_logits<float>(rows * cols, 3.0, 11 + cols);
    const auto v = testing::random_logits<float>(rows * cols, 1.0, 17 + cols);
    for (const float tau : {0.3F, 1.0F}) {
      const Forward a = run_kernels<Lanes8>(logits, cols, tau, v);
      const Forward b = run_kernels<Lanes16>(logits, cols, tau, v);
      EXPECT_EQ(a.index, b.index) << cols << " classes";
      EXPECT_EQ(a.hard, b.hard) << cols << " classes";
      const float eps = 64 * std::numeric_limits<float>::epsilon();
      for (std::size_t i = 0; i < logits.size(); ++i) {
        ASSERT_NEAR(a.soft[i], b.soft[i], eps * (1 + std::abs(a.soft[i])))
            << cols << " classes, " << i;
        ASSERT_NEAR(a.grad[i], b.grad[i], eps * (1 + std::abs(a.grad[i])))
            << cols << " classes, " << i;
      }
      for (std::size_t r = 0; r < rows; ++r) {
        ASSERT_EQ(a.hard[r * cols + static_cast<std::size_t>(a.index[r])], 1.0F);
      }
    }
  }
}

}  // namespace
}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
