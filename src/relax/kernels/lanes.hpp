#pragma once
// Internal (kernels only): registers of W floats as GNU vector types, and the operations that
// vector extensions do not give, for the SIMD kernels (gumbel_softmax_simd.hpp), which are
// templates over a lanes policy L:
//   L::width                     W, the lanes of a register
//   L::Float, L::Int             a register of W floats / int32s (arithmetic, comparisons and
//                                selects come from the vector extensions)
//   L::load, L::store            a whole register
//   L::Mask, L::first_lanes(n)   the lanes j < n, for the masked loads and stores:
//   L::load_first(p, m[, fill])  the lanes of m from p, the others 0 or `fill` (nothing read
//                                there)
//   L::store_first(p, m, x)      the lanes of m to p (nothing written beyond)
//   L::equal_lanes(x, y)         bit j set where x[j] == y[j]
// Policies: Avx512Lanes (W = 16, mask registers) and Avx2Lanes (W = 8, vmaskmovps), where the
// variant targets them, and PlainLanes<W> for any W of LaneTypes (vector extensions and per-lane
// copies only): with it the kernels also compile and run at a width the CPU lacks, which is how
// the tests check the 16-lane code on AVX2 machines and the 8-lane code on AVX-512 ones.
// NativeLanes is the widest policy the variant has; VAROPT_RELAX_SIMD is defined when there is one.
//
// The numeric primitives are overloads on the register type, each an intrinsic where the variant
// has the instruction and otherwise a per-lane loop with the same IEEE operations (same bits):
//   fma(a, b, c)           a·b + c rounded once
//   to_float(k)            int32 lanes to float
//   lookup8(table, j)      table[j[lane]] from an 8-entry table, j in [0, 8)
// and for a scalar float, the same operations.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__AVX2__) || defined(__AVX512F__)
#include "../../core/kernels/intrinsics.hpp"
#endif

#include "../../core/kernels/isa.hpp"

// Registers wider than the target's are passed in memory; nothing here crosses a translation
// unit, so GCC's note that this ABI changed in GCC 4.6 does not apply.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {

template <std::size_t W>
struct LaneTypes;
template <>
struct LaneTypes<8> {
  using Float = float __attribute__((vector_size(32)));
  using Int = std::int32_t __attribute__((vector_size(32)));
};
template <>
struct LaneTypes<16> {
  using Float = float __attribute__((vector_size(64)));
  using Int = std::int32_t __attribute__((vector_size(64)));
};
using Float8 = LaneTypes<8>::Float;
using Int8 = LaneTypes<8>::Int;
using Float16 = LaneTypes<16>::Float;
using Int16 = LaneTypes<16>::Int;

// The int32 register of the same width as F, and the lane count.
template <class F>
struct LanesOf;
template <>
struct LanesOf<float> {
  using Int = std::int32_t;
  static constexpr std::size_t width = 1;
};
template <>
struct LanesOf<Float8> {
  using Int = Int8;
  static constexpr std::size_t width = 8;
};
template <>
struct LanesOf<Float16> {
  using Int = Int16;
  static constexpr std::size_t width = 16;
};
template <class F>
using IntOf = typename LanesOf<F>::Int;

// ---- numeric primitives ----------------------------------------------------------------------

inline float fma(float a, float b, float c) { return std::fma(a, b, c); }
inline float to_float(std::int32_t k) { return static_cast<float>(k); }
inline float lookup8(const float* table, std::int32_t j) { return table[j]; }

namespace plain {
template <class F>
F fma(F a, F b, F c) {
  F r;
  for (std::size_t j = 0; j < LanesOf<F>::width; ++j) r[j] = std::fma(a[j], b[j], c[j]);
  return r;
}
template <class F>
F lookup8(const float* table, IntOf<F> index) {
  F r;
  for (std::size_t j = 0; j < LanesOf<F>::width; ++j) r[j] = table[index[j]];
  return r;
}
}  // namespace plain

inline Float8 fma(Float8 a, Float8 b, Float8 c) {
#if defined(__AVX2__) && defined(__FMA__)
  return _mm256_fmadd_ps(a, b, c);
#else
  return plain::fma(a, b, c);
#endif
}
inline Float16 fma(Float16 a, Float16 b, Float16 c) {
#ifdef __AVX512F__
  return _mm512_fmadd_ps(a, b, c);
#else
  return plain::fma(a, b, c);
#endif
}
inline Float8 to_float(Int8 k) { return __builtin_convertvector(k, Float8); }
inline Float16 to_float(Int16 k) { return __builtin_convertvector(k, Float16); }
inline Float8 lookup8(const float* table, Int8 index) {
#ifdef __AVX2__
  return _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), __m256i(index));
#else
  return plain::lookup8<Float8>(table, index);
#endif
}
inline Float16 lookup8(const float* table, Int16 index) {
#ifdef __AVX512F__
  // Indices below 8 never reach the upper half of the 16-lane table register.
  return _mm512_permutexvar_ps(__m512i(index), _mm512_castps256_ps512(_mm256_loadu_ps(table)));
#else
  return plain::lookup8<Float16>(table, index);
#endif
}

