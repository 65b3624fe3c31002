#pragma once
// Internal (kernels only): batches of relax noise (relax/noise.hpp). Philox4x32-10 (Salmon et
// al. 2011) runs on 16 blocks at once: with AVX-512 intrinsics on 64-bit lanes, else plain
// loops. Element
// 64b + 16j + l is lane j of block 16b + l. Checked bit for bit against Random123 in
// tests/relax/noise_test.cpp. Also the Gumbel and logistic transforms of a uniform.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#ifdef __AVX512F__
// GCC 12 warns about the deliberately undefined registers inside its own AVX-512 intrinsics.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif

#include "fast_math.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/relax/noise.hpp"

namespace varopt::relax::kernels {

// G = −log(−log u) and L = log u − log(1 − u) (1 − u is exact for the uniforms used here).
template <class T>
T gumbel_of_uniform(T u) {
  return -fast_log(-fast_log(u));
}
template <class T>
T logistic_of_uniform(T u) {
  return fast_log(u) - fast_log(T(1) - u);
}

// Blocks per Philox batch; 4 lanes each, so one batch gives 64 elements (relax/noise.hpp).
inline constexpr std::size_t philox_batch = 16;
inline constexpr std::size_t noise_batch = 4 * philox_batch;

// planes[j][l] = lane j of block (first + l) of stream id, l < 16.
inline void philox_planes(const StreamId& id, std::uint64_t first,
                          std::uint32_t (&planes)[4][philox_batch]) {
  constexpr std::uint32_t m0 = 0xD2511F53U, m1 = 0xCD9E8D57U;
  constexpr std::uint32_t w0 = 0x9E3779B9U, w1 = 0xBB67AE85U;
  std::uint32_t k0 = static_cast<std::uint32_t>(id.seed);
  std::uint32_t k1 = static_cast<std::uint32_t>(id.seed >> 32);
#ifdef __AVX512F__
  // Two halves of 8 blocks, each counter word zero-extended into a 64-bit lane: vpmuludq then
  // gives the whole 32×32→64 product (GCC 12 does not vectorize the plain loop's multiply-high).
  // Upper halves of the lanes carry garbage that vpmuludq and the final narrowing ignore.
  const __m512i mul0 = _mm512_set1_epi64(m0), mul1 = _mm512_set1_epi64(m1);
  const __m512i lane = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
  __m512i c0[2], c1[2], c2[2], c3[2];
  for (int h = 0; h < 2; ++h) {
    c0[h] = _mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(first + 8 * h)), lane);
    c1[h] = _mm512_srli_epi64(c0[h], 32);
    c2[h] = _mm512_set1_epi64(id.member);
    c3[h] = _mm512_set1_epi64(id.generation);
  }
  constexpr int xor3 = 0x96;
  for (int round = 0; round < 10; ++round) {
    const __m512i key0 = _mm512_set1_epi64(k0), key1 = _mm512_set1_epi64(k1);
    for (int h = 0; h < 2; ++h) {
      const __m512i p0 = _mm512_mul_epu32(c0[h], mul0);
      const __m512i p1 = _mm512_mul_epu32(c2[h], mul1);
      c0[h] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1[h], key0, xor3);
      c2[h] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3[h], key1, xor3);
      c1[h] = p1;
      c3[h] = p0;
    }
    k0 += w0;
    k1 += w1;
  }
  // Narrow each word's two halves into one register (one 512-bit store per plane, which the
  // transform's 512-bit loads can forward from).
  const __m512i low_words =
      _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  _mm512_storeu_si512(planes[0], _mm512_permutex2var_epi32(c0[0], low_words, c0[1]));
  _mm512_storeu_si512(planes[1], _mm512_permutex2var_epi32(c1[0], low_words, c1[1]));
  _mm512_storeu_si512(planes[2], _mm512_permutex2var_epi32(c2[0], low_words, c2[1]));
  _mm512_storeu_si512(planes[3], _mm512_permutex2var_epi32(c3[0], low_words, c3[1]));
#else
  std::uint32_t c0[philox_batch], c1[philox_batch], c2[philox_batch], c3[philox_batch];
  for (std::size_t l = 0; l < philox_batch; ++l) {
    const std::uint64_t block = first + l;
    c0[l] = static_cast<std::uint32_t>(block);
    c1[l] = static_cast<std::uint32_t>(block >> 32);
    c2[l] = id.member;
    c3[l] = id.generation;
  }
  for (int round = 0; round < 10; ++round) {
    for (std::size_t l = 0; l < philox_batch; ++l) {
      const std::uint64_t p0 = static_cast<std::uint64_t>(m0) * c0[l];
      const std::uint64_t p1 = static_cast<std::uint64_t>(m1) * c2[l];
      const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[l] ^ k0;
      const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[l] ^ k1;
      c1[l] = static_cast<std::uint32_t>(p1);
      c3[l] = static_cast<std::uint32_t>(p0);
      c0[l] = n0;
      c2[l] = n2;
    }
    k0 += w0;
    k1 += w1;
  }
  for (std::size_t l = 0; l < philox_batch; ++l) {
    planes[0][l] = c0[l];
    planes[1][l] = c1[l];
    planes[2][l] = c2[l];
    planes[3][l] = c3[l];
  }
#endif
}

// out[j] = transform(uniform number first + j of stream id), j < n, in precision T.
// A batch of 64 elements is the 4 planes of 16 blocks in a row, so whole batches are
// transformed straight into `out` (vectorized); partial batches at the ends go through a copy.
template <class T, class Transform>
void fill_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n,
                Transform transform) {
  std::uint32_t planes[4][philox_batch];
  const auto* bits = &planes[0][0];
  std::uint64_t batch = first / noise_batch;
  std::size_t skip = static_cast<std::size_t>(first % noise_batch);
  std::size_t done = 0;
  while (done < n) {
    philox_planes(id, batch * philox_batch, planes);
    if (skip == 0 && n - done >= noise_batch) {
      T* dst = out + done;
      for (std::size_t i = 0; i < noise_batch; ++i) dst[i] = transform(uniform_from_lane<T>(bits[i]));
      done += noise_batch;
    } else {
      T values[noise_batch];
      for (std::size_t i = 0; i < noise_batch; ++i) values[i] = transform(uniform_from_lane<T>(bits[i]));
      const std::size_t count = std::min(noise_batch - skip, n - done);
      std::copy_n(values + skip, count, out + done);
      done += count;
      skip = 0;
    }
    ++batch;
  }
}

}  // namespace varopt::relax::kernels
