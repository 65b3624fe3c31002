#include "varopt/plot/run_figures.hpp"

#include <cmath>
#include <exception>

#include "figure_support.hpp"
#include "varopt/core/error.hpp"
#include "varopt/plot/figure_data.hpp"
#include "varopt/plot/run_log.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt::plot {
namespace {

using detail::number;

std::vector<GenerationRecord> run_and_record(const Problem& problem, Solver& solver) {
  std::vector<GenerationRecord> records;
  minimize(problem.objective, solver, [&](const GenerationRecord& record, const Solver&) {
    records.push_back(record);
    return true;
  });
  return records;
}

// The fixed-σ SGD-VO configuration of the trade-off study.
MethodSpec fixed_sigma_method(const SigmaTradeoffOptions& options) {
  MethodSpec spec;
  spec.preset = "custom";
  spec.distribution = "isotropic";
  spec.estimator = "score";
  spec.score = {.baseline = Baseline::mean, .shaping = Shaping::none, .natural = false};
  spec.optimizer.kind = OptimizerKind::sgd;
  spec.optimizer.learning_rate = options.learning_rate;
  spec.sampling.population_size = options.population_size;
  spec.hold_spread = true;
  return spec;
}

}  // namespace

void RunFigureLayout::validate() const {
  require(!optimum || std::isfinite(*optimum), "RunFigureLayout", "a finite optimum",
          optimum.value_or(0.0));
}

void LogFigureOptions::validate() const {
  require(!logs.empty(), "LogFigureOptions", "at least one log file", "none");
  require(labels.empty() || labels.size() == logs.size(), "LogFigureOptions",
          "no labels or one per log (" + std::to_string(logs.size()) + ")", labels.size());
  layout.validate();
}

void SigmaCollapseOptions::validate() const {
  require(dim >= 1, "SigmaCollapseOptions", "dim ≥ 1", dim);
  detail::require_sigmas("SigmaCollapseOptions", initial_spreads);
  require(generations >= 1, "SigmaCollapseOptions", "generations ≥ 1", generations);
}

void SigmaTradeoffOptions::validate() const {
  require(problem.rfind("noisy-", 0) != 0, "SigmaTradeoffOptions",
          "a noise-free problem name (the noise comes from `noise`)", "'" + problem + "'");
  require(dim >= 1, "SigmaTradeoffOptions", "dim ≥ 1", dim);
  require(std::isfinite(noise) && noise >= 0, "SigmaTradeoffOptions", "noise ≥ 0", noise);
  detail::require_sigmas("SigmaTradeoffOptions", sigmas);
  require(runs >= 2, "SigmaTradeoffOptions", "runs ≥ 2 (for a standard error)", runs);
  require(generations >= 1, "SigmaTradeoffOptions", "generations ≥ 1", generations);
  require(population_size >= 2, "SigmaTradeoffOptions", "population_size ≥ 2 (mean baseline)",
          population_size);
  learning_rate.validate();
}

Figure runs_figure(const std::vector<LabelledRun>& runs, const RunFigureLayout& layout) {
  layout.validate();
  require(!runs.empty(), "runs_figure", "at least one run", "none");
  const double shift = layout.optimum.value_or(0.0);
  const std::string f_name = layout.optimum ? "f − f*" : "f";
  Figure figure;
  figure.title = layout.title;
  PlotPanel f_panel{.title = f_name + " (solid: best so far; dashed: mean of the generation)",
                    .x_label = "evaluations",
                    .y_label = f_name,
                    .log_y = layout.optimum.has_value(),
                    .key = "bottom left"};
  PlotPanel spread_panel{.title = "spread σ of the search distribution",
                         .x_label = "generation",
                         .y_label = "σ",
                         .log_y = true,
                         .key = "bottom left"};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Table& t = runs[i].table;
    const std::string suffix = "_" + std::to_string(i + 1), color = palette_color(static_cast<Index>(i));
    figure.data.add("evaluations" + suffix, t.column("evaluations"));
    figure.data.add("best_f" + suffix, t.column("best_f").array() - shift);
    figure.data.add("mean_f" + suffix, t.column("mean_f").array() - shift);
    figure.data.add("generation" + suffix, t.column("generation"));
    figure.data.add("spread" + suffix, t.column("spread"));
    f_panel.series.push_back({.x = "evaluations" + suffix, .y = "best_f" + suffix,
                              .title = runs[i].label, .color = color});
    f_panel.series.push_back({.x = "evaluations" + suffix, .y = "mean_f" + suffix, .title = "",
                              .dash = "2", .color = color});
    spread_panel.series.push_back({.x = "generation" + suffix, .y = "spread" + suffix,
                                   .title = runs[i].label, .color = color});
  }
  figure.panels = {std::move(f_panel), std::move(spread_panel)};
  return figure;
}

Figure log_figure(const LogFigureOptions& options) {
  options.validate();
  std::vector<LabelledRun> runs;
  for (std::size_t i = 0; i < options.logs.size(); ++i) {
    runs.push_back({options.labels.empty() ? options.logs[i].stem().string() : options.labels[i],
                    read_run_log(options.logs[i])});
  }
  return runs_figure(runs, options.layout);
}

