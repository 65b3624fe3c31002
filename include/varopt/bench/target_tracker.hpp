#pragma once
// Evaluations to targets, counted the way COCO counts them (Hansen et al. 2021, "COCO: a platform
// for comparing continuous optimizers in a black-box setting", Optim. Methods Softw. 36(1)):
// every call of f is one evaluation, and target Δf_k is reached at the first evaluation t with
//   f(x_t) − f* ≤ Δf_k
// (f* the problem's known minimum). A run stops when the smallest target is reached or the budget
// is spent; the evaluations it spent, hits or not, are what the expected running time sums
// (bench/ert.hpp).
#include <memory>
#include <optional>
#include <vector>

#include "varopt/core/types.hpp"
#include "varopt/eval/objective.hpp"

namespace varopt::bench {

class TargetTracker {
 public:
  // targets: precisions Δf > 0, finite, at least one (any order); optimum: f*, finite. Throws
  // InvalidArgument otherwise.
  TargetTracker(std::vector<double> targets, double optimum);

  // One evaluation with value f (a NaN or infinite value counts, and reaches nothing).
  void record(double f);

  Index evaluations() const { return evaluations_; }
  double best_f() const { return best_f_; }
  double optimum() const { return optimum_; }
  const std::vector<double>& targets() const { return targets_; }
  // hits()[k]: the evaluation (1-based count) at which targets()[k] was first reached.
  const std::vector<std::optional<Index>>& hits() const { return hits_; }
  bool all_reached() const;
  // f* + min Δf: the value at which a run may stop.
  double final_value() const;

 private:
  std::vector<double> targets_;
  double optimum_;
  std::vector<std::optional<Index>> hits_;
  Index evaluations_ = 0;
  double best_f_;
};

// f, with every call recorded by `tracker` (shared, so that the caller reads it after the run).
Objective tracked_objective(Objective f, std::shared_ptr<TargetTracker> tracker);

}  // namespace varopt::bench
