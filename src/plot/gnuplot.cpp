#include "varopt/plot/gnuplot.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <system_error>

#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"

extern char** environ;

namespace varopt::plot {
namespace {

namespace fs = std::filesystem;

// A gnuplot single-quoted string: no escapes except '' for a quote; newlines become spaces.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "''";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out + "'";
}

bool is_error_style(const std::string& style) { return style.rfind("yerror", 0) == 0; }

// Okabe & Ito's colour-blind-safe palette without its yellow, then black.
constexpr const char* palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                   "#E69F00", "#56B4E9", "#000000"};

bool is_hex_color(const std::string& c) {
  return c.size() == 7 && c[0] == '#' &&
         c.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
}

std::string series_clause(const Table& data, const PlotSeries& s, const fs::path& csv,
                          int& automatic_colors) {
  std::ostringstream out;
  out << quoted(csv.string()) << " skip 1 using " << data.position(s.x) << ':' << data.position(s.y);
  if (!s.y_error.empty()) out << ':' << data.position(s.y_error);
  out << " with " << s.style;
  if (s.color.empty()) out << " lt " << ++automatic_colors;
  else out << " lc rgb " << quoted(s.color);
  if (s.style.find("lines") != std::string::npos) out << " lw 2";
  if (s.style.find("points") != std::string::npos || s.style == "yerrorbars") out << " pt 7 ps 0.7";
  if (!s.dash.empty()) out << " dt " << s.dash;
  out << " title " << quoted(s.title);
  return out.str();
}

std::string plot_body(const Figure& figure, const fs::path& csv) {
  std::ostringstream out;
  out << "set multiplot layout " << figure.panels.size() << ",1 title " << quoted(figure.title)
      << " font ',13'\n";
  for (const auto& panel : figure.panels) {
    out << "unset logscale\n";
    if (panel.log_x) out << "set logscale x\n";
    if (panel.log_y) out << "set logscale y\n";
    out << "set format x '%g'\nset format y '%g'\n";
    out << "set title " << quoted(panel.title) << '\n'
        << "set xlabel " << quoted(panel.x_label) << '\n'
        << "set ylabel " << quoted(panel.y_label) << '\n'
        << "set key " << panel.key << " box opaque\n"
        << "set grid\n"
        << "plot ";
    int automatic_colors = 0;
    for (std::size_t i = 0; i < panel.series.size(); ++i) {
      out << (i ? ", \\\n     " : "")
          << series_clause(figure.data, panel.series[i], csv, automatic_colors);
    }
    out << '\n';
  }
  out << "unset multiplot\n";
  return out.str();
}

bool is_executable_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

// Runs `executable script`, its stdout and stderr going to `log`; returns the exit status.
int run_gnuplot(const GnuplotOptions& options, const fs::path& script, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::string program = options.executable, script_arg = script.string();
  char* argv[] = {program.data(), script_arg.data(), nullptr};
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    throw FileError("render_figure: cannot run '" + options.executable +
                    "': " + std::strerror(spawn_error) + " (install the Debian package gnuplot-nox)");
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw FileError("render_figure: waitpid failed: " + std::string(std::strerror(errno)));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::string palette_color(Index i) {
  const auto size = static_cast<Index>(std::size(palette));
  return palette[static_cast<std::size_t>(((i % size) + size) % size)];
}

void Figure::validate() const {
  require(!panels.empty(), "Figure::validate", "at least one panel", 0);
  require(width >= 100 && width <= 10000, "Figure::validate", "100 ≤ width ≤ 10000", width);
  require(panel_height >= 100 && panel_height <= 10000, "Figure::validate",
          "100 ≤ panel_height ≤ 10000", panel_height);
  for (const auto& panel : panels) {
    require(!panel.series.empty(), "Figure::validate", "at least one series in each panel",
            "none in panel '" + panel.title + "'");
    for (const auto& s : panel.series) {
      (void)data.position(s.x);
      (void)data.position(s.y);
      require(s.y_error.empty() == !is_error_style(s.style), "Figure::validate",
              "a y_error column exactly with a yerrorbars/yerrorlines style",
              "style '" + s.style + "' for series '" + s.title + "'");
      if (!s.y_error.empty()) (void)data.position(s.y_error);
      require(!s.style.empty() && s.style.find_first_of("'\n;") == std::string::npos,
              "Figure::validate", "a gnuplot style name", "'" + s.style + "'");
      require(s.dash.find_first_not_of("0123456789") == std::string::npos, "Figure::validate",
              "a numeric dash type", "'" + s.dash + "'");
      require(s.color.empty() || is_hex_color(s.color), "Figure::validate",
              "a colour \"#rrggbb\"", "'" + s.color + "'");
    }
    require(panel.key.find_first_of("'\n;") == std::string::npos, "Figure::validate",
            "a gnuplot key position", "'" + panel.key + "'");
  }
}

void GnuplotOptions::validate() const {
  require(!executable.empty(), "GnuplotOptions", "a gnuplot executable", "''");
}

bool gnuplot_available(const GnuplotOptions& options) {
  if (options.executable.find('/') != std::string::npos) return is_executable_file(options.executable);
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && is_executable_file(fs::path(dir) / options.executable)) return true;
  }
  return false;
}

