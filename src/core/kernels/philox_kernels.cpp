// Bulk Philox4x32-10 (Salmon et al. 2011) and the Box–Muller transform, vectorized.
//
// Every step below is written once, as a template over a lane type Lanes<R, n>: n registers of
// type R, one block per 64-bit lane. R is std::uint64_t (one block: the scalar path), __m256i
// (AVX2 + FMA, 4 blocks) or __m512i (AVX-512F + DQ, 8 blocks). The primitives of every R perform
// the same exactly rounded IEEE operations (add, mul, fma, sqrt) and only exact conversions, so a
// block gives the same bits whichever path computes it: the vector loops handle whole groups of
// blocks, the scalar path the rest, and no result depends on where a fill starts or stops.
//
// Philox in 64-bit lanes: each 32-bit counter word sits in the low half of a 64-bit lane, so one
// _mm512_mul_epu32 gives the full 32×32→64 product (lo in the low half, hi in the high half).
// The high halves of the lanes may hold garbage; only low halves are ever read as words.
//
// Box–Muller: ρ = √(−2 ln u₁), θ = 2π u₂, z₀ = ρ cos θ, z₁ = ρ sin θ, with
//   u = ((b >> 11) | 1)·2⁻⁵³ = (1 + m·2⁻⁵²) − 1 + 2⁻⁵³, m = b >> 12, built from its bits;
//   ln x = k ln 2 + ln c + log1p(r), x = 2^k z, z ∈ [0.703125, 1.40625), r = z/c − 1,
//     |r| ≤ 2⁻⁵, c from a 16-entry table (c = 1 on [0.984375, 1.03125), so ln x is accurate
//     relative to itself near 1), log1p(r) = r + r² Q(r) with Q of degree 8;
//   u₂ = v·2⁻⁵³ turns with v an odd integer: the quadrant q and the remainder f ∈ (−1/8, 1/8)
//     turns are exact integer operations, sin 2πf = f S(f²), cos 2πf = C(f²), degree 7 each.
// Coefficients: Chebyshev fits (mpmath, 60 digits) rounded to double; their approximation errors
// relative to the function are below 3e-19 (log1p), 5e-17 (sin) and 2e-17 (cos), under the
// rounding errors of the evaluation.
#include "philox_kernels.hpp"
#include "isa.hpp"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#if defined(__AVX512F__) && defined(__AVX512DQ__)
#define VAROPT_PHILOX_AVX512 1
#elif defined(__AVX2__) && defined(__FMA__)
#define VAROPT_PHILOX_AVX2 1
#endif
#if defined(VAROPT_PHILOX_AVX512) || defined(VAROPT_PHILOX_AVX2)
#include "intrinsics.hpp"
#endif

// Registers as template arguments lose their (irrelevant here) may_alias attribute.
#pragma GCC diagnostic ignored "-Wignored-attributes"

