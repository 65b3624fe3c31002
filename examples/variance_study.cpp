// The variance study of the discrete estimators (the lecture's second half: the score-function
// estimate is unbiased but noisy, and its variance grows with the dimension).
//
//   variance_study OUT_DIR [p = 0.3] [t = 0.45]
//
// 1. For the toy f(b) = Σ (b_i − t)² with one variable at P(b = 1) = p, for a categorical toy, and
//    for the lecture's two-point example: each estimator's mean, the exact gradient (enumeration),
//    the bias, the variance and the variance per function evaluation, as a table (stdout and
//    OUT_DIR/variance_table.csv).
// 2. The variance per evaluation against the dimension n of the toy (all p_i = p), for the plain
//    score function, RLOO, ARM and DisARM: OUT_DIR/variance_by_dimension.{csv,gp,png,svg}.
#include "varopt/grad/variance_study.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/categorical.hpp"
#include "varopt/grad/arm.hpp"
#include "varopt/grad/disarm.hpp"
#include "varopt/grad/enumeration.hpp"
#include "varopt/grad/rloo.hpp"
#include "varopt/grad/score_function.hpp"
#include "varopt/plot/gnuplot.hpp"
#include "varopt/problems/discrete.hpp"

namespace fs = std::filesystem;
using namespace varopt;

std::shared_ptr<const GradientEstimator> score(Baseline baseline) {
  return std::make_shared<ScoreFunction>(ScoreFunctionOptions{.baseline = baseline});
}

