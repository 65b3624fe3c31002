#pragma once
// The runtime ECDF ("data profile", Moré & Wild 2009; COCO's main display: Hansen et al. 2021,
// "COCO: a platform for comparing continuous optimizers in a black-box setting", §6.2) of a set
// of runs: every (run, target) pair is one problem to solve, and
//   F(x) = #{(run, target) pairs reached within 10^x · d evaluations} / #{(run, target) pairs}
// is drawn against x = log10(evaluations / d). A pair never reached stays out of the numerator, so
// F ends at the fraction solved within the budget. Runs of several functions aggregate: the
// curve then is the fraction of (function, target, run) triples solved. (COCO also simulates
// restarts of unsuccessful runs by bootstrapping; this ECDF does not.)
#include <vector>

#include "varopt/bench/run_record.hpp"

namespace varopt::bench {

struct RuntimeEcdf {
  std::vector<double> x;  // log10(evaluations / d) of every reached pair, ascending
  Index pairs = 0;        // (run, target) pairs in all
  // F(x): the fraction of pairs reached at or before x.
  double fraction_at(double at) const;
};

RuntimeEcdf runtime_ecdf(const std::vector<const RunRecord*>& runs);

}  // namespace varopt::bench
