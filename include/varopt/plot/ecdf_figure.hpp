#pragma once
// The runtime ECDF figure of a benchmark (bench/ecdf.hpp; COCO's display, Hansen et al. 2021,
// "COCO: a platform for comparing continuous optimizers in a black-box setting"): one panel per
// dimension, one step line per method, F(x) = fraction of (function, target, run) triples solved
// within 10^x · d evaluations, x from 0 to log10(budget multiplier). Drawn by render_figure
// (PNG + SVG, data as CSV: columns d<dim>_<method>_x and _y).
#include <string>
#include <vector>

#include "varopt/bench/run_record.hpp"
#include "varopt/plot/gnuplot.hpp"

namespace varopt::plot {

// Methods are drawn in the order of `methods` (names as in bench::RunRecord::method); runs of
// other methods are ignored. Throws InvalidArgument when no run matches or budget_multiplier ≤ 1.
Figure ecdf_figure(const std::vector<bench::RunRecord>& runs,
                   const std::vector<std::string>& methods, double budget_multiplier);

}  // namespace varopt::plot
