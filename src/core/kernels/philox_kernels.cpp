// Bulk Philox4x32-10 (Salmon et al. 2011) and the Box–Muller transform, 8 blocks at a time.
//
// Every function below is written once, as a template over a "lane" type: ScalarLanes (one
// block; uint64_t and double) or Avx512Lanes<n> (n vectors of eight 64-bit lanes, one block per
// lane). Both perform the same sequence of exactly rounded IEEE operations (add, mul, fma, sqrt,
// exact integer ↔ double conversions), so a block gives the same bits whichever path computes it:
// the vector loops handle whole groups of 8·n and 8 blocks, the scalar path the rest.
//
// Philox in 64-bit lanes: each 32-bit counter word sits in the low half of a 64-bit lane, so one
// _mm512_mul_epu32 gives the full 32×32→64 product (lo in the low half, hi in the high half).
// The high halves of the lanes may hold garbage; only low halves are ever read as words.
//
// Box–Muller: ρ = √(−2 ln u₁), θ = 2π u₂, z₀ = ρ cos θ, z₁ = ρ sin θ, with
//   ln x = k ln 2 + ln c + log1p(r), x = 2^k z, z ∈ [0.6875, 1.375), r = z/c − 1, |r| ≤ 2⁻⁵,
//     c from a 16-entry table (c = 1 on [0.96875, 1), so ln x is accurate relative to itself
//     near 1), log1p(r) = r + r² Q(r) with Q of degree 8;
//   u₂ = v·2⁻⁵³ turns with v an odd integer: the quadrant q and the remainder f ∈ (−1/8, 1/8)
//     turns are exact integer operations, sin 2πf = f S(f²), cos 2πf = C(f²), degree 7 each.
// Coefficients: Chebyshev fits (mpmath, 60 digits) rounded to double; their approximation errors
// relative to the function are below 4e-19 (log1p), 5e-17 (sin) and 2e-17 (cos), under the
// rounding errors of the evaluation.
#include "philox_kernels.hpp"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>

#if defined(__AVX512F__) && defined(__AVX512DQ__)
// GCC 12 warns (falsely) about the undefined "__Y" placeholder inside the AVX-512 intrinsics.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#define VAROPT_PHILOX_AVX512 1
#endif

