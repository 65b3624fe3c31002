// Fused Gumbel-softmax: noise, perturbation, arg-max and softmax in one sweep over a tile of
// rows that stays in the L1 cache; the backward pass is one sweep too.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "fast_math.hpp"
#include "noise_batch.hpp"
#include "parallel_tiles.hpp"
#include "relax_kernels.hpp"
#include "row_ops.hpp"

// GCC 12 flags the undefined placeholder register inside its own AVX-512 reduction intrinsics
// (row_ops.hpp) after inlining, where no pragma around the #include reaches.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace varopt::relax::kernels {
namespace {

// Elements of a tile: whole rows when a row is shorter, else one row (processed in segments
// of this size where no output holds it).
constexpr std::size_t tile_elements = 1024;

std::size_t rows_per_tile(std::size_t cols) { return std::max<std::size_t>(1, tile_elements / cols); }

// s[i] = logits[i] + G(e0 + i).
template <class T>
void perturb(const T* logits, const GumbelSource<T>& noise, std::uint64_t e0, std::size_t n,
             T* s) {
  if (noise.given != nullptr) {
    const T* g = noise.given + e0;
    for (std::size_t i = 0; i < n; ++i) s[i] = logits[i] + g[i];
    return;
  }
  fill_gumbel(noise.stream, e0, s, n, [logits](std::size_t i) { return logits[i]; });
}

template <class T>
struct ForwardTile {
  const T* logits;
  std::size_t cols;
  GumbelSource<T> noise;
  T inv_tau;
  T* soft;
  T* hard;
  std::int64_t* index;

  // Rows [r0, r0 + rows).
  void operator()(std::size_t r0, std::size_t rows) const {
    const std::size_t e0 = r0 * cols;
    const std::size_t n = rows * cols;
    T scratch[tile_elements];
    T maxima[tile_elements];
    T* s = soft != nullptr ? soft + e0 : scratch;
    // The path depends on the row length only, so a row gives the same bits whichever call
    // or tile it is computed in.
    const bool long_rows = rows_per_tile(cols) == 1;
    if (long_rows) {
      // One long row, in segments of at most tile_elements.
      RowMax<T> best{};
      for (std::size_t c = 0; c < cols; c += tile_elements) {
        const std::size_t length = std::min(tile_elements, cols - c);
        T* segment = soft != nullptr ? s + c : scratch;
        perturb(logits + e0 + c, noise, e0 + c, length, segment);
        const RowMax<T> m = row_maximum(segment, length);
        if (c == 0 || m.value > best.value) best = {m.value, m.index + c};
      }
      write_argmax(r0, 0, best);
      maxima[0] = best.value;
    } else {
      perturb(logits + e0, noise, e0, n, s);
      for (std::size_t r = 0; r < rows; ++r) {
        const RowMax<T> best = row_maximum(s + r * cols, cols);
        write_argmax(r0, r, best);
        maxima[r] = best.value;
      }
    }
    if (soft == nullptr) return;
    if (long_rows) {
      const T m = maxima[0];
      const T scale = T(1) / lane_sum<T>(n, [s, m, this](std::size_t i) {
        const T e = fast_exp((s[i] - m) * inv_tau);
        s[i] = e;
        return e;
      });
      for (std::size_t i = 0; i < n; ++i) s[i] *= scale;
      return;
    }
    // Short rows: broadcast each row's value over its elements so that the element-wise
    // loops run over the whole tile, vectorized.
    T* row_value = scratch;
    broadcast(maxima, rows, row_value);
#pragma GCC unroll 4
    for (std::size_t i = 0; i < n; ++i) s[i] = fast_exp((s[i] - row_value[i]) * inv_tau);
    for (std::size_t r = 0; r < rows; ++r) {
      const T* row = s + r * cols;
      maxima[r] = T(1) / row_sum(row, cols);
    }
    broadcast(maxima, rows, row_value);
    for (std::size_t i = 0; i < n; ++i) s[i] *= row_value[i];
  }

  // The row maximum, and its first position when an output needs it.
  RowMax<T> row_maximum(const T* s, std::size_t n) const {
    if (hard != nullptr || index != nullptr) return row_argmax(s, n);
    return {row_max(s, n), 0};
  }

  void write_argmax(std::size_t r0, std::size_t r, const RowMax<T>& best) const {
    if (index != nullptr) index[r0 + r] = static_cast<std::int64_t>(best.index);
    if (hard != nullptr) {
      T* row = hard + (r0 + r) * cols;
      fill_row(row, cols, T(0));
      row[best.index] = T(1);
    }
  }

  void broadcast(const T* values, std::size_t rows, T* out) const {
    for (std::size_t r = 0; r < rows; ++r) fill_row(out + r * cols, cols, values[r]);
  }
};

// Calls tile(r0, rows) over fixed tiles of rows.
template <class Tile>
void for_each_row_tile(std::size_t rows, std::size_t cols, const Tile& tile) {
  const std::size_t per_tile = rows_per_tile(cols);
  const std::size_t tiles = (rows + per_tile - 1) / per_tile;
  for_each_tile(tiles, rows * cols, [&](std::size_t t) {
    const std::size_t r0 = t * per_tile;
    tile(r0, std::min(per_tile, rows - r0));
  });
}

}  // namespace

template <class T>
void gumbel_softmax_forward(const T* logits, std::size_t rows, std::size_t cols,
                            const GumbelSource<T>& noise, T tau, T* soft, T* hard,
                            std::int64_t* index) {
  const ForwardTile<T> tile{logits, cols, noise, T(1) / tau, soft, hard, index};
  for_each_row_tile(rows, cols, tile);
}

template <class T>
void softmax_vjp(const T* y, const T* v, std::size_t rows, std::size_t cols, T tau, T* grad) {
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
      const T* yr = yt + r * cols;
      const T* vr = vt + r * cols;
      fill_row(dots + r * cols, cols, row_dot(yr, vr, cols));
    }
    for (std::size_t i = 0; i < n; ++i) gt[i] = yt[i] * inv_tau * (vt[i] - dots[i]);
  });
}

template void gumbel_softmax_forward(const float*, std::size_t, std::size_t,
                                     const GumbelSource<float>&, float, float*, float*,
                                     std::int64_t*);
template void gumbel_softmax_forward(const double*, std::size_t, std::size_t,
                                     const GumbelSource<double>&, double, double*, double*,
                                     std::int64_t*);
template void softmax_vjp(const float*, const float*, std::size_t, std::size_t, float, float*);
template void softmax_vjp(const double*, const double*, std::size_t, std::size_t, double,
                          double*);

}  // namespace varopt::relax::kernels
