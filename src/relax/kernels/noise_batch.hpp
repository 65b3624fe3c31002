#pragma once
// Internal (kernels only): relax noise (relax/noise.hpp) in chunks, the logistic transform of
// a uniform and the Gumbel noise. The Philox words come from the core's vectorized bulk
// kernel (src/core/kernels/philox_kernels.hpp, one Philox implementation for the library;
// through its entry point: every variant gives the same words); element e is word e mod 4 of
// block ⌊e/4⌋. float noise is transformed a register at a time
// where the variant has SIMD lanes (lanes.hpp), with the same operations as the scalar loop, so
// the values are the same bits either way. Checked bit for bit against Random123 in
// tests/relax/noise_test.cpp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../../core/kernels/isa.hpp"
#include "../../core/kernels/philox_kernels.hpp"
#include "fast_math.hpp"
#include "lanes.hpp"
#include "register_loops.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/relax/noise.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {

// L = log u − log(1 − u) (1 − u is exact for the uniforms used here).
template <class F>
F logistic_of_uniform(F u) {
  return fast_log(u) - fast_log(F{} + 1 - u);
}

// Philox words generated per call of the bulk kernel: 96 blocks, two whole groups of its
// widest loop (6 registers × 8 blocks with AVX-512, 4 × 4 with AVX2), so that no block of an
// aligned chunk takes the narrower loops (64 blocks left a quarter to them); 1.5 KiB, in the L1
// cache. Measured in docs/relax.md, "Kernel decisions".
inline constexpr std::size_t noise_chunk = 384;
// A shorter chunk is generated in whole groups of 16 blocks (the vector loops' sizes divide 16):
// a few words too many rather than the bulk kernel's one-block-at-a-time loop for the rest.
inline constexpr std::size_t noise_block_group = 16;

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
    const std::size_t blocks = (skip + count + 3) / 4;
    varopt::kernels::philox_word_blocks(
        stream, element / 4,
        (blocks + noise_block_group - 1) / noise_block_group * noise_block_group, words);
    chunk(static_cast<const std::uint32_t*>(words + skip), done, count);
    done += count;
  }
}

// The uniforms of W Philox words, as uniform_from_lane<float>: (1 + ⌊w/2⁹⌋·2⁻²³) − (1 − 2⁻²⁴)
// = (2⌊w/2⁹⌋ + 1)·2⁻²⁴, exact.
template <class L>
typename L::Float uniforms(typename L::Int words) {
  using Float = typename L::Float;
  return std::bit_cast<Float>(((words >> 9) & 0x007FFFFF) | 0x3F800000) - (1.0F - 0x1.0p-24F);
}

// out[j] = θ_j + G(first + j), j < n, a register at a time: the Gumbel noise G = −log(−log u)
// added to the logits θ (0 where logits is null; −inf past the end of a register); returns the
// lane-wise maximum of the values stored. E = −log u is taken in one loop over a chunk and
// θ − log E in a second, rather than both in one: each log is a long dependency chain, and the
// out-of-order core overlaps more of them when a loop holds one (docs/relax.md, "Kernel
// decisions").
template <class L>
typename L::Float perturb_lanes(const StreamId& id, std::uint64_t first, const float* logits,
                                float* out, std::size_t n) {
  using Float = typename L::Float;
  Float best = Float{} - __builtin_inff();
  for_each_word_chunk(
      id, first, n, [&](const std::uint32_t* bits, std::size_t done, std::size_t count) {
        float* s = out + done;
        for_each_register<L>(count, [=](std::size_t i, std::size_t lanes) {
          store_lanes<L>(s + i, lanes, -fast_log(uniforms<L>(load_lanes<L>(bits + i, lanes))));
        });
        const float* theta = logits == nullptr ? nullptr : logits + done;
        best = fold_registers<L>(count, best, [=](std::size_t i, std::size_t lanes, Float acc) {
          const Float t =
              theta == nullptr ? Float{} : load_lanes<L>(theta + i, lanes, -__builtin_inff());
          const Float x = t - fast_log(load_lanes<L>(s + i, lanes, 1.0F));
          store_lanes<L>(s + i, lanes, x);
          return acc < x ? x : acc;
        });
      });
  return best;
}

// out[j] = transform(u) for u = uniform number first + j of stream id, j < n, in precision T;
// transform is called on scalars or registers alike (a generic lambda).
template <class T, class Transform>
void fill_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n,
                const Transform& transform) {
  for_each_word_chunk(
      id, first, n, [&](const std::uint32_t* bits, std::size_t done, std::size_t count) {
        T* dst = out + done;
#ifdef VAROPT_RELAX_SIMD
        if constexpr (std::is_same_v<T, float>) {
          using L = NativeLanes;
          for_each_register<L>(count, [=](std::size_t i, std::size_t lanes) {
            store_lanes<L>(dst + i, lanes, transform(uniforms<L>(load_lanes<L>(bits + i, lanes))));
          });
          return;
        }
#endif
#pragma GCC unroll 4
        for (std::size_t i = 0; i < count; ++i) dst[i] = transform(uniform_from_lane<T>(bits[i]));
      });
}

// out[j] = θ_j − log(−log u) for u = uniform number first + j of stream id, j < n: the Gumbel
// noise G = −log(−log u) added to the logits θ (0 where logits is null, so that θ + G gives the
// bits of θ − log E). Two loops, as in perturb_lanes.
template <class T>
void fill_gumbel(const StreamId& id, std::uint64_t first, T* out, std::size_t n, const T* logits) {
#ifdef VAROPT_RELAX_SIMD
  if constexpr (std::is_same_v<T, float>) {
    perturb_lanes<NativeLanes>(id, first, logits, out, n);
    return;
  }
#endif
  fill_noise(id, first, out, n, [](auto u) { return -fast_log(u); });
  if (logits == nullptr) {
#pragma GCC unroll 4
    for (std::size_t i = 0; i < n; ++i) out[i] = T(0) - fast_log(out[i]);
    return;
  }
#pragma GCC unroll 4
  for (std::size_t i = 0; i < n; ++i) out[i] = logits[i] - fast_log(out[i]);
}

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
