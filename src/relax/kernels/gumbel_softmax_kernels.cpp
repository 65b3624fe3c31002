// Fused Gumbel-softmax: noise, perturbation, arg-max and softmax in one sweep over a tile of
// rows that stays in the L1 cache; the backward pass is one sweep too. This file holds the
// portable kernels (double, and float in the portable variant) and dispatches float to the SIMD
// kernels (gumbel_softmax_simd.hpp) at the widest registers the variant targets.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../../core/kernels/isa.hpp"
#include "fast_math.hpp"
#include "gumbel_softmax_simd.hpp"
#include "relax_kernels.hpp"
#include "row_ops.hpp"
#include "row_tiles.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {
namespace {

template <class T>
struct ForwardTile {
  const T* logits;
  std::size_t cols;
  GumbelSource<T> noise;
  T inv_tau;
  T* soft;
  ArgmaxOutputs<T> argmax;

  // Rows [r0, r0 + rows).
  void operator()(std::size_t r0, std::size_t rows) const {
    if (rows_per_tile(cols) == 1) {
      long_row(r0);
    } else {
      short_rows(r0, rows);
    }
  }

  // One row, perturbed in segments of at most tile_elements (in the output, or in a scratch
  // buffer where no output holds it).
  void long_row(std::size_t r) const {
    const std::size_t e0 = r * cols;
    T scratch[tile_elements];
    RowMax<T> best{};
    for (std::size_t c = 0; c < cols; c += tile_elements) {
      const std::size_t length = std::min(tile_elements, cols - c);
      T* segment = soft != nullptr ? soft + e0 + c : scratch;
      perturb(logits + e0 + c, noise, e0 + c, length, segment);
      const RowMax<T> m = row_maximum(segment, length);
      if (c == 0 || m.value > best.value) best = {m.value, m.index + c};
    }
    if (argmax.wanted()) argmax.write(r, best.index);
    if (soft == nullptr) return;
    T* s = soft + e0;
    const T scale = T(1) / exp_shifted_sum(s, cols, best.value, inv_tau);
    for (std::size_t i = 0; i < cols; ++i) s[i] *= scale;
  }

  // Whole rows: each row's value is broadcast over its elements so that the element-wise loops
  // run over the whole tile, vectorized.
  void short_rows(std::size_t r0, std::size_t rows) const {
    const std::size_t e0 = r0 * cols;
    const std::size_t n = rows * cols;
    T scratch[tile_elements];
    T* s = soft != nullptr ? soft + e0 : scratch;
    perturb(logits + e0, noise, e0, n, s);
    T maxima[tile_elements];
    for (std::size_t r = 0; r < rows; ++r) {
      const RowMax<T> best = row_maximum(s + r * cols, cols);
      if (argmax.wanted()) argmax.write(r0 + r, best.index);
      maxima[r] = best.value;
    }
    if (soft == nullptr) return;
    T row_value[tile_elements];
    broadcast(maxima, rows, row_value);
#pragma GCC unroll 4
    for (std::size_t i = 0; i < n; ++i) s[i] = fast_exp((s[i] - row_value[i]) * inv_tau);
    for (std::size_t r = 0; r < rows; ++r) maxima[r] = T(1) / row_sum(s + r * cols, cols);
    broadcast(maxima, rows, row_value);
    for (std::size_t i = 0; i < n; ++i) s[i] *= row_value[i];
  }

  // The row maximum, and its first position when an output needs it.
  RowMax<T> row_maximum(const T* s, std::size_t n) const {
    if (argmax.wanted()) return row_argmax(s, n);
    return {row_max(s, n), 0};
  }

  void broadcast(const T* values, std::size_t rows, T* out) const {
    for (std::size_t r = 0; r < rows; ++r) fill_row(out + r * cols, cols, values[r]);
  }
};

template <class T>
void portable_softmax_vjp(const T* y, const T* v, std::size_t rows, std::size_t cols, T tau,
                          T* grad) {
  const T inv_tau = T(1) / tau;
  for_each_row_tile(rows, cols, [=](std::size_t r0, std::size_t count) {
    const std::size_t e0 = r0 * cols;
    const std::size_t n = count * cols;
    const T* yt = y + e0;
    const T* vt = v + e0;
    T* gt = grad + e0;
    if (rows_per_tile(cols) == 1) {
      const T dot = row_dot(yt, vt, n);
      for (std::size_t i = 0; i < n; ++i) gt[i] = yt[i] * inv_tau * (vt[i] - dot);
      return;
    }
    T dots[tile_elements];
    for (std::size_t r = 0; r < count; ++r) {
      fill_row(dots + r * cols, cols, row_dot(yt + r * cols, vt + r * cols, cols));
    }
    for (std::size_t i = 0; i < n; ++i) gt[i] = yt[i] * inv_tau * (vt[i] - dots[i]);
  });
}

}  // namespace

template <class T>
void gumbel_softmax_forward(const T* logits, std::size_t rows, std::size_t cols,
                            const GumbelSource<T>& noise, T tau, T* soft, T* hard,
                            std::int64_t* index) {
  const ArgmaxOutputs<T> argmax{cols, hard, index};
#ifdef VAROPT_RELAX_SIMD
  if constexpr (std::is_same_v<T, float>) {
    simd::gumbel_softmax_forward<NativeLanes>(logits, rows, cols, noise, tau, soft, argmax);
  } else
#endif
  {
    for_each_row_tile(rows, cols, ForwardTile<T>{logits, cols, noise, T(1) / tau, soft, argmax});
  }
}

template <class T>
void softmax_vjp(const T* y, const T* v, std::size_t rows, std::size_t cols, T tau, T* grad) {
#ifdef VAROPT_RELAX_SIMD
  if constexpr (std::is_same_v<T, float>) {
    simd::softmax_vjp<NativeLanes>(y, v, rows, cols, tau, grad);
  } else
#endif
  {
    portable_softmax_vjp(y, v, rows, cols, tau, grad);
  }
}

template void gumbel_softmax_forward(const float*, std::size_t, std::size_t,
                                     const GumbelSource<float>&, float, float*, float*,
                                     std::int64_t*);
template void gumbel_softmax_forward(const double*, std::size_t, std::size_t,
                                     const GumbelSource<double>&, double, double*, double*,
                                     std::int64_t*);
template void softmax_vjp(const float*, const float*, std::size_t, std::size_t, float, float*);
template void softmax_vjp(const double*, const double*, std::size_t, std::size_t, double, double*);

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
