#include "varopt/problems/noise.hpp"

#include <bit>

#include "varopt/core/rng.hpp"

namespace varopt::problems {
namespace {

constexpr std::uint64_t noise_tag = 0x6e6f6973652d7661ULL;  // "noise-va"

std::uint64_t splitmix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

double evaluation_noise(std::uint64_t seed, ConstVecRef x) {
  std::uint64_t h = splitmix64(seed ^ static_cast<std::uint64_t>(x.size()));
  for (Index i = 0; i < x.size(); ++i) {
    const double v = x[i] == 0.0 ? 0.0 : x[i];  // −0.0 and +0.0 are the same point
    h = splitmix64(h ^ std::bit_cast<std::uint64_t>(v));
  }
  const StreamId id{seed ^ noise_tag, static_cast<std::uint32_t>(h >> 32),
                    static_cast<std::uint32_t>(h)};
  return normal_at(id, 0);
}

}  // namespace varopt::problems
