// Philox streams: the generator against Random123, the exact (id, index) → value contract of the
// bulk fills, and the distribution of uniforms, normals and Gumbels.
//
// Statistical checks use fixed seeds, so they are deterministic; each tolerance is derived from
// the estimator's standard error and its false-positive rate (the probability that a correct
// generator fails the check with a fresh seed) is stated beside it.
#include "varopt/core/rng.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <random>
#include <thread>
#include <vector>

#include "../../src/core/kernels/philox_kernels.hpp"  // white-box: the logarithm of the transform
#include "varopt/core/error.hpp"

namespace varopt {
namespace {

constexpr std::uint32_t all_ones = 0xFFFFFFFFu;

// ---- Philox against Random123 ---------------------------------------------------------------

// Random123's known-answer vectors (tests/kat_vectors of the Random123 distribution):
// "philox4x32 10 <counter[4]> <key[2]> <output[4]>".
struct KnownAnswer {
  std::array<std::uint32_t, 4> counter;
  std::array<std::uint32_t, 2> key;
  std::array<std::uint32_t, 4> output;
};
constexpr KnownAnswer philox_known_answers[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{all_ones, all_ones, all_ones, all_ones},
     {all_ones, all_ones},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

// The stream and block whose Philox input is (counter, key).
StreamId stream_of(const KnownAnswer& v) {
  return {(std::uint64_t{v.key[1]} << 32) | v.key[0], v.counter[3], v.counter[2]};
}
std::uint64_t block_of(const KnownAnswer& v) {
  return (std::uint64_t{v.counter[1]} << 32) | v.counter[0];
}

TEST(Philox, KnownAnswerVectors) {
  for (const KnownAnswer& v : philox_known_answers) {
    EXPECT_EQ(philox_block(stream_of(v), block_of(v)), v.output);
  }
  // The zero vector through the bulk (vectorized) path: block 0 is lane 0 of the first group.
  std::array<std::uint32_t, 64> words{};
  fill_words(stream_of(philox_known_answers[0]), 0, words);
  EXPECT_TRUE(std::equal(words.begin(), words.begin() + 4, philox_known_answers[0].output.begin()));
}

// Streams whose seed, generation and member take extreme and ordinary values.
std::vector<StreamId> test_streams() {
  return {{0, 0, 0},
          {~std::uint64_t{0}, all_ones, all_ones},
          {42, 7, 3},
          {0x243f6a8885a308d3, 0x13198a2e, 0x03707344},
          {std::uint64_t{1} << 32, 1, 0}};
}

TEST(Philox, BulkWordsMatchRandom123OnManyCounters) {
  // Starting blocks: 0, across the carry from the low to the high counter word, near the top of
  // the addressable range, and arbitrary; counts that are not multiples of the vector width.
  const std::uint64_t starts[] = {0, (std::uint64_t{1} << 32) - 5, (std::uint64_t{1} << 62) - 1003,
                                  0x123456789ab};
  std::size_t compared = 0;
  for (const StreamId& id : test_streams()) {
    for (std::uint64_t start : starts) {
      for (std::uint64_t offset : {0, 1, 3}) {  // word offset inside the first block
        std::vector<std::uint32_t> words(4 * 1001 + 2);
        fill_words(id, 4 * start + offset, words);
        for (std::size_t j = 0; j < words.size(); ++j) {
          const std::uint64_t w = 4 * start + offset + j;
          ASSERT_EQ(words[j], philox_block(id, w / 4)[w % 4]) << "word " << w;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 50000u);
}

// ---- uniforms --------------------------------------------------------------------------------

TEST(Uniform, ExtremeBitPatternsStayStrictlyInside) {
  EXPECT_EQ(uniform_from_bits(0, 0), 0x1.0p-53);
  EXPECT_EQ(uniform_from_bits(all_ones, all_ones), 1.0 - 0x1.0p-53);
  EXPECT_LT(uniform_from_bits(all_ones, all_ones), 1.0);
  // 2⁻⁵³·(2m + 1): neighbours differ by 2⁻⁵², the lowest 12 bits are ignored.
  EXPECT_EQ(uniform_from_bits(0x1000, 0), 3 * 0x1.0p-53);
  EXPECT_EQ(uniform_from_bits(0xFFF, 0), 0x1.0p-53);
  EXPECT_EQ(uniform_from_bits(0, 0x80000000u), 0.5 + 0x1.0p-53);
}

TEST(Uniform, BulkValuesAreTheScalarMappingOfTheBlocks) {
  const StreamId id{9, 2, 5};
  std::vector<double> u(100003);
  fill_uniform(id, 0, u);
  for (std::size_t j = 0; j < u.size(); ++j) {
    const auto b = philox_block(id, j / 2);
    const double expected =
        j % 2 == 0 ? uniform_from_bits(b[0], b[1]) : uniform_from_bits(b[2], b[3]);
    ASSERT_EQ(u[j], expected) << j;
    ASSERT_GT(u[j], 0.0);
    ASSERT_LT(u[j], 1.0);
  }
}

// Kolmogorov–Smirnov statistic √n·sup|F_n − F| of sorted samples against the CDF F.
template <class Cdf>
double kolmogorov_smirnov(std::vector<double> x, Cdf cdf) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, (static_cast<double>(i) + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return std::sqrt(n) * d;
}
// P(√n·D > 2.3) → 2·exp(−2·2.3²) ≈ 5e-5 under the null hypothesis (Kolmogorov's limit law).
constexpr double ks_threshold = 2.3;

TEST(Uniform, KolmogorovSmirnov) {
  std::vector<double> u(1 << 20);
  fill_uniform({3, 1, 4}, 0, u);
  EXPECT_LT(kolmogorov_smirnov(u, [](double x) { return x; }), ks_threshold);
}

// ---- normals: exact contract -----------------------------------------------------------------

// Box–Muller of the block's uniforms in long double (64-bit significand): the angle is reduced
// exactly to q/4 + f turns, |f| ≤ 1/8, so sin and cos are accurate relative to themselves.
std::array<long double, 2> reference_box_muller(const StreamId& id, std::uint64_t block) {
  const auto b = philox_block(id, block);
  const long double u1 = uniform_from_bits(b[0], b[1]);
  const long double u2 = uniform_from_bits(b[2], b[3]);
  const long double rho = std::sqrt(-2.0L * std::log(u1));
  const long double q = std::nearbyint(4.0L * u2);
  const long double angle = 2.0L * std::numbers::pi_v<long double> * (u2 - q / 4.0L);
  long double s = std::sin(angle), c = std::cos(angle);
  for (int turn = 0; turn < static_cast<int>(q); ++turn) {  // rotate by quarter turns
    const long double t = s;
    s = c;
    c = -t;
  }
  return {rho * c, rho * s};
}

TEST(Normal, WithinOneEMinus15OfExactBoxMuller) {
  // Maximum relative error of the vectorized transform (the bound documented in rng.hpp).
  double worst = 0;
  for (const StreamId& id : test_streams()) {
    std::vector<double> z(2 * 20000);
    fill_normal(id, 0, z);
    for (std::uint64_t k = 0; k < z.size() / 2; ++k) {
      const auto exact = reference_box_muller(id, k);
      for (int i = 0; i < 2; ++i) {
        const double error = static_cast<double>(std::abs((z[2 * k + i] - exact[i]) / exact[i]));
        worst = std::max(worst, error);
      }
    }
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3e", worst);
  RecordProperty("max_relative_error", text);
  EXPECT_LT(worst, 1e-15);
}

TEST(Normal, LogarithmIsAccurateRelativeToItself) {
  // The ln behind ρ = √(−2 ln u₁) and the Gumbel transform: relative error below 1e-15 over the
  // uniforms (near 0, near 1, anywhere), over wide exponents, and on both sides of 1.
  double worst = 0;
  auto check = [&worst](double x) {
    const long double exact = std::log(static_cast<long double>(x));
    if (exact == 0) return;
    const double computed = kernels::log_positive(x);
    worst = std::max(worst, static_cast<double>(std::abs((computed - exact) / exact)));
  };
  std::mt19937_64 bits(8);
  for (std::uint64_t m = 0; m < 20000; ++m) {
    check(static_cast<double>(2 * m + 1) * 0x1.0p-53);                                   // u ≈ 0
    check(static_cast<double>(2 * ((std::uint64_t{1} << 52) - 1 - m) + 1) * 0x1.0p-53);  // u ≈ 1
  }
  for (int i = 0; i < 200000; ++i) {
    check(
        uniform_from_bits(static_cast<std::uint32_t>(bits()), static_cast<std::uint32_t>(bits())));
    const double mantissa = 1 + static_cast<double>(bits() >> 12) * 0x1.0p-52;
    check(std::ldexp(mantissa, static_cast<int>(bits() % 2000) - 1000));
    check(1 + (static_cast<double>(bits() >> 11) * 0x1.0p-53 - 0.5) * 1e-3);  // around 1
  }
  EXPECT_EQ(kernels::log_positive(1.0), 0.0);
  char text[32];
  std::snprintf(text, sizeof text, "%.3e", worst);
  RecordProperty("max_relative_error", text);
  EXPECT_LT(worst, 1e-15);
}

TEST(Normal, ChunkedFillsAreBitIdenticalToOneCall) {
  const StreamId id{11, 3, 17};
  const std::size_t n = 10007;
  std::vector<double> whole(n);
  fill_normal(id, 0, whole);
  std::mt19937_64 splits(5);  // chooses split points only
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> pieces(n, -1.0);
    std::size_t begin = 0;
    while (begin < n) {
      // Sizes from 0 to 40 (all remainders modulo the vector width), or a long run.
      const std::size_t size =
          std::min(n - begin, splits() % 4 == 0 ? splits() % 2000 : splits() % 41);
      fill_normal(id, begin, std::span<double>(pieces).subspan(begin, size));
      begin += size;
    }
    ASSERT_EQ(std::memcmp(pieces.data(), whole.data(), n * sizeof(double)), 0) << trial;
  }
  for (std::size_t j = 0; j < n; ++j) ASSERT_EQ(normal_at(id, j), whole[j]) << j;
  // A fill starting at an odd index is a slice of the whole vector.
  std::vector<double> tail(n - 13);
  fill_normal(id, 13, tail);
  EXPECT_EQ(std::memcmp(tail.data(), whole.data() + 13, tail.size() * sizeof(double)), 0);
}

TEST(Normal, StreamsFilledTogetherAreEachStreamsFill) {
  // Normals per stream (2 per block), odd and even, around the vector groups of 4 and 8 blocks
  // and the bulk groups of 16 and 48, with stream counts whose lanes straddle streams in every
  // way; members from 0 and up to 2³² − 1.
  for (const std::size_t count : {1, 2, 3, 7, 8, 10, 16, 32, 95, 96, 97, 1000}) {
    for (const std::size_t streams : {1, 2, 5, 13, 50}) {
      for (const std::uint32_t member : {0U, 4'294'967'295U - static_cast<unsigned>(streams - 1)}) {
        const StreamId first{0xFEEDULL << 33, 9, member};
        const std::size_t stride = count + count % 2;
        std::vector<double> together(streams * stride);
        fill_normal_streams(first, streams, count, together);
        std::vector<double> alone(stride);
        for (std::size_t s = 0; s < streams; ++s) {
          fill_normal({first.seed, first.generation, static_cast<std::uint32_t>(member + s)}, 0,
                      alone);
          ASSERT_EQ(
              std::memcmp(together.data() + s * stride, alone.data(), stride * sizeof(double)), 0)
              << count << " values, stream " << s << " of " << streams << ", member " << member;
        }
      }
    }
  }
  std::vector<double> wrong(9);
  EXPECT_THROW(fill_normal_streams({1, 0, 0}, 2, 4, wrong), InvalidArgument);
  std::vector<double> two(2);
  EXPECT_THROW(fill_normal_streams({1, 0, 4'294'967'295U}, 2, 1, std::span<double>(two)),
               InvalidArgument);
}

TEST(Uniform, ChunkedFillsAreBitIdenticalToOneCall) {
  const StreamId id{12, 0, 1};
  const std::size_t n = 4099;
  std::vector<double> whole(n), pieces(n);
  fill_uniform(id, 0, whole);
  for (std::size_t begin = 0, size = 1; begin < n; begin += size, size = size % 19 + 1) {
    size = std::min(size, n - begin);
    fill_uniform(id, begin, std::span<double>(pieces).subspan(begin, size));
  }
  EXPECT_EQ(std::memcmp(pieces.data(), whole.data(), n * sizeof(double)), 0);
}

TEST(Normal, ResultsDoNotDependOnTheThreadCount) {
  const StreamId id{13, 5, 8};
  const std::size_t n = 300007;
  std::vector<double> serial(n);
  fill_normal(id, 5, serial);
  std::vector<double> parallel(n);
  fill_normal_parallel(id, 5, parallel);
  EXPECT_EQ(std::memcmp(parallel.data(), serial.data(), n * sizeof(double)), 0);
  for (std::size_t threads : {2, 3, 4}) {
    std::vector<double> out(n);
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        const std::size_t begin = n * t / threads, end = n * (t + 1) / threads;
        fill_normal(id, 5 + begin, std::span<double>(out).subspan(begin, end - begin));
      });
    }
    for (auto& th : pool) th.join();
    EXPECT_EQ(std::memcmp(out.data(), serial.data(), n * sizeof(double)), 0) << threads;
  }
  std::vector<double> u(n), u_parallel(n);
  fill_uniform(id, 1, u);
  fill_uniform_parallel(id, 1, u_parallel);
  EXPECT_EQ(std::memcmp(u.data(), u_parallel.data(), n * sizeof(double)), 0);
}

TEST(Stream, ScalarDrawsDoNotDependOnHowBulkDrawsAreSplit) {
  const StreamId id{21, 4, 2};
  Stream one(id), split(id);
  std::vector<double> a(18), b(18);
  one.fill_normal(a);
  split.fill_normal(std::span<double>(b).first(4));
  split.fill_normal(std::span<double>(b).subspan(4, 10));
  split.fill_normal(std::span<double>(b).subspan(14));
  EXPECT_EQ(a, b);
  EXPECT_EQ(one.position(), 9u);
  EXPECT_EQ(split.position(), 9u);
  // Odd-sized bulk draws round up to whole blocks, whatever the split.
  Stream odd(id);
  std::vector<double> c(7);
  odd.fill_normal(std::span<double>(c).first(3));     // blocks 0, 1
  odd.fill_uniform(std::span<double>(c).subspan(3));  // blocks 2, 3
  EXPECT_EQ(odd.position(), 4u);
  odd.seek(9);
  for (Stream* s : {&one, &split, &odd}) {
    EXPECT_EQ(s->normal(), normal_at(id, 2 * 9));
    const auto block = philox_block(id, 10);
    EXPECT_EQ(s->uniform(), uniform_from_bits(block[0], block[1]));
    EXPECT_EQ(s->position(), 11u);
  }
}

// ---- normals: distribution -------------------------------------------------------------------

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

TEST(Normal, MomentsWithinFiveStandardErrors) {
  const std::size_t n = std::size_t{1} << 22;
  std::vector<double> z(n);
  fill_normal({1, 0, 0}, 0, z);
  long double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  for (double x : z) {
    const long double y = x;
    s1 += y;
    s2 += y * y;
    s3 += y * y * y;
    s4 += y * y * y * y;
  }
  const double N = static_cast<double>(n);
  const double mean = static_cast<double>(s1 / N);
  const double variance = static_cast<double>(s2 / N) - mean * mean;
  const double skew = static_cast<double>(s3 / N);  // ≈ E z³ (mean ≈ 0, below 1/√N)
  const double kurtosis = static_cast<double>(s4 / N) - 3.0;
  // Standard errors under N(0, 1): mean 1/√N, variance √(2/N), E z³ √(15/N), E z⁴ − 3 √(96/N).
  // Each |error| < 5 SE fails with probability 5.7e-7 (normal approximation), 2.3e-6 for all 4.
  EXPECT_LT(std::abs(mean), 5 * std::sqrt(1 / N));
  EXPECT_LT(std::abs(variance - 1), 5 * std::sqrt(2 / N));
  EXPECT_LT(std::abs(skew), 5 * std::sqrt(15 / N));
  EXPECT_LT(std::abs(kurtosis), 5 * std::sqrt(96 / N));
}

TEST(Normal, KolmogorovSmirnovAgainstTheNormalCdf) {
  std::vector<double> z(1 << 20);
  fill_normal({2, 9, 1}, 0, z);
  EXPECT_LT(kolmogorov_smirnov(z, normal_cdf), ks_threshold);  // false positives: 5e-5
  // The two halves of the Box–Muller pairs separately (cos and sin branch).
  std::vector<double> even(z.size() / 2), odd(z.size() / 2);
  for (std::size_t k = 0; k < even.size(); ++k) even[k] = z[2 * k], odd[k] = z[2 * k + 1];
  EXPECT_LT(kolmogorov_smirnov(even, normal_cdf), ks_threshold);
  EXPECT_LT(kolmogorov_smirnov(odd, normal_cdf), ks_threshold);
}

TEST(Normal, TailFrequencies) {
  // Count of |z| > t among N: binomial, tolerance 5 SD → false positive 5.7e-7 each.
  const std::size_t n = std::size_t{1} << 23;
  std::vector<double> z(n);
  fill_normal({4, 4, 4}, 0, z);
  for (double t : {2.0, 3.0, 4.0, 4.5}) {
    const double p = 2 * normal_cdf(-t);
    const double count = static_cast<double>(
        std::count_if(z.begin(), z.end(), [t](double x) { return std::abs(x) > t; }));
    const double expected = p * static_cast<double>(n);
    EXPECT_LT(std::abs(count - expected), 5 * std::sqrt(expected * (1 - p))) << "t = " << t;
  }
}

// Sample correlation of two equally long vectors.
double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  long double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx += x[i], sy += y[i], sxx += x[i] * x[i], syy += y[i] * y[i], sxy += x[i] * y[i];
  }
  const long double n = static_cast<long double>(x.size());
  const long double cov = sxy / n - sx / n * sy / n;
  return static_cast<double>(cov /
                             std::sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n)));
}

TEST(Normal, NeighbouringStreamsAreUncorrelated) {
  // Under independence the sample correlation has SE 1/√N; |r| < 5/√N fails with probability
  // 5.7e-7 per pair (6 pairs: 3.4e-6).
  const std::size_t n = 1 << 20;
  const double tolerance = 5 / std::sqrt(static_cast<double>(n));
  auto normals = [n](const StreamId& id) {
    std::vector<double> z(n);
    fill_normal(id, 0, z);
    return z;
  };
  const Rng rng(77);
  const auto base = normals(rng.id(5, 10));
  EXPECT_LT(std::abs(correlation(base, normals(rng.id(5, 11)))), tolerance);      // member + 1
  EXPECT_LT(std::abs(correlation(base, normals(rng.id(6, 10)))), tolerance);      // generation + 1
  EXPECT_LT(std::abs(correlation(base, normals(Rng(78).id(5, 10)))), tolerance);  // seed + 1
  // Within a stream: consecutive values (the two halves of each pair, and across pairs).
  std::vector<double> first(n / 2), second(n / 2), next(n / 2 - 1), current(n / 2 - 1);
  for (std::size_t k = 0; k < n / 2; ++k) first[k] = base[2 * k], second[k] = base[2 * k + 1];
  for (std::size_t k = 0; k + 1 < n / 2; ++k)
    current[k] = base[2 * k + 1], next[k] = base[2 * k + 2];
  const double tolerance_half = 5 / std::sqrt(static_cast<double>(n / 2));
  EXPECT_LT(std::abs(correlation(first, second)), tolerance_half);
  EXPECT_LT(std::abs(correlation(current, next)), tolerance_half);
  // Squares of the pair halves (Box–Muller's pair is independent, not only uncorrelated).
  for (auto& x : first) x *= x;
  for (auto& x : second) x *= x;
  EXPECT_LT(std::abs(correlation(first, second)), tolerance_half);
}

// ---- scalar draws ----------------------------------------------------------------------------

TEST(Stream, GumbelMeanAndVariance) {
  // Gumbel(0, 1): mean γ (Euler–Mascheroni), variance π²/6, so the mean of N draws has SE
  // π/√(6N); 5 SE → false positive 5.7e-7. The variance check uses SE √((μ₄ − σ⁴)/N) with
  // excess kurtosis 12/5: μ₄ = (3 + 12/5) σ⁴.
  const std::size_t n = 1 << 20;
  Stream stream(Rng(5).stream(0, 0));
  long double s1 = 0, s2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double g = stream.gumbel();
    ASSERT_TRUE(std::isfinite(g));
    s1 += g, s2 += static_cast<long double>(g) * g;
  }
  const double N = static_cast<double>(n);
  const double mean = static_cast<double>(s1 / N);
  const double variance = static_cast<double>(s2 / N) - mean * mean;
  const double sigma2 = std::numbers::pi * std::numbers::pi / 6;
  EXPECT_NEAR(mean, std::numbers::egamma, 5 * std::sqrt(sigma2 / N));
  EXPECT_NEAR(variance, sigma2, 5 * std::sqrt((5.4 - 1) * sigma2 * sigma2 / N));
}

TEST(Stream, BelowIsUniformOnItsRange) {
  // Chi-square with 9 degrees of freedom over 10 cells: P(χ² > 33.7) = 1e-4.
  Stream stream(Rng(6).stream(1, 2));
  std::array<double, 10> counts{};
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t k = stream.below(10);
    ASSERT_LT(k, 10u);
    ++counts[k];
  }
  double chi2 = 0;
  for (double c : counts) chi2 += (c - n / 10.0) * (c - n / 10.0) / (n / 10.0);
  EXPECT_LT(chi2, 33.7);
  EXPECT_EQ(stream.below(1), 0u);
}

}  // namespace
}  // namespace varopt
