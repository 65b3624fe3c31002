#include "varopt/dist/gaussian_noise.hpp"

#include <span>

#include "varopt/core/error.hpp"

namespace varopt {

void gaussian_noise(const Population& population, Index member, VecRef eps) {
  if (member < 0 || member >= population.size())
    require(false, "gaussian_noise", detail::concat("a member in [0, ", population.size(), ")"),
            member);
  if (eps.size() != population.dim())
    require(false, "gaussian_noise", detail::concat("a vector of size ", population.dim()),
            eps.size());
  if (const double* kept = population.kept_noise(member)) {
    eps = Eigen::Map<const Vec>(kept, population.dim());
  } else {
    fill_normal(population.stream_of(member), 0,
                std::span<double>(eps.data(), static_cast<std::size_t>(eps.size())));
  }
  if (population.mirrored(member)) eps = -eps;
}

}  // namespace varopt
