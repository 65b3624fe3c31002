#include "noise_batch.hpp"
#include "parallel_tiles.hpp"
#include "relax_kernels.hpp"

namespace varopt::relax::kernels {
namespace {

// Elements per parallel tile (a multiple of 64, so tiles start on Philox batches).
constexpr std::size_t noise_tile = 1U << 14;

template <class T, class Transform>
void fill_parallel(const StreamId& id, std::uint64_t first, T* out, std::size_t n,
                   Transform transform) {
  const std::size_t tiles = (n + noise_tile - 1) / noise_tile;
  for_each_tile(tiles, n, [&](std::size_t t) {
    const std::size_t begin = t * noise_tile;
    const std::size_t count = std::min(noise_tile, n - begin);
    fill_noise(id, first + begin, out + begin, count, transform);
  });
}

}  // namespace

template <class T>
void uniform_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  fill_parallel(id, first, out, n, [](T u, std::size_t) { return u; });
}

template <class T>
void gumbel_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  fill_parallel(id, first, out, n, [](T u, std::size_t) { return gumbel_of_uniform(u); });
}

template <class T>
void logistic_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  fill_parallel(id, first, out, n, [](T u, std::size_t) { return logistic_of_uniform(u); });
}

template void uniform_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void uniform_noise(const StreamId&, std::uint64_t, double*, std::size_t);
template void gumbel_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void gumbel_noise(const StreamId&, std::uint64_t, double*, std::size_t);
template void logistic_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void logistic_noise(const StreamId&, std::uint64_t, double*, std::size_t);

}  // namespace varopt::relax::kernels
