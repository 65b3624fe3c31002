#pragma once
// Internal (kernels only): log, exp and sigmoid written as straight-line code (bit manipulation,
// polynomials with explicit fma, selects) so that loops calling them vectorize.
// float:
//   log  x = 2^k m, m ∈ [0.71875, 1.4375): log x = k ln2 + log c + log1p(r), r = m/c − 1,
//        |r| ≤ 1/16, with 1/c and log c from an 8-entry table that the 3 bits below the
//        exponent field index (one vpermps each), c = 1 on the interval around 1 (so log x is
//        accurate relative to itself there), the other 1/c chosen so that log c is a float to
//        within 10⁻⁴ ulp (Gal's accurate tables, S. Gal 1986); log1p(r) = r + r² Q(r), Q of
//        degree 3 fitted for relative error (scripts/float_log_coefficients.py, 9·10⁻⁹). For
//        positive normal finite x. Half the polynomial of the Cephes log (degree 9 on
//        [√½, √2)), for speed (docs/relax.md, "Kernel decisions").
//   exp  Cephes (S. Moshier, Cephes Math Library 1984–1992): x = 2ⁿ e^r, n = round(x / ln2),
//        |r| ≤ ln2/2 (Cody–Waite split of ln2), degree-7 polynomial; results below 2⁻¹²⁶
//        (x < −87.3) are 0 and x ≥ 88.38 gives +inf (what a softmax or sigmoid needs: it cannot
//        tell them from 0 and ∞); NaN propagates.
//   exp2 (registers only) x = n + f, n = round(x), |f| ≤ ½, 2^f by a degree-6 polynomial
//        (relative-error fit on Chebyshev nodes, error 2·10⁻⁹), times 2ⁿ: with AVX-512 by
//        vscalefps, which rounds correctly (denormal results down to 2⁻¹⁴⁹, 0 below, +inf from
//        2¹²⁸); elsewhere by a float whose exponent field is n + 127 (0 for x < −126.5, denormal
//        results from 2⁻¹²⁶ on, +inf from x ≥ 127.5). Half the instructions of exp.
// Max error against the exact value, measured on 10⁷ points (tests/relax/noise_test and
// native_kernels_test, which bound them by 2 ulp and 1 ulp): log 1.04 ulp, exp 1.0 ulp, exp2
// 0.93 ulp.
// Every function is a template over the scalar float and the registers of lanes.hpp, written
// once: the same operations in the same order, so a value gets the same bits whether a loop
// computes it one at a time or a register at a time.
// double: std::log and std::exp.
#include <bit>
#include <cmath>
#include <cstdint>

#include "../../core/kernels/isa.hpp"
#include "lanes.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {

// fast_log's table (scripts/float_log_coefficients.py): 1/c and −log c for the 8 intervals of
// m ∈ [0.71875, 1.4375) that the 3 bits below the exponent field pick.
alignas(32) inline constexpr float log_inv_c[8] = {0x1.5564fap+0F, 0x1.3b20d8p+0F, 0x1.248eeep+0F,
                                                   0x1.11031cp+0F, 0x1.000000p+0F, 0x1.c711d4p-1F,
                                                   0x1.99a968p-1F, 0x1.746c6cp-1F};
alignas(32) inline constexpr float log_log_c[8] = {
    -0x1.26c50ep-2F, -0x1.a9944ep-3F, -0x1.11616ap-3F, -0x1.07882ap-4F, 0.0F,
    0x1.e2d004p-4F,  0x1.c8b076p-3F,  0x1.45ee94p-2F};

template <class F>
inline F fast_log(F x) {
  using Int = IntOf<F>;
  constexpr std::int32_t offset = 0x3F380000;  // bits of 0.71875
  const Int shifted = std::bit_cast<Int>(x) - offset;
  const Int mantissa = shifted & 0x007FFFFF;
  const Int index = mantissa >> 20;
  const F k = to_float(shifted >> 23);
  const F r = fma(std::bit_cast<F>(mantissa + offset), lookup8(log_inv_c, index), F{} - 1.0F);
  F q = F{} + 0x1.96253cp-3F;
  q = fma(q, r, F{} - 0x1.00b9fep-2F);
  q = fma(q, r, F{} + 0x1.555680p-2F);
  q = fma(q, r, F{} - 0x1.ffffd6p-2F);
  const F log1p_r = fma(r * r, q, r);
  return fma(k, F{} + 0x1.62e430p-1F, lookup8(log_log_c, index) + log1p_r);
}

template <class F>
inline F fast_exp(F x) {
  using Int = IntOf<F>;
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
  const Int biased = std::bit_cast<Int>(t) - std::bit_cast<std::int32_t>(round_magic) + 127;
  const Int field = at_most(at_least(biased, 0), 255);
  return e * std::bit_cast<F>(field << 23);
}

// 2^f for |f| ≤ ½ (the polynomial of fast_exp2).
template <class F>
inline F exp2_reduced(F f) {
  F p = F{} + 0x1.41fbbcp-13F;
  p = fma(p, f, F{} + 0x1.5f3e54p-10F);
  p = fma(p, f, F{} + 0x1.3b2d4cp-7F);
  p = fma(p, f, F{} + 0x1.c6aee8p-5F);
  p = fma(p, f, F{} + 0x1.ebfbdcp-3F);
  p = fma(p, f, F{} + 0x1.62e430p-1F);
  return fma(p, f, F{} + 1.0F);
}

template <class F>
inline F fast_exp2(F x) {
#ifdef __AVX512F__
  if constexpr (LanesOf<F>::width == 16) {
    const F clamped = at_most(at_least(x, -200.0F), 200.0F);  // n and f finite
    const F n = _mm512_roundscale_ps(clamped, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    return _mm512_scalef_ps(exp2_reduced(clamped - n), n);
  } else
#endif
  {
    using Int = IntOf<F>;
    // t = 1.5·2²³ + 127 + n: its low mantissa bits hold the biased exponent n + 127 ∈ [0, 255].
    constexpr float biased_magic = 0x1.8p23F + 127.0F;
    const F clamped = at_most(at_least(x, -127.0F), 128.0F);
    const F t = clamped + biased_magic;
    const F n = t - biased_magic;
    return exp2_reduced(clamped - n) * std::bit_cast<F>(std::bit_cast<Int>(t) << 23);
  }
}

inline double fast_log(double x) { return std::log(x); }
inline double fast_exp(double x) { return std::exp(x); }

template <class T>
inline T fast_sigmoid(T x) {
  return T(1) / (T(1) + fast_exp(-x));
}

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
