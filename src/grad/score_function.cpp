#include "varopt/grad/score_function.hpp"

namespace varopt {

std::string ScoreFunction::name() const {
  return std::string(options_.natural ? "natural-" : "") + "score(baseline=" +
         name_of(options_.baseline) + ", shaping=" + name_of(options_.shaping) + ")";
}

Vec ScoreFunction::gradient(const Population& population, const Evaluations& evaluations) const {
  check_evaluations(population, evaluations, "ScoreFunction::gradient");
  const Vec weights = subtract_baseline(shape_fitness(evaluations.fitness, options_.shaping),
                                        options_.baseline, population.antithetic() ? 2 : 1);
  const SearchDistribution& dist = population.distribution();
  Vec g = dist.weighted_score_sum(population, weights) / static_cast<double>(population.size());
  return options_.natural ? dist.natural_gradient(g) : g;
}

}  // namespace varopt
