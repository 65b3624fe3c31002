#include "run_config.hpp"

#include <cmath>
#include <set>

#include "varopt/core/error.hpp"
#include "varopt/dist/space_json.hpp"

namespace varopt::cli {
namespace {

const std::set<std::string> kMethodKeys = {
    "distribution", "estimator", "baseline", "shaping", "natural", "optimizer", "learning_rate",
    "schedule", "decay", "time_scale", "learning_rate_floor", "momentum", "population",
    "antithetic", "spread_learning_rate", "hold_spread", "spread_floor", "clip_norm",
    "smoothing"};
const std::set<std::string> kRunKeys = {
    "problem", "dim", "noise", "problem_seed", "method", "x0", "sigma0", "seed", "max_evals",
    "max_generations", "target", "min_sigma", "stagnation", "stagnation_tolerance", "nonfinite",
    "threads", "maximize", "restarts", "max_restarts", "lower", "upper", "space",
    "objective_cmd", "workers", "timeout", "batch", "max_retries", "worker_log"};

template <class T>
void read(const Json& j, const char* key, T& out) {
  if (!j.contains(key) || j.at(key).is_null()) return;
  try {
    out = j.at(key).get<T>();
  } catch (const Json::exception&) {
    throw InvalidArgument(std::string("config: expected '") + key + "' of another type, got " +
                          j.at(key).dump());
  }
}

template <class T>
void read_optional(const Json& j, const char* key, std::optional<T>& out) {
  if (!j.contains(key)) return;
  if (j.at(key).is_null()) {
    out.reset();
    return;
  }
  T value{};
  read(j, key, value);
  out = value;
}

}  // namespace

RunConfig RunConfig::from_json(const Json& j) {
  require(j.is_object(), "config", "a JSON object", j.dump());
  RunConfig c;
  for (const auto& [key, value] : j.items()) {
    if (kMethodKeys.count(key)) {
      c.method_fields[key] = value;
    } else {
      std::string known;
      for (const auto& k : kRunKeys) known += (known.empty() ? "" : ", ") + k;
      for (const auto& k : kMethodKeys) known += ", " + k;
      require(kRunKeys.count(key) > 0, "config", "a key among {" + known + "}", "'" + key + "'");
    }
  }
  read(j, "problem", c.problem);
  read(j, "dim", c.problem_options.dim);
  read(j, "noise", c.problem_options.noise);
  read(j, "problem_seed", c.problem_options.seed);
  read(j, "method", c.method);
  // x0, lower and upper: a number is broadcast to every coordinate.
  const auto read_values = [&](const char* key, std::optional<std::vector<double>>& out) {
    if (j.contains(key) && j[key].is_number()) {
      out = std::vector<double>{j[key].get<double>()};
    } else {
      read_optional(j, key, out);
    }
  };
  read_values("x0", c.x0);
  read_values("lower", c.lower);
  read_values("upper", c.upper);
  read_optional(j, "sigma0", c.sigma0);
  read(j, "seed", c.seed);
  read(j, "max_evals", c.stop.max_evaluations);
  read_optional(j, "max_generations", c.stop.max_generations);
  read_optional(j, "target", c.stop.target);
  read_optional(j, "min_sigma", c.stop.min_spread);
  read_optional(j, "stagnation", c.stop.stagnation_generations);
  read(j, "stagnation_tolerance", c.stop.stagnation_tolerance);
  std::string policy = "worst";
  read(j, "nonfinite", policy);
  require(policy == "worst" || policy == "error", "config", "nonfinite in {worst, error}",
          "'" + policy + "'");
  c.non_finite = policy == "worst" ? NonFinitePolicy::worst : NonFinitePolicy::error;
  read(j, "threads", c.threads);
  read(j, "maximize", c.maximize);
  std::string restarts = "none";
  read(j, "restarts", restarts);
  c.restarts.strategy = restart_strategy_from_name(restarts);
  read(j, "max_restarts", c.restarts.max_restarts);
  c.restarts.validate();
  if (j.contains("space") && !j.at("space").is_null()) {
    space_from_json(j.at("space"));  // validated here, with its own messages
    c.space = j.at("space");
  }
  read(j, "objective_cmd", c.objective_cmd);
  read(j, "workers", c.workers);
  read(j, "timeout", c.timeout);
  read(j, "batch", c.batch);
  read(j, "max_retries", c.max_retries);
  read(j, "worker_log", c.worker_log);
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
  if (c.sigma0) require(*c.sigma0 > 0, "config", "sigma0 > 0", *c.sigma0);
  c.stop.validate();
  return c;
}

Json RunConfig::to_json() const {
  Json j = method_fields;
  j["problem"] = problem;
  j["dim"] = problem_options.dim;
  j["noise"] = problem_options.noise;
  j["problem_seed"] = problem_options.seed;
  j["method"] = method;
  j["x0"] = x0 ? Json(*x0) : Json(nullptr);
  j["sigma0"] = sigma0 ? Json(*sigma0) : Json(nullptr);
  // ±inf as strings: JSON has no infinity (nlohmann reads "inf" back through the flag parser).
  const auto values = [](const std::optional<std::vector<double>>& v) {
    if (!v) return Json(nullptr);
    Json a = Json::array();
    for (double x : *v) a.push_back(std::isfinite(x) ? Json(x) : Json(x > 0 ? 1e308 : -1e308));
    return a;
  };
  j["lower"] = values(lower);
  j["upper"] = values(upper);
  j["seed"] = seed;
  j["max_evals"] = stop.max_evaluations;
  j["max_generations"] = stop.max_generations ? Json(*stop.max_generations) : Json(nullptr);
  j["target"] = stop.target ? Json(*stop.target) : Json(nullptr);
  j["min_sigma"] = stop.min_spread ? Json(*stop.min_spread) : Json(nullptr);
  j["stagnation"] =
      stop.stagnation_generations ? Json(*stop.stagnation_generations) : Json(nullptr);
  j["stagnation_tolerance"] = stop.stagnation_tolerance;
  j["nonfinite"] = non_finite == NonFinitePolicy::worst ? "worst" : "error";
  j["threads"] = threads;
  j["maximize"] = maximize;
  j["restarts"] = name_of(restarts.strategy);
  j["max_restarts"] = restarts.max_restarts;
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
