#include "varopt/dist/gaussian_noise.hpp"

#include <span>

#include "varopt/core/error.hpp"

namespace varopt {

void gaussian_noise(const Population& population, Index member, VecRef eps) {
  require(member >= 0 && member < population.size(), "gaussian_noise",
          "a member in [0, " + std::to_string(population.size()) + ")", member);
  require(eps.size() == population.dim(), "gaussian_noise",
          "a vector of size " + std::to_string(population.dim()), eps.size());
  fill_normal(population.stream_of(member), 0,
              std::span<double>(eps.data(), static_cast<std::size_t>(eps.size())));
  if (population.mirrored(member)) eps = -eps;
}

}  // namespace varopt
