#pragma once
// Convergence checks of a preset on a registered problem: deterministic runs for fixed seeds, so
// a budget a few times the measured evaluations tells a broken method from bad luck.
#include <gtest/gtest.h>

#include <string>

#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt::testing {

// One run of `method` on `problem` (instance seed = run seed) to f ≤ 1e-8 within `budget`.
inline Summary run_to_target(const std::string& method, const std::string& problem, Index dim,
                             std::uint64_t seed, Index budget) {
  const Problem p = make_problem(problem, {.dim = dim, .seed = seed});
  Solver solver = make_solver(method_preset(method, p.space), p.space, p.initial_center,
                              p.initial_spread,
                              {.seed = seed, .stop = {.max_evaluations = budget, .target = 1e-8}});
  return minimize(p.objective, solver);
}

// Seeds 1, 2, 3 all reach the target.
inline void expect_solves(const std::string& method, const std::string& problem, Index dim,
                          Index budget) {
  for (std::uint64_t seed : {1, 2, 3}) {
    const Summary s = run_to_target(method, problem, dim, seed, budget);
    EXPECT_EQ(s.termination, Termination::target_reached)
        << method << " on " << problem << " d=" << dim << " seed " << seed << ": best f "
        << s.best_f << " after " << s.evaluations << " evaluations";
  }
}

}  // namespace varopt::testing
