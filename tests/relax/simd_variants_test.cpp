// The relaxation kernels' variants against the portable one, in float and double. Bit for bit:
// the noise (every variant draws the same noise, noise_batch.hpp), the relaxed Bernoulli kernels
// (element-wise, the same operations everywhere), the Gumbel-softmax's arg-max outputs, and every
// double output (double runs the portable loops in every variant). The float softmax and its VJP
// take other formulas in the SIMD variants (gumbel_softmax_simd.hpp: 2^x instead of eˣ, sums in
// other orders), so they are compared within their rounding-error bounds.
#include "support/simd_variants.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../../src/relax/kernels/relax_kernels.hpp"
#include "support/vectors.hpp"

namespace varopt::relax::kernels {
namespace {

using testing::random_logits;
using testing::same_bits;

const StreamId stream{.seed = 0xC0FFEE, .generation = 4, .member = 9};

// Offsets not a multiple of 4 or of the 384-word chunks; lengths across chunks and tiles.
constexpr std::uint64_t firsts[] = {0, 3, 1000003};
constexpr std::size_t lengths[] = {1, 5, 64, 129, 5000, 40000};

// Row lengths: packed short rows (≤ 16 classes), tiles of whole rows, rows in segments.
constexpr std::size_t class_counts[] = {1, 3, 8, 10, 16, 17, 100, 1000, 2500};
std::size_t rows_for(std::size_t cols) { return cols <= 16 ? 203 : 7; }

using RelaxVariantsTest = testing::SimdVariantTest;

// out[j] of kernel(stream, first, out, n) for every first and length, one after another.
template <class T>
std::vector<T> noise(void (*kernel)(const StreamId&, std::uint64_t, T*, std::size_t)) {
  std::vector<T> all;
  for (const std::uint64_t first : firsts) {
    for (const std::size_t n : lengths) {
      std::vector<T> out(n);
      kernel(stream, first, out.data(), n);
      all.insert(all.end(), out.begin(), out.end());
    }
  }
  return all;
}

template <class T>
void expect_same_noise(auto* uniform, auto* gumbel, auto* logistic) {
  EXPECT_TRUE(same_bits(noise<T>(uniform), noise<T>(portable::uniform_noise<T>))) << "uniform";
  EXPECT_TRUE(same_bits(noise<T>(gumbel), noise<T>(portable::gumbel_noise<T>))) << "Gumbel";
  EXPECT_TRUE(same_bits(noise<T>(logistic), noise<T>(portable::logistic_noise<T>))) << "logistic";
}

TEST_P(RelaxVariantsTest, NoiseIsThePortableBits) {
  expect_same_noise<float>(variant(avx512::uniform_noise<float>, avx2::uniform_noise<float>),
                           variant(avx512::gumbel_noise<float>, avx2::gumbel_noise<float>),
                           variant(avx512::logistic_noise<float>, avx2::logistic_noise<float>));
  expect_same_noise<double>(variant(avx512::uniform_noise<double>, avx2::uniform_noise<double>),
                            variant(avx512::gumbel_noise<double>, avx2::gumbel_noise<double>),
                            variant(avx512::logistic_noise<double>, avx2::logistic_noise<double>));
}

// The relaxed Bernoulli forward (soft, hard) and both VJPs over every length.
template <class T>
std::vector<T> bernoulli_outputs(auto* forward, auto* vjp, auto* logits_vjp) {
  std::vector<T> all;
  for (const std::size_t n : lengths) {
    const auto logits = random_logits<T>(n, 3.0, 5 + n);
    const auto v = random_logits<T>(n, 1.0, 6 + n);
    std::vector<T> soft(n), hard(n), grad(n), logits_grad(n);
    forward(logits.data(), n, stream, T(0.7), soft.data(), hard.data());
    vjp(soft.data(), v.data(), n, T(0.7), grad.data());
    logits_vjp(logits.data(), v.data(), n, logits_grad.data());
    for (const auto* out : {&soft, &hard, &grad, &logits_grad}) {
      all.insert(all.end(), out->begin(), out->end());
    }
  }
  return all;
}

template <class T>
std::vector<T> portable_bernoulli_outputs() {
  return bernoulli_outputs<T>(portable::relaxed_bernoulli_forward<T>, portable::sigmoid_vjp<T>,
                              portable::sigmoid_of_logits_vjp<T>);
}

TEST_P(RelaxVariantsTest, RelaxedBernoulliIsThePortableBits) {
  EXPECT_TRUE(same_bits(
      bernoulli_outputs<float>(
          variant(avx512::relaxed_bernoulli_forward<float>, avx2::relaxed_bernoulli_forward<float>),
          variant(avx512::sigmoid_vjp<float>, avx2::sigmoid_vjp<float>),
          variant(avx512::sigmoid_of_logits_vjp<float>, avx2::sigmoid_of_logits_vjp<float>)),
      portable_bernoulli_outputs<float>()));
  EXPECT_TRUE(same_bits(
      bernoulli_outputs<double>(
          variant(avx512::relaxed_bernoulli_forward<double>,
                  avx2::relaxed_bernoulli_forward<double>),
          variant(avx512::sigmoid_vjp<double>, avx2::sigmoid_vjp<double>),
          variant(avx512::sigmoid_of_logits_vjp<double>, avx2::sigmoid_of_logits_vjp<double>)),
      portable_bernoulli_outputs<double>()));
}

// The Gumbel-softmax forward pass and the softmax VJP of one variant on one shape. The VJP takes
// `y` (the portable forward's soft sample), so that it is compared on the same input.
template <class T>
struct Softmax {
  std::vector<T> soft, hard, grad;
  std::vector<std::int64_t> index;
};
template <class T>
Softmax<T> softmax(auto* forward, auto* vjp, const GumbelSource<T>& noise,
                   const std::vector<T>& logits, std::size_t cols, T tau, const std::vector<T>& v,
                   const std::vector<T>& y) {
  const std::size_t n = logits.size();
  Softmax<T> out{std::vector<T>(n), std::vector<T>(n), std::vector<T>(n),
                 std::vector<std::int64_t>(n / cols)};
  forward(logits.data(), n / cols, cols, noise, tau, out.soft.data(), out.hard.data(),
          out.index.data());
  vjp((y.empty() ? out.soft : y).data(), v.data(), n / cols, cols, tau, out.grad.data());
  return out;
}

// Calls check(noise, logits, cols, tau, v) for every shape and temperature, with generated and
// with given noise.
template <class T, class Check>
void for_each_softmax_case(const Check& check) {
  for (const std::size_t cols : class_counts) {
    const std::size_t n = rows_for(cols) * cols;
    const auto logits = random_logits<T>(n, 3.0, 11 + cols);
    const auto v = random_logits<T>(n, 1.0, 17 + cols);
    std::vector<T> gumbels(n);
    portable::gumbel_noise<T>(stream, 0, gumbels.data(), n);
    for (const T tau : {T(0.5), T(1)}) {
      check(GumbelSource<T>{stream}, logits, cols, tau, v);
      check(GumbelSource<T>{stream, gumbels.data()}, logits, cols, tau, v);
    }
  }
}

TEST_P(RelaxVariantsTest, DoubleGumbelSoftmaxIsThePortableBits) {
  using T = double;
  auto* const forward = variant(avx512::gumbel_softmax_forward<T>, avx2::gumbel_softmax_forward<T>);
  auto* const vjp = variant(avx512::softmax_vjp<T>, avx2::softmax_vjp<T>);
  for_each_softmax_case<T>([&](const GumbelSource<T>& noise, const std::vector<T>& logits,
                               std::size_t cols, T tau, const std::vector<T>& v) {
    const auto expected = softmax<T>(portable::gumbel_softmax_forward<T>, portable::softmax_vjp<T>,
                                     noise, logits, cols, tau, v, {});
    const auto got = softmax<T>(forward, vjp, noise, logits, cols, tau, v, {});
    const std::string shape = std::to_string(cols) + " classes, tau " + std::to_string(tau);
    EXPECT_TRUE(same_bits(got.index, expected.index)) << shape;
    EXPECT_TRUE(same_bits(got.hard, expected.hard)) << shape;
    EXPECT_TRUE(same_bits(got.soft, expected.soft)) << shape;
    EXPECT_TRUE(same_bits(got.grad, expected.grad)) << shape;
  });
}

TEST_P(RelaxVariantsTest, FloatGumbelSoftmaxMatchesThePortableOneWithinItsErrorBound) {
  // soft_i = e_i / S, e_i = exp(x_i), x_i = (s_i − m)/τ ≤ 0. With u = 2⁻²⁴, a variant's x_i
  // carries three roundings (relative 3u: e_i off by 3u|x_i| e_i), its exp or exp2 ≤ 1.04 ulp
  // (2.1u), its sum S (≥ 1, the maximum's e = 1) ≤ γ(cols) S + Σ_j (3u|x_j| + 2.1u) e_j, where
  // |x| e^x ≤ 1/e, and its division two more roundings: |soft_i − exact| ≤ u (1.2 + soft_i (2.1
  // cols + 8)) to first order. Two variants differ by at most twice that; checked:
  // 2u (1.2 + soft_i (3 cols + 12)). The arg-max outputs come from the same perturbed logits.
  using T = float;
  constexpr double u = 0x1p-24;
  auto* const forward = variant(avx512::gumbel_softmax_forward<T>, avx2::gumbel_softmax_forward<T>);
  auto* const vjp = variant(avx512::softmax_vjp<T>, avx2::softmax_vjp<T>);
  for_each_softmax_case<T>([&](const GumbelSource<T>& noise, const std::vector<T>& logits,
                               std::size_t cols, T tau, const std::vector<T>& v) {
    const auto expected = softmax<T>(portable::gumbel_softmax_forward<T>, portable::softmax_vjp<T>,
                                     noise, logits, cols, tau, v, {});
    const auto got = softmax<T>(forward, vjp, noise, logits, cols, tau, v, expected.soft);
    const std::string shape = std::to_string(cols) + " classes, tau " + std::to_string(tau);
    EXPECT_TRUE(same_bits(got.index, expected.index)) << shape;
    EXPECT_TRUE(same_bits(got.hard, expected.hard)) << shape;
    for (std::size_t i = 0; i < logits.size(); ++i) {
      const double y = expected.soft[i];
      ASSERT_LE(std::abs(got.soft[i] - y), 2 * u * (1.2 + y * (3.0 * cols + 12)))
          << shape << ", element " << i;
    }
    // grad_i = y_i/τ (v_i − d), d = Σ_j y_j v_j: the two dots differ by at most 2γ(cols) A,
    // A = Σ_j |y_j v_j|; each v_i − d and two products round once: |Δgrad_i| ≤ y_i/τ (2γ(cols)
    // A + 2u (|v_i| + |d|)) + 6u |grad_i|, with γ(cols) ≤ 1.01 cols u here.
    for (std::size_t r = 0; r < logits.size() / cols; ++r) {
      double a = 0, d = 0;
      for (std::size_t k = r * cols; k < (r + 1) * cols; ++k) {
        a += std::abs(double{expected.soft[k]} * v[k]);
        d += double{expected.soft[k]} * v[k];
      }
      for (std::size_t k = r * cols; k < (r + 1) * cols; ++k) {
        const double bound = expected.soft[k] / tau *
                                 (2.02 * cols * u * a + 2 * u * (std::abs(v[k]) + std::abs(d))) +
                             6 * u * std::abs(expected.grad[k]);
        ASSERT_LE(std::abs(got.grad[k] - expected.grad[k]), bound) << shape << ", element " << k;
      }
    }
  });
}

VAROPT_INSTANTIATE_SIMD_VARIANTS(RelaxVariantsTest);

}  // namespace
}  // namespace varopt::relax::kernels
