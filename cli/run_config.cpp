#include "run_config.hpp"

#include <cmath>
#include <set>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/dist/space_json.hpp"

namespace varopt::cli {
namespace {

// The command's keys beyond the shared RunOptions schema: the problem, threads, the workers.
const std::set<std::string> kCommandKeys = {
    "problem", "dim", "noise", "problem_seed", "threads", "space", "objective_cmd", "workers",
    "timeout", "batch", "max_retries", "worker_log"};

}  // namespace

RunConfig RunConfig::from_json(const Json& j) {
  require_json_object(j, "config");
  for (const auto& [key, value] : j.items()) {
    if (RunOptions::keys().count(key) || kCommandKeys.count(key)) continue;
    std::string known;
    for (const auto& k : kCommandKeys) known += (known.empty() ? "" : ", ") + k;
    for (const auto& k : RunOptions::keys()) known += ", " + k;
    throw InvalidArgument("config: expected a key among {" + known + "}, got '" + excerpt(key) +
                          "'");
  }
  RunConfig c;
  c.run = RunOptions::from_json(j);
  read_config_value(j, "problem", c.problem);
  read_config_value(j, "dim", c.problem_options.dim);
  read_config_value(j, "noise", c.problem_options.noise);
  read_config_value(j, "problem_seed", c.problem_options.seed);
  read_config_value(j, "threads", c.threads);
  if (j.contains("space") && !j.at("space").is_null()) {
    space_from_json(j.at("space"));  // validated here, with its own messages
    c.space = j.at("space");
  }
  read_config_value(j, "objective_cmd", c.objective_cmd);
  read_config_value(j, "workers", c.workers);
  read_config_value(j, "timeout", c.timeout);
  read_config_value(j, "batch", c.batch);
  read_config_value(j, "max_retries", c.max_retries);
  read_config_value(j, "worker_log", c.worker_log);
  require(c.space.has_value() == !c.objective_cmd.empty(), "config",
          "a space (--space) and an objective command (--objective-cmd) together",
          c.space ? "a space without a command" : "a command without a space");
  if (!c.objective_cmd.empty())
    require(!c.objective_cmd.front().empty(), "config", "a program in objective_cmd", "''");
  if (c.space)
    require(c.threads == 1, "config",
            "workers, not threads, with an objective command (--workers N)",
            detail::concat("threads = ", c.threads));
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

Json RunConfig::to_json() const {
  Json j = Json::object();
  run.to_json(j);
  j["problem"] = problem;
  j["dim"] = problem_options.dim;
  j["noise"] = problem_options.noise;
  j["problem_seed"] = problem_options.seed;
  j["threads"] = threads;
  if (space) {
    j["space"] = *space;
    j["objective_cmd"] = objective_cmd;
    j["workers"] = workers;
    j["timeout"] = timeout;
    j["batch"] = batch;
    j["max_retries"] = max_retries;
    j["worker_log"] = worker_log;
  }
  return j;
}

}  // namespace varopt::cli
