#pragma once
// pagmo2's CMA-ES and xNES (Biscani & Izzo 2020, "A parallel global multiobjective framework for
// optimization: pagmo", JOSS 5(53); CMA-ES: Hansen 2016, "The CMA evolution strategy: a
// tutorial"; xNES: Glasmachers et al. 2010) as peers of varopt's methods, run exactly as varopt's
// presets are (bench/run_preset.hpp) so that their evaluations compare one to one:
//
//   - one generation per evolve() call (gen = 1, memory = true: the adapted distribution carries
//     over), stopping after the generation in which f − f* reached the smallest target, or
//     before a generation that would overrun the budget;
//   - every fitness call is counted by the problem (bench/target_tracker.hpp), the initial
//     population's included;
//   - the start is as close as pagmo allows to varopt's N(initial_center, initial_spread² I):
//     pagmo starts its mean at the best member of the population it is given, so that population
//     is λ points drawn from N(initial_center, initial_spread² I) (λ counted evaluations); pagmo
//     scales its initial step by the box, σ_init = sigma0 · (ub − lb), so the box is
//     initial_center ± 5·initial_spread with sigma0 = 0.1 (σ_init = initial_spread), not
//     enforced (force_bounds = false);
//   - ftol = xtol = 0: pagmo's flatness exits (|f_best − f_worst| < 1e-6) would end a run near
//     the optimum before 1e-8; the stopping rule is the target, as for varopt;
//   - λ = 4 + ⌊3 ln d⌋, the default of CMA-ES and of varopt's NES presets; learning rates are
//     pagmo's defaults (xNES: η_σ = η_B = 0.6 (3 + ln d)/(d√d)).
//
// Built only when find_package(pagmo) succeeds (Debian: libpagmo-dev); the library and command
// work without it.
#include <cstdint>
#include <vector>

#include "varopt/bench/run_record.hpp"

namespace varopt::peers {

// λ = 4 + ⌊3 ln d⌋.
Index pagmo_population_size(Index dim);

// Throws InvalidArgument on a problem without a known optimum, a dimension < 2 or bad limits.
bench::RunRecord run_pagmo_cmaes(const Problem& problem, std::uint64_t seed,
                                 const bench::RunLimits& limits);
bench::RunRecord run_pagmo_xnes(const Problem& problem, std::uint64_t seed,
                                const bench::RunLimits& limits);

// {"pagmo-cmaes", "pagmo-xnes"} as Methods of the suite (library "pagmo2").
std::vector<bench::Method> pagmo_methods();

}  // namespace varopt::peers