namespace varopt::kernels {
namespace {

// ---- constants ----------------------------------------------------------------------------

// Philox4x32 multipliers and Weyl key increments (Random123).
constexpr std::uint64_t philox_m0 = 0xD2511F53;
constexpr std::uint64_t philox_m1 = 0xCD9E8D57;
constexpr std::uint32_t philox_w0 = 0x9E3779B9;
constexpr std::uint32_t philox_w1 = 0xBB67AE85;
constexpr int philox_rounds = 10;

constexpr std::uint64_t low32 = 0xFFFFFFFF;
constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;

// ln: x = 2^k z with z ∈ [0.6875, 1.375) taken from the bits of x − bits(0.6875); the 4 bits
// below the exponent field index the table: 10 intervals of width 1/32 on [0.6875, 1), 6 of
// width 1/16 on [1, 1.375). inv_c ≈ 1/(interval midpoint) (exactly 1 on [0.96875, 1)),
// log_c = −ln(inv_c) rounded to double.
constexpr std::uint64_t log_offset = 0x3FE6000000000000;  // bits of 0.6875
alignas(64) constexpr double log_inv_c[16] = {
    0x1.6c16c16c16c17p+0,  0x1.5c9882b931057p+0, 0x1.4e5e0a72f0539p+0, 0x1.4141414141414p+0,
    0x1.3521cfb2b78c1p+0,  0x1.29e4129e4129ep+0, 0x1.1f7047dc11f70p+0, 0x1.15b1e5f75270dp+0,
    0x1.0c9714fbcda3bp+0,  0x1.0000000000000p+0, 0x1.f07c1f07c1f08p-1, 0x1.d41d41d41d41dp-1,
    0x1.bacf914c1bad0p-1,  0x1.a41a41a41a41ap-1, 0x1.8f9c18f9c18fap-1, 0x1.7d05f417d05f4p-1};
alignas(64) constexpr double log_log_c[16] = {
    -0x1.68ac83e9c6a15p-2, -0x1.3c25277333183p-2, -0x1.1178e8227e47ap-2, -0x1.d1037f2655e7bp-3,
    -0x1.823c16551a3c0p-3, -0x1.365fcb0159014p-3, -0x1.da7276384469ep-4, -0x1.4d3115d207eacp-4,
    -0x1.894aa149fb34bp-5, 0x0.0p+0,              0x1.f829b0e7832f8p-6,  0x1.6f0d28ae56b4ep-4,
    0x1.29552f81ff521p-3,  0x1.9525a9cf456b6p-3,  0x1.fb9186d5e3e29p-3,  0x1.2e8e2bae11d31p-2};
// ln 2 = ln2_hi + ln2_lo, ln2_hi with 42 significant bits (k·ln2_hi is exact).
constexpr double ln2_hi = 0x1.62e42fefa3800p-1;
constexpr double ln2_lo = 0x1.ef35793c76730p-45;
// (log1p(r) − r)/r² on r ∈ [−2⁻⁵, 0.0304], lowest degree first.
constexpr double log1p_q[9] = {-0x1.0000000000000p-1, 0x1.5555555555527p-2, -0x1.ffffffffff869p-3,
                               0x1.9999999ad6cbfp-3,  -0x1.55555561b4495p-3, 0x1.249236bb3950dp-3,
                               -0x1.ffff3119f3167p-4, 0x1.c7e73f95e7dd7p-4,  -0x1.9bec0cbc47615p-4};
// sin(2π f)/f and cos(2π f) as polynomials in y = f², y ∈ [0, 1/64], lowest degree first.
constexpr double sin_turns_s[8] = {0x1.921fb54442d18p+2,  -0x1.4abbce625be53p+5,
                                   0x1.466bc6775aad9p+6,  -0x1.32d2cce62ac22p+6,
                                   0x1.50783485cbd83p+5,  -0x1.e3074b4ff3058p+3,
                                   0x1.e8eed12ee00a3p+1,  -0x1.6c5b875d4e739p-1};
constexpr double cos_turns_c[8] = {0x1.0000000000000p+0,  -0x1.3bd3cc9be45dep+4,
                                   0x1.03c1f081b5aacp+6,  -0x1.55d3c7e3c90f8p+6,
                                   0x1.e1f5068355e15p+5,  -0x1.a6d1ec7906c20p+4,
                                   0x1.f9cc41140bb60p+2,  -0x1.b264ba152378ap+0};

// ---- lanes: one block ----------------------------------------------------------------------

struct ScalarLanes {
  using U = std::uint64_t;
  using D = double;
  static constexpr std::size_t width = 1;
  static U splat(std::uint64_t x) { return x; }
  static D splat(double x) { return x; }
  // Block numbers first, first + 1, ... in the lanes.
  static U iota(std::uint64_t first) { return first; }
};

inline std::uint64_t mul32(std::uint64_t a, std::uint64_t b) { return (a & low32) * (b & low32); }
template <int n>
std::uint64_t shr(std::uint64_t a) {
  return a >> n;
}
template <int n>
std::uint64_t shl(std::uint64_t a) {
  return a << n;
}
template <int n>
std::uint64_t sar(std::uint64_t a) {
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(a) >> n);
}
inline std::uint64_t add(std::uint64_t a, std::uint64_t b) { return a + b; }
inline std::uint64_t sub(std::uint64_t a, std::uint64_t b) { return a - b; }
inline std::uint64_t band(std::uint64_t a, std::uint64_t b) { return a & b; }
inline std::uint64_t bor(std::uint64_t a, std::uint64_t b) { return a | b; }
inline std::uint64_t xor3(std::uint64_t a, std::uint64_t b, std::uint64_t c) { return a ^ b ^ c; }
// (hi << 32) | low 32 bits of lo.
inline std::uint64_t join(std::uint64_t hi, std::uint64_t lo) { return (hi << 32) | (lo & low32); }
// Exact for |a| < 2^53 (all uses).
inline double to_double(std::uint64_t a) {
  return static_cast<double>(static_cast<std::int64_t>(a));
}
inline double as_double(std::uint64_t a) { return std::bit_cast<double>(a); }
inline std::uint64_t as_bits(double a) { return std::bit_cast<std::uint64_t>(a); }
inline double fma(double a, double b, double c) { return std::fma(a, b, c); }
inline double mul(double a, double b) { return a * b; }
inline double add(double a, double b) { return a + b; }
inline double sqrt(double a) { return std::sqrt(a); }
inline double lookup16(const double* table, std::uint64_t index) { return table[index]; }
// q odd ? if_odd : if_even.
inline double select_odd(std::uint64_t q, double if_odd, double if_even) {
  return (q & 1) != 0 ? if_odd : if_even;
}
// −x when bit 1 of q is set, x otherwise.
inline double negate_if_bit1(double x, std::uint64_t q) {
  return as_double(as_bits(x) ^ ((q << 62) & sign_bit));
}
// out[0 .. 1] = {a, b}.
inline void store_pair(double* out, double a, double b) {
  out[0] = a;
  out[1] = b;
}
// out[0 .. 3] = the low and high words of a, then of b.
inline void store_words(std::uint32_t* out, std::uint64_t a, std::uint64_t b) {
  out[0] = static_cast<std::uint32_t>(a);
  out[1] = static_cast<std::uint32_t>(a >> 32);
  out[2] = static_cast<std::uint32_t>(b);
  out[3] = static_cast<std::uint32_t>(b >> 32);
}

// ---- lanes: eight blocks (AVX-512F + DQ) ----------------------------------------------------

#ifdef VAROPT_PHILOX_AVX512
// n vectors of 8 lanes: block 8k + l of a group sits in lane l of vector k. Each operation is
// applied to the n vectors in turn, so n independent dependency chains are interleaved
// instruction by instruction: the Philox rounds and the polynomials are long serial chains, and
// one chain alone keeps the vector units mostly idle.
template <int n>
struct IntVectors {
  __m512i v[n];
};
template <int n>
struct DoubleVectors {
  __m512d v[n];
};

// r.v[k] = f(a.v[k], ...) for every vector k.
template <class R, class F, class... A>
R each(F f, const A&... a) {
  R r;
  for (std::size_t k = 0; k < std::size(r.v); ++k) r.v[k] = f(a.v[k]...);
  return r;
}

// Groups of 8 blocks interleaved in the bulk loop: 6 hides the latency of the chains on Zen 5
// (3.2 cycles per normal against 5.3 for 1 group; 2: 4.8, 4: 3.9, 8: 3.3, with more spills).
constexpr int interleaved = 6;

template <int n>
struct Avx512Lanes {
  using U = IntVectors<n>;
  using D = DoubleVectors<n>;
  static constexpr std::size_t width = 8 * n;
  static U splat(std::uint64_t x) {
    U r;
    for (auto& v : r.v) v = _mm512_set1_epi64(static_cast<long long>(x));
    return r;
  }
  static D splat(double x) {
    D r;
    for (auto& v : r.v) v = _mm512_set1_pd(x);
    return r;
  }
  static U iota(std::uint64_t first) {
    U r;
    for (int k = 0; k < n; ++k) {
      r.v[k] = _mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(first + 8 * k)),
                                _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
    }
    return r;
  }
};

