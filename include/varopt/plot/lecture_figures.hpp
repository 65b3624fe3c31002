#pragma once
// The lecture's figures by name, with their default options, for the command line
// (`varopt plot <figure> --out DIR`) and examples/lecture_figures.cpp:
//   bound, score, weighted-score, gradient-variance     plot/figures.hpp
//   sigma-tradeoff, sigma-collapse                      plot/run_figures.hpp (solver runs)
// Convergence curves of logged runs need the logs: plot_log (plot/run_figures.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "varopt/plot/gnuplot.hpp"

namespace varopt::plot {

struct FigureInfo {
  std::string name;
  std::string description;
};

std::vector<FigureInfo> lecture_figure_list();

// Renders the named figure into dir with its default options; throws InvalidArgument naming the
// known figures when `name` is unknown (and what render_figure throws).
RenderedFigure plot_lecture_figure(const std::string& name, const std::filesystem::path& dir,
                                   const GnuplotOptions& gnuplot = {});

}  // namespace varopt::plot
