// The lecture's figures: their data against closed forms, the run studies, and rendering.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <unistd.h>

#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/plot/figure_data.hpp"
#include "varopt/plot/figures.hpp"
#include "varopt/plot/lecture_figures.hpp"
#include "varopt/plot/run_figures.hpp"
#include "varopt/plot/run_log.hpp"
#include "varopt/problems/continuous.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt::plot {
namespace {

namespace fs = std::filesystem;

TEST(Figures, BoundFigureHoldsTheSmoothedLectureFunction) {
  const Figure figure = bound_figure({.points = 41, .sigmas = {0.5, 1.0}});
  const Vec& mu = figure.data.column("mu");
  ASSERT_EQ(mu.size(), 41);
  ASSERT_EQ(figure.panels.size(), 1u);
  EXPECT_EQ(figure.panels[0].series.size(), 3u);
  for (Index k = 0; k < mu.size(); ++k) {
    EXPECT_NEAR(figure.data.column("f")[k], problems::lecture_1d(mu[k]), 1e-15);
    EXPECT_NEAR(figure.data.column("J_sigma_0.5")[k], problems::lecture_1d_smoothed(mu[k], 0.5), 1e-10);
    EXPECT_NEAR(figure.data.column("J_sigma_1")[k], problems::lecture_1d_smoothed(mu[k], 1.0), 1e-10);
  }
  EXPECT_NE(figure.title.find("x²/10 + sin 3x"), std::string::npos) << figure.title;
}

TEST(Figures, WeightedScoreFigureReportsTheQuizGradient) {
  const Figure figure = weighted_score_figure({.mu = 0.5, .sigmas = {1.0}, .points = 11});
  const Vec& x = figure.data.column("x");
  for (Index k = 0; k < x.size(); ++k)
    EXPECT_NEAR(figure.data.column("f_score_sigma_1")[k], std::sin(x[k]) * (x[k] - 0.5), 1e-14);
  // ∂J/∂μ = cos μ e^{−σ²/2} = cos 0.5 · e^{−1/2} = 0.532 (3 significant digits in the legend).
  EXPECT_NE(figure.panels[1].series[0].title.find("0.532"), std::string::npos)
      << figure.panels[1].series[0].title;
}

TEST(Figures, ScoreFigureHasScoresAndDensities) {
  const Figure figure = score_figure({.mu = 1.0, .sigmas = {2.0}, .points = 5});
  EXPECT_EQ(figure.data.column("score_sigma_2"), ((figure.data.column("x").array() - 1.0) / 4.0).matrix());
  EXPECT_EQ(figure.panels.size(), 2u);
}

TEST(Figures, GradientVarianceMonteCarloMatchesQuadrature) {
  // samples = 20000 per point. The sample variance of N draws has SE = Var·√((κ − 1)/N), κ the
  // kurtosis of ĝ; by quadrature (as in figure_data_test) κ = 10.8, 11.3, 16.3, 43.9 at the
  // four σ below, so SE ≤ 4.6% of Var with κ ≤ 44. A 5·SE band fails by chance with
  // probability ≈ 6e-7 per point (normal approximation of the sample variance).
  const Figure figure = gradient_variance_figure(
      {.points = 4, .monte_carlo_points = 4, .samples = 20000});
  const Vec& sigma = figure.data.column("sigma");
  const Vec& mc_sigma = figure.data.column("mc_sigma");
  ASSERT_EQ(sigma.size(), mc_sigma.size());
  for (Index k = 0; k < sigma.size(); ++k) {
    EXPECT_DOUBLE_EQ(sigma[k], mc_sigma[k]);
    const double exact = figure.data.column("variance")[k];
    EXPECT_NEAR(figure.data.column("mc_variance")[k], exact, 5 * std::sqrt(43.0 / 20000) * exact);
    EXPECT_NEAR(figure.data.column("noise_part")[k], 0.25 / (sigma[k] * sigma[k]), 1e-12);
    EXPECT_GT(exact, figure.data.column("variance_noise_free")[k]);
  }
}

TEST(Figures, OptionsAreValidated) {
  EXPECT_THROW(bound_figure({.sigmas = {}}), InvalidArgument);
  EXPECT_THROW(bound_figure({.sigmas = {-1.0}}), InvalidArgument);
  EXPECT_THROW(bound_figure({.x_min = 1, .x_max = 0}), InvalidArgument);
  EXPECT_THROW(bound_figure({.problem = "rosenbrock"}), InvalidArgument);  // not 1-D
  EXPECT_THROW(bound_figure({.problem = "nope"}), InvalidArgument);
  EXPECT_THROW(score_figure({.points = 1}), InvalidArgument);
  EXPECT_THROW(gradient_variance_figure({.sigma_min = 0}), InvalidArgument);
  EXPECT_THROW(gradient_variance_figure({.noise = -1}), InvalidArgument);
  EXPECT_THROW(sigma_tradeoff_finals({.problem = "noisy-sphere"}), InvalidArgument);
  EXPECT_THROW(sigma_tradeoff_finals({.runs = 1}), InvalidArgument);
  EXPECT_THROW(sigma_collapse_figure({.initial_spreads = {0.0}}), InvalidArgument);
  EXPECT_THROW(log_figure({}), InvalidArgument);
  EXPECT_THROW(log_figure({.logs = {"a"}, .labels = {"x", "y"}}), InvalidArgument);
}

TEST(RunFigures, SigmaTradeoffIsReproducibleAndShowsTheSmoothing) {
  // Without evaluation noise, σ = 0.1 keeps SGD-VO in the basin of the local minimum x ≈ 1.55
  // (f ≈ −0.76) where it starts (μ₀ = 2): J_0.1 ≈ f there. σ = 3 smooths f into (μ² + 9)/10,
  // whose minimum μ = 0 has f = 0. At the end the step is γ ≈ 0.15/2 and Var ĝ ≈ 1.4/16 at
  // σ = 0.1, so μ stays within ±0.06 (1 sd) of the local minimum; f < −0.6 needs |δμ| < 0.19,
  // a 3-sd event per run (the seeds are fixed, so the check is deterministic once it passes).
  const SigmaTradeoffOptions options{.noise = 0.0, .sigmas = {0.1, 3.0}, .runs = 4, .generations = 300};
  const Mat finals = sigma_tradeoff_finals(options);
  ASSERT_EQ(finals.rows(), 4);
  ASSERT_EQ(finals.cols(), 2);
  EXPECT_EQ(finals, sigma_tradeoff_finals(options));
  EXPECT_TRUE(finals.allFinite());
  for (Index r = 0; r < 4; ++r) EXPECT_LT(finals(r, 0), -0.6) << "run " << r;
  EXPECT_GT(finals.col(1).mean(), -0.6);
  const Figure figure = sigma_tradeoff_figure(options);
  EXPECT_EQ(figure.data.column("final_f_mean"), finals.colwise().mean().transpose());
  EXPECT_EQ(figure.panels[0].series[0].style, "yerrorlines");
  // The noise-free limit: the local minimum's f for σ = 0.1, f(≈0) ≈ 0 for σ = 3.
  const Vec& limit = figure.data.column("descent_limit_f");
  EXPECT_NEAR(limit[0], problems::lecture_1d(bound_descent_limit(problems::lecture_1d, 2.0, 0.1)), 1e-12);
  EXPECT_LT(limit[0], -0.75);
  EXPECT_NEAR(limit[1], 0.0, 1e-5);
  // Noisy runs are reproducible too (noise and sampling both come from the run's seed).
  const SigmaTradeoffOptions noisy{.sigmas = {0.3}, .runs = 2, .generations = 50};
  EXPECT_EQ(sigma_tradeoff_finals(noisy), sigma_tradeoff_finals(noisy));
}

TEST(RunFigures, SigmaCollapseRecordsEveryGeneration) {
  const Figure figure = sigma_collapse_figure({.dim = 3, .initial_spreads = {0.1, 10.0}, .generations = 40});
  for (const char* column : {"generation_1", "spread_1", "best_f_2", "mean_f_2", "evaluations_2"})
    EXPECT_EQ(figure.data.column(column).size(), 40) << column;
  // σ shrinks from σ₀ = 10 on the sphere; f − f* is drawn on a log scale.
  EXPECT_LT(figure.data.column("spread_2")[39], 10.0);
  EXPECT_TRUE(figure.panels[0].log_y);
  EXPECT_TRUE(figure.panels[1].log_y);
}

class RunDir : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("varopt_figures_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Runs SNES on the sphere and writes its GenerationRecords as a JSON-lines log.
  fs::path logged_run(const std::string& name, double spread) {
    const Problem problem = make_problem("sphere", {.dim = 4});
    SolverOptions options{.seed = 1};
    options.stop.max_generations = 30;
    Solver solver = make_solver(method_preset("snes", problem.space), problem.space,
                                problem.initial_center, spread, options);
    std::string lines = "{\"event\":\"start\"}\n";
    minimize(problem.objective, solver, [&](const GenerationRecord& r, const Solver&) {
      lines += r.to_json().dump() + "\n";
      return true;
    });
    write_file_atomically(dir_ / name, lines);
    return dir_ / name;
  }
  fs::path dir_;
};

TEST_F(RunDir, LogFigureReadsLogsAndSubtractsTheOptimum) {
  const fs::path a = logged_run("first.jsonl", 1.0), b = logged_run("second.jsonl", 0.1);
  // The options are named rather than braced temporaries: g++ 12 warns (wrongly) that a
  // temporary's nested layout title may be used uninitialized.
  LogFigureOptions both{.logs = {a, b}};
  both.layout.optimum = -1.0;
  const Figure figure = log_figure(both);
  const Table run = read_run_log(a);
  EXPECT_EQ(figure.data.column("best_f_1"), (run.column("best_f").array() + 1.0).matrix());
  EXPECT_EQ(figure.panels[0].series[0].title, "first");
  EXPECT_EQ(figure.panels[0].series[2].title, "second");
  EXPECT_EQ(figure.panels[0].series[1].title, "");  // the mean's dashed line has no legend entry
  EXPECT_TRUE(figure.panels[0].log_y);
  const LogFigureOptions first{.logs = {a}};
  EXPECT_FALSE(log_figure(first).panels[0].log_y);
}

TEST_F(RunDir, EveryFigureRendersToPngAndSvg) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot not installed (Debian: gnuplot-nox)";
  const fs::path log = logged_run("run.jsonl", 1.0);
  LogFigureOptions log_options{.logs = {log}};
  log_options.layout.optimum = 0.0;
  const std::vector<RenderedFigure> rendered = {
      plot_bound(dir_, {.points = 51}),
      plot_score(dir_),
      plot_weighted_score(dir_, {.points = 51}),
      plot_gradient_variance(dir_, {.points = 8, .monte_carlo_points = 3, .samples = 200}),
      plot_log(dir_, log_options),
      plot_sigma_collapse(dir_, {.dim = 3, .initial_spreads = {1.0}, .generations = 20}),
      plot_sigma_tradeoff(dir_, {.sigmas = {0.1, 1.0}, .runs = 2, .generations = 20}),
  };
  for (const auto& out : rendered) {
    EXPECT_EQ(read_file(out.png).substr(0, 4), "\x89PNG") << out.png;
    EXPECT_NE(read_file(out.svg).find("<svg"), std::string::npos) << out.svg;
    EXPECT_GT(fs::file_size(out.csv), 0u);
  }
}

}  // namespace
}  // namespace varopt::plot

namespace varopt::plot {
namespace {

TEST(LectureFigures, ListAndUnknownNames) {
  std::vector<std::string> names;
  for (const auto& info : lecture_figure_list()) names.push_back(info.name);
  EXPECT_EQ(names, (std::vector<std::string>{"bound", "score", "weighted-score", "gradient-variance",
                                             "sigma-tradeoff", "sigma-collapse"}));
  try {
    (void)plot_lecture_figure("bond", "/tmp");
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("expected one of {bound, score"), std::string::npos) << e.what();
  }
}

TEST_F(RunDir, NamedFigureRenders) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot not installed (Debian: gnuplot-nox)";
  const RenderedFigure out = plot_lecture_figure("score", dir_);
  EXPECT_EQ(out.png.filename(), "score.png");
  EXPECT_GT(fs::file_size(out.png), 0u);
}

}  // namespace
}  // namespace varopt::plot