Figure sigma_collapse_figure(const SigmaCollapseOptions& options) {
  options.validate();
  const Problem problem = make_problem(options.problem, {.dim = options.dim});
  const MethodSpec spec = method_preset(options.preset, problem.space);
  std::vector<LabelledRun> runs;
  for (double spread : options.initial_spreads) {
    SolverOptions solver_options{.seed = options.seed};
    solver_options.stop.max_generations = options.generations;
    solver_options.stop.max_evaluations = options.generations * spec.sampling.population_size;
    Solver solver = make_solver(spec, problem.space, problem.initial_center, spread, solver_options);
    runs.push_back({"σ₀ = " + number(spread), run_table(run_and_record(problem, solver))});
  }
  return runs_figure(runs, {.title = "σ collapses from any initialization: " + options.preset +
                                     " on " + options.problem + " (n = " +
                                     std::to_string(options.dim) + ")",
                            .optimum = problem.optimum});
}

Mat sigma_tradeoff_finals(const SigmaTradeoffOptions& options) {
  options.validate();
  const Problem clean = make_problem(options.problem, {.dim = options.dim});
  const MethodSpec spec = fixed_sigma_method(options);
  const Index sigma_count = static_cast<Index>(options.sigmas.size());
  const Index cells = options.runs * sigma_count;
  Mat finals(options.runs, sigma_count);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(cells));
  // One run per cell (r, k); the noisy objective of run r has seed `seed + r`, as its sampling.
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic)
#endif
  for (Index cell = 0; cell < cells; ++cell) {
    const Index r = cell / sigma_count, k = cell % sigma_count;
    try {
      const std::uint64_t seed = options.seed + static_cast<std::uint64_t>(r);
      const Problem noisy =
          options.noise > 0
              ? make_problem("noisy-" + options.problem,
                             {.dim = options.dim, .noise = options.noise, .seed = seed})
              : clean;
      SolverOptions solver_options{.seed = seed};
      solver_options.stop.max_generations = options.generations;
      solver_options.stop.max_evaluations = options.generations * options.population_size;
      solver_options.stop.min_spread.reset();
      Solver solver = make_solver(spec, clean.space, clean.initial_center,
                                  options.sigmas[static_cast<std::size_t>(k)], solver_options);
      const Summary summary = minimize(noisy.objective, solver);
      finals(r, k) = clean.objective(summary.center);
    } catch (...) {
      errors[static_cast<std::size_t>(cell)] = std::current_exception();
    }
  }
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
  return finals;
}

Figure sigma_tradeoff_figure(const SigmaTradeoffOptions& options) {
  const Mat finals = sigma_tradeoff_finals(options);
  const Problem clean = make_problem(options.problem, {.dim = options.dim});
  const double runs = static_cast<double>(options.runs);
  const Vec mean = finals.colwise().mean();
  const Vec variance = (finals.rowwise() - mean.transpose()).array().square().colwise().sum() / (runs - 1);
  Figure figure;
  figure.title = "σ trade-off: SGD-VO with σ held fixed on " + detail::function_label(options.problem) +
                 " (n = " + std::to_string(options.dim) + ") + N(0, " + number(options.noise) +
                 "²) noise";
  figure.data.add("sigma", Eigen::Map<const Vec>(options.sigmas.data(), mean.size()));
  figure.data.add("final_f_mean", mean);
  figure.data.add("final_f_stderr", (variance / runs).cwiseSqrt());
  PlotPanel panel{
      .title = std::to_string(options.runs) + " runs per σ, " + std::to_string(options.generations) +
               " generations × " + std::to_string(options.population_size) +
               " samples, SGD γ₀ = " + number(options.learning_rate.initial) + " (" +
               Schedule::name_of(options.learning_rate.kind) + "), start μ₀ = the problem's",
      .x_label = "σ (held fixed)",
      .y_label = "true f(μ) at the end  (mean ± standard error)",
      .log_x = true,
      .key = "top left"};
  panel.series.push_back({.x = "sigma", .y = "final_f_mean", .y_error = "final_f_stderr",
                          .title = "SGD-VO runs: final f(μ)", .style = "yerrorlines"});
  if (options.dim == 1) {
    const ScalarFunction f = detail::one_d_function(options.problem);
    Vec limit(mean.size());
    for (Index k = 0; k < limit.size(); ++k) {
      limit[k] = f(bound_descent_limit(f, clean.initial_center[0],
                                       options.sigmas[static_cast<std::size_t>(k)]));
    }
    figure.data.add("descent_limit_f", limit);
    panel.series.push_back({.x = "sigma", .y = "descent_limit_f",
                            .title = "no sampling noise: exact descent on J_σ from μ₀",
                            .style = "linespoints", .dash = "3"});
  }
  if (clean.optimum) {
    figure.data.add("optimum", Vec::Constant(mean.size(), *clean.optimum));
    panel.series.push_back({.x = "sigma", .y = "optimum", .title = "min f", .dash = "2",
                            .color = "#000000"});
  }
  figure.panels.push_back(std::move(panel));
  return figure;
}

RenderedFigure plot_log(const std::filesystem::path& dir, const LogFigureOptions& options,
                        const GnuplotOptions& gnuplot) {
  return render_figure(log_figure(options), dir, options.stem, gnuplot);
}
RenderedFigure plot_sigma_collapse(const std::filesystem::path& dir,
                                   const SigmaCollapseOptions& options,
                                   const GnuplotOptions& gnuplot) {
  return render_figure(sigma_collapse_figure(options), dir, options.stem, gnuplot);
}
RenderedFigure plot_sigma_tradeoff(const std::filesystem::path& dir,
                                   const SigmaTradeoffOptions& options,
                                   const GnuplotOptions& gnuplot) {
  return render_figure(sigma_tradeoff_figure(options), dir, options.stem, gnuplot);
}

}  // namespace varopt::plot
