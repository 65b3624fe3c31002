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
// The float functions are templates over the scalar float and, with AVX-512, a register of 16
// floats (Float16), written once: the same operations in the same order, so a value gets the
// same bits whether a loop computes it one at a time or sixteen at a time.
// double: std::log and std::exp.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#ifdef __AVX512F__
// GCC 12 warns about the deliberately undefined registers inside its own AVX-512 intrinsics.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif

namespace varopt::relax::kernels {

namespace float_lanes {

// The integer type of the same width as F (bit patterns and exponents).
template <class F>
struct Bits;
template <>
struct Bits<float> {
  using Signed = std::int32_t;
  using Unsigned = std::uint32_t;
};

inline float fma(float a, float b, float c) { return std::fma(a, b, c); }
inline float to_float(std::int32_t k) { return static_cast<float>(k); }

#ifdef __AVX512F__
using Float16 = float __attribute__((vector_size(64)));
using Int16 = std::int32_t __attribute__((vector_size(64)));
using Uint16 = std::uint32_t __attribute__((vector_size(64)));
template <>
struct Bits<Float16> {
  using Signed = Int16;
  using Unsigned = Uint16;
};

inline Float16 fma(Float16 a, Float16 b, Float16 c) { return _mm512_fmadd_ps(a, b, c); }

inline constexpr std::size_t width = 16;
// The first min(count, 16) lanes, for masked loads and stores.
inline __mmask16 first_lanes(std::size_t count) {
  return count >= width ? __mmask16{0xFFFF} : static_cast<__mmask16>((1U << count) - 1U);
}
inline Float16 to_float(Int16 k) { return __builtin_convertvector(k, Float16); }
#endif

// std::max(x, low) and std::min(x, high), NaN passing through (a lane-wise select for vectors).
template <class F, class S>
inline F at_least(F x, S low) {
  return x < low ? F{} + low : x;
}
template <class F, class S>
inline F at_most(F x, S high) {
  return high < x ? F{} + high : x;
}

}  // namespace float_lanes

template <class F>
inline F fast_log(F x) {
  using namespace float_lanes;
  using Signed = typename Bits<F>::Signed;
  using Unsigned = typename Bits<F>::Unsigned;
  constexpr std::uint32_t sqrt_half = 0x3F3504F3U;  // bits of √½
  const Unsigned shifted = std::bit_cast<Unsigned>(x) - sqrt_half;
  const F k = to_float(std::bit_cast<Signed>(shifted) >> 23);
  const F m = std::bit_cast<F>((shifted & 0x007FFFFFU) + sqrt_half);
  const F f = m - 1.0F;
  const F z = f * f;
  F p = F{} + 7.0376836292e-2F;
  p = fma(p, f, F{} - 1.1514610310e-1F);
  p = fma(p, f, F{} + 1.1676998740e-1F);
  p = fma(p, f, F{} - 1.2420140846e-1F);
  p = fma(p, f, F{} + 1.4249322787e-1F);
  p = fma(p, f, F{} - 1.6668057665e-1F);
  p = fma(p, f, F{} + 2.0000714765e-1F);
  p = fma(p, f, F{} - 2.4999993993e-1F);
  p = fma(p, f, F{} + 3.3333331174e-1F);
  F y = f * z * p;
  y = fma(k, F{} - 2.12194440e-4F, y);
  y = fma(F{} - 0.5F, z, y);
  return fma(k, F{} + 0.693359375F, f + y);
}

template <class F>
inline F fast_exp(F x) {
  using namespace float_lanes;
  using Signed = typename Bits<F>::Signed;
  constexpr float round_magic = 0x1.8p23F;  // adding it rounds to an integer
  // No selects in the polynomial's path (GCC would mask the whole polynomial under them): the
  // clamp keeps n within [−150, 150] and the exponent field saturates to 0 (giving 0) or 255
  // (giving +inf).
  const F clamped = at_most(at_least(x, -104.0F), 104.0F);
  const F t = fma(clamped, F{} + 1.44269504088896341F, F{} + round_magic);
  const F n = t - round_magic;
  F r = fma(n, F{} - 0.693359375F, clamped);
  r = fma(n, F{} + 2.12194440e-4F, r);
  F p = F{} + 1.9875691500e-4F;
  p = fma(p, r, F{} + 1.3981999507e-3F);
  p = fma(p, r, F{} + 8.3334519073e-3F);
  p = fma(p, r, F{} + 4.1665795894e-2F);
  p = fma(p, r, F{} + 1.6666665459e-1F);
  p = fma(p, r, F{} + 5.0000001201e-1F);
  const F e = fma(p, r * r, r) + 1.0F;
  const Signed biased = std::bit_cast<Signed>(t) - std::bit_cast<std::int32_t>(round_magic) + 127;
  const Signed field = at_most(at_least(biased, 0), 255);
  return e * std::bit_cast<F>(field << 23);
}

#ifdef __AVX512F__
// 2^x in 16 lanes, for the softmax (AVX-512 only): x = n + f with n = round(x), |f| ≤ ½; 2^f by
// a degree-6 polynomial (relative-error fit on Chebyshev nodes, error 2·10⁻⁹), times 2ⁿ by
// vscalefps, which rounds correctly, so results are denormal down to 2⁻¹⁴⁹ and 0 below; +inf
// above 2¹²⁸; NaN propagates. Half the instructions of fast_exp: no Cody–Waite split and no
// exponent-field arithmetic. Max error 0.93 ulp (measured in tests/relax/native_kernels_test).
inline float_lanes::Float16 fast_exp2(float_lanes::Float16 x) {
  using float_lanes::at_least;
  using float_lanes::at_most;
  using float_lanes::Float16;
  const Float16 clamped = at_most(at_least(x, -200.0F), 200.0F);  // n and f finite
  const Float16 n = _mm512_roundscale_ps(clamped, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const Float16 f = clamped - n;
  Float16 p = Float16{} + 0x1.41fbbcp-13F;
  p = _mm512_fmadd_ps(p, f, Float16{} + 0x1.5f3e54p-10F);
  p = _mm512_fmadd_ps(p, f, Float16{} + 0x1.3b2d4cp-7F);
  p = _mm512_fmadd_ps(p, f, Float16{} + 0x1.c6aee8p-5F);
  p = _mm512_fmadd_ps(p, f, Float16{} + 0x1.ebfbdcp-3F);
  p = _mm512_fmadd_ps(p, f, Float16{} + 0x1.62e430p-1F);
  p = _mm512_fmadd_ps(p, f, Float16{} + 1.0F);
  return _mm512_scalef_ps(p, n);
}
#endif

inline double fast_log(double x) { return std::log(x); }
inline double fast_exp(double x) { return std::exp(x); }

template <class T>
inline T fast_sigmoid(T x) {
  return T(1) / (T(1) + fast_exp(-x));
}

}  // namespace varopt::relax::kernels
