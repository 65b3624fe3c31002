#pragma once
// Counter-based random numbers: Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers:
// as easy as 1, 2, 3", SC'11) from Random123, with our own transforms (std::*_distribution
// differs between standard libraries, and these must be the same everywhere).
//
// A stream is addressed by (seed, generation, member): its k-th 128-bit block is
//   B(k) = Philox4x32-10(key = {seed_lo, seed_hi}, counter = {k_lo, k_hi, member, generation})
// (words B₀..B₃, as r123::Philox4x32 returns them). Sample i of generation g is therefore a pure
// function of three integers: the same on one thread, N threads or M processes, and any worker
// regenerates it without communication.
//
// Exact mapping from (stream, index) to value. With b = B₁·2³² + B₀ and b' = B₃·2³² + B₂:
//   uniform   u(b) = (2⌊b/2¹²⌋ + 1)·2⁻⁵³ = ((b >> 11) | 1)·2⁻⁵³: 2⁵² equally spaced doubles in
//             [2⁻⁵³, 1 − 2⁻⁵³], exact, never 0 or 1 (uniform_from_bits).
//   fill_uniform: value 2k = u(b), value 2k + 1 = u(b') of block k.
//   fill_normal: Box–Muller on block k, u₁ = u(b), u₂ = u(b'), ρ = √(−2 ln u₁), θ = 2π u₂:
//             value 2k = ρ cos θ, value 2k + 1 = ρ sin θ. |z| ≤ √(106 ln 2) ≈ 8.57 (the tails
//             beyond carry probability 1e-17). ln, sin and cos are our own (a 16-entry table
//             and polynomials; the quadrant of θ is reduced exactly), in
//             src/core/kernels/philox_kernels.cpp; every value is within 1e-15 (relative) of
//             ρ cos θ, ρ sin θ computed exactly from the same u₁, u₂ (measured: 4.4e-16, in
//             tests/core/rng_test.cpp). Only exactly rounded IEEE operations are used (no
//             libm), so the values do not depend on the machine (x86-64 builds for AVX-512,
//             AVX2 and plain SSE2 checked bit for bit).
//   fill_words: word j = B_{j mod 4}(⌊j/4⌋).
// The bulk fills are vectorized (AVX-512 or AVX2 where the CPU has them; rates in
// docs/benchmarks.md, "The Philox kernels"); a value's bits never depend on which path computed
// it, on how a vector is split into calls, or on the thread count.
//
// Scalar draws of a Stream consume one whole block each (block k = position()):
//   uniform() = u(b); normal() = value 2k of fill_normal; gumbel() = −ln(−ln uniform()) with
//   the same ln; below(n) = ⌊b·n/2⁶⁴⌋ (Lemire's multiply-shift; bias below n/2⁶⁴).
// Bulk draws of a Stream consume ⌈n/2⌉ blocks for n values. So normal_at(id, j) addresses any
// normal of a stream directly, and a long vector can be filled in chunks by several threads
// with the same result as one call.
#include <Random123/philox.h>

#include <array>
#include <cstdint>
#include <span>

namespace varopt {

// The address of one stream.
struct StreamId {
  std::uint64_t seed = 0;
  std::uint32_t generation = 0;
  std::uint32_t member = 0;
};

// Raw 128-bit block k of a stream (the reference for every transform above).
inline std::array<std::uint32_t, 4> philox_block(const StreamId& id, std::uint64_t block) {
  using Philox = r123::Philox4x32;
  const Philox::ctr_type counter = {{static_cast<std::uint32_t>(block),
                                     static_cast<std::uint32_t>(block >> 32), id.member,
                                     id.generation}};
  const Philox::key_type key = {
      {static_cast<std::uint32_t>(id.seed), static_cast<std::uint32_t>(id.seed >> 32)}};
  const Philox::ctr_type out = Philox{}(counter, key);
  return {out[0], out[1], out[2], out[3]};
}

// Uniform in (0, 1) from 64 random bits b = hi·2³² + lo: ((b >> 11) | 1)·2⁻⁵³ (52 bits used).
inline double uniform_from_bits(std::uint32_t lo, std::uint32_t hi) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return static_cast<double>((bits >> 11) | 1) * 0x1.0p-53;
}

// Fills out[j] with normal number (first + j) of stream id (Box–Muller, see above).
void fill_normal(const StreamId& id, std::uint64_t first, std::span<double> out);
// Fills out[j] with uniform number (first + j) of stream id; block (first + j)/2.
void fill_uniform(const StreamId& id, std::uint64_t first, std::span<double> out);
// Fills out[j] with 32-bit word (first + j) of stream id: word (first + j) mod 4 of block
// (first + j)/4.
void fill_words(const StreamId& id, std::uint64_t first, std::span<std::uint32_t> out);
// Normal number j of stream id.
double normal_at(const StreamId& id, std::uint64_t j);
// The first `count` normals of the streams (first.seed, first.generation, first.member + s),
// s < streams (members up to 2³² − 1): stream s's at out[s·stride ...], stride = count rounded up
// to even (an odd count leaves the stream's next normal after them); out.size() = streams·stride.
// The same values as fill_normal stream by stream, drawn with vector lanes that span streams, so
// many short streams (a generation of small n) take one bulk fill instead of one short fill each.
void fill_normal_streams(const StreamId& first, std::size_t streams, std::size_t count,
                         std::span<double> out);

// The same values as fill_normal / fill_uniform, computed by the library's OpenMP threads when
// it has them (fixed chunks of 2¹⁵ values; bit-identical to the serial fills).
void fill_normal_parallel(const StreamId& id, std::uint64_t first, std::span<double> out);
void fill_uniform_parallel(const StreamId& id, std::uint64_t first, std::span<double> out);

// A sequential cursor over the blocks of one stream.
class Stream {
 public:
  explicit Stream(const StreamId& id, std::uint64_t block = 0) : id_(id), block_(block) {}

  const StreamId& id() const { return id_; }
  // Index of the next block this stream will consume.
  std::uint64_t position() const { return block_; }
  void seek(std::uint64_t block) { block_ = block; }

  std::array<std::uint32_t, 4> next_block() { return philox_block(id_, block_++); }
  double uniform();
  double normal();
  double gumbel();
  // Uniform integer in [0, n), n ≥ 1 (Lemire's multiply-shift; bias below n/2⁶⁴).
  std::uint64_t below(std::uint64_t n);

  // Bulk draws; they consume ⌈n/2⌉ blocks.
  void fill_normal(std::span<double> out);
  void fill_uniform(std::span<double> out);

 private:
  StreamId id_;
  std::uint64_t block_;
};

// The random source of a run: one seed, streams addressed by (generation, member).
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) : seed_(seed) {}
  std::uint64_t seed() const { return seed_; }
  StreamId id(std::uint32_t generation, std::uint32_t member) const {
    return {seed_, generation, member};
  }
  Stream stream(std::uint32_t generation, std::uint32_t member) const {
    return Stream(id(generation, member));
  }

 private:
  std::uint64_t seed_;
};

}  // namespace varopt
