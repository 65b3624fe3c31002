#include "varopt/bench/run_record.hpp"

#include <cmath>
#include <utility>

#include "varopt/core/error.hpp"

namespace varopt::bench {

void RunLimits::validate() const {
  require(!targets.empty(), "RunLimits", "at least one target", "none");
  for (const double t : targets)
    require(std::isfinite(t) && t > 0.0, "RunLimits", "targets Δf > 0 (finite)", t);
  require(budget >= 1, "RunLimits", "budget ≥ 1 evaluation", budget);
}

Index RunRecord::evaluations_for(std::size_t target) const {
  return evaluations_to_target[target].value_or(evaluations);
}

RunRecord record_of(const TargetTracker& tracker, std::string stopped_by) {
  RunRecord record;
  record.targets = tracker.targets();
  record.evaluations_to_target = tracker.hits();
  record.evaluations = tracker.evaluations();
  record.best_f = tracker.best_f();
  record.optimum = tracker.optimum();
  record.stopped_by = std::move(stopped_by);
  return record;
}

}  // namespace varopt::bench
