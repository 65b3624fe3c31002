#pragma once
// Internal (kernels only): runs tile(t) for t < tiles, on OpenMP threads when available and the
// work is large enough to pay for them. Tiles are fixed by the caller from the data's shape
// alone, never from the thread count, and write disjoint outputs.
#include <algorithm>
#include <cstddef>

#ifdef VAROPT_HAVE_OPENMP
#include <omp.h>
#endif

#include "../../core/kernels/isa.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {

// Below this many elements a call stays on the calling thread.
inline constexpr std::size_t parallel_min_elements = std::size_t{1} << 15;
// Elements a thread takes at a time (about 64 KiB of floats).
inline constexpr std::size_t elements_per_grab = std::size_t{1} << 14;

template <class Tile>
void for_each_tile(std::size_t tiles, std::size_t elements, const Tile& tile) {
#ifdef VAROPT_HAVE_OPENMP
  const bool parallel =
      tiles > 1 && elements >= parallel_min_elements && omp_get_max_threads() > 1;
  // Dynamic: on a shared machine a thread that loses its core leaves its tiles to the others
  // instead of holding everyone at the barrier. In runs of consecutive tiles: one-row tiles
  // handed out singly put two threads on the two sides of every row boundary, sharing its
  // cache line (docs/relax.md, "Kernel decisions"). Tiles write disjoint outputs, so the
  // assignment of tiles to threads never changes a result.
  const auto run = static_cast<int>(std::max<std::size_t>(1, tiles * elements_per_grab / std::max<std::size_t>(elements, 1)));
  if (!parallel) {  // no parallel region: even a serial one costs libgomp an allocation
    for (std::size_t t = 0; t < tiles; ++t) tile(t);
    return;
  }
#pragma omp parallel for schedule(dynamic, run)
  for (std::ptrdiff_t t = 0; t < static_cast<std::ptrdiff_t>(tiles); ++t) {
    tile(static_cast<std::size_t>(t));
  }
#else
  static_cast<void>(elements);
  for (std::size_t t = 0; t < tiles; ++t) tile(t);
#endif
}

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
