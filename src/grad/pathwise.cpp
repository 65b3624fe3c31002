#include "varopt/grad/pathwise.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

void Pathwise::gradient(const Population& population, const Evaluations& evaluations,
                        Vec& g) const {
  check_evaluations(population, evaluations, "Pathwise::gradient", /*with_gradients=*/true);
  const SearchDistribution& dist = population.distribution();
  require(dist.is_reparameterizable(), "Pathwise::gradient", "a reparameterizable distribution",
          dist.name());
  // ∇f at the reflected point is not the gradient along θ (reflection flips it).
  require(population.box() == nullptr, "Pathwise::gradient", "a population without bounds",
          "box bounds");
  g.setZero(dist.num_params());
  Vec x(dist.dim());
  for (Index k = 0; k < population.size(); ++k) {
    population.sample(k, x);
    dist.add_pathwise(x, evaluations.gradients.col(k), 1.0, g);
  }
  g /= static_cast<double>(population.size());
}

}  // namespace varopt
