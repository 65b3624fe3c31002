// varopt's built-in continuous methods and pagmo2's CMA-ES and xNES (the peers) on the same
// problems with the same target, in one table: evaluations to f ≤ 1e-8 on sphere and Rosenbrock
// at d = 10, median over 5 seeds, budget 200000 evaluations.
//
// pagmo is driven by the library's peer code (pagmo/include/varopt/peers/pagmo.hpp, shared with
// `varopt bench --peers pagmo`): one generation per evolve() call, every evaluation counted by
// the problem, the start as close as pagmo allows to varopt's N(initial_center,
// initial_spread² I), ftol = xtol = 0, λ = 4 + ⌊3 ln d⌋ and pagmo's default learning rates.
//
// Usage: pagmo_methods_bench [--dim D=10] [--target T=1e-8] [--budget B=200000] [--seeds S=5]
#include <string>

#include "methods_table.hpp"
#include "varopt/peers/pagmo.hpp"

int main(int argc, char** argv) {
  bench::Settings settings;
  if (!settings.parse(argc, argv, "pagmo_methods_bench")) return 2;
  bench::print_header(settings);
  const varopt::Index lambda = varopt::peers::pagmo_population_size(settings.dim);
  for (const std::string& problem : settings.problems) {
    for (const std::string& preset : bench::continuous_presets(settings))
      bench::print_row(bench::run_varopt(preset, problem, settings));
    bench::print_row(bench::run_method("pagmo2", "cmaes", lambda, problem, settings,
                                       varopt::peers::run_pagmo_cmaes));
    bench::print_row(bench::run_method("pagmo2", "xnes", lambda, problem, settings,
                                       varopt::peers::run_pagmo_xnes));
  }
  return 0;
}
