#include "varopt/grad/estimator.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

void check_evaluations(const Population& population, const Evaluations& evaluations,
                       const std::string& where, bool with_gradients) {
  require(evaluations.fitness.size() == population.size(), where,
          "one fitness value per member (" + std::to_string(population.size()) + ")",
          evaluations.fitness.size());
  require(evaluations.fitness.allFinite(), where, "finite fitness values", "NaN or inf");
  if (!with_gradients) return;
  require(evaluations.gradients.rows() == population.dim() &&
              evaluations.gradients.cols() == population.size(),
          where,
          "objective gradients as a " + std::to_string(population.dim()) + " x " +
              std::to_string(population.size()) + " matrix",
          std::to_string(evaluations.gradients.rows()) + " x " +
              std::to_string(evaluations.gradients.cols()));
  require(evaluations.gradients.allFinite(), where, "finite objective gradients", "NaN or inf");
}

}  // namespace varopt