namespace varopt::kernels::VAROPT_KERNEL_ISA {
namespace {

// ---- constants ----------------------------------------------------------------------------

// Philox4x32 multipliers and Weyl key increments (Random123).
constexpr std::uint64_t philox_m0 = 0xD2511F53;
constexpr std::uint64_t philox_m1 = 0xCD9E8D57;
constexpr std::uint32_t philox_w0 = 0x9E3779B9;
constexpr std::uint32_t philox_w1 = 0xBB67AE85;
constexpr int philox_rounds = 10;

constexpr std::uint64_t low32 = 0xFFFFFFFF;
constexpr std::uint64_t one_bits = 0x3FF0000000000000;  // bits of 1.0
constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;

// ln: x = 2^k z with z ∈ [0.703125, 1.40625) taken from the bits of x − bits(0.703125); the 4 bits
// below the exponent field index the table: 9 intervals of width 1/32 on [0.703125, 0.984375),
// one on [0.984375, 1.03125) around 1, 6 of width 1/16 on [1.03125, 1.40625). inv_c ≈
// 1/(interval midpoint), exactly 1 around 1 (so ln x is accurate relative to itself near 1, on
// both sides); log_c = −ln(inv_c) rounded to double.
constexpr std::uint64_t log_offset = 0x3FE6800000000000;  // bits of 0.703125
alignas(64) constexpr double log_inv_c[16] = {
    0x1.642c8590b2164p+0, 0x1.5555555555555p+0, 0x1.47ae147ae147bp+0, 0x1.3b13b13b13b14p+0,
    0x1.2f684bda12f68p+0, 0x1.2492492492492p+0, 0x1.1a7b9611a7b96p+0, 0x1.1111111111111p+0,
    0x1.0842108421084p+0, 0x1.0000000000000p+0, 0x1.e1e1e1e1e1e1ep-1, 0x1.c71c71c71c71cp-1,
    0x1.af286bca1af28p-1, 0x1.999999999999ap-1, 0x1.8618618618618p-1, 0x1.745d1745d1746p-1};
alignas(64) constexpr double log_log_c[16] = {-0x1.522ae0738a3d7p-2, -0x1.269621134db91p-2,
                                              -0x1.f991c6cb3b37ap-3, -0x1.a93ed3c8ad9e5p-3,
                                              -0x1.5bf406b543db0p-3, -0x1.1178e8227e47ap-3,
                                              -0x1.9335e5d594988p-4, -0x1.08598b59e3a06p-4,
                                              -0x1.0415d89e74440p-5, 0x0.0p+0,
                                              0x1.f0a30c01162a8p-5,  0x1.e27076e2af2eap-4,
                                              0x1.5ff3070a793d6p-3,  0x1.c8ff7c79a9a20p-3,
                                              0x1.1675cababa60fp-2,  0x1.4618bc21c5ec2p-2};
// ln 2 = ln2_hi + ln2_lo, ln2_hi with 42 significant bits (k·ln2_hi is exact).
constexpr double ln2_hi = 0x1.62e42fefa3800p-1;
constexpr double ln2_lo = 0x1.ef35793c76730p-45;
// (log1p(r) − r)/r² on r ∈ [−0.0295, 2⁻⁵], lowest degree first.
constexpr double log1p_q[9] = {-0x1.0000000000000p-1, 0x1.555555555552ep-2,  -0x1.0000000000630p-2,
                               0x1.9999999ab2e78p-3,  -0x1.555555422203cp-3, 0x1.2492383193b95p-3,
                               -0x1.00009138d8439p-3, 0x1.c7dec4edf992ap-4,  -0x1.973bc7f5deb14p-4};
// sin(2π f)/f and cos(2π f) as polynomials in y = f², y ∈ [0, 1/64], lowest degree first.
constexpr double sin_turns_s[8] = {
    0x1.921fb54442d18p+2, -0x1.4abbce625be53p+5, 0x1.466bc6775aad9p+6, -0x1.32d2cce62ac22p+6,
    0x1.50783485cbd83p+5, -0x1.e3074b4ff3058p+3, 0x1.e8eed12ee00a3p+1, -0x1.6c5b875d4e739p-1};
constexpr double cos_turns_c[8] = {
    0x1.0000000000000p+0, -0x1.3bd3cc9be45dep+4, 0x1.03c1f081b5aacp+6, -0x1.55d3c7e3c90f8p+6,
    0x1.e1f5068355e15p+5, -0x1.a6d1ec7906c20p+4, 0x1.f9cc41140bb60p+2, -0x1.b264ba152378ap+0};

// ---- primitives of one register --------------------------------------------------------------
// Isa<R>: broadcasts and block numbers for the integer register type R. Then, for every R:
//   mul32(a, b)            low 32 bits of a × low 32 bits of b, 64-bit product
//   shr<s>, add, sub, band, bor, xor3 (a ^ b ^ c) on 64-bit lanes
//   join(hi, lo)           (hi << 32) | low 32 bits of lo
//   small_to_double(a)     the signed lane as a double (exact: all uses have |a| < 2⁵¹)
//   exponent_to_double(a)  (signed lane >> 52, arithmetic) as a double
//   as_double, as_bits     bit casts; fma, mul, add, sqrt on doubles
//   lookup16(t, i)         t[i] for a 16-entry table and lanes i < 16
//   select_odd(q, a, b)    q odd ? a : b;  negate_if_bit1(x, q)  bit 1 of q set ? −x : x
//   store_pair(out, a, b)  out = {a₀, b₀, a₁, b₁, ...};  store_words: the same with the two
//                          32-bit halves of every lane
template <class R>
struct Isa;

// One block: std::uint64_t and double.
template <>
struct Isa<std::uint64_t> {
  static constexpr std::size_t lanes = 1;
  static std::uint64_t splat(std::uint64_t x) { return x; }
  static double splat(double x) { return x; }
  static std::uint64_t iota(std::uint64_t first) { return first; }
  static std::uint64_t load(const std::uint64_t* p) { return *p; }
};
inline std::uint64_t mul32(std::uint64_t a, std::uint64_t b) { return (a & low32) * (b & low32); }
template <int s>
std::uint64_t shr(std::uint64_t a) {
  return a >> s;
}
inline std::uint64_t add(std::uint64_t a, std::uint64_t b) { return a + b; }
inline std::uint64_t sub(std::uint64_t a, std::uint64_t b) { return a - b; }
inline std::uint64_t band(std::uint64_t a, std::uint64_t b) { return a & b; }
inline std::uint64_t bor(std::uint64_t a, std::uint64_t b) { return a | b; }
inline std::uint64_t xor3(std::uint64_t a, std::uint64_t b, std::uint64_t c) { return a ^ b ^ c; }
inline std::uint64_t join(std::uint64_t hi, std::uint64_t lo) { return (hi << 32) | (lo & low32); }
inline double small_to_double(std::uint64_t a) {
  return static_cast<double>(static_cast<std::int64_t>(a));
}
inline double exponent_to_double(std::uint64_t a) {
  return static_cast<double>(static_cast<std::int64_t>(a) >> 52);
}
inline double as_double(std::uint64_t a) { return std::bit_cast<double>(a); }
inline std::uint64_t as_bits(double a) { return std::bit_cast<std::uint64_t>(a); }
inline double fma(double a, double b, double c) { return std::fma(a, b, c); }
inline double mul(double a, double b) { return a * b; }
inline double add(double a, double b) { return a + b; }
inline double sqrt(double a) { return std::sqrt(a); }
inline double lookup16(const double* table, std::uint64_t index) { return table[index]; }
inline double select_odd(std::uint64_t q, double if_odd, double if_even) {
  return (q & 1) != 0 ? if_odd : if_even;
}
inline double negate_if_bit1(double x, std::uint64_t q) {
  return as_double(as_bits(x) ^ ((q << 62) & sign_bit));
}
inline void store_pair(double* out, double a, double b) {
  out[0] = a;
  out[1] = b;
}
inline void store_words(std::uint32_t* out, std::uint64_t a, std::uint64_t b) {
  out[0] = static_cast<std::uint32_t>(a);
  out[1] = static_cast<std::uint32_t>(a >> 32);
  out[2] = static_cast<std::uint32_t>(b);
  out[3] = static_cast<std::uint32_t>(b >> 32);
}

#ifdef VAROPT_PHILOX_AVX512
// Eight blocks: AVX-512F + DQ. Ternary-logic immediates: A = 0xF0, B = 0xCC, C = 0xAA.
template <>
struct Isa<__m512i> {
  static constexpr std::size_t lanes = 8;
  static __m512i splat(std::uint64_t x) { return _mm512_set1_epi64(static_cast<long long>(x)); }
  static __m512d splat(double x) { return _mm512_set1_pd(x); }
  static __m512i iota(std::uint64_t first) {
    return _mm512_add_epi64(splat(first), _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
  }
  static __m512i load(const std::uint64_t* p) { return _mm512_loadu_si512(p); }
};
inline __m512i mul32(__m512i a, __m512i b) { return _mm512_mul_epu32(a, b); }
template <int s>
__m512i shr(__m512i a) {
  return _mm512_srli_epi64(a, s);
}
inline __m512i add(__m512i a, __m512i b) { return _mm512_add_epi64(a, b); }
inline __m512i sub(__m512i a, __m512i b) { return _mm512_sub_epi64(a, b); }
inline __m512i band(__m512i a, __m512i b) { return _mm512_and_si512(a, b); }
inline __m512i bor(__m512i a, __m512i b) { return _mm512_or_si512(a, b); }
inline __m512i xor3(__m512i a, __m512i b, __m512i c) {
  return _mm512_ternarylogic_epi64(a, b, c, 0x96);  // A ^ B ^ C
}
inline __m512i join(__m512i hi, __m512i lo) {
  return _mm512_ternarylogic_epi64(_mm512_slli_epi64(hi, 32), lo, Isa<__m512i>::splat(low32),
                                   0xF8);  // A | (B & C)
}
inline __m512d small_to_double(__m512i a) { return _mm512_cvtepi64_pd(a); }
inline __m512d exponent_to_double(__m512i a) {
  return _mm512_cvtepi64_pd(_mm512_srai_epi64(a, 52));
}
inline __m512d as_double(__m512i a) { return _mm512_castsi512_pd(a); }
inline __m512i as_bits(__m512d a) { return _mm512_castpd_si512(a); }
inline __m512d fma(__m512d a, __m512d b, __m512d c) { return _mm512_fmadd_pd(a, b, c); }
inline __m512d mul(__m512d a, __m512d b) { return _mm512_mul_pd(a, b); }
inline __m512d add(__m512d a, __m512d b) { return _mm512_add_pd(a, b); }
inline __m512d sqrt(__m512d a) { return _mm512_sqrt_pd(a); }
inline __m512d lookup16(const double* table, __m512i index) {
  return _mm512_permutex2var_pd(_mm512_load_pd(table), index, _mm512_load_pd(table + 8));
}
inline __m512d select_odd(__m512i q, __m512d if_odd, __m512d if_even) {
  return _mm512_mask_blend_pd(_mm512_test_epi64_mask(q, Isa<__m512i>::splat(std::uint64_t{1})),
                              if_even, if_odd);
}
inline __m512d negate_if_bit1(__m512d x, __m512i q) {
  return as_double(_mm512_ternarylogic_epi64(as_bits(x), _mm512_slli_epi64(q, 62),
                                             Isa<__m512i>::splat(sign_bit), 0x78));  // A ^ (B & C)
}
inline void store_interleaved(void* out, __m512i a, __m512i b) {
  const __m512i first = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
  const __m512i second = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
  _mm512_storeu_si512(out, _mm512_permutex2var_epi64(a, first, b));
  _mm512_storeu_si512(static_cast<char*>(out) + 64, _mm512_permutex2var_epi64(a, second, b));
}
inline void store_pair(double* out, __m512d a, __m512d b) {
  store_interleaved(out, as_bits(a), as_bits(b));
}
inline void store_words(std::uint32_t* out, __m512i a, __m512i b) { store_interleaved(out, a, b); }
#endif

#ifdef VAROPT_PHILOX_AVX2
// Four blocks: AVX2 + FMA (no 64-bit conversions: exact magic-number and 32-bit detours).
template <>
struct Isa<__m256i> {
  static constexpr std::size_t lanes = 4;
  static __m256i splat(std::uint64_t x) { return _mm256_set1_epi64x(static_cast<long long>(x)); }
  static __m256d splat(double x) { return _mm256_set1_pd(x); }
  static __m256i iota(std::uint64_t first) {
    return _mm256_add_epi64(splat(first), _mm256_set_epi64x(3, 2, 1, 0));
  }
  static __m256i load(const std::uint64_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
};
inline __m256i mul32(__m256i a, __m256i b) { return _mm256_mul_epu32(a, b); }
template <int s>
__m256i shr(__m256i a) {
  return _mm256_srli_epi64(a, s);
}
inline __m256i add(__m256i a, __m256i b) { return _mm256_add_epi64(a, b); }
inline __m256i sub(__m256i a, __m256i b) { return _mm256_sub_epi64(a, b); }
inline __m256i band(__m256i a, __m256i b) { return _mm256_and_si256(a, b); }
inline __m256i bor(__m256i a, __m256i b) { return _mm256_or_si256(a, b); }
inline __m256i xor3(__m256i a, __m256i b, __m256i c) {
  return _mm256_xor_si256(_mm256_xor_si256(a, b), c);
}
inline __m256i join(__m256i hi, __m256i lo) {
  return _mm256_blend_epi32(lo, _mm256_slli_epi64(hi, 32), 0xAA);  // odd 32-bit words from hi
}
inline __m256d as_double(__m256i a) { return _mm256_castsi256_pd(a); }
inline __m256i as_bits(__m256d a) { return _mm256_castpd_si256(a); }
inline __m256d small_to_double(__m256i a) {  // (1.5·2⁵² + a) − 1.5·2⁵², exact for |a| < 2⁵¹
  const __m256d magic = _mm256_set1_pd(0x1.8p52);
  return _mm256_sub_pd(as_double(_mm256_add_epi64(a, as_bits(magic))), magic);
}
inline __m256d exponent_to_double(__m256i a) {  // the high 32-bit words >> 20, as int32
  const __m256i high_words = _mm256_setr_epi32(1, 3, 5, 7, 1, 3, 5, 7);
  const __m256i k = _mm256_permutevar8x32_epi32(_mm256_srai_epi32(a, 20), high_words);
  return _mm256_cvtepi32_pd(_mm256_castsi256_si128(k));
}
inline __m256d fma(__m256d a, __m256d b, __m256d c) { return _mm256_fmadd_pd(a, b, c); }
inline __m256d mul(__m256d a, __m256d b) { return _mm256_mul_pd(a, b); }
inline __m256d add(__m256d a, __m256d b) { return _mm256_add_pd(a, b); }
inline __m256d sqrt(__m256d a) { return _mm256_sqrt_pd(a); }
inline __m256d lookup16(const double* table, __m256i index) {
  return _mm256_i64gather_pd(table, index, 8);
}
inline __m256d select_odd(__m256i q, __m256d if_odd, __m256d if_even) {
  return _mm256_blendv_pd(if_even, if_odd, as_double(_mm256_slli_epi64(q, 63)));
}
inline __m256d negate_if_bit1(__m256d x, __m256i q) {
  const __m256i sign = Isa<__m256i>::splat(sign_bit);
  return as_double(_mm256_xor_si256(as_bits(x), _mm256_and_si256(_mm256_slli_epi64(q, 62), sign)));
}
inline void store_interleaved(void* out, __m256i a, __m256i b) {
  const __m256i low = _mm256_unpacklo_epi64(a, b);   // a0 b0 a2 b2
  const __m256i high = _mm256_unpackhi_epi64(a, b);  // a1 b1 a3 b3
  _mm256_storeu_si256(static_cast<__m256i*>(out), _mm256_permute2x128_si256(low, high, 0x20));
  _mm256_storeu_si256(static_cast<__m256i*>(out) + 1, _mm256_permute2x128_si256(low, high, 0x31));
}
inline void store_pair(double* out, __m256d a, __m256d b) {
  store_interleaved(out, as_bits(a), as_bits(b));
}
inline void store_words(std::uint32_t* out, __m256i a, __m256i b) { store_interleaved(out, a, b); }
#endif

// ---- lanes: n registers ------------------------------------------------------------------------
// Each operation is applied to the n registers in turn, so n independent dependency chains are
// interleaved instruction by instruction: the Philox rounds and the polynomials are long serial
// chains, and one chain alone leaves the vector units mostly idle.

template <class R, int n>
struct Vectors {
  R v[n];
};

// out.v[k] = f(first.v[k], rest.v[k]...) for every register k.
template <class F, class R, int n, class... Rest>
auto each(F f, const Vectors<R, n>& first, const Rest&... rest) {
  Vectors<decltype(f(first.v[0], rest.v[0]...)), n> out;
  for (int k = 0; k < n; ++k) out.v[k] = f(first.v[k], rest.v[k]...);
  return out;
}

template <class R, int n>
struct Lanes {
  using U = Vectors<R, n>;
  using D = Vectors<decltype(as_double(R{})), n>;
  static constexpr std::size_t width = Isa<R>::lanes * n;  // blocks
  static U splat(std::uint64_t x) {
    U out;
    for (auto& v : out.v) v = Isa<R>::splat(x);
    return out;
  }
  static D splat(double x) {
    D out;
    for (auto& v : out.v) v = Isa<R>::splat(x);
    return out;
  }
  // Blocks first, first + 1, ..., first + width − 1 in the lanes.
  static U iota(std::uint64_t first) {
    U out;
    for (int k = 0; k < n; ++k) out.v[k] = Isa<R>::iota(first + Isa<R>::lanes * k);
    return out;
  }
  // p[0], ..., p[width − 1] in the lanes.
  static U load(const std::uint64_t* p) {
    U out;
    for (int k = 0; k < n; ++k) out.v[k] = Isa<R>::load(p + Isa<R>::lanes * k);
    return out;
  }
};

#define VAROPT_LANEWISE(name)                                                 \
  template <class R, int n, class... Rest>                                    \
  auto name(const Vectors<R, n>& first, const Rest&... rest) {                \
    return each([](const auto&... x) { return name(x...); }, first, rest...); \
  }
VAROPT_LANEWISE(mul32)
VAROPT_LANEWISE(add)
VAROPT_LANEWISE(sub)
VAROPT_LANEWISE(band)
VAROPT_LANEWISE(bor)
VAROPT_LANEWISE(xor3)
VAROPT_LANEWISE(join)
VAROPT_LANEWISE(small_to_double)
VAROPT_LANEWISE(exponent_to_double)
VAROPT_LANEWISE(as_double)
VAROPT_LANEWISE(as_bits)
VAROPT_LANEWISE(fma)
VAROPT_LANEWISE(mul)
VAROPT_LANEWISE(sqrt)
VAROPT_LANEWISE(select_odd)
VAROPT_LANEWISE(negate_if_bit1)
#undef VAROPT_LANEWISE

template <int s, class R, int n>
Vectors<R, n> shr(const Vectors<R, n>& a) {
  return each([](const R& x) { return shr<s>(x); }, a);
}
template <class R, int n>
auto lookup16(const double* table, const Vectors<R, n>& index) {
  return each([table](const R& i) { return lookup16(table, i); }, index);
}
template <class Real, int n>
void store_pair(double* out, const Vectors<Real, n>& a, const Vectors<Real, n>& b) {
  constexpr std::size_t lanes = sizeof(Real) / sizeof(double);
  for (int k = 0; k < n; ++k) store_pair(out + 2 * lanes * k, a.v[k], b.v[k]);
}
template <class R, int n>
void store_words(std::uint32_t* out, const Vectors<R, n>& a, const Vectors<R, n>& b) {
  constexpr std::size_t lanes = sizeof(R) / sizeof(std::uint64_t);
  for (int k = 0; k < n; ++k) store_words(out + 4 * lanes * k, a.v[k], b.v[k]);
}

// Registers interleaved in the bulk loop, and rounds unrolled in philox(): speed only, the bits
// never depend on them. AVX-512 has 32 registers: 6 interleaved, all 10 rounds unrolled. AVX2 has
// 16: 4 interleaved, and 2 rounds unrolled, as the fully unrolled loop runs slower there. Both
// choices were measured (docs/benchmarks.md, "The Philox kernels").
#if defined(VAROPT_PHILOX_AVX512)
#define VAROPT_PHILOX_VECTOR 1
using BulkLanes = Lanes<__m512i, 6>;
using GroupLanes = Lanes<__m512i, 1>;
constexpr int philox_unrolled_rounds = 10;
#elif defined(VAROPT_PHILOX_AVX2)
#define VAROPT_PHILOX_VECTOR 1
using BulkLanes = Lanes<__m256i, 4>;
using GroupLanes = Lanes<__m256i, 1>;
constexpr int philox_unrolled_rounds = 2;
#else
constexpr int philox_unrolled_rounds = 10;
#endif
using ScalarLanes = Lanes<std::uint64_t, 1>;

// ---- Philox4x32-10 -------------------------------------------------------------------------

// The round keys of one stream: key (seed_lo, seed_hi) bumped by the Weyl increments.
struct RoundKeys {
  std::uint64_t k0[philox_rounds];
  std::uint64_t k1[philox_rounds];
  std::uint64_t member, generation;

