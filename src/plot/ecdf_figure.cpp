#include "varopt/plot/ecdf_figure.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "varopt/bench/ecdf.hpp"
#include "varopt/core/error.hpp"

namespace varopt::plot {

Figure ecdf_figure(const std::vector<bench::RunRecord>& runs,
                   const std::vector<std::string>& methods, double budget_multiplier) {
  require(budget_multiplier > 1.0, "ecdf_figure", "a budget multiplier > 1", budget_multiplier);
  std::set<Index> dims;
  for (const bench::RunRecord& run : runs)
    if (std::find(methods.begin(), methods.end(), run.method) != methods.end())
      dims.insert(run.dim);
  require(!dims.empty(), "ecdf_figure", "runs of the methods drawn", "none");
  const double x_end = std::log10(budget_multiplier);

  Figure figure;
  figure.title = "Runtime ECDF: (function, target, run) triples solved";
  figure.panel_height = 420;
  for (const Index dim : dims) {
    PlotPanel panel;
    panel.title = "d = " + std::to_string(dim);
    panel.x_label = "log10(evaluations / d)";
    panel.y_label = "fraction solved";
    panel.key = "top left";
    for (const std::string& method : methods) {
      std::vector<const bench::RunRecord*> selected;
      for (const bench::RunRecord& run : runs)
        if (run.method == method && run.dim == dim) selected.push_back(&run);
      if (selected.empty()) continue;
      const bench::RuntimeEcdf ecdf = bench::runtime_ecdf(selected);
      // Steps: (0, 0), then (x_k, F(x_k)) for every reached pair, then the plateau to the budget.
      const auto points = static_cast<Index>(ecdf.x.size());
      Vec x(points + 2), y(points + 2);
      x[0] = points > 0 ? std::min(0.0, ecdf.x.front()) : 0.0;
      y[0] = 0.0;
      for (Index k = 0; k < points; ++k) {
        x[k + 1] = ecdf.x[static_cast<std::size_t>(k)];
        y[k + 1] = static_cast<double>(k + 1) / static_cast<double>(ecdf.pairs);
      }
      x[points + 1] = std::max(x_end, points > 0 ? x[points] : 0.0);
      y[points + 1] = y[points];
      const std::string stem = "d" + std::to_string(dim) + "_" + method;
      figure.data.add(stem + "_x", x);
      figure.data.add(stem + "_y", y);
      panel.series.push_back(
          {.x = stem + "_x", .y = stem + "_y", .title = method, .style = "steps lw 2"});
    }
    figure.panels.push_back(panel);
  }
  return figure;
}

}  // namespace varopt::plot