// std::max(x, low) and std::min(x, high), NaN passing through (a lane-wise select for vectors;
// for float registers vmaxps(low, x) and vminps(high, x), which return their second operand,
// x, when either is NaN: the same results in one instruction instead of a compare and a blend).
template <class F, class S>
inline F at_least(F x, S low) {
  return x < low ? F{} + low : x;
}
template <class F, class S>
inline F at_most(F x, S high) {
  return high < x ? F{} + high : x;
}
#ifdef __AVX2__
inline Float8 at_least(Float8 x, float low) { return _mm256_max_ps(_mm256_set1_ps(low), x); }
inline Float8 at_most(Float8 x, float high) { return _mm256_min_ps(_mm256_set1_ps(high), x); }
#endif
#ifdef __AVX512F__
inline Float16 at_least(Float16 x, float low) { return _mm512_max_ps(_mm512_set1_ps(low), x); }
inline Float16 at_most(Float16 x, float high) { return _mm512_min_ps(_mm512_set1_ps(high), x); }
#endif

// ---- lanes policies --------------------------------------------------------------------------

// Any W: whole registers by memcpy, partial ones lane by lane.
template <std::size_t W>
struct PlainLanes {
  static constexpr std::size_t width = W;
  using Float = typename LaneTypes<W>::Float;
  using Int = typename LaneTypes<W>::Int;
  using Mask = std::size_t;  // the number of first lanes

  static Mask first_lanes(std::size_t n) { return n < W ? n : W; }
  static Float load(const float* p) {
    Float x;
    std::memcpy(&x, p, sizeof x);
    return x;
  }
  static void store(float* p, Float x) { std::memcpy(p, &x, sizeof x); }
  static Int load(const std::uint32_t* p) {
    return std::bit_cast<Int>(load(reinterpret_cast<const float*>(p)));
  }
  static Float load_first(const float* p, Mask n, float fill = 0.0F) {
    Float x = Float{} + fill;
    for (std::size_t j = 0; j < n; ++j) x[j] = p[j];
    return x;
  }
  static Int load_first(const std::uint32_t* p, Mask n) {
    Int x{};
    for (std::size_t j = 0; j < n; ++j) x[j] = static_cast<std::int32_t>(p[j]);
    return x;
  }
  static void store_first(float* p, Mask n, Float x) {
    for (std::size_t j = 0; j < n; ++j) p[j] = x[j];
  }
  static std::uint32_t equal_lanes(Float x, Float y) {
    std::uint32_t bits = 0;
    for (std::size_t j = 0; j < W; ++j) bits |= static_cast<std::uint32_t>(x[j] == y[j]) << j;
    return bits;
  }
};

#if defined(__AVX2__) && defined(__FMA__)
struct Avx2Lanes {
  static constexpr std::size_t width = 8;
  using Float = Float8;
  using Int = Int8;
  using Mask = __m256i;  // sign bit set in the lanes, for vmaskmovps

  static Mask first_lanes(std::size_t n) {
    const Int lane{0, 1, 2, 3, 4, 5, 6, 7};
    return Mask(lane < static_cast<std::int32_t>(n < width ? n : width));
  }
  static Float load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, Float x) { _mm256_storeu_ps(p, x); }
  static Int load(const std::uint32_t* p) {
    return Int(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  }
  static Float load_first(const float* p, Mask mask) { return _mm256_maskload_ps(p, mask); }
  static Float load_first(const float* p, Mask mask, float fill) {
    return _mm256_blendv_ps(_mm256_set1_ps(fill), _mm256_maskload_ps(p, mask), __m256(mask));
  }
  static Int load_first(const std::uint32_t* p, Mask mask) {
    return Int(_mm256_maskload_epi32(reinterpret_cast<const int*>(p), mask));
  }
  static void store_first(float* p, Mask mask, Float x) { _mm256_maskstore_ps(p, mask, x); }
  static std::uint32_t equal_lanes(Float x, Float y) {
    return static_cast<std::uint32_t>(_mm256_movemask_ps(_mm256_cmp_ps(x, y, _CMP_EQ_OQ)));
  }
};
#endif

#ifdef __AVX512F__
struct Avx512Lanes {
  static constexpr std::size_t width = 16;
  using Float = Float16;
  using Int = Int16;
  using Mask = __mmask16;

  static Mask first_lanes(std::size_t n) {
    return n >= width ? Mask{0xFFFF} : static_cast<Mask>((1U << n) - 1U);
  }
  static Float load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, Float x) { _mm512_storeu_ps(p, x); }
  static Int load(const std::uint32_t* p) { return Int(_mm512_loadu_si512(p)); }
  static Float load_first(const float* p, Mask mask) { return _mm512_maskz_loadu_ps(mask, p); }
  static Float load_first(const float* p, Mask mask, float fill) {
    return _mm512_mask_loadu_ps(_mm512_set1_ps(fill), mask, p);
  }
  static Int load_first(const std::uint32_t* p, Mask mask) {
    return Int(_mm512_maskz_loadu_epi32(mask, p));
  }
  static void store_first(float* p, Mask mask, Float x) { _mm512_mask_storeu_ps(p, mask, x); }
  static std::uint32_t equal_lanes(Float x, Float y) { return _mm512_cmpeq_ps_mask(x, y); }
};
#endif

#if defined(__AVX512F__)
#define VAROPT_RELAX_SIMD 1
using NativeLanes = Avx512Lanes;
#elif defined(__AVX2__) && defined(__FMA__)
#define VAROPT_RELAX_SIMD 1
using NativeLanes = Avx2Lanes;
#endif

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA

#pragma GCC diagnostic pop
