#pragma once
// A varopt preset run on a problem until the smallest target or the budget, every evaluation
// counted (bench/target_tracker.hpp): the solver of method_preset(preset) starts at the problem's
// initial_center with σ₀ = initial_spread, seeded with `seed`, with the library's default
// stopping rules plus the budget (never overrun: the solver stops before a generation that would
// pass it) and the target f* + min Δf. The run ends after the generation that reached it.
#include <cstdint>
#include <string>
#include <vector>

#include "varopt/bench/run_record.hpp"
#include "varopt/problems/problem.hpp"

namespace varopt::bench {

// Throws InvalidArgument for an unknown preset, bad limits, or a problem without a known optimum.
RunRecord run_preset(const std::string& preset, const Problem& problem, std::uint64_t seed,
                     const RunLimits& limits);

// True when the preset runs one generation on a continuous space (a 2-D sphere); the discrete
// presets' distributions or estimators reject it. False also for an unknown name.
bool runs_on_continuous_space(const std::string& preset);
// The presets of preset_list() that do, in its order.
std::vector<std::string> continuous_presets();

// The preset as a Method of the suite (library "varopt"); InvalidArgument when no preset of that
// name exists or when it does not run on a continuous space (one generation on a 2-D sphere is
// tried).
Method preset_method(const std::string& preset);

}  // namespace varopt::bench