template <int n>
IntVectors<n> mul32(const IntVectors<n>& a, const IntVectors<n>& b) {
  return each<IntVectors<n>>([](__m512i x, __m512i y) { return _mm512_mul_epu32(x, y); }, a, b);
}
template <int s, int n>
IntVectors<n> shr(const IntVectors<n>& a) {
  return each<IntVectors<n>>([](__m512i x) { return _mm512_srli_epi64(x, s); }, a);
}
template <int s, int n>
IntVectors<n> sar(const IntVectors<n>& a) {
  return each<IntVectors<n>>([](__m512i x) { return _mm512_srai_epi64(x, s); }, a);
}
template <int n>
IntVectors<n> add(const IntVectors<n>& a, const IntVectors<n>& b) {
  return each<IntVectors<n>>([](__m512i x, __m512i y) { return _mm512_add_epi64(x, y); }, a, b);
}
template <int n>
IntVectors<n> sub(const IntVectors<n>& a, const IntVectors<n>& b) {
  return each<IntVectors<n>>([](__m512i x, __m512i y) { return _mm512_sub_epi64(x, y); }, a, b);
}
template <int n>
IntVectors<n> band(const IntVectors<n>& a, const IntVectors<n>& b) {
  return each<IntVectors<n>>([](__m512i x, __m512i y) { return _mm512_and_si512(x, y); }, a, b);
}
template <int n>
IntVectors<n> bor(const IntVectors<n>& a, const IntVectors<n>& b) {
  return each<IntVectors<n>>([](__m512i x, __m512i y) { return _mm512_or_si512(x, y); }, a, b);
}
// Ternary-logic immediates: A = 0xF0, B = 0xCC, C = 0xAA.
template <int n>
IntVectors<n> xor3(const IntVectors<n>& a, const IntVectors<n>& b, const IntVectors<n>& c) {
  return each<IntVectors<n>>(
      [](__m512i x, __m512i y, __m512i z) { return _mm512_ternarylogic_epi64(x, y, z, 0x96); },
      a, b, c);  // A ^ B ^ C
}
template <int n>
IntVectors<n> join(const IntVectors<n>& hi, const IntVectors<n>& lo) {
  const __m512i mask = _mm512_set1_epi64(static_cast<long long>(low32));
  return each<IntVectors<n>>(
      [mask](__m512i h, __m512i l) {
        return _mm512_ternarylogic_epi64(_mm512_slli_epi64(h, 32), l, mask, 0xF8);  // A | (B & C)
      },
      hi, lo);
}
template <int n>
DoubleVectors<n> to_double(const IntVectors<n>& a) {
  return each<DoubleVectors<n>>([](__m512i x) { return _mm512_cvtepi64_pd(x); }, a);
}
template <int n>
DoubleVectors<n> as_double(const IntVectors<n>& a) {
  return each<DoubleVectors<n>>([](__m512i x) { return _mm512_castsi512_pd(x); }, a);
}
template <int n>
IntVectors<n> as_bits(const DoubleVectors<n>& a) {
  return each<IntVectors<n>>([](__m512d x) { return _mm512_castpd_si512(x); }, a);
}
template <int n>
DoubleVectors<n> fma(const DoubleVectors<n>& a, const DoubleVectors<n>& b,
                     const DoubleVectors<n>& c) {
  return each<DoubleVectors<n>>(
      [](__m512d x, __m512d y, __m512d z) { return _mm512_fmadd_pd(x, y, z); }, a, b, c);
}
template <int n>
DoubleVectors<n> mul(const DoubleVectors<n>& a, const DoubleVectors<n>& b) {
  return each<DoubleVectors<n>>([](__m512d x, __m512d y) { return _mm512_mul_pd(x, y); }, a, b);
}
template <int n>
DoubleVectors<n> add(const DoubleVectors<n>& a, const DoubleVectors<n>& b) {
  return each<DoubleVectors<n>>([](__m512d x, __m512d y) { return _mm512_add_pd(x, y); }, a, b);
}
template <int n>
DoubleVectors<n> sqrt(const DoubleVectors<n>& a) {
  return each<DoubleVectors<n>>([](__m512d x) { return _mm512_sqrt_pd(x); }, a);
}
template <int n>
DoubleVectors<n> lookup16(const double* table, const IntVectors<n>& index) {
  const __m512d low = _mm512_load_pd(table), high = _mm512_load_pd(table + 8);
  return each<DoubleVectors<n>>(
      [low, high](__m512i i) { return _mm512_permutex2var_pd(low, i, high); }, index);
}
template <int n>
DoubleVectors<n> select_odd(const IntVectors<n>& q, const DoubleVectors<n>& if_odd,
                            const DoubleVectors<n>& if_even) {
  const __m512i one = _mm512_set1_epi64(1);
  return each<DoubleVectors<n>>(
      [one](__m512i k, __m512d odd, __m512d even) {
        return _mm512_mask_blend_pd(_mm512_test_epi64_mask(k, one), even, odd);
      },
      q, if_odd, if_even);
}
template <int n>
DoubleVectors<n> negate_if_bit1(const DoubleVectors<n>& x, const IntVectors<n>& q) {
  const __m512i sign = _mm512_set1_epi64(static_cast<long long>(sign_bit));
  return each<DoubleVectors<n>>(
      [sign](__m512d v, __m512i k) {
        return _mm512_castsi512_pd(_mm512_ternarylogic_epi64(
            _mm512_castpd_si512(v), _mm512_slli_epi64(k, 62), sign, 0x78));  // A ^ (B & C)
      },
      x, q);
}
// Stores the 64-bit lanes of a and b interleaved, {a0, b0, a1, b1, ..., a7, b7}, vector after
// vector (128 bytes each).
template <int n>
void store_interleaved(void* out, const IntVectors<n>& a, const IntVectors<n>& b) {
  const __m512i first = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
  const __m512i second = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
  auto* bytes = static_cast<char*>(out);
  for (int k = 0; k < n; ++k) {
    _mm512_storeu_si512(bytes + 128 * k, _mm512_permutex2var_epi64(a.v[k], first, b.v[k]));
    _mm512_storeu_si512(bytes + 128 * k + 64, _mm512_permutex2var_epi64(a.v[k], second, b.v[k]));
  }
}
template <int n>
void store_pair(double* out, const DoubleVectors<n>& a, const DoubleVectors<n>& b) {
  store_interleaved(out, as_bits(a), as_bits(b));
}
template <int n>
void store_words(std::uint32_t* out, const IntVectors<n>& a, const IntVectors<n>& b) {
  store_interleaved(out, a, b);
}
#endif

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

