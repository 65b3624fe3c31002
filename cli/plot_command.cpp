#include "plot_command.hpp"

#include <cstdio>
#include <memory>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/plot/lecture_figures.hpp"
#include "varopt/plot/run_figures.hpp"

namespace varopt::cli {
namespace {

struct PlotArgs {
  std::string figure;
  std::string out = ".";
  std::vector<std::string> logs;
  std::vector<std::string> labels;
  double optimum = 0;
  bool has_optimum = false;
};

void run_plot(const PlotArgs& args) {
  plot::RenderedFigure rendered;
  if (args.figure == "convergence") {
    require(!args.logs.empty(), "varopt plot convergence", "at least one --log FILE", "none");
    plot::LogFigureOptions options;
    options.logs.assign(args.logs.begin(), args.logs.end());
    options.labels = args.labels;
    if (args.has_optimum) options.layout.optimum = args.optimum;
    rendered = plot::plot_log(args.out, options);
  } else {
    std::string known;
    bool found = false;
    for (const auto& figure : plot::lecture_figure_list()) {
      known += figure.name + ", ";
      found = found || figure.name == args.figure;
    }
    if (!found)  // the lecture's figures and the convergence plot of logged runs
      throw InvalidArgument("varopt plot: expected one of {" + known + "convergence}, got '" +
                            excerpt(args.figure) + "'");
    rendered = plot::plot_lecture_figure(args.figure, args.out);
  }
  std::printf("%s\n%s\n%s\n", rendered.png.c_str(), rendered.svg.c_str(), rendered.csv.c_str());
}

}  // namespace

void add_plot_command(CLI::App& app) {
  auto args = std::make_shared<PlotArgs>();
  std::string names = "convergence";
  for (const auto& f : plot::lecture_figure_list()) names += " | " + f.name;
  CLI::App* cmd = app.add_subcommand(
      "plot", "Draw a lecture figure or the convergence of logged runs (PNG + SVG via gnuplot, "
              "data as CSV)");
  cmd->add_option("figure", args->figure, names)->required();
  cmd->add_option("-o,--out", args->out, "output directory (default: .)");
  cmd->add_option("--log", args->logs, "convergence: JSON-lines logs of varopt minimize --log");
  cmd->add_option("--label", args->labels, "convergence: one label per log");
  cmd->add_option_function<double>(
      "--optimum",
      [a = args.get()](double v) {
        a->optimum = v;
        a->has_optimum = true;
      },
      "convergence: plot f − optimum on a log scale");
  cmd->callback([args] { run_plot(*args); });
}

}  // namespace varopt::cli
