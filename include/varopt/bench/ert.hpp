#pragma once
// Statistics of repeated runs on one (method, function, dimension), per target Δf — COCO's
// definitions (Hansen et al. 2021, "COCO: a platform for comparing continuous optimizers in a
// black-box setting", Optim. Methods Softw. 36(1), §5; Hansen et al. 2012, "COCO: performance
// assessment"):
//
//   ERT(Δf) = Σ_runs #evaluations spent until Δf was reached, or in the whole run when it was not
//             ───────────────────────────────────────────────────────────────────────────────────
//                                 #runs that reached Δf
//
// (∞ when no run reached it). With success probability p_s and runs of equal length it is the
// expected number of evaluations of independent restarts until the first success: mean
// successful runtime + (1 − p_s)/p_s × mean unsuccessful runtime. Also the success rate and the
// median evaluations of the successful runs.
#include <cstddef>
#include <vector>

#include "varopt/bench/run_record.hpp"

namespace varopt::bench {

struct TargetStatistics {
  Index runs = 0;
  Index successes = 0;
  Index evaluations_spent = 0;   // the numerator of the ERT
  double ert = 0;                // +inf when successes == 0
  double median_successful = 0;  // NaN when successes == 0 (the mean of the middle two if even)
  double success_rate() const { return runs == 0 ? 0.0 : double(successes) / double(runs); }
};

// Over `runs` (at least one; each with target index `target` in range), for targets()[target].
// Throws InvalidArgument on no runs or a target index out of range.
TargetStatistics target_statistics(const std::vector<const RunRecord*>& runs, std::size_t target);

}  // namespace varopt::bench
