#pragma once
// Internal (kernels only; float): the Gumbel-softmax forward pass and the softmax VJP written
// for registers of W floats, templates over a lanes policy L (lanes.hpp: W = 16 with AVX-512,
// 8 with AVX2). Same definitions as the portable kernels (gumbel_softmax_kernels.cpp) and the
// same noise: s − θ = −log(−log u) is computed with the same fast_log operations, so
// relax::fill_gumbel_noise replays it bit for bit. What differs:
//  - rows of at most 16 classes are processed W rows at a time (packed_rows.hpp) instead of
//    one horizontal reduction per row;
//  - longer rows: Philox words → uniform → noise → perturbed logit → running maximum over
//    each segment of the row, in registers (perturb_lanes);
//  - e^{(s − m)/τ} = 2^{(s − m)·log₂e/τ} by fast_exp2, half the instructions of fast_exp;
//    log₂e/τ is rounded once, so the argument carries the same three roundings as
//    (s − m)·(1/τ).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>

#include "../../core/kernels/isa.hpp"
#include "fast_math.hpp"
#include "lanes.hpp"
#include "noise_batch.hpp"
#include "packed_rows.hpp"
#include "register_loops.hpp"
#include "relax_kernels.hpp"
#include "row_tiles.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA::simd {

inline constexpr float minus_infinity = -std::numeric_limits<float>::infinity();

// s[i] = logits[i] + G(e0 + i), i < n, with fill_gumbel's operations (E = −log u, then
// θ − log E); returns max_i s[i] (−inf for n = 0). Lanes past n carry θ = −inf, which no
// maximum sees.
template <class L>
float perturb_max(const float* logits, const GumbelSource<float>& noise, std::uint64_t e0,
                  std::size_t n, float* s) {
  using Float = typename L::Float;
  if (noise.given == nullptr) return max_lanes(perturb_lanes<L>(noise.stream, e0, logits, s, n));
  const float* g = noise.given + e0;
  return max_lanes(fold_registers<L>(
      n, Float{} + minus_infinity, [=](std::size_t i, std::size_t lanes, Float best) {
        const Float x =
            load_lanes<L>(logits + i, lanes, minus_infinity) + load_lanes<L>(g + i, lanes);
        store_lanes<L>(s + i, lanes, x);
        return best < x ? x : best;
      }));
}

// The first i < n with s[i] == value (0 if none: a row of NaN).
template <class L>
std::size_t first_equal(const float* s, std::size_t n, float value) {
  const typename L::Float target = typename L::Float{} + value;
  for (std::size_t i = 0; i < n; i += L::width) {
    const std::size_t lanes = std::min(L::width, n - i);
    const std::uint32_t hits = L::equal_lanes(
        load_lanes<L>(s + i, lanes, std::numeric_limits<float>::quiet_NaN()), target);
    if (hits != 0) return i + static_cast<std::size_t>(__builtin_ctz(hits));
  }
  return 0;
}

// s[i] ← 2^{(s[i] − m)·scale} in place, i < n; returns the sum of the new s[i].
template <class L>
float exp2_shifted_sum(float* s, std::size_t n, float m, float scale) {
  using Float = typename L::Float;
  return sum_lanes(fold_register_pairs<L>(n, [=](std::size_t i, std::size_t lanes, Float acc) {
    // Lanes past n read −inf: their 2^−inf = 0 adds nothing.
    const Float e = fast_exp2((load_lanes<L>(s + i, lanes, minus_infinity) - m) * scale);
    store_lanes<L>(s + i, lanes, e);
    return acc + e;
  }));
}

// x[i] ← x[i]·factor, i < n.
template <class L>
void scale_row(float* x, std::size_t n, float factor) {
  for_each_register<L>(n, [=](std::size_t i, std::size_t lanes) {
    store_lanes<L>(x + i, lanes, load_lanes<L>(x + i, lanes) * factor);
  });
}

template <class L>
struct ForwardTile {
  using Float = typename L::Float;
  const float* logits;
  std::size_t cols;
  GumbelSource<float> noise;
  float exp2_scale;  // log₂e/τ
  float* soft;
  ArgmaxOutputs<float> argmax;
  const PackedRows<L>* packed;  // rows of ≤ 16 classes; null for longer rows

  // Rows [r0, r0 + rows).
  void operator()(std::size_t r0, std::size_t rows) const {
    if (packed == nullptr) {
      for (std::size_t r = r0; r < r0 + rows; ++r) row(r);
      return;
    }
    const std::size_t e0 = r0 * cols;
    float scratch[tile_elements];
    float* s = soft != nullptr ? soft + e0 : scratch;
    perturb_max<L>(logits + e0, noise, e0, rows * cols, s);
    // Every group's exponentials before any group's sums: a row's sum loads registers that
    // straddle the exponential pass's stores, and right after them the store buffer cannot
    // forward to those loads (docs/relax.md, "Kernel decisions").
    constexpr std::size_t group = PackedRows<L>::group_rows;
    for (std::size_t g = 0; g < rows; g += group) {
      exponentiate_group(r0 + g, std::min(group, rows - g), s + g * cols);
    }
    if (soft == nullptr) return;
    for (std::size_t g = 0; g < rows; g += group) {
      normalize_group(std::min(group, rows - g), s + g * cols);
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
      const float m = perturb_max<L>(logits + e0 + c, noise, e0 + c, length, segment);
      if (c == 0 || m > best) {
        best = m;
        if (argmax.wanted()) at = c + first_equal<L>(segment, length, m);
      }
    }
    if (argmax.wanted()) argmax.write(r, at);
    if (soft == nullptr) return;
    float* s = soft + e0;
    scale_row<L>(s, cols, 1.0F / exp2_shifted_sum<L>(s, cols, best, exp2_scale));
  }

