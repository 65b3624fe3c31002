#pragma once
// When a run ends. Every rule is optional except the evaluation budget, which has a finite
// default so that no run can go on forever by accident.
//   max_evaluations, max_generations  budgets; the run stops before a generation that would
//                                     take it past max_evaluations, so it never overruns it
//   target                            best f ≤ target
//   min_spread                        σ collapse: the distribution's spread() < min_spread
//                                     (the lecture: "σ usually collapses from any
//                                     initialization"; past it no progress is possible)
//   stagnation_generations            best f improved by less than stagnation_tolerance
//                                     (absolute) over that many generations
//   function_tolerance                flat fitness (Hansen's TolFun): the range of the
//                                     generation-best f over the last 10 + ⌈30 n/λ⌉
//                                     generations, and of this generation's f, are both below
//                                     it (a converged run: restarts start the next one here)
#include <cstdint>
#include <optional>
#include <string>

#include "varopt/core/types.hpp"

namespace varopt {

enum class Termination {
  none,              // still running
  max_evaluations,
  max_generations,
  target_reached,
  spread_collapse,
  stagnation,
  flat_fitness,      // function_tolerance
  non_finite,        // every member of a generation was NaN/inf (policy: worst)
  numerical_error,   // the update produced non-finite parameters; the last good state is kept
  user_stop,         // a callback asked to stop
};

std::string name_of(Termination termination);

struct StopOptions {
  Index max_evaluations = 100000;
  std::optional<Index> max_generations;
  std::optional<double> target;
  std::optional<double> min_spread = 1e-12;
  std::optional<Index> stagnation_generations;
  double stagnation_tolerance = 0.0;
  std::optional<double> function_tolerance;
  void validate() const;
};

}  // namespace varopt
