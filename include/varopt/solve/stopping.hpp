#pragma once
// When a run ends. Every rule is optional except the evaluation budget, which has a finite
// default so that no run can go on forever by accident.
//   max_evaluations, max_generations  budgets; the run stops before a generation that would
//                                     take it past max_evaluations, so it never overruns it
//   target                            best f ≤ target
//   optimum                           the objective's known minimum f* (front ends set it from
//                                     a built-in problem, problems/problem.hpp): best f ≤ f* +
//                                     1e-9 · max(1, |f*|), the slack absorbing the rounding of
//                                     sums computed in different orders; nothing better exists
//   discrete_convergence              a discrete distribution has converged to one point m:
//                                     every coordinate is its m_j with probability
//                                     ≥ 1 − discrete_convergence (max_j P(θ_j ≠ m_j) below it,
//                                     SearchDistribution::off_mode_probability; never for a
//                                     distribution with continuous coordinates). Default 1e-3:
//                                     of 224 runs of the discrete presets (bench/
//                                     convergence_bench), 190 reached it and none improved its
//                                     best f afterwards (at 1e-2 one did); a stop there saved
//                                     66 % of their evaluations. The gradient presets approach
//                                     m slowly (a gradient from identical samples is 0), so a
//                                     much smaller default would seldom fire within a budget
//   min_spread                        σ collapse: the distribution's spread() < min_spread
//                                     (but for ordered integer coordinates at their floor:
//                                     solve/integer_margin.hpp)
//                                     (the lecture: "σ usually collapses from any
//                                     initialization"; past it no progress is possible)
//   stagnation_generations            best f improved by less than stagnation_tolerance
//                                     (absolute) over that many generations
//   function_tolerance                flat fitness (Hansen's TolFun): the range of the
//                                     generation-best f over the last 10 + ⌈30 n/λ⌉
//                                     generations, and of this generation's f, are both below
//                                     it. Default 1e-12, as the `cmaes` package's TolFun (pycma:
//                                     1e-11): a run converged on a minimum f* ≠ 0 never meets
//                                     the σ rule (f stops resolving x first), and went on to
//                                     its budget; restarts start the next run here. Absolute,
//                                     as theirs: scale an f whose values are all below ~1e-10.
//                                     Distributions with continuous coordinates only (a
//                                     discrete one has discrete_convergence: on a plateau its
//                                     members share one value while it is still uniform)
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
  optimum_reached,         // the known optimum (StopOptions::optimum)
  distribution_converged,  // a discrete distribution on one point (discrete_convergence)
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
  std::optional<double> optimum;
  std::optional<double> discrete_convergence = 1e-3;
  std::optional<double> min_spread = 1e-12;
  std::optional<Index> stagnation_generations;
  double stagnation_tolerance = 0.0;
  std::optional<double> function_tolerance = 1e-12;
  void validate() const;
  // best_f ≤ optimum + 1e-9 · max(1, |optimum|); false without an optimum.
  bool optimum_reached(double best_f) const;
};

}  // namespace varopt
