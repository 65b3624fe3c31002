#pragma once
// Shared by bench/methods_bench.cpp and bench/pagmo/pagmo_methods_bench.cpp: evaluations to reach
// f ≤ target for varopt's built-in methods, and the table both programs print.
//
// Every continuous preset of preset_list() runs from the problem's initial_center with σ₀ =
// initial_spread, with the library's default stopping rules except the budget and the target
// (varopt::bench::run_preset). A run counts whole generations (the solver stops after the
// generation that reached the target), as do the peers; the table shows a successful run's
// evaluations up to the end of that generation, and the target is f − f* ≤ T (f* = 0 here). Presets
// whose distribution rejects a continuous space (the discrete ones) are skipped.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "varopt/bench/run_preset.hpp"
#include "varopt/core/error.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/presets.hpp"

namespace bench {

struct Settings {
  varopt::Index dim = 10;
  double target = 1e-8;
  varopt::Index budget = 200000;  // evaluations per run
  int seeds = 5;                  // runs per (method, problem): seeds 1..seeds
  std::vector<std::string> problems = {"sphere", "rosenbrock"};

  // --dim D --target T --budget B --seeds S; returns false (after a usage line) on bad input.
  bool parse(int argc, char** argv, const char* program) {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (i + 1 >= argc) return usage(program);
      const char* value = argv[++i];
      if (arg == "--dim") {
        dim = std::atol(value);
      } else if (arg == "--target") {
        target = std::strtod(value, nullptr);
      } else if (arg == "--budget") {
        budget = std::atol(value);
      } else if (arg == "--seeds") {
        seeds = std::atoi(value);
      } else {
        return usage(program);
      }
    }
    return dim >= 2 && budget >= 1 && seeds >= 1 ? true : usage(program);
  }
  static bool usage(const char* program) {
    std::fprintf(stderr,
                 "usage: %s [--dim D=10] [--target T=1e-8] [--budget B=200000] "
                 "[--seeds S=5]\n",
                 program);
    return false;
  }
};

struct Run {
  bool reached = false;
  varopt::Index evaluations = 0;  // when reached: evaluations up to the end of that generation
  double best_f = 0;
  std::string stopped_by;  // why a run ended ("target_reached", "spread_collapse", ...)
};

struct Row {
  std::string library;  // "varopt", "pagmo2"
  std::string method;
  std::string problem;
  varopt::Index population = 0;
  std::vector<Run> runs;
};

inline varopt::Problem problem_of(const std::string& name, const Settings& s) {
  return varopt::make_problem(name, {.dim = s.dim});
}

// The continuous presets (those that run a generation on a continuous space).
inline std::vector<std::string> continuous_presets(const Settings&) {
  return varopt::bench::continuous_presets();
}

// A run as the table shows it (library code: varopt/bench/run_record.hpp).
inline Run run_of(const varopt::bench::RunRecord& record) {
  return {record.reached(0), record.evaluations, record.best_f, record.stopped_by};
}

// The runs of one method (varopt::bench::run_preset, or a peer's run function) over seeds 1..S.
inline Row run_method(const std::string& library, const std::string& method,
                      varopt::Index population, const std::string& problem_name, const Settings& s,
                      const varopt::bench::RunFunction& run) {
  const varopt::Problem problem = problem_of(problem_name, s);
  Row row{library, method, problem_name, population, {}};
  const varopt::bench::RunLimits limits{.targets = {s.target}, .budget = s.budget};
  for (int seed = 1; seed <= s.seeds; ++seed)
    row.runs.push_back(run_of(run(problem, static_cast<std::uint64_t>(seed), limits)));
  return row;
}

inline Row run_varopt(const std::string& preset, const std::string& problem_name,
                      const Settings& s) {
  const varopt::Problem problem = problem_of(problem_name, s);
  const varopt::Index population =
      varopt::method_preset(preset, problem.space).sampling.population_size;
  return run_method("varopt", preset, population, problem_name, s,
                    varopt::bench::preset_method(preset).run);
}

inline void print_header(const Settings& s) {
  std::printf("Evaluations to f <= %g, d = %ld, budget %ld evaluations, %d seeds\n", s.target,
              static_cast<long>(s.dim), static_cast<long>(s.budget), s.seeds);
  std::printf("%-8s %-12s %-11s %6s %8s %14s %21s %12s  %s\n", "library", "method", "problem",
              "lambda", "success", "median evals", "evals min..max (ok)", "median best",
              "unreached runs: stopped by (evaluations used, median)");
}

// One line: success rate, the median evaluations over all seeds (an unreached run counts as
// infinitely many), the range over the successful runs, the median best f.
inline void print_row(const Row& row) {
  std::vector<double> evals, best;
  varopt::Index ok = 0, lo = std::numeric_limits<varopt::Index>::max(), hi = 0;
  for (const Run& r : row.runs) {
    evals.push_back(r.reached ? static_cast<double>(r.evaluations)
                              : std::numeric_limits<double>::infinity());
    best.push_back(r.best_f);
    if (r.reached) {
      ++ok;
      lo = std::min(lo, r.evaluations);
      hi = std::max(hi, r.evaluations);
    }
  }
  std::sort(evals.begin(), evals.end());
  std::sort(best.begin(), best.end());
  const double median_evals = evals[(evals.size() - 1) / 2];
  char median_text[32], range[32];
  if (std::isfinite(median_evals)) {
    std::snprintf(median_text, sizeof median_text, "%.0f", median_evals);
  } else {
    std::snprintf(median_text, sizeof median_text, "not reached");
  }
  if (ok > 0) {
    std::snprintf(range, sizeof range, "%ld..%ld", static_cast<long>(lo), static_cast<long>(hi));
  } else {
    std::snprintf(range, sizeof range, "-");
  }
  // The unreached runs: each stopping reason with its count, and the median evaluations used.
  std::map<std::string, int> reasons;
  std::vector<double> used;
  for (const Run& r : row.runs) {
    if (r.reached) continue;
    ++reasons[r.stopped_by];
    used.push_back(static_cast<double>(r.evaluations));
  }
  std::string unreached;
  for (const auto& [reason, count] : reasons)
    unreached += (unreached.empty() ? "" : ", ") + reason + " x" + std::to_string(count);
  if (!used.empty()) {
    std::sort(used.begin(), used.end());
    char buf[48];
    std::snprintf(buf, sizeof buf, " (%.0f)", used[(used.size() - 1) / 2]);
    unreached += buf;
  }
  std::printf("%-8s %-12s %-11s %6ld %4ld/%-3zu %14s %21s %12.3g  %s\n", row.library.c_str(),
              row.method.c_str(), row.problem.c_str(), static_cast<long>(row.population),
              static_cast<long>(ok), row.runs.size(), median_text, range,
              best[(best.size() - 1) / 2], unreached.c_str());
  std::fflush(stdout);
}

}  // namespace bench