std::string gnuplot_script(const Figure& figure, const fs::path& csv, const fs::path& png,
                           const fs::path& svg) {
  const Index height = figure.panel_height * static_cast<Index>(figure.panels.size());
  const std::string body = plot_body(figure, csv);
  std::ostringstream out;
  out << "# Written by varopt (plot/gnuplot.hpp); data: " << csv.filename().string() << "\n"
      << "set encoding utf8\n"
      << "set datafile separator ','\n"
      << "set datafile missing 'NaN'\n"
      << "set autoscale xfix\n";
  for (std::size_t i = 0; i < std::size(palette); ++i)
    out << "set linetype " << i + 1 << " lc rgb " << quoted(palette[i]) << '\n';
  out << "set linetype cycle " << std::size(palette) << '\n'
      << "set terminal pngcairo size " << figure.width << ',' << height
      << " noenhanced font 'DejaVu Sans,11' background rgb 'white'\n"
      << "set output " << quoted(png.string()) << '\n'
      << body << "unset output\n"
      << "set terminal svg size " << figure.width << ',' << height
      << " noenhanced font 'DejaVu Sans,11' background rgb 'white'\n"
      << "set output " << quoted(svg.string()) << '\n'
      << body << "unset output\n";
  return out.str();
}

RenderedFigure render_figure(const Figure& figure, const fs::path& dir, const std::string& stem,
                             const GnuplotOptions& options) {
  figure.validate();
  options.validate();
  require(!stem.empty() && stem.find('/') == std::string::npos, "render_figure",
          "a file stem without '/'", "'" + stem + "'");
  if (options.run && !gnuplot_available(options)) {
    throw FileError("render_figure: gnuplot executable '" + options.executable +
                    "' not found (install the Debian package gnuplot-nox)");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw FileError("render_figure: cannot create directory " + dir.string() + ": " + ec.message());
  const fs::path base = fs::absolute(dir);
  RenderedFigure out{base / (stem + ".csv"), base / (stem + ".gp"), base / (stem + ".png"),
                     base / (stem + ".svg")};
  write_csv(figure.data, out.csv);
  write_file_atomically(out.script, gnuplot_script(figure, out.csv, out.png, out.svg));
  if (!options.run) {
    out.png.clear();
    out.svg.clear();
    return out;
  }
  fs::remove(out.png, ec);
  fs::remove(out.svg, ec);
  const fs::path log = base / (stem + ".gnuplot.log");
  const int status = run_gnuplot(options, out.script, log);
  std::string messages = read_file(log);
  fs::remove(log, ec);
  if (status != 0) {
    throw FileError("render_figure: gnuplot exited with status " + std::to_string(status) +
                    " on " + out.script.string() + ":\n" + messages);
  }
  for (const auto& image : {out.png, out.svg}) {
    if (!fs::is_regular_file(image, ec) || fs::file_size(image, ec) == 0) {
      throw FileError("render_figure: gnuplot did not write " + image.string() + ":\n" + messages);
    }
  }
  return out;
}

}  // namespace varopt::plot
