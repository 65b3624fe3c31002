#include "varopt/solve/stopping.hpp"

#include <algorithm>
#include <cmath>

#include "varopt/core/error.hpp"

namespace varopt {

std::string name_of(Termination termination) {
  switch (termination) {
    case Termination::none:
      return "running";
    case Termination::max_evaluations:
      return "max_evaluations";
    case Termination::max_generations:
      return "max_generations";
    case Termination::target_reached:
      return "target_reached";
    case Termination::optimum_reached:
      return "optimum_reached";
    case Termination::distribution_converged:
      return "distribution_converged";
    case Termination::spread_collapse:
      return "spread_collapse";
    case Termination::stagnation:
      return "stagnation";
    case Termination::flat_fitness:
      return "flat_fitness";
    case Termination::non_finite:
      return "non_finite";
    case Termination::numerical_error:
      return "numerical_error";
    case Termination::user_stop:
      return "user_stop";
  }
  return "?";
}

bool StopOptions::optimum_reached(double best_f) const {
  return optimum && best_f <= *optimum + 1e-9 * std::max(1.0, std::abs(*optimum));
}

void StopOptions::validate() const {
  require(max_evaluations >= 1, "StopOptions", "max_evaluations >= 1 (max_evals, --max-evals)",
          max_evaluations);
  if (max_generations)
    require(*max_generations >= 1, "StopOptions", "max_generations >= 1 (--max-generations)",
            *max_generations);
  if (target) require(!std::isnan(*target), "StopOptions", "a target that is a number", *target);
  if (optimum) require(std::isfinite(*optimum), "StopOptions", "a finite optimum", *optimum);
  if (discrete_convergence)
    require(*discrete_convergence >= 0 && *discrete_convergence < 0.5, "StopOptions",
            "discrete_convergence in [0, 0.5) (a probability below that of the mode)",
            *discrete_convergence);
  if (min_spread)
    require(*min_spread >= 0, "StopOptions", "min_spread >= 0 (min_sigma, --min-sigma)",
            *min_spread);
  if (stagnation_generations)
    require(*stagnation_generations >= 1, "StopOptions",
            "stagnation_generations >= 1 (stagnation, --stagnation)", *stagnation_generations);
  require(stagnation_tolerance >= 0, "StopOptions", "stagnation_tolerance >= 0",
          stagnation_tolerance);
  if (function_tolerance)
    require(*function_tolerance >= 0, "StopOptions", "function_tolerance >= 0",
            *function_tolerance);
}

}  // namespace varopt
