#include "varopt/bench/target_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "varopt/core/error.hpp"

namespace varopt::bench {

TargetTracker::TargetTracker(std::vector<double> targets, double optimum)
    : targets_(std::move(targets)),
      optimum_(optimum),
      hits_(targets_.size()),
      best_f_(std::numeric_limits<double>::infinity()) {
  require(!targets_.empty(), "TargetTracker", "at least one target", "none");
  for (const double t : targets_)
    require(std::isfinite(t) && t > 0.0, "TargetTracker", "targets Δf > 0 (finite)", t);
  require(std::isfinite(optimum), "TargetTracker", "a finite optimum f*", optimum);
}

void TargetTracker::record(double f) {
  ++evaluations_;
  if (!(f < best_f_)) return;  // also NaN
  best_f_ = f;
  const double precision = f - optimum_;
  for (std::size_t k = 0; k < targets_.size(); ++k)
    if (!hits_[k] && precision <= targets_[k]) hits_[k] = evaluations_;
}

bool TargetTracker::all_reached() const {
  return std::all_of(hits_.begin(), hits_.end(), [](const auto& h) { return h.has_value(); });
}

double TargetTracker::final_value() const {
  return optimum_ + *std::min_element(targets_.begin(), targets_.end());
}

Objective tracked_objective(Objective f, std::shared_ptr<TargetTracker> tracker) {
  return [f = std::move(f), tracker = std::move(tracker)](ConstVecRef x) {
    const double value = f(x);
    tracker->record(value);
    return value;
  };
}

}  // namespace varopt::bench
