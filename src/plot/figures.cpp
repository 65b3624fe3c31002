#include "varopt/plot/figures.hpp"

#include <cmath>

#include "figure_support.hpp"
#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/plot/figure_data.hpp"
#include "varopt/problems/problem.hpp"

namespace varopt::plot {
namespace {

using detail::number;

std::string sigma_title(double sigma) { return "σ = " + number(sigma); }
std::string sigma_column(const char* prefix, double sigma) { return prefix + number(sigma); }

}  // namespace

void BoundFigureOptions::validate() const {
  detail::require_grid("BoundFigureOptions", x_min, x_max, points);
  detail::require_sigmas("BoundFigureOptions", sigmas);
  quadrature.validate();
}

void ScoreFigureOptions::validate() const {
  detail::require_grid("ScoreFigureOptions", x_min, x_max, points);
  detail::require_sigmas("ScoreFigureOptions", sigmas);
  require(std::isfinite(mu), "ScoreFigureOptions", "a finite μ", mu);
}

void WeightedScoreFigureOptions::validate() const {
  detail::require_grid("WeightedScoreFigureOptions", x_min, x_max, points);
  detail::require_sigmas("WeightedScoreFigureOptions", sigmas);
  require(std::isfinite(mu), "WeightedScoreFigureOptions", "a finite μ", mu);
  quadrature.validate();
}

void GradientVarianceOptions::validate() const {
  require(std::isfinite(mu), "GradientVarianceOptions", "a finite μ", mu);
  require(std::isfinite(noise) && noise >= 0, "GradientVarianceOptions", "noise ≥ 0", noise);
  require(sigma_min > 0 && std::isfinite(sigma_max) && sigma_min < sigma_max,
          "GradientVarianceOptions", "0 < sigma_min < sigma_max",
          number(sigma_min) + ", " + number(sigma_max));
  require(points >= 2, "GradientVarianceOptions", "points ≥ 2", points);
  require(monte_carlo_points >= 2, "GradientVarianceOptions", "monte_carlo_points ≥ 2",
          monte_carlo_points);
  require(samples >= 2, "GradientVarianceOptions", "samples ≥ 2", samples);
  quadrature.validate();
}

Figure bound_figure(const BoundFigureOptions& options) {
  options.validate();
  const ScalarFunction f = detail::one_d_function(options.problem);
  const Vec mus = linspace(options.x_min, options.x_max, options.points);
  Figure figure;
  figure.title = "Variational bound of " + detail::function_label(options.problem);
  figure.data.add("mu", mus);
  figure.data.add("f", variational_bound_curve(f, mus, 0.0, options.quadrature));
  PlotPanel panel{.title = "J_σ(μ) = E_{x~N(μ, σ²)} f(x): larger σ smooths local minima away "
                           "but moves the minimum and lifts the bound",
                  .x_label = "μ  (x for f itself)",
                  .y_label = "f(x),  J_σ(μ)",
                  .key = "top center"};
  panel.series.push_back({.x = "mu", .y = "f", .title = "f(x)  (σ = 0)", .color = "#000000"});
  for (double sigma : options.sigmas) {
    const std::string column = sigma_column("J_sigma_", sigma);
    figure.data.add(column, variational_bound_curve(f, mus, sigma, options.quadrature));
    panel.series.push_back({.x = "mu", .y = column, .title = "J_σ,  " + sigma_title(sigma)});
  }
  figure.panels.push_back(std::move(panel));
  return figure;
}

Figure score_figure(const ScoreFigureOptions& options) {
  options.validate();
  const Vec xs = linspace(options.x_min, options.x_max, options.points);
  Figure figure;
  figure.title = "Figure 1: the gradient of log N(x; μ, σ²) with respect to μ, μ = " +
                 number(options.mu);
  figure.data.add("x", xs);
  PlotPanel score{.title = "∇μ log N(x; μ, σ²) = (x − μ)/σ²: samples right of μ pull μ right, "
                           "with weight 1/σ²",
                  .x_label = "x",
                  .y_label = "∇μ log N(x; μ, σ²)",
                  .key = "top left"};
  PlotPanel density{.title = "where the samples fall: N(x; μ, σ²)",
                    .x_label = "x",
                    .y_label = "N(x; μ, σ²)"};
  for (double sigma : options.sigmas) {
    const std::string s = sigma_column("score_sigma_", sigma), d = sigma_column("pdf_sigma_", sigma);
    figure.data.add(s, score_curve(xs, options.mu, sigma));
    figure.data.add(d, gaussian_density_curve(xs, options.mu, sigma));
    score.series.push_back({.x = "x", .y = s, .title = sigma_title(sigma)});
    density.series.push_back({.x = "x", .y = d, .title = sigma_title(sigma)});
  }
  figure.panels = {std::move(score), std::move(density)};
  return figure;
}

Figure weighted_score_figure(const WeightedScoreFigureOptions& options) {
  options.validate();
  const ScalarFunction f = detail::one_d_function(options.problem);
  const Vec xs = linspace(options.x_min, options.x_max, options.points);
  Figure figure;
  figure.title = "Figure 2: f(x) ∇μ log N(x; μ, σ²) for " + detail::function_label(options.problem) +
                 ", μ = " + number(options.mu);
  figure.data.add("x", xs);
  figure.data.add("f", variational_bound_curve(f, xs, 0.0, options.quadrature));
  PlotPanel weighted{.title = "f(x)(x − μ)/σ²: the one-sample score-function estimate of ∂J/∂μ "
                              "at x ~ N(μ, σ²)",
                     .x_label = "x",
                     .y_label = "f(x) ∇μ log N(x; μ, σ²)",
                     .key = "top left"};
  weighted.series.push_back({.x = "x", .y = "f", .title = "f(x)", .dash = "2", .color = "#000000"});
  PlotPanel integrand{.title = "f(x)(x − μ)/σ² · N(x; μ, σ²): its area is ∂J/∂μ",
                      .x_label = "x",
                      .y_label = "f(x) ∇μ log N · N"};
  for (double sigma : options.sigmas) {
    const std::string w = sigma_column("f_score_sigma_", sigma);
    const std::string i = sigma_column("f_score_pdf_sigma_", sigma);
    const Vec values = weighted_score_curve(f, xs, options.mu, sigma);
    figure.data.add(w, values);
    figure.data.add(i, values.cwiseProduct(gaussian_density_curve(xs, options.mu, sigma)));
    const double slope =
        bound_derivative_curve(f, Vec::Constant(1, options.mu), sigma, options.quadrature)[0];
    weighted.series.push_back({.x = "x", .y = w, .title = sigma_title(sigma)});
    integrand.series.push_back(
        {.x = "x", .y = i, .title = sigma_title(sigma) + ":  ∂J/∂μ = " + number(slope)});
  }
  figure.panels = {std::move(weighted), std::move(integrand)};
  return figure;
}

Figure gradient_variance_figure(const GradientVarianceOptions& options) {
  options.validate();
  const ScalarFunction f = detail::one_d_function(options.problem);
  const Vec sigmas = logspace(options.sigma_min, options.sigma_max, options.points);
  Vec total(sigmas.size()), clean(sigmas.size()), noise_part(sigmas.size()), signal(sigmas.size());
  for (Index k = 0; k < sigmas.size(); ++k) {
    const auto noisy = score_estimate_moments(f, options.mu, sigmas[k], options.noise, options.quadrature);
    const auto exact = score_estimate_moments(f, options.mu, sigmas[k], 0.0, options.quadrature);
    total[k] = noisy.variance;
    clean[k] = exact.variance;
    noise_part[k] = noisy.noise_variance;
    signal[k] = noisy.mean * noisy.mean;
  }
  // Monte Carlo check with the registry's noisy problem (its noise is a function of seed and x).
  const std::string sampled = options.noise > 0 ? "noisy-" + options.problem : options.problem;
  const Problem problem =
      make_problem(sampled, {.dim = 1, .noise = options.noise, .seed = options.seed});
  const Vec mc_sigmas = logspace(options.sigma_min, options.sigma_max, options.monte_carlo_points);
  Vec mc_variance(mc_sigmas.size());
  const Rng rng(options.seed);
  for (Index k = 0; k < mc_sigmas.size(); ++k) {
    const double sigma = mc_sigmas[k];
    Stream stream = rng.stream(static_cast<std::uint32_t>(k), 0);
    double sum = 0, sum_sq = 0;
    for (Index i = 0; i < options.samples; ++i) {
      const double z = stream.normal();
      const double estimate = problem.objective(Vec::Constant(1, options.mu + sigma * z)) * z / sigma;
      sum += estimate;
      sum_sq += estimate * estimate;
    }
    const double n = static_cast<double>(options.samples);
    mc_variance[k] = (sum_sq - sum * sum / n) / (n - 1);
  }
  Figure figure;
  figure.title = "Higher σ negates sampling noise: " + detail::function_label(options.problem) +
                 " + N(0, " + number(options.noise) + "²) noise, μ = " + number(options.mu);
  figure.data.add("sigma", sigmas);
  figure.data.add("variance", total);
  figure.data.add("variance_noise_free", clean);
  figure.data.add("noise_part", noise_part);
  figure.data.add("squared_gradient", signal);
  figure.data.add("mc_sigma", mc_sigmas);
  figure.data.add("mc_variance", mc_variance);
  figure.panels.push_back(PlotPanel{
      .title = "Var of ĝ = f̃(x)(x − μ)/σ² (one sample); the noise adds s²/σ²",
      .x_label = "σ",
      .y_label = "variance",
      .log_x = true,
      .log_y = true,
      .key = "top right",
      .series = {
          {.x = "sigma", .y = "variance", .title = "Var ĝ with noise (quadrature)"},
          {.x = "sigma", .y = "variance_noise_free", .title = "Var ĝ without noise"},
          {.x = "sigma", .y = "noise_part", .title = "noise part s²/σ²", .dash = "2"},
          {.x = "sigma", .y = "squared_gradient", .title = "(∂J/∂μ)²  (the signal)", .dash = "3"},
          {.x = "mc_sigma", .y = "mc_variance",
           .title = "Monte Carlo, " + std::to_string(options.samples) + " samples",
           .style = "points",
           .color = "#000000"},
      }});
  return figure;
}

RenderedFigure plot_bound(const std::filesystem::path& dir, const BoundFigureOptions& options,
                          const GnuplotOptions& gnuplot) {
  return render_figure(bound_figure(options), dir, options.stem, gnuplot);
}
RenderedFigure plot_score(const std::filesystem::path& dir, const ScoreFigureOptions& options,
                          const GnuplotOptions& gnuplot) {
  return render_figure(score_figure(options), dir, options.stem, gnuplot);
}
RenderedFigure plot_weighted_score(const std::filesystem::path& dir,
                                   const WeightedScoreFigureOptions& options,
                                   const GnuplotOptions& gnuplot) {
  return render_figure(weighted_score_figure(options), dir, options.stem, gnuplot);
}
RenderedFigure plot_gradient_variance(const std::filesystem::path& dir,
                                      const GradientVarianceOptions& options,
                                      const GnuplotOptions& gnuplot) {
  return render_figure(gradient_variance_figure(options), dir, options.stem, gnuplot);
}

}  // namespace varopt::plot
