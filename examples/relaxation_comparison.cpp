// The lecture's Figure 3 as numbers: bias and variance of the gradient estimators for discrete
// variables — score function, RLOO, ARM, DisARM, straight-through, Gumbel-softmax and
// straight-through Gumbel-softmax at several temperatures τ — against the exact gradient of a
// model small enough to enumerate (relax/estimator_comparison.hpp), and the temperature
// annealing schedule τ_t = max(τ_min, τ₀ exp(−r N⌊t/N⌋)) of Jang, Gu & Poole (2017, §4).
//
//   relaxation_comparison OUT_DIR [--power P]      (L = ‖Az − t‖^{2P}, default P = 2)
//
// Prints the table and writes into OUT_DIR:
//   relaxation_comparison.csv        one line per estimator (and τ)
//   relaxation_bias_variance.{csv,gp,png,svg}   relative bias, variance per evaluation and mean
//                                    cosine to ∇J against τ (τ-free estimators as flat lines)
//   temperature_annealing.{csv,gp,png,svg}      τ_t against the step for three decay rates
// Images need gnuplot (Debian: gnuplot-nox); without it the CSV files are still written.
// See docs/relaxation.md.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/plot/gnuplot.hpp"
#include "varopt/relax/estimator_comparison.hpp"
#include "varopt/relax/temperature_schedule.hpp"

namespace fs = std::filesystem;
using namespace varopt;