  explicit RoundKeys(const PhiloxStream& s) : member(s.member), generation(s.generation) {
    auto a = static_cast<std::uint32_t>(s.seed);
    auto b = static_cast<std::uint32_t>(s.seed >> 32);
    for (int r = 0; r < philox_rounds; ++r, a += philox_w0, b += philox_w1) k0[r] = a, k1[r] = b;
  }
};

// c = the 4 words of the blocks `block` of the members `member` (one block per lane) of the
// stream's seed and generation.
template <class L>
void philox(const RoundKeys& keys, const typename L::U& block, const typename L::U& member,
            typename L::U (&c)[4]) {
  using U = typename L::U;
  c[0] = block;
  c[1] = shr<32>(block);
  c[2] = member;
  c[3] = L::splat(keys.generation);
  const U m0 = L::splat(philox_m0);
  const U m1 = L::splat(philox_m1);
#pragma GCC unroll philox_unrolled_rounds
  for (int r = 0; r < philox_rounds; ++r) {
    const U p0 = mul32(c[0], m0);  // hi0:lo0
    const U p1 = mul32(c[2], m1);  // hi1:lo1
    c[0] = xor3(shr<32>(p1), c[1], L::splat(keys.k0[r]));
    c[1] = p1;
    c[2] = xor3(shr<32>(p0), c[3], L::splat(keys.k1[r]));
    c[3] = p0;
  }
}

// ---- transforms ----------------------------------------------------------------------------

template <class L, std::size_t n>
typename L::D horner(const double (&coefficients)[n], typename L::D x) {
  typename L::D acc = L::splat(coefficients[n - 1]);
  for (std::size_t i = n - 1; i-- > 0;) acc = fma(acc, x, L::splat(coefficients[i]));
  return acc;
}

// v = (bits >> 11) | 1, the odd 53-bit integer of the uniform u = v·2⁻⁵³.
template <class L>
typename L::U odd53(typename L::U bits) {
  return bor(shr<11>(bits), L::splat(std::uint64_t{1}));
}
// u = (1 + m·2⁻⁵²) − 1 + 2⁻⁵³ with m = bits >> 12: every step is exact, u = v·2⁻⁵³.
template <class L>
typename L::D uniform(typename L::U bits) {
  const typename L::D one_plus = as_double(bor(shr<12>(bits), L::splat(one_bits)));
  return add(add(one_plus, L::splat(-1.0)), L::splat(0x1.0p-53));
}

// ln x for a positive normal x.
template <class L>
typename L::D log_lanes(typename L::D x) {
  using U = typename L::U;
  using D = typename L::D;
  const U ix = as_bits(x);
  const U tmp = sub(ix, L::splat(log_offset));
  const U index = band(shr<48>(tmp), L::splat(std::uint64_t{15}));
  const D z = as_double(sub(ix, band(tmp, L::splat(std::uint64_t{0xFFF} << 52))));
  const D k = exponent_to_double(tmp);
  const D r = fma(z, lookup16(log_inv_c, index), L::splat(-1.0));
  const D hi = fma(k, L::splat(ln2_hi), lookup16(log_log_c, index));
  const D lo = fma(k, L::splat(ln2_lo), r);
  return add(hi, fma(mul(r, r), horner<L>(log1p_q, r), lo));
}

// z0 = ρ cos θ, z1 = ρ sin θ from the 4 words of a block.
template <class L>
void box_muller(const typename L::U (&c)[4], typename L::D& z0, typename L::D& z1) {
  using U = typename L::U;
  using D = typename L::D;
  const D rho = sqrt(mul(log_lanes<L>(uniform<L>(join(c[1], c[0]))), L::splat(-2.0)));
  // θ = v·2⁻⁵³ turns = q/4 + f, q = round(4θ), f = (v − q·2⁵¹)·2⁻⁵³ ∈ (−1/8, 1/8).
  const U shifted = add(odd53<L>(join(c[3], c[2])), L::splat(std::uint64_t{1} << 50));
  const U q = shr<51>(shifted);
  const U f_int =
      sub(band(shifted, L::splat((std::uint64_t{1} << 51) - 1)), L::splat(std::uint64_t{1} << 50));
  const D f = mul(small_to_double(f_int), L::splat(0x1.0p-53));
  const D y = mul(f, f);
  const D s = mul(f, horner<L>(sin_turns_s, y));
  const D co = horner<L>(cos_turns_c, y);
  // sin(2π(q/4 + f)), cos(2π(q/4 + f)) by quadrant: q = 1 → (c, −s), 2 → (−s, −c), 3 → (−c, s).
  const D sin_theta = negate_if_bit1(select_odd(q, co, s), q);
  const D cos_theta = negate_if_bit1(select_odd(q, s, co), add(q, L::splat(std::uint64_t{1})));
  z0 = mul(rho, cos_theta);
  z1 = mul(rho, sin_theta);
}

// What one block becomes, and how many output values it fills.
struct NormalPair {
  using Out = double;
  static constexpr std::size_t per_block = 2;
  template <class L>
  static void emit(const typename L::U (&c)[4], double* out) {
    typename L::D z0, z1;
    box_muller<L>(c, z0, z1);
    store_pair(out, z0, z1);
  }
};

struct UniformPair {
  using Out = double;
  static constexpr std::size_t per_block = 2;
  template <class L>
  static void emit(const typename L::U (&c)[4], double* out) {
    store_pair(out, uniform<L>(join(c[1], c[0])), uniform<L>(join(c[3], c[2])));
  }
};

struct Words {
  using Out = std::uint32_t;
  static constexpr std::size_t per_block = 4;
  template <class L>
  static void emit(const typename L::U (&c)[4], std::uint32_t* out) {
    store_words(out, join(c[1], c[0]), join(c[3], c[2]));
  }
};

// Blocks first + i, first + i + 1, ... while whole groups of L::width remain; returns the next i.
// Flattened: every step inlined, so that the registers of a group never go through memory.
template <class L, class Kind>
[[gnu::flatten]] std::size_t generate_groups(const RoundKeys& keys, std::uint64_t first,
                                             std::size_t blocks, std::size_t i,
                                             typename Kind::Out* out) {
  const typename L::U member = L::splat(keys.member);
  for (; i + L::width <= blocks; i += L::width) {
    typename L::U c[4];
    philox<L>(keys, L::iota(first + i), member, c);
    Kind::template emit<L>(c, out + i * Kind::per_block);
  }
  return i;
}

// Blocks 0 .. blocks − 1 of the streams of members keys.member + s, s < streams, one after the
// other: position j = s·blocks + i is block i of stream s. Whole groups of L::width positions from
// j on, their lanes spanning streams where a group straddles two or more; returns the next j.
template <class L, class Kind>
[[gnu::flatten]] std::size_t generate_stream_groups(const RoundKeys& keys, std::size_t streams,
                                                    std::size_t blocks, std::size_t j,
                                                    typename Kind::Out* out) {
  const std::size_t total = streams * blocks;
  for (; j + L::width <= total; j += L::width) {
    std::uint64_t s = j / blocks, i = j % blocks;
    typename L::U c[4];
    if (i + L::width <= blocks) {  // within one stream
      philox<L>(keys, L::iota(i), L::splat(keys.member + s), c);
    } else {
      alignas(64) std::uint64_t block[L::width], member[L::width];
      for (std::size_t lane = 0; lane < L::width; ++lane) {
        block[lane] = i;
        member[lane] = keys.member + s;
        if (++i == blocks) i = 0, ++s;
      }
      philox<L>(keys, L::load(block), L::load(member), c);
    }
    Kind::template emit<L>(c, out + j * Kind::per_block);
  }
  return j;
}

// Blocks first .. first + blocks − 1: large and single-register groups by the vector lanes, the
// rest one by one.
template <class Kind>
void generate(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
              typename Kind::Out* out) {
  const RoundKeys keys(stream);
  std::size_t i = 0;
#ifdef VAROPT_PHILOX_VECTOR
  i = generate_groups<BulkLanes, Kind>(keys, first, blocks, i, out);
  i = generate_groups<GroupLanes, Kind>(keys, first, blocks, i, out);
#endif
  generate_groups<ScalarLanes, Kind>(keys, first, blocks, i, out);
}

// The same for the first `blocks` blocks of `streams` consecutive streams.
template <class Kind>
void generate_streams(const PhiloxStream& first, std::size_t streams, std::size_t blocks,
                      typename Kind::Out* out) {
  if (blocks == 0) return;
  const RoundKeys keys(first);
  std::size_t j = 0;
#ifdef VAROPT_PHILOX_VECTOR
  j = generate_stream_groups<BulkLanes, Kind>(keys, streams, blocks, j, out);
  j = generate_stream_groups<GroupLanes, Kind>(keys, streams, blocks, j, out);
#endif
  generate_stream_groups<ScalarLanes, Kind>(keys, streams, blocks, j, out);
}

}  // namespace

void philox_normal_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                          double* out) {
  generate<NormalPair>(stream, first, blocks, out);
}

void philox_normal_streams(const PhiloxStream& first, std::size_t streams, std::size_t blocks,
                           double* out) {
  generate_streams<NormalPair>(first, streams, blocks, out);
}

void philox_uniform_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                           double* out) {
  generate<UniformPair>(stream, first, blocks, out);
}

void philox_word_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                        std::uint32_t* out) {
  generate<Words>(stream, first, blocks, out);
}

double log_positive(double x) { return log_lanes<ScalarLanes>(ScalarLanes::D{{x}}).v[0]; }

}  // namespace varopt::kernels::VAROPT_KERNEL_ISA
