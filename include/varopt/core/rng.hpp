#pragma once
// Counter-based random numbers: Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers:
// as easy as 1, 2, 3", SC'11) from Random123.
//
// A stream is addressed by (seed, generation, member): its k-th 128-bit block is
//   Philox(key = seed, counter = {k_lo, k_hi, member, generation}).
// Sample i of generation g is therefore a pure function of three integers: it is the same on one
// thread, N threads or M processes, and any worker can regenerate it without communication.
//
// Transforms are our own (std::*_distribution differs between standard libraries):
//   uniform  u = (m + 0.5) / 2^53 from 53 random bits, so u ∈ (0, 1) strictly, never 0 or 1;
//   normal   Box–Muller on the two uniforms of one block: r = √(−2 log u₁),
//            z₀ = r cos 2πu₂, z₁ = r sin 2πu₂;
//   gumbel   G = −log(−log u).
// Block consumption: every scalar draw consumes whole blocks (one block each); fill_normal and
// fill_uniform consume ⌈n/2⌉ blocks for n values, the j-th value coming from block j/2. So
// normal_at(id, j) addresses any normal of a stream directly, and a long vector can be filled
// in chunks by several threads with the same result as one call.
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

// Raw 128-bit block k of a stream.
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

// Uniform in (0, 1) from 64 random bits (53 used).
inline double uniform_from_bits(std::uint32_t lo, std::uint32_t hi) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}

// Fills out[j] with normal number (first + j) of stream id (Box–Muller, see above).
void fill_normal(const StreamId& id, std::uint64_t first, std::span<double> out);
// Fills out[j] with uniform number (first + j) of stream id; block (first + j)/2.
void fill_uniform(const StreamId& id, std::uint64_t first, std::span<double> out);
// Normal number j of stream id.
double normal_at(const StreamId& id, std::uint64_t j);

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
  // Uniform integer in [0, n), n ≥ 1 (Lemire's multiply-shift; bias below 2^-32 for n < 2^32).
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
