#pragma once
// Internal (kernels only): runs tile(t) for t < tiles, on OpenMP threads when available and the
// work is large enough to pay for them. Tiles are fixed by the caller from the data's shape
// alone, never from the thread count, and write disjoint outputs.
#include <cstddef>

namespace varopt::relax::kernels {

// Below this many elements a call stays on the calling thread.
inline constexpr std::size_t parallel_min_elements = std::size_t{1} << 15;

template <class Tile>
void for_each_tile(std::size_t tiles, std::size_t elements, const Tile& tile) {
#ifdef VAROPT_HAVE_OPENMP
  const bool parallel = tiles > 1 && elements >= parallel_min_elements;
  // Dynamic: on a shared machine a thread that loses its core leaves its tiles to the others
  // instead of holding everyone at the barrier. Tiles write disjoint outputs, so the
  // assignment of tiles to threads never changes a result.
#pragma omp parallel for schedule(dynamic) if (parallel)
  for (std::ptrdiff_t t = 0; t < static_cast<std::ptrdiff_t>(tiles); ++t) {
    tile(static_cast<std::size_t>(t));
  }
#else
  static_cast<void>(elements);
  for (std::size_t t = 0; t < tiles; ++t) tile(t);
#endif
}

}  // namespace varopt::relax::kernels
