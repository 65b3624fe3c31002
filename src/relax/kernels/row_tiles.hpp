#pragma once
// Internal (kernels only): how the Gumbel-softmax kernels cut rows × classes into tiles, and the
// steps every implementation shares. A tile is whole rows when a row is shorter than
// tile_elements, else one row (processed in segments of tile_elements); tiles are fixed by the
// shape alone, so results never depend on the thread count.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "../../core/kernels/isa.hpp"
#include "noise_batch.hpp"
#include "parallel_tiles.hpp"
#include "relax_kernels.hpp"
#include "row_ops.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {

inline constexpr std::size_t tile_elements = 1024;

// Whole rows per tile: as many as tile_elements holds, in multiples of 16 when there are more
// than 16 (so that the SIMD kernels' groups of 8 or 16 short rows are all full).
inline std::size_t rows_per_tile(std::size_t cols) {
  const std::size_t rows = std::max<std::size_t>(1, tile_elements / cols);
  return rows > 16 ? rows / 16 * 16 : rows;
}

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

// s[i] = logits[i] + G(e0 + i), i < n.
template <class T>
void perturb(const T* logits, const GumbelSource<T>& noise, std::uint64_t e0, std::size_t n, T* s) {
  if (noise.given != nullptr) {
    const T* g = noise.given + e0;
    for (std::size_t i = 0; i < n; ++i) s[i] = logits[i] + g[i];
    return;
  }
  fill_gumbel(noise.stream, e0, s, n, logits);
}

// The arg-max outputs of the forward pass (each may be null).
template <class T>
struct ArgmaxOutputs {
  std::size_t cols;
  T* hard;
  std::int64_t* index;

  bool wanted() const { return hard != nullptr || index != nullptr; }

  // Row r's arg-max is `at`: index[r] = at, hard row r = one_hot(at).
  void write(std::size_t r, std::size_t at) const {
    if (index != nullptr) index[r] = static_cast<std::int64_t>(at);
    if (hard != nullptr) {
      T* row = hard + r * cols;
      fill_row(row, cols, T(0));
      row[at] = T(1);
    }
  }
};

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
