// Makes every figure of the lecture (Belavin & Borisyak, "Variational Optimization") into a
// directory: PNG and SVG through gnuplot, with the CSV data and the gnuplot script beside them.
//
//   lecture_figures OUT_DIR
//
// The analytic figures and the σ studies come from varopt::plot by name; the convergence figure
// is drawn from JSON-lines logs this program writes while it runs five presets on Rastrigin,
// the way any logged run can be plotted (plot_log). (The plain sgd-vo preset, one sample and
// raw f, diverges at once on Rastrigin's scale, so it is left out.) See docs/figures.md.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "varopt/core/error.hpp"
#include "varopt/plot/lecture_figures.hpp"
#include "varopt/plot/run_figures.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace fs = std::filesystem;
using namespace varopt;

// Runs `preset` on the problem and writes one GenerationRecord per line to `log`.
void logged_run(const Problem& problem, const std::string& preset, const fs::path& log) {
  SolverOptions options{.seed = 1};
  options.stop.max_evaluations = 20000;
  Solver solver = make_solver(method_preset(preset, problem.space), problem.space,
                              problem.initial_center, problem.initial_spread, options);
  std::ofstream out(log);
  const Summary summary = minimize(problem.objective, solver, [&](const GenerationRecord& r, const Solver&) {
    out << r.to_json().dump() << '\n';
    return true;
  });
  if (!out) throw FileError("cannot write " + log.string());
  std::cout << "  " << preset << ": best f " << summary.best_f << " after " << summary.evaluations
            << " evaluations (" << name_of(summary.termination) << ")\n";
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " OUT_DIR\n";
    return 2;
  }
  const fs::path dir = argv[1];
  // Without gnuplot the data and the scripts are still written (run them later with gnuplot).
  const plot::GnuplotOptions gnuplot{.run = plot::gnuplot_available()};
  if (!gnuplot.run) std::cout << "gnuplot not found (Debian: gnuplot-nox): writing CSV and .gp only\n";
  const auto report = [](const std::string& name, const plot::RenderedFigure& out) {
    std::cout << name << ": " << (out.png.empty() ? out.script : out.png).string() << '\n';
  };
  try {
    for (const auto& figure : plot::lecture_figure_list())
      report(figure.name, plot::plot_lecture_figure(figure.name, dir, gnuplot));
    const Problem problem = make_problem("rastrigin", {.dim = 10});
    fs::create_directories(dir / "logs");
    plot::LogFigureOptions convergence{
        .layout = {.title = "Convergence on Rastrigin (n = 10), 20000 evaluations per method",
                   .optimum = problem.optimum}};
    std::cout << "convergence runs:\n";
    for (const std::string preset : {"openai-es", "pgpe", "adam-vo", "snes", "xnes"}) {
      const fs::path log = dir / "logs" / (preset + ".jsonl");
      logged_run(problem, preset, log);
      convergence.logs.push_back(log);
    }
    report("convergence", plot::plot_log(dir, convergence, gnuplot));
  } catch (const std::exception& e) {
    std::cerr << "lecture_figures: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
