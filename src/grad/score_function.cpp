#include "varopt/grad/score_function.hpp"

namespace varopt {

std::string ScoreFunction::name() const {
  return std::string(options_.natural ? "natural-" : "") + "score(baseline=" +
         name_of(options_.baseline) + ", shaping=" + name_of(options_.shaping) + ")";
}

MinimumPopulation ScoreFunction::min_population(bool antithetic) const {
  if (options_.baseline != Baseline::none) {
    const std::string baseline = "the " + name_of(options_.baseline) + " baseline";
    if (antithetic) return {4, baseline + " of a pair is taken from the other pairs"};
    return {2, baseline + " of a member is taken from the other members"};
  }
  if (options_.shaping != Shaping::none)
    return {2, "with one member every shaped weight is 0, and so is the gradient"};
  return {};
}

void ScoreFunction::gradient(const Population& population, const Evaluations& evaluations,
                             Vec& g) const {
  check_evaluations(population, evaluations, "ScoreFunction::gradient");
  // Scratch kept by the calling thread between generations (a steady run allocates nothing).
  thread_local Vec shaped, weights;
  shape_fitness(evaluations.fitness, options_.shaping, shaped);
  subtract_baseline(shaped, options_.baseline, population.antithetic() ? 2 : 1, weights);
  const SearchDistribution& dist = population.distribution();
  // F⁻¹ is linear, so the natural gradient of the mean is that of the sum over λ; the
  // distribution computes it from the sum's structure where that is cheaper.
  if (options_.natural) {
    dist.natural_weighted_score_sum(population, weights, g);
  } else {
    g = dist.weighted_score_sum(population, weights);
  }
  g /= static_cast<double>(population.size());
}

}  // namespace varopt
