#pragma once
// Figures of optimization runs (Belavin & Borisyak, "Variational Optimization", slides 10–12):
//   convergence     best f (and the generation's mean f) against evaluations, and σ against
//                   generations, for any logged runs (JSON-lines logs, see plot/run_log.hpp)
//   sigma-collapse  the same for runs started from several σ₀: "in practice σ usually collapses
//                   from any initialization" (slide 12)
//   sigma-tradeoff  runs with σ held fixed on a noisy multimodal function: the true f at the
//                   final μ against σ, mean ± standard error over independent runs. Small σ:
//                   J_σ ≈ f keeps f's local minima and the score-function gradient (x − μ)/σ²
//                   amplifies the noise; large σ: J_σ is smooth but its minimum moves away from
//                   f's (slide 10: "higher σ – smooth gradients, ability to avoid local minima,
//                   lower σ – closer to original objective, but more prone to noise").
//                   For 1-D problems the figure adds the noise-free limit: f where exact
//                   gradient descent on J_σ from μ₀ comes to rest (plot/figure_data.hpp).
// Each X has X_figure(options) → Figure and plot_X(dir, options, gnuplot) → rendered files.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "varopt/optim/schedule.hpp"
#include "varopt/plot/gnuplot.hpp"

namespace varopt::plot {

struct LabelledRun {
  std::string label;
  Table table;  // the columns of run_log_fields()
};

struct RunFigureLayout {
  std::string title = "Convergence";
  // When set, f − optimum is drawn on a log scale; otherwise f on a linear one.
  std::optional<double> optimum{};
  void validate() const;
};

// Two panels: f against evaluations (solid: best so far; dashed: generation mean) and σ against
// generations (log scale), one colour per run. Throws InvalidArgument on no runs or a table
// without the run columns.
Figure runs_figure(const std::vector<LabelledRun>& runs, const RunFigureLayout& layout);

struct LogFigureOptions {
  std::vector<std::filesystem::path> logs{};  // JSON-lines logs
  std::vector<std::string> labels{};          // one per log, or empty: the files' stems
  RunFigureLayout layout{};
  std::string stem = "convergence";
  void validate() const;
};

struct SigmaCollapseOptions {
  std::string problem = "sphere";
  Index dim = 10;
  std::string preset = "snes";                        // see solve/presets.hpp
  std::vector<double> initial_spreads = {0.01, 0.1, 1.0, 10.0};
  Index generations = 400;
  std::uint64_t seed = 0;
  std::string stem = "sigma_collapse";
  void validate() const;
};

struct SigmaTradeoffOptions {
  std::string problem = "lecture-1d";  // a noise-free registry problem; runs use "noisy-" + it
  Index dim = 1;
  double noise = 0.3;                  // evaluation noise s of the runs
  std::vector<double> sigmas = {0.03, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.7,
                                0.8,  0.9,  1.0, 1.3, 1.7, 2.2,  3.0};
  Index runs = 20;                     // independent runs per σ (seeds seed, seed + 1, …)
  Index generations = 600;
  Index population_size = 16;
  // SGD on μ with the score-function estimator and a mean baseline; a decaying step averages
  // the noise out, so the final μ shows where J_σ leads rather than the step's jitter.
  Schedule learning_rate{.kind = Schedule::Kind::inverse_time, .initial = 0.15, .time_scale = 300};
  std::uint64_t seed = 0;
  std::string stem = "sigma_tradeoff";
  void validate() const;
};

// The final true f of each run, runs × sigmas (row r: seed + r), for tests and custom plots.
// Runs are independent and spread over OpenMP threads when available; every run is a pure
// function of its (seed, σ), so the result does not depend on the thread count.
Mat sigma_tradeoff_finals(const SigmaTradeoffOptions& options);

Figure log_figure(const LogFigureOptions& options);
Figure sigma_collapse_figure(const SigmaCollapseOptions& options = {});
Figure sigma_tradeoff_figure(const SigmaTradeoffOptions& options = {});

RenderedFigure plot_log(const std::filesystem::path& dir, const LogFigureOptions& options,
                        const GnuplotOptions& gnuplot = {});
RenderedFigure plot_sigma_collapse(const std::filesystem::path& dir,
                                   const SigmaCollapseOptions& options = {},
                                   const GnuplotOptions& gnuplot = {});
RenderedFigure plot_sigma_tradeoff(const std::filesystem::path& dir,
                                   const SigmaTradeoffOptions& options = {},
                                   const GnuplotOptions& gnuplot = {});

}  // namespace varopt::plot
