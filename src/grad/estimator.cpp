#include "varopt/grad/estimator.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

Vec GradientEstimator::gradient(const Population& population,
                                const Evaluations& evaluations) const {
  Vec g;
  gradient(population, evaluations, g);
  return g;
}

void check_evaluations(const Population& population, const Evaluations& evaluations,
                       std::string_view where, bool with_gradients) {
  // The messages are formatted only on failure (this runs every generation).
  if (evaluations.fitness.size() != population.size())
    require(false, where, detail::concat("one fitness value per member (", population.size(), ")"),
            evaluations.fitness.size());
  if (!evaluations.fitness.allFinite())
    require(false, where, "finite fitness values", "NaN or inf");
  if (!with_gradients) return;
  if (evaluations.gradients.rows() != population.dim() ||
      evaluations.gradients.cols() != population.size())
    require(false, where,
            detail::concat("objective gradients as a ", population.dim(), " x ", population.size(),
                           " matrix"),
            detail::concat(evaluations.gradients.rows(), " x ", evaluations.gradients.cols()));
  require(evaluations.gradients.allFinite(), where, "finite objective gradients", "NaN or inf");
}

}  // namespace varopt
