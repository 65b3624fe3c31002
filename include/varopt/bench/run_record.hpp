#pragma once
// One benchmark run — a method on one problem instance with one seed, until the smallest target
// or the budget — and what it is kept as: the evaluations at which each target Δf was reached
// (TargetTracker, COCO's counting: Hansen et al. 2021, "COCO: a platform for comparing continuous
// optimizers in a black-box setting"), the evaluations spent and the best f.
//
// A Method is anything that can make such a run: a varopt preset (bench/run_preset.hpp) or a peer
// library's algorithm (pagmo2's, built separately: varopt/peers/pagmo.hpp), so that the suite
// runs them alike.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "varopt/bench/target_tracker.hpp"
#include "varopt/core/types.hpp"
#include "varopt/problems/problem.hpp"

namespace varopt::bench {

struct RunLimits {
  std::vector<double> targets = {1e-8};  // precisions Δf > 0
  Index budget = 100000;                 // evaluations
  void validate() const;                 // InvalidArgument: no target, Δf ≤ 0, budget < 1
};

struct RunRecord {
  std::string method;    // "xnes", "pagmo-cmaes", ...
  std::string library;   // "varopt", "pagmo2"
  std::string function;  // the problem's registry name
  Index dim = 0;
  std::uint64_t seed = 0;                                   // problem instance and method seed
  std::vector<double> targets;                              // Δf, as given
  std::vector<std::optional<Index>> evaluations_to_target;  // per target; empty: not reached
  Index evaluations = 0;                                    // spent by the whole run
  double best_f = 0;                                        // best f seen
  double optimum = 0;                                       // f*
  std::string stopped_by;  // "target_reached", "max_evaluations", ...
  bool reached(std::size_t target) const { return evaluations_to_target[target].has_value(); }
  // COCO's evaluations spent for target k: the hit, or the whole run when it missed.
  Index evaluations_for(std::size_t target) const;
};

// The outcome of a run as counted by `tracker` (method, function, dim and seed are the caller's
// to fill).
RunRecord record_of(const TargetTracker& tracker, std::string stopped_by);

// (problem instance, seed, limits) → one run.
using RunFunction =
    std::function<RunRecord(const Problem& problem, std::uint64_t seed, const RunLimits& limits)>;

struct Method {
  std::string name;
  std::string library;
  RunFunction run;
};

}  // namespace varopt::bench