// c = the 4 words of blocks first, first + 1, ... (one block per lane).
template <class L>
void philox(const RoundKeys& keys, std::uint64_t first, typename L::U (&c)[4]) {
  using U = typename L::U;
  const U block = L::iota(first);
  c[0] = block;
  c[1] = shr<32>(block);
  c[2] = L::splat(keys.member);
  c[3] = L::splat(keys.generation);
  const U m0 = L::splat(philox_m0);
  const U m1 = L::splat(philox_m1);
#pragma GCC unroll 10
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

// u = ((bits >> 11) | 1)·2⁻⁵³ as an odd 53-bit integer (v) and as a double.
template <class L>
typename L::U odd53(typename L::U bits) {
  return bor(shr<11>(bits), L::splat(std::uint64_t{1}));
}
template <class L>
typename L::D uniform(typename L::U bits) {
  return mul(to_double(odd53<L>(bits)), L::splat(0x1.0p-53));
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
  const D k = to_double(sar<52>(tmp));
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
  const U f_int = sub(band(shifted, L::splat((std::uint64_t{1} << 51) - 1)),
                      L::splat(std::uint64_t{1} << 50));
  const D f = mul(to_double(f_int), L::splat(0x1.0p-53));
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
template <class L, class Kind>
std::size_t generate_groups(const RoundKeys& keys, std::uint64_t first, std::size_t blocks,
                            std::size_t i, typename Kind::Out* out) {
  for (; i + L::width <= blocks; i += L::width) {
    typename L::U c[4];
    philox<L>(keys, first + i, c);
    Kind::template emit<L>(c, out + i * Kind::per_block);
  }
  return i;
}

// Blocks first .. first + blocks − 1: groups of 8·interleaved and of 8 blocks by the vector
// lanes, the rest one by one.
template <class Kind>
void generate(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
              typename Kind::Out* out) {
  const RoundKeys keys(stream);
  std::size_t i = 0;
#ifdef VAROPT_PHILOX_AVX512
  i = generate_groups<Avx512Lanes<interleaved>, Kind>(keys, first, blocks, i, out);
  i = generate_groups<Avx512Lanes<1>, Kind>(keys, first, blocks, i, out);
#endif
  generate_groups<ScalarLanes, Kind>(keys, first, blocks, i, out);
}

}  // namespace

void philox_normal_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                          double* out) {
  generate<NormalPair>(stream, first, blocks, out);
}

void philox_uniform_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                           double* out) {
  generate<UniformPair>(stream, first, blocks, out);
}

void philox_word_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                        std::uint32_t* out) {
  generate<Words>(stream, first, blocks, out);
}

double log_positive(double x) { return log_lanes<ScalarLanes>(x); }

}  // namespace varopt::kernels