namespace {

void print_table(const relax::EstimatorComparison& result) {
  std::printf(
      "model: K = %lld variables x C = %lld categories, L(z) = ||A z - t||^(2 x %g), d = %lld\n",
      static_cast<long long>(result.model.variables()),
      static_cast<long long>(result.model.categories()), result.model.power(),
      static_cast<long long>(result.model.matrix().rows()));
  std::printf("exact by enumeration: J = %.6g, ||grad J|| = %.6g; %lld estimates per row\n\n",
              result.exact_value, result.exact_gradient.norm(),
              static_cast<long long>(result.rows.front().moments.repetitions));
  std::printf("%-18s %5s %5s %16s %10s %10s %22s %15s\n", "estimator", "tau", "evals", "rel. bias",
              "bias", "floor", "variance/evaluation", "mean cos");
  for (const auto& row : result.rows) {
    const double norm = result.exact_gradient.norm();
    const std::string tau = std::isnan(row.tau) ? "-" : std::to_string(row.tau).substr(0, 4);
    std::printf("%-18s %5s %5lld %8.4f ± %5.4f %10.4g %10.4g %11.4g ± %8.2g %7.3f ± %5.3f\n",
                row.estimator.c_str(), tau.c_str(), static_cast<long long>(row.moments.evaluations),
                row.relative_bias, row.bias_standard_error / norm, row.bias_norm, row.noise_floor,
                row.variance_per_evaluation, row.variance_standard_error, row.mean_cosine,
                row.cosine_standard_error);
  }
  std::printf(
      "\nrel. bias = ||mean - grad J|| / ||grad J|| (± delta-method standard error); floor = "
      "the bias norm an unbiased estimator shows from noise alone, sqrt(sum SE^2)\n");
}

void write_rows_csv(const relax::EstimatorComparison& result, const fs::path& path) {
  std::ofstream out(path);
  out << "estimator,tau,evaluations,repetitions,bias_norm,bias_standard_error,noise_floor,"
         "relative_bias,variance_per_evaluation,variance_standard_error,mean_cosine,"
         "cosine_standard_error\n";
  out.precision(10);
  for (const auto& r : result.rows) {
    out << r.estimator << ',' << r.tau << ',' << r.moments.evaluations << ','
        << r.moments.repetitions << ',' << r.bias_norm << ',' << r.bias_standard_error << ','
        << r.noise_floor << ',' << r.relative_bias << ',' << r.variance_per_evaluation << ','
        << r.variance_standard_error << ',' << r.mean_cosine << ',' << r.cosine_standard_error
        << '\n';
  }
  if (!out) throw FileError("relaxation_comparison: cannot write " + path.string());
}

// Column-name stem of an estimator: "st-gumbel-softmax" → "st_gumbel_softmax".
std::string stem_of(std::string name) {
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

// Three panels against τ: the τ-dependent estimators with error bars, the others as flat lines.
plot::Figure bias_variance_figure(const relax::EstimatorComparison& result,
                                  const std::vector<double>& taus) {
  const Index n = static_cast<Index>(taus.size());
  const double norm = result.exact_gradient.norm();
  plot::Figure figure{
      .title = "Gradient estimators for " + std::to_string(result.model.variables()) +
               " categorical variables x " + std::to_string(result.model.categories()) +
               " categories (exact gradient by enumeration)",
      .width = 900,
      .panel_height = 420};
  figure.data.add("tau", Eigen::Map<const Vec>(taus.data(), n));
  plot::PlotPanel bias{
      .title = "relative bias ||E g - grad J|| / ||grad J|| (unbiased ones: noise level)",
      .x_label = "temperature tau",
      .y_label = "relative bias",
      .log_x = true,
      .log_y = true,
      .key = "outside right top"};
  plot::PlotPanel variance{.title = "variance per evaluation, evaluations x tr Cov g",
                           .x_label = "temperature tau",
                           .y_label = "variance",
                           .log_x = true,
                           .log_y = true,
                           .key = "outside right top"};
  plot::PlotPanel cosine{.title = "mean cosine between one estimate and grad J",
                         .x_label = "temperature tau",
                         .y_label = "mean cos",
                         .log_x = true,
                         .log_y = false,
                         .key = "outside right top"};
  // Rows of each estimator in τ order (the τ-free ones: one row, repeated along the axis).
  std::map<std::string, std::vector<const relax::ComparisonRow*>> by_name;
  std::vector<std::string> order;
  for (const auto& row : result.rows) {
    if (!by_name.contains(row.estimator)) order.push_back(row.estimator);
    by_name[row.estimator].push_back(&row);
  }
  for (std::size_t e = 0; e < order.size(); ++e) {
    const auto& rows = by_name[order[e]];
    const bool flat = rows.size() == 1;
    Vec b(n), be(n), v(n), ve(n), c(n), ce(n);
    for (Index i = 0; i < n; ++i) {
      const relax::ComparisonRow& r = *rows[flat ? 0 : static_cast<std::size_t>(i)];
      b[i] = r.relative_bias;
      be[i] = r.bias_standard_error / norm;
      v[i] = r.variance_per_evaluation;
      ve[i] = r.variance_standard_error;
      c[i] = r.mean_cosine;
      ce[i] = r.cosine_standard_error;
    }
    const std::string s = stem_of(order[e]);
    figure.data.add(s + "_bias", b);
    figure.data.add(s + "_bias_se", be);
    figure.data.add(s + "_variance", v);
    figure.data.add(s + "_variance_se", ve);
    figure.data.add(s + "_cosine", c);
    figure.data.add(s + "_cosine_se", ce);
    const std::string color = plot::palette_color(static_cast<Index>(e));
    const std::string style = flat ? "lines" : "yerrorlines";
    const std::string dash = flat ? "2" : "";
    auto series = [&](const std::string& y) {
      return plot::PlotSeries{.x = "tau",
                              .y = s + y,
                              .y_error = flat ? "" : s + y + "_se",
                              .title = order[e],
                              .style = style,
                              .dash = dash,
                              .color = color};
    };
    bias.series.push_back(series("_bias"));
    if (!flat) {
      Vec floor(n);
      for (Index i = 0; i < n; ++i)
        floor[i] = rows[static_cast<std::size_t>(i)]->noise_floor / norm;
      figure.data.add(s + "_noise_floor", floor);
      bias.series.push_back({.x = "tau",
                             .y = s + "_noise_floor",
                             .title = "noise floor",
                             .style = "lines",
                             .dash = "3",
                             .color = color});
    }
    variance.series.push_back(series("_variance"));
    cosine.series.push_back(series("_cosine"));
  }
  figure.panels = {bias, variance, cosine};
  return figure;
}

plot::Figure annealing_figure() {
  const Index steps = 100000, every = 500;
  const std::vector<double> rates = {1e-5, 3e-5, 1e-4};
  plot::Figure figure{.title =
                          "Temperature annealing (Jang et al. 2017): "
                          "tau_t = max(0.5, exp(-r N floor(t/N))), N = 500",
                      .width = 900,
                      .panel_height = 420};
  Vec t(steps / 100 + 1);
  for (Index i = 0; i < t.size(); ++i) t[i] = static_cast<double>(i * 100);
  figure.data.add("step", t);
  plot::PlotPanel panel{
      .x_label = "training step t", .y_label = "temperature tau", .key = "top right"};
  for (const double rate : rates) {
    const relax::TemperatureSchedule schedule(relax::ExponentialTemperature{
        .initial = 1.0, .minimum = 0.5, .rate = rate, .every = every});
    Vec tau(t.size());
    for (Index i = 0; i < t.size(); ++i) tau[i] = schedule.at(static_cast<std::uint64_t>(t[i]));
    char rate_text[32];
    std::snprintf(rate_text, sizeof rate_text, "%g", rate);
    const std::string column = std::string("tau_rate_") + rate_text;
    figure.data.add(column, tau);
    panel.series.push_back({.x = "step", .y = column, .title = std::string("r = ") + rate_text});
  }
  figure.panels = {panel};
  return figure;
}

}  // namespace

int main(int argc, char** argv) {
  const bool with_power = argc == 4 && std::string(argv[2]) == "--power";
  if (argc != 2 && !with_power) {
    if (argc >= 3) std::cerr << argv[0] << ": unexpected argument '" << argv[2] << "'\n";
    std::cerr << "usage: " << argv[0] << " OUT_DIR [--power P]\n";
    return 2;
  }
  const fs::path dir = argv[1];
  try {
    fs::create_directories(dir);
    relax::EstimatorComparisonOptions options{};
    if (with_power) {
      const std::string text = argv[3];
      const auto [end, error] =
          std::from_chars(text.data(), text.data() + text.size(), options.model.power);
      require(error == std::errc() && end == text.data() + text.size(), "usage",
              "a number after --power", "'" + text + "'");
    }
    const relax::EstimatorComparison result = relax::compare_estimators(options);
    print_table(result);
    write_rows_csv(result, dir / "relaxation_comparison.csv");
    const plot::Figure figures[] = {bias_variance_figure(result, options.taus), annealing_figure()};
    const char* stems[] = {"relaxation_bias_variance", "temperature_annealing"};
    for (int i = 0; i < 2; ++i) {
      if (plot::gnuplot_available()) {
        const plot::RenderedFigure out = plot::render_figure(figures[i], dir, stems[i]);
        std::cout << stems[i] << ": " << out.png.string() << ", " << out.svg.string() << '\n';
      } else {
        plot::write_csv(figures[i].data, dir / (std::string(stems[i]) + ".csv"));
        std::cout << stems[i] << ": gnuplot not found (install gnuplot-nox), wrote the CSV only\n";
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "relaxation_comparison: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
