#include "varopt/problems/shift.hpp"

#include <span>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"

namespace varopt::problems {
namespace {

// Keeps the shifts' stream apart from the rotations', the solvers' and the noise's.
constexpr std::uint64_t kShiftTag = 0x73686966742d7873ULL;  // "shift-xs"

}  // namespace

Vec random_shift(Index n, std::uint64_t seed) {
  require(n >= 1, "random_shift", "a dimension >= 1", n);
  Vec u(n);
  fill_uniform(StreamId{.seed = seed ^ kShiftTag}, 0,
               std::span<double>(u.data(), static_cast<std::size_t>(n)));
  return 8.0 * u.array() - 4.0;
}

}  // namespace varopt::problems
