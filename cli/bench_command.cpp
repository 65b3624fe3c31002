// `varopt bench`: a COCO-style benchmark run by the command (varopt/bench/suite.hpp). Every
// method runs on every shifted (and rotated) function and dimension once per seed; the table
// reports the success rate, ERT and median evaluations at the smallest target and the ERT ratio of
// each varopt method to each peer (pagmo2's CMA-ES and xNES, when built with libpagmo-dev); the
// runs go to --json / --csv, the runtime ECDF to -o DIR.
#include "bench_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "bench_report.hpp"
#include "flag_value.hpp"
#include "varopt/bench/run_preset.hpp"
#include "varopt/bench/suite.hpp"
#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/plot/ecdf_figure.hpp"
#include "varopt/plot/gnuplot.hpp"
#include "varopt/solve/presets.hpp"
#ifdef VAROPT_HAVE_PAGMO
#include "varopt/peers/pagmo.hpp"
#endif

namespace varopt::cli {
namespace {

#ifdef VAROPT_HAVE_PAGMO
constexpr const char* kDefaultPeers = "pagmo";
#else
constexpr const char* kDefaultPeers = "none";
#endif

struct BenchArgs {
  std::vector<std::string> methods;
  std::vector<std::string> functions;
  std::vector<Index> dims;
  int seeds = 15;
  bool seeds_given = false;
  std::vector<std::string> targets;
  double budget_multiplier = 1e4;
  std::string peers = kDefaultPeers;
  std::string json_file, csv_file, out_dir;
  bool quick = false;
};

// "1e-8" or a decade range "1e1..1e-8" (every power of ten from the first to the last).
void parse_target(const std::string& text, std::vector<double>& out) {
  const std::string where = "varopt bench --targets";
  const auto number = [&](const std::string& s) {
    std::size_t used = 0;
    double v = std::numeric_limits<double>::quiet_NaN();
    try {
      v = std::stod(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    require(used == s.size() && std::isfinite(v) && v > 0, where,
            "numbers Δf > 0 or a decade range like 1e1..1e-8", "'" + text + "'");
    return v;
  };
  const auto dots = text.find("..");
  if (dots == std::string::npos) {
    out.push_back(number(text));
    return;
  }
  const double first = std::log10(number(text.substr(0, dots)));
  const double last = std::log10(number(text.substr(dots + 2)));
  require(std::abs(first - std::round(first)) < 1e-9 && std::abs(last - std::round(last)) < 1e-9,
          where, "a range between powers of ten like 1e1..1e-8", "'" + text + "'");
  const int a = static_cast<int>(std::lround(first)), b = static_cast<int>(std::lround(last));
  for (int e = a;; e += a <= b ? 1 : -1) {
    out.push_back(std::pow(10.0, e));
    if (e == b) break;
  }
}

std::vector<bench::Method> make_methods(const BenchArgs& args, std::vector<std::string>& peers) {
  std::vector<std::string> names = args.methods;
  if (names.empty()) {
    for (const std::string& preset : bench::continuous_presets())
      if (preset == "snes" || preset == "xnes" || preset == "cma") names.push_back(preset);
  }
  std::vector<bench::Method> methods;
  for (const std::string& name : names) methods.push_back(bench::preset_method(name));
  if (args.peers == "pagmo") {
#ifdef VAROPT_HAVE_PAGMO
    for (bench::Method& peer : peers::pagmo_methods()) {
      peers.push_back(peer.name);
      methods.push_back(std::move(peer));
    }
#else
    throw InvalidArgument(
        "varopt bench --peers: expected none, got 'pagmo': pagmo peers not built (libpagmo-dev not "
        "found)");
#endif
  } else {
    require(args.peers == "none", "varopt bench --peers", "pagmo or none", "'" + args.peers + "'");
  }
  return methods;
}

// The outputs are tried before the runs, which may take hours: a missing directory, a read-only
// one or a missing gnuplot is bad input then, instead of a run's files lost at its end.
void require_outputs_writable(const BenchArgs& args) {
  namespace fs = std::filesystem;
  const auto try_file = [](const std::string& flag, const fs::path& file) {
    try {
      require_atomically_writable(file);
    } catch (const FileError& e) {
      throw FileError(flag + ": " + e.what());
    }
  };
  if (!args.out_dir.empty()) {
    if (!plot::gnuplot_available())
      throw FileError("-o: gnuplot not found, which draws the ECDF (install gnuplot-nox)");
    std::error_code error;
    fs::create_directories(args.out_dir, error);
    if (error)
      throw FileError("-o: cannot create directory '" + args.out_dir + "': " + error.message());
    try_file("-o", fs::path(args.out_dir) / "bench_ecdf.csv");
  }
  if (!args.json_file.empty()) try_file("--json", args.json_file);
  if (!args.csv_file.empty()) try_file("--csv", args.csv_file);
}

void run_bench(const BenchArgs& args) {
  bench::BenchSettings settings;
  if (!args.functions.empty()) settings.functions = args.functions;
  if (args.quick) {
    settings.dims = {2, 5, 10};
    settings.seeds = 3;
  }
  if (!args.dims.empty()) settings.dims = args.dims;
  if (args.seeds_given || !args.quick) settings.seeds = args.seeds;
  if (!args.targets.empty()) {
    settings.targets.clear();
    for (const std::string& t : args.targets) parse_target(t, settings.targets);
  }
  settings.budget_multiplier = args.budget_multiplier;
  settings.validate();
  std::vector<std::string> peers;
  const std::vector<bench::Method> methods = make_methods(args, peers);
  std::vector<std::string> method_names;
  for (const auto& m : methods) method_names.push_back(m.name);
  require_outputs_writable(args);

  // Progress on stderr, one line per (function, dimension) cell.
  const auto start = std::chrono::steady_clock::now();
  const std::size_t per_cell = methods.size() * static_cast<std::size_t>(settings.seeds);
  std::size_t done = 0;
  const auto records = bench::run_suite(settings, methods, [&](const bench::RunRecord& run) {
    if (++done % per_cell != 0) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "bench: %s d=%ld done (%.1f s)\n", run.function.c_str(),
                 static_cast<long>(run.dim), seconds);
  });

  const std::size_t table_target =
      static_cast<std::size_t>(std::min_element(settings.targets.begin(), settings.targets.end()) -
                               settings.targets.begin());
  const auto rows = bench_table(records, method_names, peers, table_target);
  std::printf("varopt bench: %zu functions, d in {", settings.functions.size());
  for (std::size_t i = 0; i < settings.dims.size(); ++i)
    std::printf("%s%ld", i ? "," : "", static_cast<long>(settings.dims[i]));
  std::printf("}, seeds 1..%d, budget %g·d evaluations; table at Δf = %g (of %zu targets)\n",
              settings.seeds, settings.budget_multiplier, settings.targets[table_target],
              settings.targets.size());
  std::printf("%s", format_bench_table(rows, peers).c_str());
  std::fflush(stdout);

  if (!args.json_file.empty())
    write_file_atomically(args.json_file,
                          bench_json(settings, records, rows, peers).dump(1) + "\n");
  if (!args.csv_file.empty()) write_file_atomically(args.csv_file, bench_csv(records));
  if (!args.out_dir.empty()) {
    const plot::RenderedFigure figure =
        plot::render_figure(plot::ecdf_figure(records, method_names, settings.budget_multiplier),
                            args.out_dir, "bench_ecdf");
    std::printf("%s\n%s\n%s\n", figure.png.c_str(), figure.svg.c_str(), figure.csv.c_str());
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "bench",
      "Benchmark presets (and pagmo2's CMA-ES and xNES) on shifted, rotated functions: ERT, "
      "success rates, ratios to the peers, runtime ECDF (COCO's measures)");
  cmd->add_option("--methods", args->methods,
                  "presets, comma-separated (default: snes, xnes and cma where they exist)")
      ->delimiter(',');
  cmd->add_option("--functions", args->functions,
                  "problems, comma-separated (default: the shifted/rotated suite; see varopt "
                  "list problems)")
      ->delimiter(',');
  // Numbers are read strictly (flag_value.hpp): a value out of range names the flag.
  cmd->add_option_function<std::vector<std::string>>(
         "--dims",
         [args](const std::vector<std::string>& texts) {
           args->dims.clear();
           for (const std::string& text : texts)
             args->dims.push_back(parse_flag_value<Index>("--dims", text));
         },
         "dimensions, comma-separated (default 2,5,10,20,40)")
      ->type_name("INT")
      ->delimiter(',');
  CLI::Option* seeds = cmd->add_option_function<std::string>(
      "--seeds",
      [args](const std::string& text) { args->seeds = parse_flag_value<int>("--seeds", text); },
      "runs per (method, function, dim): seeds 1..S (default 15; 3 with --quick)")
      ->type_name("INT");
  cmd->add_option("--targets", args->targets,
                  "precisions f − f*, comma-separated; a decade range like 1e1..1e-8 "
                  "(default 1e-8)")
      ->delimiter(',');
  cmd->add_option_function<std::string>(
      "--budget-multiplier",
      [args](const std::string& text) {
        args->budget_multiplier = parse_flag_value<double>("--budget-multiplier", text);
      },
      "budget = M·d evaluations per run (default 1e4)")
      ->type_name("FLOAT");
  cmd->add_option("--peers", args->peers,
                  std::string("pagmo | none (default ") + kDefaultPeers + ")");
  cmd->add_flag("--quick", args->quick, "dims 2,5,10 and 3 seeds unless given");
  cmd->add_option("--json", args->json_file, "write the runs and the table as JSON");
  cmd->add_option("--csv", args->csv_file, "write the runs as CSV, one line per run");
  cmd->add_option("-o,--out", args->out_dir,
                  "draw the runtime ECDF here (bench_ecdf.png/.svg/.csv)");
  cmd->callback([args, seeds] {
    args->seeds_given = seeds->count() > 0;
    run_bench(*args);
  });
}

}  // namespace varopt::cli
