#include "run_config.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "varopt/core/error.hpp"
#include "varopt/dist/space_json.hpp"

namespace varopt::cli {
namespace {

// Why the worker pool's settings are ignored: a built-in problem runs in this process.
std::string without_workers(const RunConfig& c) {
  return c.space ? "" : "a built-in problem (the worker settings apply to --objective-cmd)";
}

// Why a built-in problem's setting is ignored: a space runs an external objective. A setting
// left at its default (as a summary's config holds it) is not refused.
template <auto Member>
std::string without_problem(const RunConfig& c) {
  static const RunConfig defaults;
  return c.space && std::invoke(Member, c) != std::invoke(Member, defaults)
             ? "a space (--space: its objective is --objective-cmd, run by --workers)"
             : "";
}
OptionTable<RunConfig> command_options() {
  using C = RunConfig;
  OptionTable<C> t;
  constexpr auto dim = [](const C& c) { return c.problem_options.dim; };
  constexpr auto noise = [](const C& c) { return c.problem_options.noise; };
  constexpr auto seed = [](const C& c) { return c.problem_options.seed; };
  add_options<C>(
      t, "Problem",
      {ignored_with(
           option<C>("problem", "-p,--problem", "problem name (varopt list problems)", &C::problem),
           without_problem<&C::problem>),
       ignored_with(option<C>("dim", "-d,--dim", "dimension of the problem",
                             [](auto& c) -> auto& { return c.problem_options.dim; }),
                   without_problem<dim>),
       ignored_with(option<C>("noise", "--noise",
                             "std of additive Gaussian noise (noisy-* problems)",
                             [](auto& c) -> auto& { return c.problem_options.noise; }),
                   without_problem<noise>),
       ignored_with(option<C>("problem_seed", "--problem-seed",
                             "seed of the problem instance (noisy-*, rotated-*, shifted-*, nk, "
                             "maxcut, knapsack)",
                             [](auto& c) -> auto& { return c.problem_options.seed; }),
                   without_problem<seed>),
       changeable_on_resume(option<C>("threads", "-j,--threads",
                                      "evaluate members on this many threads", &C::threads))});
  const auto run = nested_options<C>(RunOptions::options(), &C::run);
  t.insert(t.end(), run.begin(), run.end());
  // space and objective_cmd: flags of their own (minimize_command.cpp).
  add_options<C>(t, "External objective",
                 {option<C>("space", "", "the search space, a JSON object (--space FILE)",
                            &C::space)});
  OptionTable<C> workers = {
      option<C>("objective_cmd", "",
                "the objective's program and its arguments, an array of strings",
                &C::objective_cmd),
      option<C>("workers", "--workers", "worker processes of --objective-cmd", &C::workers),
      option<C>("timeout", "--timeout", "seconds per evaluation (0: no limit)", &C::timeout),
      option<C>("batch", "--batch",
                "batch mode: up to this many points per request line (0: one point)",
                &C::batch),
      option<C>("max_retries", "--max-retries",
                "attempts more for an evaluation whose worker crashed, hung or broke the protocol",
                &C::max_retries),
      option<C>("worker_log", "--worker-log",
                "append the workers' stderr to this file (default: <checkpoint>.workers.log, "
                "else varopt-workers.log)",
                &C::worker_log)};
  for (auto& row : workers) {  // how the evaluations run: a resumed run may change it
    row.ignored_with = without_workers;
    row.may_change_on_resume = true;
  }
  add_options<C>(t, "External objective", std::move(workers));
  return t;
}

}  // namespace

const OptionTable<RunConfig>& RunConfig::options() {
  static const OptionTable<RunConfig> table = command_options();
  return table;
}

RunConfig RunConfig::from_json(const Json& j) {
  require_json_object(j, "config");
  refuse_unknown_keys(options(), j, "config");
  RunConfig c;
  read_options(options(), j, c);
  c.run.validate();
  if (c.space) space_from_json(*c.space);  // validated here, with its own messages
  require(c.space.has_value() == !c.objective_cmd.empty(), "config",
          "a space (--space) and an objective command (--objective-cmd) together",
          c.space ? std::string("a space without a command")
                  : "a command without a space" +
                        std::string(std::find(c.objective_cmd.begin(), c.objective_cmd.end(),
                                              "--space") != c.objective_cmd.end()
                                        ? " ('--space' is among the command's words: "
                                          "--objective-cmd takes the rest of the line, so "
                                          "put it last)"
                                        : ""));
  if (!c.objective_cmd.empty())
    require(!c.objective_cmd.front().empty(), "config", "a program in objective_cmd", "''");
  if (c.space)
    require(c.threads == 1, "config",
            "workers, not threads, with an objective command (--workers N)",
            detail::concat("threads = ", c.threads));
  require(c.threads >= 1 && c.threads <= 1024, "config", "threads in [1, 1024]", c.threads);
  require(c.workers >= 1 && c.workers <= 1024, "config", "workers in [1, 1024]", c.workers);
  require(std::isfinite(c.timeout) && c.timeout >= 0, "config",
          "a timeout >= 0 seconds (0: none)", c.timeout);
  require(c.batch >= 0, "config", "batch >= 0 (0: one point per request)", c.batch);
  require(c.max_retries >= 0, "config", "max_retries >= 0", c.max_retries);
  require(c.problem_options.noise >= 0, "config", "noise >= 0", c.problem_options.noise);
  return c;
}

RunOptions RunConfig::run_options(const Problem& problem) const {
  RunOptions options = run;
  if (problem.stop_at_optimum && !run.maximize) options.stop.optimum = problem.optimum;
  return options;
}

void RunConfig::refuse_ignored(const Json& given) const {
  varopt::refuse_ignored(options(), given, *this, "config");
}

Json RunConfig::to_json() const {
  Json j = Json::object();
  write_options(options(), *this, j);
  return j;
}

}  // namespace varopt::cli
