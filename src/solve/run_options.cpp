#include "varopt/solve/run_options.hpp"

#include <cmath>
#include <limits>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"

namespace varopt {
namespace {

template <class T>
void read_optional(const Json& j, const char* key, std::optional<T>& out) {
  if (!j.contains(key)) return;
  if (j.at(key).is_null()) {
    out.reset();
    return;
  }
  T value{};
  read_config_value(j, key, value);
  out = value;
}

// x0, lower and upper: a number is broadcast to every coordinate.
void read_values(const Json& j, const char* key, std::optional<std::vector<double>>& out) {
  if (j.contains(key) && j.at(key).is_number()) {
    out = std::vector<double>{j.at(key).get<double>()};
  } else {
    read_optional(j, key, out);
  }
}

// Bounds: ±1e308 (how to_json writes an open side, JSON having no infinity) and beyond are ±inf.
void read_bounds(const Json& j, const char* key, std::optional<std::vector<double>>& out) {
  read_values(j, key, out);
  if (!out) return;
  for (double& v : *out)
    if (std::abs(v) >= 1e308) v = std::copysign(std::numeric_limits<double>::infinity(), v);
}

Json values_json(const std::optional<std::vector<double>>& values) {
  if (!values) return nullptr;
  Json a = Json::array();
  for (double x : *values) a.push_back(std::isfinite(x) ? Json(x) : Json(x > 0 ? 1e308 : -1e308));
  return a;
}

template <class T>
Json optional_json(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// The start: x0 broadcast or one per coordinate, else the default projected into the bounds.
Vec run_center(const RunOptions& options, Index dim, const Vec& default_center,
               const Box& bounds) {
  if (!options.x0) {
    require(default_center.size() == dim, "run", "a default start of the space's dimension",
            default_center.size());
    return bounds.empty() ? default_center
                          : Vec(default_center.cwiseMax(bounds.lower).cwiseMin(bounds.upper));
  }
  const auto& x0 = *options.x0;
  if (x0.size() == 1) return Vec::Constant(dim, x0[0]);
  require(static_cast<Index>(x0.size()) == dim, "run",
          "x0 with 1 or " + std::to_string(dim) + " values (the dimension)", x0.size());
  return Eigen::Map<const Vec>(x0.data(), dim);
}

Box run_bounds(const RunOptions& options, const SearchSpace& space) {
  Box bounds = Box::of(space);  // the space's real-block bounds, unless the options say more
  if (!options.lower && !options.upper) return bounds;
  const std::vector<double> none_below{-std::numeric_limits<double>::infinity()};
  const std::vector<double> none_above{std::numeric_limits<double>::infinity()};
  bounds.lower = Box::broadcast(options.lower.value_or(none_below), space.dim(), "lower");
  bounds.upper = Box::broadcast(options.upper.value_or(none_above), space.dim(), "upper");
  bounds.validate(space.dim());
  return bounds;
}

}  // namespace

const std::set<std::string>& RunOptions::method_keys() {
  static const std::set<std::string> keys = {
      "distribution", "estimator", "baseline", "shaping", "natural", "optimizer",
      "learning_rate", "schedule", "decay", "time_scale", "learning_rate_floor", "momentum",
      "population", "antithetic", "spread_learning_rate", "hold_spread", "spread_floor",
      "clip_norm", "smoothing"};
  return keys;
}

const std::set<std::string>& RunOptions::keys() {
  static const std::set<std::string> keys = [] {
    std::set<std::string> k = {"method",     "x0",         "sigma0",     "lower",
                               "upper",      "seed",       "max_evals",  "max_generations",
                               "target",     "min_sigma",  "stagnation", "stagnation_tolerance",
                               "nonfinite",  "maximize",   "restarts",   "max_restarts",
                               "noise_handling", "noise_reevaluations", "noise_max_evaluations",
                               "discrete_convergence"};
    k.insert(method_keys().begin(), method_keys().end());
    return k;
  }();
  return keys;
}

RunOptions RunOptions::from_json(const Json& j) {
  require_json_object(j, "config");
  RunOptions o;
  for (const auto& key : method_keys())
    if (j.contains(key)) o.method_fields[key] = j.at(key);
  read_config_value(j, "method", o.method);
  read_values(j, "x0", o.x0);
  read_bounds(j, "lower", o.lower);
  read_bounds(j, "upper", o.upper);
  read_optional(j, "sigma0", o.sigma0);
  read_config_value(j, "seed", o.seed);
  read_config_value(j, "max_evals", o.stop.max_evaluations);
  read_optional(j, "max_generations", o.stop.max_generations);
  read_optional(j, "target", o.stop.target);
  read_optional(j, "min_sigma", o.stop.min_spread);
  read_optional(j, "stagnation", o.stop.stagnation_generations);
  read_config_value(j, "stagnation_tolerance", o.stop.stagnation_tolerance);
  read_optional(j, "discrete_convergence", o.stop.discrete_convergence);
  std::string policy = "worst";
  read_config_value(j, "nonfinite", policy);
  if (policy != "worst" && policy != "error")
    throw InvalidArgument(std::string("config: expected nonfinite in {worst, error}, got '")
                              .append(excerpt(policy))
                              .append("'"));
  o.non_finite = policy == "worst" ? NonFinitePolicy::worst : NonFinitePolicy::error;
  read_config_value(j, "maximize", o.maximize);
  std::string restarts = "none";
  read_config_value(j, "restarts", restarts);
  o.restarts.strategy = restart_strategy_from_name(restarts);
  read_config_value(j, "max_restarts", o.restarts.max_restarts);
  o.restarts.validate();
  std::string noise_handling = "off";
  read_config_value(j, "noise_handling", noise_handling);
  o.noise.treatment = noise_treatment_from_name(noise_handling);
  read_optional(j, "noise_reevaluations", o.noise.reevaluations);
  read_config_value(j, "noise_max_evaluations", o.noise.max_evaluations_per_point);
  o.noise.validate();
  if (o.sigma0) require(std::isfinite(*o.sigma0) && *o.sigma0 > 0, "config", "sigma0 > 0", *o.sigma0);
  if (o.x0)
    for (double v : *o.x0) require(std::isfinite(v), "config", "finite values in x0", v);
  o.stop.validate();
  return o;
}

void RunOptions::to_json(Json& j) const {
  for (const auto& [key, value] : method_fields.items()) j[key] = value;
  j["method"] = method;
  j["x0"] = values_json(x0);
  j["sigma0"] = optional_json(sigma0);
  j["lower"] = values_json(lower);
  j["upper"] = values_json(upper);
  j["seed"] = seed;
  j["max_evals"] = stop.max_evaluations;
  j["max_generations"] = optional_json(stop.max_generations);
  j["target"] = optional_json(stop.target);
  j["min_sigma"] = optional_json(stop.min_spread);
  j["stagnation"] = optional_json(stop.stagnation_generations);
  j["stagnation_tolerance"] = stop.stagnation_tolerance;
  j["discrete_convergence"] = optional_json(stop.discrete_convergence);
  j["nonfinite"] = non_finite == NonFinitePolicy::worst ? "worst" : "error";
  j["maximize"] = maximize;
  j["restarts"] = name_of(restarts.strategy);
  j["max_restarts"] = restarts.max_restarts;
  j["noise_handling"] = name_of(noise.treatment);
  j["noise_reevaluations"] = optional_json(noise.reevaluations);
  j["noise_max_evaluations"] = noise.max_evaluations_per_point;
}

std::string run_method(const RunOptions& options, const SearchSpace& space) {
  return options.method.empty() ? default_preset(space) : options.method;
}

RestartSolver make_run_solver(const RunOptions& options, const SearchSpace& space,
                              const Vec& default_center, double default_sigma0) {
  MethodSpec spec =
      MethodSpec::from_json(options.method_fields, method_preset(run_method(options, space), space));
  spec.validate();  // before any part is built from it (a population of 10^18 was allocated)
  const Box bounds = run_bounds(options, space);
  const Vec center = run_center(options, space.dim(), default_center, bounds);
  const double sigma0 = options.sigma0.value_or(default_sigma0);
  // --estimator arm|disarm on a preset without pairs: pair the samples, unless the user said
  // antithetic = false (then the solver reports the conflict).
  if (!options.method_fields.contains("antithetic") &&
      make_update_rule(spec, *make_distribution(spec.distribution, space, center, sigma0))
          ->needs_pairs())
    spec.antithetic = true;
  // The solver minimizes −f when maximizing: "stop at f ≥ T" is "stop at −f ≤ −T".
  StopOptions stop = options.stop;
  if (options.maximize && stop.target) stop.target = -*stop.target;
  return RestartSolver(std::move(spec), space, center, sigma0,
                       {.seed = options.seed,
                        .non_finite = options.non_finite,
                        .stop = stop,
                        .bounds = bounds,
                        .noise = options.noise},
                       options.restarts);
}

}  // namespace varopt
