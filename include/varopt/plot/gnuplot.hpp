#pragma once
// Figures drawn by gnuplot (http://www.gnuplot.info; Debian package gnuplot-nox).
//
// A Figure is data (one Table, written next to the images as <stem>.csv) and a description of
// one or more panels stacked vertically, each with its axis labels, log scales and series
// (columns of the table drawn against each other). render_figure writes <stem>.csv and the
// script <stem>.gp, then runs gnuplot once to produce <stem>.png (pngcairo) and <stem>.svg.
// The script only reads the CSV, so it can be edited and rerun by hand: `gnuplot <stem>.gp`.
#include <filesystem>
#include <string>
#include <vector>

#include "varopt/plot/table.hpp"

namespace varopt::plot {

struct PlotSeries {
  std::string x{};      // column names in the figure's table
  std::string y{};
  std::string y_error{};  // optional column of ± error bars (style must be yerrorbars/yerrorlines)
  std::string title{};  // legend entry
  std::string style = "lines";  // gnuplot "with" style: lines, points, linespoints, yerrorlines…
  std::string dash{};   // optional gnuplot dashtype, e.g. "2" (dashed)
  std::string color{};  // optional "#rrggbb"; otherwise the next colour of the palette (series
                        // without a colour are numbered 1, 2, … in each panel, so σ = 0.5 has
                        // the same colour in every panel of a figure)
};

struct PlotPanel {
  std::string title{};
  std::string x_label{};
  std::string y_label{};
  bool log_x = false;
  bool log_y = false;
  std::string key = "top right";  // gnuplot legend position
  std::vector<PlotSeries> series{};
};

struct Figure {
  std::string title{};           // above all panels
  Table data{};
  std::vector<PlotPanel> panels{};
  Index width = 900;             // pixels
  Index panel_height = 540;      // pixels per panel
  // Throws InvalidArgument on no panels, a panel without series, unknown columns, a bad size,
  // or error bars without an error-bar style.
  void validate() const;
};

struct GnuplotOptions {
  std::string executable = "gnuplot";  // a path, or a name looked up on PATH
  bool run = true;                     // false: write the CSV and the script only
  void validate() const;
};

struct RenderedFigure {
  std::filesystem::path csv, script;
  std::filesystem::path png, svg;  // empty when gnuplot was not run (GnuplotOptions::run)
};

// Colour i (0-based, cycling) of the palette automatic series use: Okabe & Ito's colour-blind-safe
// colours without yellow, then black.
std::string palette_color(Index i);

// True when `options.executable` can be found (a path that exists, or a name on PATH).
bool gnuplot_available(const GnuplotOptions& options = {});

// The gnuplot script render_figure writes (exposed for tests and for users who want to edit it).
std::string gnuplot_script(const Figure& figure, const std::filesystem::path& csv,
                           const std::filesystem::path& png, const std::filesystem::path& svg);

// Writes <dir>/<stem>.{csv,gp} (creating dir) and, unless options.run is false, runs gnuplot to
// make <dir>/<stem>.{png,svg}. Throws InvalidArgument on a bad figure or stem (empty, or
// containing '/'), FileError when gnuplot cannot be found (install gnuplot-nox; checked before
// any file is written), exits with an error (its messages are quoted), or leaves an image
// missing or empty.
RenderedFigure render_figure(const Figure& figure, const std::filesystem::path& dir,
                             const std::string& stem, const GnuplotOptions& options = {});

}  // namespace varopt::plot
