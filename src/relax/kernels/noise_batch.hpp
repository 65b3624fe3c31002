#pragma once
// Internal (kernels only): relax noise (relax/noise.hpp) in chunks, the logistic transform of
// a uniform and the Gumbel noise. The Philox words come from the core's vectorized bulk
// kernel (src/core/kernels/philox_kernels.hpp, one Philox implementation for the library);
// element e is word e mod 4 of block ⌊e/4⌋. Checked bit for bit against Random123 in
// tests/relax/noise_test.cpp.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "../../core/kernels/philox_kernels.hpp"
#include "fast_math.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/relax/noise.hpp"

namespace varopt::relax::kernels {

// L = log u − log(1 − u) (1 − u is exact for the uniforms used here).
template <class T>
T logistic_of_uniform(T u) {
  return fast_log(u) - fast_log(T(1) - u);
}

// Philox words generated per call of the bulk kernel: 96 blocks, two whole groups of its
// widest loop (6 registers × 8 blocks with AVX-512), so that no block of an aligned chunk
// takes the narrower loops (64 blocks left a quarter to them: Gumbel noise 1.00 → 0.92 ns per
// element); 1.5 KiB, in the L1 cache.
inline constexpr std::size_t noise_chunk = 384;

// Calls chunk(bits, done, count) over [first, first + n) of stream id in chunks: bits[i] is
// the Philox word of element first + done + i, i < count (≤ noise_chunk).
template <class Chunk>
void for_each_word_chunk(const StreamId& id, std::uint64_t first, std::size_t n,
                         const Chunk& chunk) {
  const varopt::kernels::PhiloxStream stream{id.seed, id.generation, id.member};
  alignas(64) std::uint32_t words[noise_chunk];
  std::size_t done = 0;
  while (done < n) {
    const std::uint64_t element = first + done;
    const auto skip = static_cast<std::size_t>(element % 4);
    const std::size_t count = std::min(noise_chunk - skip, n - done);
    varopt::kernels::philox_word_blocks(stream, element / 4, (skip + count + 3) / 4, words);
    chunk(static_cast<const std::uint32_t*>(words + skip), done, count);
    done += count;
  }
}

// out[j] = transform(u, j) for u = uniform number first + j of stream id, j < n, in precision T
// (the index lets a transform fuse in other element-wise inputs).
template <class T, class Transform>
void fill_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n,
                Transform transform) {
  for_each_word_chunk(id, first, n, [&](const std::uint32_t* bits, std::size_t done, std::size_t count) {
    T* dst = out + done;
#pragma GCC unroll 4
    for (std::size_t i = 0; i < count; ++i) {
      dst[i] = transform(uniform_from_lane<T>(bits[i]), done + i);
    }
  });
}

// out[j] = add(j) − log(−log u) for u = uniform number first + j of stream id, j < n: the
// Gumbel noise G = −log(−log u) added to another input. E = −log u is taken in the noise pass
// and log E in a second loop, each unrolled, rather than both in one: the polynomials are long
// dependency chains, and the out-of-order core overlaps more of them when they are short and
// side by side (Gumbel-max 36% faster).
template <class T, class Add>
void fill_gumbel(const StreamId& id, std::uint64_t first, T* out, std::size_t n, const Add& add) {
  fill_noise(id, first, out, n, [](T u, std::size_t) { return -fast_log(u); });
#pragma GCC unroll 4
  for (std::size_t i = 0; i < n; ++i) out[i] = add(i) - fast_log(out[i]);
}

}  // namespace varopt::relax::kernels