  // Rows [r, r + rows), rows ≤ W, perturbed into s: the arg-max outputs, and s ← 2^{(s − m)·
  // log₂e/τ} with m each row's maximum.
  void exponentiate_group(std::size_t r, std::size_t rows, float* s) const {
    const PackedRows<L>* layout = packed;
    const Float maxima = layout->maxima(s, rows);
    const std::size_t n = rows * cols;
    if (argmax.wanted()) {
      // Lanes go through arrays: a register written a lane at a time makes GCC store and
      // reload the whole register around each lane (a store-forwarding stall per row).
      alignas(64) float row_max[L::width];
      alignas(64) std::int32_t hot_lane[L::width] = {};
      L::store(row_max, maxima);
      for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t lane = PackedRows<L>::lane_of(i);
        hot_lane[lane] =
            static_cast<std::int32_t>(layout->first_equal(s + i * cols, row_max[lane]));
        if (argmax.index != nullptr) argmax.index[r + i] = hot_lane[lane];
      }
      const auto hot = std::bit_cast<typename L::Int>(hot_lane);
      if (argmax.hard != nullptr) {
        float* out = argmax.hard + r * cols;
        for_each_register<L>(n, [=](std::size_t i, std::size_t lanes) {
          store_lanes<L>(out + i, lanes, layout->one_hot(hot, i / L::width));
        });
      }
    }
    if (soft == nullptr) return;
    const float scale = exp2_scale;
    for_each_register<L>(n, [=](std::size_t i, std::size_t lanes) {
      const Float shifted = load_lanes<L>(s + i, lanes) - layout->spread(maxima, i / L::width);
      store_lanes<L>(s + i, lanes, fast_exp2(shifted * scale));
    });
  }

  // Rows of exponentials at s, rows ≤ W: each divided by its row's sum.
  void normalize_group(std::size_t rows, float* s) const {
    const PackedRows<L>* layout = packed;
    const Float inverse_sums = 1.0F / layout->sums(s, rows);
    for_each_register<L>(rows * cols, [=](std::size_t i, std::size_t lanes) {
      const Float e = load_lanes<L>(s + i, lanes);
      store_lanes<L>(s + i, lanes, e * layout->spread(inverse_sums, i / L::width));
    });
  }
};

// Calls run(layout) with the packed layout for rows of at most 16 classes, else run(nullptr).
template <class L, class Run>
void with_packed_rows(std::size_t cols, const Run& run) {
  if (cols <= PackedRows<L>::max_cols) {
    const PackedRows<L> layout(cols);
    run(&layout);
  } else {
    run(static_cast<const PackedRows<L>*>(nullptr));
  }
}

template <class L>
void gumbel_softmax_forward(const float* logits, std::size_t rows, std::size_t cols,
                            const GumbelSource<float>& noise, float tau, float* soft,
                            const ArgmaxOutputs<float>& argmax) {
  const auto exp2_scale = static_cast<float>(std::numbers::log2e / static_cast<double>(tau));
  with_packed_rows<L>(cols, [&](const PackedRows<L>* packed) {
    for_each_row_tile(rows, cols,
                      ForwardTile<L>{logits, cols, noise, exp2_scale, soft, argmax, packed});
  });
}

// grad = y ⊙ (v − ⟨v, y⟩)/τ row-wise.
template <class L>
void softmax_vjp(const float* y, const float* v, std::size_t rows, std::size_t cols, float tau,
                 float* grad) {
  using Float = typename L::Float;
  constexpr std::size_t width = L::width;
  const float inv_tau = 1.0F / tau;
  // grad over n elements of y and v, with `dots` giving ⟨v, y⟩ of the row of register q.
  const auto apply = [inv_tau](const float* yr, const float* vr, std::size_t n, float* gr,
                               const auto& dots) {
    for_each_register<L>(n, [=](std::size_t i, std::size_t lanes) {
      const Float yq = load_lanes<L>(yr + i, lanes);
      const Float vq = load_lanes<L>(vr + i, lanes);
      store_lanes<L>(gr + i, lanes, yq * inv_tau * (vq - dots(i / width)));
    });
  };
  with_packed_rows<L>(cols, [&](const PackedRows<L>* packed) {
    for_each_row_tile(rows, cols, [&](std::size_t r0, std::size_t count) {
      const std::size_t e0 = r0 * cols;
      if (packed != nullptr) {
        for (std::size_t g = 0; g < count; g += PackedRows<L>::group_rows) {
          const std::size_t at = e0 + g * cols;
          const std::size_t group = std::min(PackedRows<L>::group_rows, count - g);
          const Float dots = packed->dots(y + at, v + at, group);
          apply(y + at, v + at, group * cols, grad + at,
                [=](std::size_t q) { return packed->spread(dots, q); });
        }
        return;
      }
      for (std::size_t r = 0; r < count; ++r) {
        const std::size_t at = e0 + r * cols;
        const float* yr = y + at;
        const float* vr = v + at;
        const Float dot = Float{} + sum_lanes(fold_register_pairs<L>(
                                        cols, [=](std::size_t i, std::size_t lanes, Float acc) {
                                          return fma(load_lanes<L>(yr + i, lanes),
                                                     load_lanes<L>(vr + i, lanes), acc);
                                        }));
        apply(yr, vr, cols, grad + at, [dot](std::size_t) { return dot; });
      }
    });
  });
}

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA::simd
