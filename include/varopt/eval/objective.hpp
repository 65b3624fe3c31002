#pragma once
// What an evaluator evaluates. Everything minimizes.
//   Objective          f(x) → value, one point at a time
//   ObjectiveGradient  ∇f(x), for the pathwise estimator
//   BatchObjective     all points of a generation at once, with their keys: for vectorized
//                      functions (numpy, torch), or anything that prefers whole batches
// An evaluation key names one evaluation: (generation, member, repeat). With the run's seed it
// addresses the point itself (members are regenerated from (seed, generation, member), see
// dist/population.hpp), so workers and ranks can agree on a point without receiving it, and a
// repeated evaluation of one member (noise handling) is told apart by `repeat`.
#include <cstdint>
#include <functional>
#include <span>

#include "varopt/core/types.hpp"

namespace varopt {

using Objective = std::function<double(ConstVecRef)>;
// Writes ∇f(x) into grad (size dim).
using ObjectiveGradient = std::function<void(ConstVecRef, VecRef)>;

struct EvaluationKey {
  std::uint32_t generation = 0;
  Index member = 0;
  Index repeat = 0;
  friend bool operator==(const EvaluationKey&, const EvaluationKey&) = default;
};

// Returns one value per column of `points` (dim × k), the points of `keys` in the same order.
// An exception fails the whole batch.
using BatchObjective = std::function<Vec(const Mat& points, std::span<const EvaluationKey> keys)>;

// f and, for estimators that need it, ∇f.
struct ObjectiveFunctions {
  Objective f;
  ObjectiveGradient gradient;  // may be empty
};

}  // namespace varopt
