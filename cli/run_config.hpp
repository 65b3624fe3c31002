#pragma once
// The configuration of one `varopt minimize` run as a flat JSON object, the single source of
// truth for config files, command-line flags (each flag sets one key) and checkpoints: the
// options of RunOptions and the command's own (the problem, threads, an external objective), one
// table (solve/option_table.hpp) from which the flags and --help derive (option_flags.hpp).
#include <optional>
#include <string>
#include <vector>

#include "varopt/core/json.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/run_options.hpp"

namespace varopt::cli {

struct RunConfig {
  RunOptions run{};  // method, start, bounds, seed, stopping rules, restarts (one schema)
  std::string problem = "rosenbrock";
  ProblemOptions problem_options{.dim = 10};
  unsigned threads = 1;
  // An external program as the objective (docs/workers.md): the space it is defined on (the
  // JSON object of dist/space_json.hpp) and its argv, with the worker pool's settings.
  std::optional<Json> space;
  std::vector<std::string> objective_cmd;
  unsigned workers = 1;
  double timeout = 0;         // seconds per evaluation; 0: none
  Index batch = 0;            // 0: one point per request line; K: batch mode
  int max_retries = 1;
  std::string worker_log;     // empty: the default (docs/workers.md)

  static const OptionTable<RunConfig>& options();
  // Throws InvalidArgument naming an unknown key, or a value of the wrong type or out of range.
  static RunConfig from_json(const Json& j);
  // Throws InvalidArgument naming a key of `given` (what the user set: a config file, flags) that
  // the rest of this config makes ignored (--workers for a built-in problem). Not the keys of a
  // checkpoint's config: it holds every option as it was written.
  void refuse_ignored(const Json& given) const;
  Json to_json() const;
  // The run's options on `problem`: `run` with the stop at the problem's known optimum where it
  // has one to stop at (Problem::stop_at_optimum; not when maximizing, since the optimum is the
  // minimum of f).
  RunOptions run_options(const Problem& problem) const;
};

}  // namespace varopt::cli
