#pragma once
// The lecture's analytic figures (Belavin & Borisyak, "Variational Optimization"), for a 1-D f
// and x ~ N(μ, σ²) (formulas in plot/figure_data.hpp):
//   bound             f and its variational bound J_σ(μ) = E f(x) for several σ: the smoothing
//                     picture; larger σ irons out local minima but moves the minimum (slides 4, 10)
//   score             ∇μ log N(x; μ, σ²) = (x − μ)/σ² against x (Figure 1, slide 8)
//   weighted-score    f(x)(x − μ)/σ² against x, and the same times N(x; μ, σ²), whose area is
//                     ∂J/∂μ (Figure 2, slide 9; for f = sin the quiz's answer 2)
//   gradient-variance Var of the one-sample estimate of ∂J/∂μ against σ under additive noise:
//                     "higher σ also negates sampling noise effects" (slide 11)
// Each X has X_figure(options) → Figure (data + layout, no files) and
// plot_X(dir, options, gnuplot) → the rendered <dir>/<stem>.{csv,gp,png,svg}.
// Functions are named problems of the registry with dim = 1 ("lecture-1d", "sin", "rastrigin"…).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "varopt/plot/gnuplot.hpp"
#include "varopt/plot/quadrature.hpp"

namespace varopt::plot {

struct BoundFigureOptions {
  std::string problem = "lecture-1d";
  double x_min = -4.0, x_max = 4.0;
  Index points = 401;
  std::vector<double> sigmas = {0.25, 0.5, 1.0, 2.0};  // f itself (σ = 0) is always drawn
  QuadratureOptions quadrature{};
  std::string stem = "variational_bound";
  void validate() const;
};

struct ScoreFigureOptions {
  double mu = 0.0;
  std::vector<double> sigmas = {0.5, 1.0, 2.0};
  double x_min = -4.0, x_max = 4.0;
  Index points = 201;
  std::string stem = "score";
  void validate() const;
};

struct WeightedScoreFigureOptions {
  std::string problem = "sin";
  double mu = 0.0;
  std::vector<double> sigmas = {0.5, 1.0, 2.0};
  double x_min = -6.0, x_max = 6.0;
  Index points = 601;
  QuadratureOptions quadrature{};
  std::string stem = "weighted_score";
  void validate() const;
};

struct GradientVarianceOptions {
  std::string problem = "lecture-1d";
  double mu = 2.0;                   // where ∂J/∂μ is estimated
  double noise = 0.5;                // s, standard deviation of the additive evaluation noise
  double sigma_min = 0.05, sigma_max = 3.0;
  Index points = 60;                 // σ grid (log-spaced) of the exact curves
  Index monte_carlo_points = 10;     // σ values (log-spaced) with a Monte Carlo check
  Index samples = 4000;              // one-sample estimates per Monte Carlo point
  std::uint64_t seed = 1;            // sampling streams and the noisy problem's noise
  QuadratureOptions quadrature{};
  std::string stem = "gradient_variance";
  void validate() const;
};

Figure bound_figure(const BoundFigureOptions& options = {});
Figure score_figure(const ScoreFigureOptions& options = {});
Figure weighted_score_figure(const WeightedScoreFigureOptions& options = {});
Figure gradient_variance_figure(const GradientVarianceOptions& options = {});

RenderedFigure plot_bound(const std::filesystem::path& dir, const BoundFigureOptions& options = {},
                          const GnuplotOptions& gnuplot = {});
RenderedFigure plot_score(const std::filesystem::path& dir, const ScoreFigureOptions& options = {},
                          const GnuplotOptions& gnuplot = {});
RenderedFigure plot_weighted_score(const std::filesystem::path& dir,
                                   const WeightedScoreFigureOptions& options = {},
                                   const GnuplotOptions& gnuplot = {});
RenderedFigure plot_gradient_variance(const std::filesystem::path& dir,
                                      const GradientVarianceOptions& options = {},
                                      const GnuplotOptions& gnuplot = {});

}  // namespace varopt::plot