void print_table(const std::string& title, const std::vector<StudyRow>& rows, std::ofstream& csv) {
  std::printf("\n%s\n", title.c_str());
  std::printf("%-26s %6s %12s %12s %11s %8s %11s %11s %9s\n", "estimator", "evals", "mean[0]",
              "exact[0]", "max|bias|", "bias/SE", "tr Var", "Var/eval", "vs score");
  const double reference = rows.front().moments.variance_per_evaluation();
  for (const auto& row : rows) {
    const auto& m = row.moments;
    const double exact = row.exact ? (*row.exact)[0] : NAN;
    const double ratio = reference / m.variance_per_evaluation();
    std::printf("%-26s %6lld %12.5g %12.5g %11.3g %8.2f %11.4g %11.4g %8.1fx\n", m.label.c_str(),
                static_cast<long long>(m.evaluations), m.mean[0], exact, row.max_bias,
                row.max_bias_in_standard_errors, m.total_variance(), m.variance_per_evaluation(),
                ratio);
    csv << '"' << title << "\",\"" << m.label << "\"," << m.evaluations << ',' << m.mean[0] << ','
        << exact << ',' << row.max_bias << ',' << row.max_bias_in_standard_errors << ','
        << m.total_variance() << ',' << m.variance_per_evaluation() << ',' << ratio << '\n';
  }
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::cerr << "usage: " << argv[0] << " OUT_DIR [p = 0.3] [t = 0.45]\n";
    return 2;
  }
  const fs::path dir = argv[1];
  const double p = argc > 2 ? std::atof(argv[2]) : 0.3;
  const double t = argc > 3 ? std::atof(argv[3]) : 0.45;
  try {
    require(p > 0 && p < 1, "variance_study", "p in (0, 1)", p);
    fs::create_directories(dir);
    std::ofstream csv(dir / "variance_table.csv");
    csv << "study,estimator,evaluations,mean_0,exact_0,max_bias,max_bias_in_se,total_variance,"
           "variance_per_evaluation,"
           "score_ratio\n";
    csv.precision(17);
    const std::vector<StudyEstimator> estimators = {
        {"score (plain, 1 sample)", score(Baseline::none), 1},
        {"score (mean baseline, 4)", score(Baseline::mean), 4},
        {"rloo (K = 2)", make_rloo(), 2},
        {"rloo (K = 4)", make_rloo(), 4},
        {"arm (1 pair)", std::make_shared<Arm>(), 2},
        {"disarm (1 pair)", std::make_shared<Disarm>(), 2},
    };
    const VarianceStudyOptions options{.repetitions = 20000, .seed = 1};

    // The lecture's example: b ~ Bernoulli(p), p = σ(φ): J(p) = 0.08p + 0.45, so
    // dJ/dφ = 0.08 p(1 − p) in the logit.
    const Bernoulli one = Bernoulli::with_probability(1, p);
    const auto lecture = exact_expectation(one, problems::two_point);
    std::printf("two-point (the lecture): J(%.3g) = %.6g = 0.08·%.3g + 0.45; dJ/dp = %.6g\n", p,
                lecture.value, p, lecture.gradient[0] / (p * (1 - p)));
    print_table("two-point (lecture), p = " + std::to_string(p),
                variance_study(one, problems::two_point, estimators, options), csv);

    const Objective toy = [t](ConstVecRef b) { return problems::toy(b, t); };
    print_table("toy (b - t)^2, t = " + std::to_string(t) + ", p = " + std::to_string(p),
                variance_study(one, toy, estimators, options), csv);

    // Categorical toy: 3 variables with 4 categories, f = Σ (θ_i/3 − t)², DisARM on the sticks.
    Vec logits(12);
    logits << 0.5, -0.2, 0.1, -1.0, 0.0, 0.3, 1.2, -0.4, -0.6, 0.8, 0.2, 0.0;
    const Categorical categorical({4, 4, 4}, logits);
    const Objective categorical_toy = [t](ConstVecRef x) {
      return (x.array() / 3.0 - t).square().sum();
    };
    print_table("categorical toy sum (x_i/3 - t)^2, K = 4, 3 variables",
                variance_study(categorical, categorical_toy, estimators, options), csv);

    // Variance per evaluation against the dimension.
    const std::vector<Index> dims = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    const std::vector<StudyEstimator> swept = {estimators[0], estimators[2], estimators[4],
                                               estimators[5]};
    const auto curves = variance_by_dimension(
        [p, toy](Index n) {
          return DimensionCase{std::make_unique<Bernoulli>(Bernoulli::with_probability(n, p)), toy};
        },
        dims, swept, {.repetitions = 2000, .seed = 2});
    plot::Table data;
    Vec n(static_cast<Index>(dims.size()));
    for (std::size_t k = 0; k < dims.size(); ++k)
      n[static_cast<Index>(k)] = static_cast<double>(dims[k]);
    data.add("n", n);
    const char* columns[] = {"score", "rloo_K2", "arm", "disarm"};
    std::printf(
        "\nvariance per evaluation (tr Cov × evaluations) against n, toy t = %.3g, p = %.3g\n%6s",
        t, p, "n");
    for (const char* c : columns) std::printf(" %12s", c);
    std::printf("\n");
    for (std::size_t e = 0; e < swept.size(); ++e)
      data.add(columns[e],
               Eigen::Map<const Vec>(curves[e].data(), static_cast<Index>(curves[e].size())));
    for (std::size_t k = 0; k < dims.size(); ++k) {
      std::printf("%6lld", static_cast<long long>(dims[k]));
      for (std::size_t e = 0; e < swept.size(); ++e) std::printf(" %12.4g", curves[e][k]);
      std::printf("\n");
    }
    plot::Figure figure;
    figure.title = "Gradient variance per evaluation against dimension, toy (b - " +
                   std::to_string(t).substr(0, 4) + ")^2, p = " + std::to_string(p).substr(0, 4);
    figure.data = data;
    plot::PlotPanel panel{.title = "",
                          .x_label = "dimension n",
                          .y_label = "tr Cov(g) x evaluations per estimate",
                          .log_x = true,
                          .log_y = true,
                          .key = "top left"};
    const char* titles[] = {"score function (plain)", "RLOO (K = 2)", "ARM", "DisARM"};
    for (std::size_t e = 0; e < swept.size(); ++e)
      panel.series.push_back(
          {.x = "n", .y = columns[e], .title = titles[e], .style = "linespoints"});
    figure.panels = {panel};
    const plot::GnuplotOptions gnuplot{.run = plot::gnuplot_available()};
    const auto out = plot::render_figure(figure, dir, "variance_by_dimension", gnuplot);
    std::printf("\nwrote %s, %s%s\n", (dir / "variance_table.csv").c_str(), out.csv.c_str(),
                gnuplot.run ? (", " + out.png.string() + ", " + out.svg.string()).c_str()
                            : " (gnuplot not found)");
  } catch (const std::exception& e) {
    std::cerr << "variance_study: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
