#pragma once
// Internal (kernels only): log, exp and sigmoid written as straight-line code (bit manipulation,
// Horner polynomials with explicit fma, selects) so that loops calling them vectorize.
// float: Cephes-style minimax polynomials (S. Moshier, Cephes Math Library 1984–1992):
//   log  x = k ln2 + log(m), m ∈ [√½, √2), degree-9 polynomial in m − 1; for positive normal
//        finite x.
//   exp  x = 2ⁿ e^r, n = round(x / ln2), |r| ≤ ln2/2 (Cody–Waite split of ln2), degree-7
//        polynomial; results below 2⁻¹²⁶ (x < −87.3) are 0 and x ≥ 88.38 gives +inf (what a
//        softmax or sigmoid needs: it cannot tell them from 0 and ∞); NaN propagates.
// Max error against the exact value, measured on 10⁷ points (tests/relax/noise_test,
// which bounds both by 2 ulp): log 0.75 ulp, exp 1.0 ulp.
// double: std::log and std::exp.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace varopt::relax::kernels {

inline float fast_log(float x) {
  constexpr std::uint32_t sqrt_half = 0x3F3504F3U;  // bits of √½
  const std::uint32_t shifted = std::bit_cast<std::uint32_t>(x) - sqrt_half;
  const auto k = static_cast<float>(static_cast<std::int32_t>(shifted) >> 23);
  const float m = std::bit_cast<float>((shifted & 0x007FFFFFU) + sqrt_half);
  const float f = m - 1.0F;
  const float z = f * f;
  float p = 7.0376836292e-2F;
  p = std::fma(p, f, -1.1514610310e-1F);
  p = std::fma(p, f, 1.1676998740e-1F);
  p = std::fma(p, f, -1.2420140846e-1F);
  p = std::fma(p, f, 1.4249322787e-1F);
  p = std::fma(p, f, -1.6668057665e-1F);
  p = std::fma(p, f, 2.0000714765e-1F);
  p = std::fma(p, f, -2.4999993993e-1F);
  p = std::fma(p, f, 3.3333331174e-1F);
  float y = f * z * p;
  y = std::fma(k, -2.12194440e-4F, y);
  y = std::fma(-0.5F, z, y);
  return std::fma(k, 0.693359375F, f + y);
}

inline float fast_exp(float x) {
  constexpr float round_magic = 0x1.8p23F;  // adding it rounds to an integer
  // No selects (GCC would mask the whole polynomial under them): the clamp keeps n within
  // [−150, 150] and the exponent field saturates to 0 (giving 0) or 255 (giving +inf).
  const float clamped = std::min(std::max(x, -104.0F), 104.0F);
  const float t = std::fma(clamped, 1.44269504088896341F, round_magic);
  const float n = t - round_magic;
  float r = std::fma(n, -0.693359375F, clamped);
  r = std::fma(n, 2.12194440e-4F, r);
  float p = 1.9875691500e-4F;
  p = std::fma(p, r, 1.3981999507e-3F);
  p = std::fma(p, r, 8.3334519073e-3F);
  p = std::fma(p, r, 4.1665795894e-2F);
  p = std::fma(p, r, 1.6666665459e-1F);
  p = std::fma(p, r, 5.0000001201e-1F);
  const float e = std::fma(p, r * r, r) + 1.0F;
  const std::int32_t biased =
      std::bit_cast<std::int32_t>(t) - std::bit_cast<std::int32_t>(round_magic) + 127;
  const std::int32_t field = std::min(std::max(biased, 0), 255);
  return e * std::bit_cast<float>(static_cast<std::uint32_t>(field) << 23);
}

inline double fast_log(double x) { return std::log(x); }
inline double fast_exp(double x) { return std::exp(x); }

template <class T>
T fast_sigmoid(T x) {
  return T(1) / (T(1) + fast_exp(-x));
}

}  // namespace varopt::relax::kernels
