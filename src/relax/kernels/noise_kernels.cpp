#include "../../core/kernels/isa.hpp"
#include "noise_batch.hpp"
#include "parallel_tiles.hpp"
#include "relax_kernels.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {
namespace {

// Elements per parallel tile.
constexpr std::size_t noise_tile = 1U << 14;

// Calls fill(begin, count) over fixed tiles of [0, n).
template <class Fill>
void for_each_noise_tile(std::size_t n, const Fill& fill) {
  const std::size_t tiles = (n + noise_tile - 1) / noise_tile;
  for_each_tile(tiles, n, [&](std::size_t t) {
    const std::size_t begin = t * noise_tile;
    fill(begin, std::min(noise_tile, n - begin));
  });
}

}  // namespace

template <class T>
void uniform_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  for_each_noise_tile(n, [&](std::size_t begin, std::size_t count) {
    fill_noise(id, first + begin, out + begin, count, [](auto u) { return u; });
  });
}

template <class T>
void gumbel_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  // 0 − log E: the same operations as the kernels' θ − log E, so θ + G gives their bits.
  for_each_noise_tile(n, [&](std::size_t begin, std::size_t count) {
    fill_gumbel<T>(id, first + begin, out + begin, count, nullptr);
  });
}

template <class T>
void logistic_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  for_each_noise_tile(n, [&](std::size_t begin, std::size_t count) {
    fill_noise(id, first + begin, out + begin, count,
               [](auto u) { return logistic_of_uniform(u); });
  });
}

template void uniform_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void uniform_noise(const StreamId&, std::uint64_t, double*, std::size_t);
template void gumbel_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void gumbel_noise(const StreamId&, std::uint64_t, double*, std::size_t);
template void logistic_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void logistic_noise(const StreamId&, std::uint64_t, double*, std::size_t);

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
