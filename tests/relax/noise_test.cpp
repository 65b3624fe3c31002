// Relax noise: vectorized Philox batches against Random123, the (0, 1) range, the Gumbel and
// logistic transforms against double-precision references, and the float log/exp kernels'
// maximum error (the figures quoted in docs/relax.md).
#include "varopt/relax/noise.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

// The internal kernels' math, to measure its error directly (compiled here for baseline x86-64,
// into the test's own namespace VAROPT_KERNEL_ISA: tests/CMakeLists.txt; the code is plain C++
// and gives the same results as the kernels).
#include "../../src/relax/kernels/fast_math.hpp"

namespace varopt::relax {
namespace {

namespace fast_math = kernels::VAROPT_KERNEL_ISA;

const StreamId stream{.seed = 0x9E3779B97F4A7C15ULL, .generation = 7, .member = 3};

template <class T>
class NoiseTest : public ::testing::Test {};
using Precisions = ::testing::Types<float, double>;
TYPED_TEST_SUITE(NoiseTest, Precisions);

TYPED_TEST(NoiseTest, UniformFillMatchesTheScalarDefinitionBitForBit) {
  using T = TypeParam;
  // Offsets not a multiple of 4 or 64 and lengths crossing batches and parallel tiles.
  for (const std::uint64_t first : {0ULL, 1ULL, 3ULL, 63ULL, 65ULL, 1000003ULL}) {
    for (const std::size_t n : {std::size_t{1}, std::size_t{5}, std::size_t{64},
                                std::size_t{129}, std::size_t{40000}}) {
      std::vector<T> out(n);
      fill_uniform_noise<T>(stream, first, out);
      for (std::size_t j = 0; j < n; ++j) {
        ASSERT_EQ(out[j], uniform_noise_at<T>(stream, first + j)) << "first " << first << " j " << j;
      }
    }
  }
}

TYPED_TEST(NoiseTest, FillingInPiecesGivesTheSameNumbers) {
  using T = TypeParam;
  std::vector<T> whole(100000);
  fill_gumbel_noise<T>(stream, 11, whole);
  std::vector<T> pieces(whole.size());
  std::size_t done = 0;
  for (const std::size_t length : {std::size_t{7}, std::size_t{33000}, std::size_t{1}}) {
    fill_gumbel_noise<T>(stream, 11 + done, std::span<T>(pieces).subspan(done, length));
    done += length;
  }
  fill_gumbel_noise<T>(stream, 11 + done, std::span<T>(pieces).subspan(done));
  EXPECT_EQ(whole, pieces);
}

TEST(NoiseTest, UniformsStayStrictlyInsideTheUnitInterval) {
  for (const std::uint32_t bits : {0U, 1U, 511U, 512U, 0x80000000U, 0xFFFFFFFFU}) {
    const float u = uniform_from_lane<float>(bits);
    EXPECT_GT(u, 0.0F);
    EXPECT_LT(u, 1.0F);
    // 1 − u is exact, so log(1 − u) never sees a rounded 0.
    EXPECT_EQ(static_cast<double>(1.0F - u), 1.0 - static_cast<double>(u));
    const double d = uniform_from_lane<double>(bits);
    EXPECT_GT(d, 0.0);
    EXPECT_LT(d, 1.0);
  }
  EXPECT_EQ(uniform_from_lane<float>(0U), 0x1.0p-24F);
  EXPECT_EQ(uniform_from_lane<float>(0xFFFFFFFFU), 1.0F - 0x1.0p-24F);
}

TEST(NoiseTest, UniformsHaveTheRightMeanAndVariance) {
  // n = 10⁶: the mean's standard error is √(1/12/n) = 2.9·10⁻⁴; |error| < 5 SE fails with
  // probability 5.7·10⁻⁷. The variance's SE is √((1/80 − 1/144)/n) = 7.5·10⁻⁵.
  const std::size_t n = 1000000;
  std::vector<float> u(n);
  fill_uniform_noise<float>(stream, 0, u);
  double sum = 0.0, sum_sq = 0.0;
  for (const float x : u) sum += x, sum_sq += static_cast<double>(x) * x;
  const double mean = sum / n;
  const double variance = sum_sq / n - mean * mean;
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(variance, 1.0 / 12, 5 * std::sqrt((1.0 / 80 - 1.0 / 144) / n));
}

TYPED_TEST(NoiseTest, GumbelAndLogisticMatchDoublePrecisionReferences) {
  using T = TypeParam;
  const std::size_t n = 200000;
  std::vector<T> u(n), g(n), l(n);
  fill_uniform_noise<T>(stream, 0, u);
  fill_gumbel_noise<T>(stream, 0, g);
  fill_logistic_noise<T>(stream, 0, l);
  // float: log has 2 ulp; −log(−log u) amplifies the inner error by |1/log u| near u = 1,
  // which is why the tolerance is relative to |log u|, not to G.
  const double eps = std::numeric_limits<T>::epsilon();
  for (std::size_t j = 0; j < n; ++j) {
    const double x = u[j];
    const double inner = -std::log(x);
    const double gumbel = -std::log(inner);
    const double logistic = std::log(x) - std::log1p(-x);
    ASSERT_NEAR(g[j], gumbel, 8 * eps * (1.0 + std::abs(gumbel))) << "u = " << x;
    ASSERT_NEAR(l[j], logistic, 8 * eps * (1.0 + std::abs(logistic))) << "u = " << x;
  }
}

// Distance in units in the last place between a float and the exact value (double).
double ulp_error(float got, double exact) {
  const float rounded = static_cast<float>(exact);
  const double ulp = std::nextafter(rounded, std::numeric_limits<float>::infinity()) - rounded;
  return std::abs(static_cast<double>(got) - exact) / ulp;
}

TEST(FastMathTest, FloatLogIsWithinTwoUlp) {
  // Every 409th float from the smallest normal to 3·10³⁸ (10⁷ values).
  double worst = 0.0;
  const auto low = std::bit_cast<std::uint32_t>(std::numeric_limits<float>::min());
  const auto high = std::bit_cast<std::uint32_t>(3e38F);
  for (std::uint32_t bits = low; bits < high; bits += 409) {
    const float x = std::bit_cast<float>(bits);
    worst = std::max(worst, ulp_error(fast_math::fast_log(x), std::log(static_cast<double>(x))));
  }
  RecordProperty("max_ulp", std::to_string(worst));
  EXPECT_LE(worst, 2.0);
}

TEST(FastMathTest, FloatExpIsWithinTwoUlpAndFlushesOutsideItsRange) {
  double worst = 0.0;
  for (double x = -87.0; x <= 88.0; x += 3.7e-5) {
    const auto xf = static_cast<float>(x);
    worst = std::max(worst, ulp_error(fast_math::fast_exp(xf), std::exp(static_cast<double>(xf))));
  }
  RecordProperty("max_ulp", std::to_string(worst));
  EXPECT_LE(worst, 2.0);
  EXPECT_EQ(fast_math::fast_exp(0.0F), 1.0F);
  EXPECT_GT(fast_math::fast_exp(-87.3F), 0.0F);  // 1.2·10⁻³⁸, the last normal results
  EXPECT_EQ(fast_math::fast_exp(-88.0F), 0.0F);
  EXPECT_EQ(fast_math::fast_exp(-1e30F), 0.0F);
  EXPECT_EQ(fast_math::fast_exp(-std::numeric_limits<float>::infinity()), 0.0F);
  EXPECT_EQ(fast_math::fast_exp(89.0F), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(fast_math::fast_exp(std::numeric_limits<float>::quiet_NaN())));
}

}  // namespace
}  // namespace varopt::relax
