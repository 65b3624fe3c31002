#pragma once
// Internal (kernels only; AVX-512, float): the Gumbel-softmax forward pass and the softmax
// VJP written for registers of 16 floats. Same definitions as the portable kernels
// (gumbel_softmax_kernels.cpp) and the same noise: s − θ = −log(−log u) is computed with the
// same fast_log operations, so relax::fill_gumbel_noise replays it bit for bit. What differs:
//  - rows of at most 16 classes are processed 16 rows at a time (packed_rows.hpp) instead of
//    one horizontal reduction per row;
//  - longer rows: Philox words → uniform → noise → perturbed logit → running maximum in one
//    pass over each segment of the row, in registers;
//  - e^{(s − m)/τ} = 2^{(s − m)·log₂e/τ} by fast_exp2 (vscalefps), half the instructions of
//    fast_exp; log₂e/τ is rounded once, so the argument carries the same three roundings as
//    (s − m)·(1/τ).
#ifdef __AVX512F__
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>

#include "fast_math.hpp"
#include "noise_batch.hpp"
#include "packed_rows.hpp"
#include "relax_kernels.hpp"
#include "row_tiles.hpp"

namespace varopt::relax::kernels::avx512 {

using float_lanes::Float16;
using float_lanes::first_lanes;
using float_lanes::width;

// Σ and max of the 16 lanes, combining lane j with j + 8, then j + 4, j + 2, j + 1 (the order
// of _mm512_reduce_add_ps and of PackedRows).
inline Float16 fold_halves(Float16 x, Float16 (*combine)(Float16, Float16)) {
  x = combine(x, __builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  x = combine(x, __builtin_shufflevector(x, x, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
  x = combine(x, __builtin_shufflevector(x, x, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
  return combine(x, __builtin_shufflevector(x, x, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
}
inline float sum_lanes(Float16 x) {
  return fold_halves(x, [](Float16 a, Float16 b) { return a + b; })[0];
}
inline float max_lanes(Float16 x) {
  return fold_halves(x, [](Float16 a, Float16 b) { return a < b ? b : a; })[0];
}

// The uniform of 16 Philox words, as uniform_from_lane<float>: (2⌊w/2⁹⌋ + 1)·2⁻²⁴.
inline Float16 uniforms(__m512i words) {
  const __m512i odd = _mm512_or_si512(_mm512_slli_epi32(_mm512_srli_epi32(words, 9), 1),
                                      _mm512_set1_epi32(1));
  return _mm512_cvtepi32_ps(odd) * 0x1.0p-24F;
}

// Calls step(i, lanes) for i = 0, 16, 32, … < n: whole registers unmasked, then the tail.
template <class Step>
void for_each_register(std::size_t n, const Step& step) {
  std::size_t i = 0;
#pragma GCC unroll 4
  for (; i + width <= n; i += width) step(i, __mmask16{0xFFFF});
  if (i < n) step(i, first_lanes(n - i));
}

// s[i] = logits[i] + G(e0 + i), i < n, with fill_gumbel's operations (E = −log u, then
// θ − log E); returns max_i s[i] (−inf for n = 0).
inline float perturb_max(const float* logits, const GumbelSource<float>& noise, std::uint64_t e0,
                         std::size_t n, float* s) {
  Float16 best = Float16{} - std::numeric_limits<float>::infinity();
  const auto keep = [&](float* out, __mmask16 valid, Float16 x) {
    _mm512_mask_storeu_ps(out, valid, x);
    best = _mm512_mask_max_ps(best, valid, best, x);
  };
  if (noise.given != nullptr) {
    const float* g = noise.given + e0;
    for_each_register(n, [&](std::size_t i, __mmask16 valid) {
      keep(s + i, valid, Float16(_mm512_maskz_loadu_ps(valid, logits + i)) +
                             _mm512_maskz_loadu_ps(valid, g + i));
    });
    return max_lanes(best);
  }
  // Two loops per chunk, as in fill_gumbel: each log is a long dependency chain, and the core
  // overlaps more of them when a loop holds one (measured: one loop is 10% slower).
  for_each_word_chunk(noise.stream, e0, n,
                      [&](const std::uint32_t* bits, std::size_t done, std::size_t count) {
    float* out = s + done;
    for_each_register(count, [&](std::size_t i, __mmask16 valid) {
      const Float16 u = uniforms(_mm512_maskz_loadu_epi32(valid, bits + i));
      _mm512_mask_storeu_ps(out + i, valid, -fast_log(u));
    });
    for_each_register(count, [&](std::size_t i, __mmask16 valid) {
      const Float16 theta = _mm512_maskz_loadu_ps(valid, logits + done + i);
      keep(out + i, valid, theta - fast_log(Float16(_mm512_maskz_loadu_ps(valid, out + i))));
    });
  });
  return max_lanes(best);
}

// The first i < n with s[i] == value (0 if none: a row of NaN).
inline std::size_t first_equal(const float* s, std::size_t n, float value) {
  for (std::size_t i = 0; i < n; i += width) {
    const __mmask16 valid = first_lanes(n - i);
    const __mmask16 hit =
        _mm512_mask_cmpeq_ps_mask(valid, _mm512_maskz_loadu_ps(valid, s + i), _mm512_set1_ps(value));
    if (hit != 0) return i + static_cast<std::size_t>(__builtin_ctz(hit));
  }
  return 0;
}

// s[i] ← 2^{(s[i] − m)·scale} in place, i < n; returns the sum of the new s[i].
inline float exp2_shifted_sum(float* s, std::size_t n, float m, float scale) {
  Float16 acc[2] = {};
  std::size_t i = 0;
  for (; i + 2 * width <= n; i += 2 * width) {
    for (std::size_t a = 0; a < 2; ++a) {
      float* at = s + i + a * width;
      const Float16 e = fast_exp2((Float16(_mm512_loadu_ps(at)) - m) * scale);
      _mm512_storeu_ps(at, e);
      acc[a] += e;
    }
  }
  for (; i < n; i += width) {
    const __mmask16 valid = first_lanes(n - i);
    const Float16 e = fast_exp2((Float16(_mm512_maskz_loadu_ps(valid, s + i)) - m) * scale);
    _mm512_mask_storeu_ps(s + i, valid, e);
    acc[0] += _mm512_maskz_mov_ps(valid, e);
  }
  return sum_lanes(acc[0] + acc[1]);
}

// x[i] ← x[i]·factor, i < n.
inline void scale_row(float* x, std::size_t n, float factor) {
  for_each_register(n, [=](std::size_t i, __mmask16 valid) {
    _mm512_mask_storeu_ps(x + i, valid, Float16(_mm512_maskz_loadu_ps(valid, x + i)) * factor);
  });
}

struct ForwardTile {
  const float* logits;
  std::size_t cols;
  GumbelSource<float> noise;
  float exp2_scale;  // log₂e/τ
  float* soft;
  ArgmaxOutputs<float> argmax;
  const PackedRows* packed;  // rows of ≤ 16 classes; null for longer rows

  // Rows [r0, r0 + rows).
  void operator()(std::size_t r0, std::size_t rows) const {
    if (packed == nullptr) {
      for (std::size_t r = r0; r < r0 + rows; ++r) row(r);
      return;
    }
    const std::size_t e0 = r0 * cols;
    float scratch[tile_elements];
    float* s = soft != nullptr ? soft + e0 : scratch;
    perturb_max(logits + e0, noise, e0, rows * cols, s);
    for (std::size_t g = 0; g < rows; g += PackedRows::group_rows) {
      packed_group(r0 + g, std::min(PackedRows::group_rows, rows - g), s + g * cols);
    }
  }

  // One row of more than 16 classes, perturbed in segments of at most tile_elements (in the
  // output, or in a scratch buffer where no output holds it).
  void row(std::size_t r) const {
    const std::size_t e0 = r * cols;
    float scratch[tile_elements];
    float best = 0;
    std::size_t at = 0;
    for (std::size_t c = 0; c < cols; c += tile_elements) {
      const std::size_t length = std::min(tile_elements, cols - c);
      float* segment = soft != nullptr ? soft + e0 + c : scratch;
      const float m = perturb_max(logits + e0 + c, noise, e0 + c, length, segment);
      if (c == 0 || m > best) {
        best = m;
        if (argmax.wanted()) at = c + first_equal(segment, length, m);
      }
    }
    if (argmax.wanted()) argmax.write(r, at);
    if (soft == nullptr) return;
    float* s = soft + e0;
    scale_row(s, cols, 1.0F / exp2_shifted_sum(s, cols, best, exp2_scale));
  }

  // Rows [r, r + rows), rows ≤ 16, perturbed into s.
  void packed_group(std::size_t r, std::size_t rows, float* s) const {
    const Float16 maxima = packed->maxima(s, rows);
    const std::size_t n = rows * cols;
    if (argmax.wanted()) {
      PackedRows::Int16 hot{};
      for (std::size_t i = 0; i < rows; ++i) {
        hot[i] = static_cast<std::int32_t>(first_equal(s + i * cols, cols, maxima[i]));
        if (argmax.index != nullptr) argmax.index[r + i] = hot[i];
      }
      if (argmax.hard != nullptr) {
        float* out = argmax.hard + r * cols;
        for_each_register(n, [&](std::size_t i, __mmask16 valid) {
          _mm512_mask_storeu_ps(out + i, valid, packed->one_hot(hot, i / width));
        });
      }
    }
    if (soft == nullptr) return;
    for_each_register(n, [&](std::size_t i, __mmask16 valid) {
      const Float16 x = _mm512_maskz_loadu_ps(valid, s + i);
      const Float16 shifted = x - packed->spread(maxima, i / width);
      _mm512_mask_storeu_ps(s + i, valid, fast_exp2(shifted * exp2_scale));
    });
    const Float16 inverse_sums = 1.0F / packed->sums(s, rows);
    for_each_register(n, [&](std::size_t i, __mmask16 valid) {
      const Float16 e = _mm512_maskz_loadu_ps(valid, s + i);
      _mm512_mask_storeu_ps(s + i, valid, e * packed->spread(inverse_sums, i / width));
    });
  }
};

// Calls run(layout) with the packed layout for rows of at most 16 classes, else run(nullptr).
template <class Run>
void with_packed_rows(std::size_t cols, const Run& run) {
  if (cols <= PackedRows::max_cols) {
    const PackedRows layout(cols);
    run(&layout);
  } else {
    run(static_cast<const PackedRows*>(nullptr));
  }
}

inline void gumbel_softmax_forward(const float* logits, std::size_t rows, std::size_t cols,
                                   const GumbelSource<float>& noise, float tau, float* soft,
                                   const ArgmaxOutputs<float>& argmax) {
  const auto exp2_scale = static_cast<float>(std::numbers::log2e / static_cast<double>(tau));
  with_packed_rows(cols, [&](const PackedRows* packed) {
    for_each_row_tile(rows, cols,
                      ForwardTile{logits, cols, noise, exp2_scale, soft, argmax, packed});
  });
}

// grad = y ⊙ (v − ⟨v, y⟩)/τ row-wise.
inline void softmax_vjp(const float* y, const float* v, std::size_t rows, std::size_t cols,
                        float tau, float* grad) {
  const float inv_tau = 1.0F / tau;
  // grad over n elements of y and v, with `dots` giving ⟨v, y⟩ of the row of register q.
  const auto apply = [inv_tau](const float* yr, const float* vr, std::size_t n, float* gr,
                               const auto& dots) {
    for_each_register(n, [&](std::size_t i, __mmask16 valid) {
      const Float16 yq = _mm512_maskz_loadu_ps(valid, yr + i);
      const Float16 vq = _mm512_maskz_loadu_ps(valid, vr + i);
      _mm512_mask_storeu_ps(gr + i, valid, yq * inv_tau * (vq - dots(i / width)));
    });
  };
  with_packed_rows(cols, [&](const PackedRows* packed) {
    for_each_row_tile(rows, cols, [&](std::size_t r0, std::size_t count) {
      const std::size_t e0 = r0 * cols;
      if (packed != nullptr) {
        for (std::size_t g = 0; g < count; g += PackedRows::group_rows) {
          const std::size_t at = e0 + g * cols;
          const std::size_t group = std::min(PackedRows::group_rows, count - g);
          const Float16 dots = packed->dots(y + at, v + at, group);
          apply(y + at, v + at, group * cols, grad + at,
                [&](std::size_t q) { return packed->spread(dots, q); });
        }
        return;
      }
      for (std::size_t r = 0; r < count; ++r) {
        const std::size_t at = e0 + r * cols;
        Float16 acc[2] = {};
        std::size_t i = 0;
        for (; i + 2 * width <= cols; i += 2 * width) {
          for (std::size_t a = 0; a < 2; ++a) {
            acc[a] = _mm512_fmadd_ps(_mm512_loadu_ps(y + at + i + a * width),
                                     _mm512_loadu_ps(v + at + i + a * width), acc[a]);
          }
        }
        for (; i < cols; i += width) {
          const __mmask16 valid = first_lanes(cols - i);
          acc[0] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(valid, y + at + i),
                                   _mm512_maskz_loadu_ps(valid, v + at + i), acc[0]);
        }
        const Float16 dot = Float16{} + sum_lanes(acc[0] + acc[1]);
        apply(y + at, v + at, cols, grad + at, [dot](std::size_t) { return dot; });
      }
    });
  });
}

}  // namespace varopt::relax::kernels::avx512
#endif
