#include "varopt/plot/lecture_figures.hpp"

#include <functional>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/plot/figures.hpp"
#include "varopt/plot/run_figures.hpp"

namespace varopt::plot {
namespace {

struct Entry {
  FigureInfo info;
  std::function<RenderedFigure(const std::filesystem::path&, const GnuplotOptions&)> plot;
};

const std::vector<Entry>& entries() {
  using Path = std::filesystem::path;
  static const std::vector<Entry> all = {
      {{"bound", "f = x²/10 + sin 3x and its variational bound J_σ(μ) for σ = 0.25, 0.5, 1, 2"},
       [](const Path& d, const GnuplotOptions& g) { return plot_bound(d, {}, g); }},
      {{"score", "Figure 1: ∇μ log N(x; μ, σ²) = (x − μ)/σ², with the densities"},
       [](const Path& d, const GnuplotOptions& g) { return plot_score(d, {}, g); }},
      {{"weighted-score", "Figure 2: f(x)∇μ log N(x; μ, σ²) for f = sin, and its density-weighted "
                          "form whose area is ∂J/∂μ"},
       [](const Path& d, const GnuplotOptions& g) { return plot_weighted_score(d, {}, g); }},
      {{"gradient-variance", "variance of the one-sample ∂J/∂μ estimate against σ under "
                             "evaluation noise (quadrature and Monte Carlo)"},
       [](const Path& d, const GnuplotOptions& g) { return plot_gradient_variance(d, {}, g); }},
      {{"sigma-tradeoff", "SGD-VO with σ held fixed on noisy lecture-1d: final true f against σ"},
       [](const Path& d, const GnuplotOptions& g) { return plot_sigma_tradeoff(d, {}, g); }},
      {{"sigma-collapse", "SNES on the 10-D sphere from σ₀ = 0.01 … 10: σ collapses from any start"},
       [](const Path& d, const GnuplotOptions& g) { return plot_sigma_collapse(d, {}, g); }},
  };
  return all;
}

}  // namespace

std::vector<FigureInfo> lecture_figure_list() {
  std::vector<FigureInfo> list;
  for (const auto& e : entries()) list.push_back(e.info);
  return list;
}

RenderedFigure plot_lecture_figure(const std::string& name, const std::filesystem::path& dir,
                                   const GnuplotOptions& gnuplot) {
  std::string known;
  for (const auto& e : entries()) {
    if (e.info.name == name) return e.plot(dir, gnuplot);
    known += (known.empty() ? "" : ", ") + e.info.name;
  }
  throw InvalidArgument("plot_lecture_figure: expected one of {" + known + "}, got '" +
                        excerpt(name) + "'");
}

}  // namespace varopt::plot
