#pragma once
// Hand-made benchmark runs (bench/run_record.hpp) for the tests of the measures and the figures.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "varopt/bench/run_record.hpp"

namespace varopt::testing {

// A run of method "m" at dimension dim that spent `spent` evaluations and reached target k (all
// targets 1.0) after hits[k] of them, or never (nullopt).
inline bench::RunRecord hand_made_run(std::vector<std::optional<Index>> hits, Index spent,
                                      Index dim = 2) {
  bench::RunRecord r;
  r.method = std::string("m");  // (assigning the literal trips g++ 12's -Wrestrict bug 105651)
  r.dim = dim;
  r.targets.assign(hits.size(), 1.0);
  r.evaluations_to_target = std::move(hits);
  r.evaluations = spent;
  return r;
}

}  // namespace varopt::testing
