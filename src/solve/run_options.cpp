#include "varopt/solve/run_options.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// x0, lower and upper: one value for every coordinate (a number) or one per coordinate; bounds
// (open_sides) read ±1e308, how they are written (JSON has no infinity), and beyond as ±inf.
Option<RunOptions> values_option(std::string key, std::string help, bool open_sides,
                                 std::optional<std::vector<double>> RunOptions::*member) {
  Option<RunOptions> row{.key = key, .flag = "--" + key, .type = OptionType::numbers,
                         .help = std::move(help)};
  row.read = [key, open_sides, member](const Json& j, RunOptions& o) {
    auto& out = o.*member;
    if (j.contains(key) && j.at(key).is_number()) {
      out = std::vector<double>{j.at(key).get<double>()};
    } else {
      detail::read_value(j, key, out);
    }
    if (out && open_sides)
      for (double& v : *out)
        if (std::abs(v) >= 1e308) v = std::copysign(std::numeric_limits<double>::infinity(), v);
  };
  row.write = [key, member](const RunOptions& o, Json& j) {
    const auto& values = o.*member;
    j[key] = nullptr;
    if (!values) return;
    j[key] = Json::array();
    for (double x : *values) j[key].push_back(std::isfinite(x) ? x : std::copysign(1e308, x));
  };
  return row;
}

// The method's fields, kept as the JSON values given (checked against their types at once).
Option<RunOptions> method_field(const Option<MethodSpec>& field) {
  Option<RunOptions> row{field.key, field.flag, field.type, field.help, field.group};
  row.read = [key = field.key, read = field.read](const Json& j, RunOptions& o) {
    if (!j.contains(key)) return;
    MethodSpec checked;
    read(j, checked);
    o.method_fields[key] = j.at(key);
  };
  row.write = [key = field.key](const RunOptions& o, Json& j) {
    if (o.method_fields.contains(key)) j[key] = o.method_fields.at(key);
  };
  return row;
}

std::string without_restarts(const RunOptions& o) {
  return o.restarts.strategy != RestartStrategy::none ? "" : "restarts 'none'";
}

std::string without_noise_handling(const RunOptions& o) {
  return o.noise.treatment != NoiseTreatment::none ? "" : "noise_handling 'off'";
}

OptionTable<RunOptions> run_options() {
  using R = RunOptions;
  OptionTable<R> t;
  add_options<R>(t, "Method",
                 {option<R>("method", "-m,--method",
                            "preset (varopt list methods; default: cma, sep-cma beyond 1000 "
                            "variables, or the discrete spaces' own)",
                            &R::method)});
  for (const auto& field : MethodSpec::options()) t.push_back(method_field(field));
  add_options<R>(
      t, "Start and bounds",
      {values_option("x0", "start: one value or one per coordinate (default: the problem's)",
                     false, &R::x0),
       option<R>("sigma0", "--sigma0", "initial σ (default: the problem's)", &R::sigma0),
       values_option("lower",
                     "lower bounds: one value or one per coordinate (points are reflected into "
                     "the box)",
                     true, &R::lower),
       values_option("upper", "upper bounds: one value or one per coordinate", true, &R::upper)});
  add_options<R>(
      t, "Run",
      {option<R>("seed", "-s,--seed", "random seed", &R::seed),
       changeable_on_resume(choice<R>(
           "nonfinite", "--nonfinite",
           "NaN/inf or a throwing objective: counted as the worst value, or stops the run",
           [](auto& o) -> auto& { return o.non_finite; },
           {NonFinitePolicy::worst, NonFinitePolicy::error})),
       switch_option<R>("maximize", "--maximize", "maximize instead of minimize", &R::maximize),
       choice<R>("restarts", "--restarts",
                 "restart runs that stall, with growing (IPOP) or interlaced large and small "
                 "(BIPOP) populations",
                 [](auto& o) -> auto& { return o.restarts.strategy; },
                 {RestartStrategy::none, RestartStrategy::ipop, RestartStrategy::bipop}),
       changeable_on_resume(ignored_with(
           option<R>("max_restarts", "--max-restarts", "at most this many restarts",
                     [](auto& o) -> auto& { return o.restarts.max_restarts; }),
           without_restarts))});
  // Budgets and stopping rules: a saved run may continue with others.
  OptionTable<R> stopping = {
       option<R>("max_evals", "--max-evals", "evaluation budget",
                 [](auto& o) -> auto& { return o.stop.max_evaluations; }),
       option<R>("max_generations", "--max-generations", "generation budget",
                 [](auto& o) -> auto& { return o.stop.max_generations; }),
       option<R>("target", "--target", "stop when best f ≤ target (≥ with --maximize)",
                 [](auto& o) -> auto& { return o.stop.target; }),
       option<R>("min_sigma", "--min-sigma", "stop when σ < this",
                 [](auto& o) -> auto& { return o.stop.min_spread; }),
       option<R>("stagnation", "--stagnation",
                 "stop after this many generations without improvement",
                 [](auto& o) -> auto& { return o.stop.stagnation_generations; }),
       option<R>("stagnation_tolerance", "--stagnation-tolerance",
                 "an improvement of best f by less than this is none (--stagnation)",
                 [](auto& o) -> auto& { return o.stop.stagnation_tolerance; }),
       option<R>("function_tolerance", "--function-tolerance",
                 "stop when the generation-best f of the last 10 + 30n/λ generations, and this "
                 "generation's f, each span less than this (TolFun; default 1e-12; null in a "
                 "config: never)",
                 [](auto& o) -> auto& { return o.stop.function_tolerance; }),
       option<R>("discrete_convergence", "--discrete-convergence",
                 "stop when a discrete distribution puts probability ≥ 1 − this on one point "
                 "(null in a config: never)",
                 [](auto& o) -> auto& { return o.stop.discrete_convergence; })};
  for (auto& row : stopping) row.may_change_on_resume = true;
  add_options<R>(t, "Stopping", std::move(stopping));
  add_options<R>(
      t, "Noisy objectives",
      {choice<R>("noise_handling", "--noise-handling",
                 "for a noisy f, measure how much re-evaluation changes the ranking (UH-CMA-ES) "
                 "and then evaluate each point more often, or widen σ (docs/methods.md)",
                 [](auto& o) -> auto& { return o.noise.treatment; },
                 {NoiseTreatment::none, NoiseTreatment::evaluations, NoiseTreatment::sigma}),
       ignored_with(
           option<R>("noise_reevaluations", "--noise-reevaluations",
                     "members re-evaluated per generation to measure the noise (default 2 + "
                     "λ/20)",
                     [](auto& o) -> auto& { return o.noise.reevaluations; }),
           without_noise_handling),
       ignored_with(option<R>("noise_max_evaluations", "--noise-max-evaluations",
                              "at most this many evaluations per point",
                              [](auto& o) -> auto& { return o.noise.max_evaluations_per_point; }),
                    without_noise_handling)});
  return t;
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
  const bool ordered_integers = std::any_of(space.blocks.begin(), space.blocks.end(),
                                            [](const SpaceBlock& b) { return b.integral; });
  require(
      space.is_continuous() && !ordered_integers, "lower/upper",
      "bounds on a space of real variables only (a space with discrete or ordered integer "
      "blocks takes them on its real blocks: their 'lower' and 'upper')",
      ordered_integers ? "a space with ordered integer blocks" : "a space with discrete blocks");
  require(bounds.empty(), "lower/upper",
          "bounds in one place: the space's blocks or lower/upper (they replaced the blocks' "
          "own without a word)",
          "both");
  const std::vector<double> none_below{-std::numeric_limits<double>::infinity()};
  const std::vector<double> none_above{std::numeric_limits<double>::infinity()};
  bounds.lower = Box::broadcast(options.lower.value_or(none_below), space.dim(), "lower");
  bounds.upper = Box::broadcast(options.upper.value_or(none_above), space.dim(), "upper");
  bounds.validate(space.dim());
  return bounds;
}

}  // namespace

const OptionTable<RunOptions>& RunOptions::options() {
  static const OptionTable<RunOptions> table = run_options();
  return table;
}

RunOptions RunOptions::from_json(const Json& j) {
  require_json_object(j, "config");
  RunOptions o;
  read_options(options(), j, o);
  o.validate();
  refuse_ignored(options(), j, o, "config");
  return o;
}

void RunOptions::validate() const {
  restarts.validate();
  noise.validate();
  if (sigma0) require(std::isfinite(*sigma0) && *sigma0 > 0, "config", "a finite sigma0 > 0", *sigma0);
  if (x0)
    for (double v : *x0) require(std::isfinite(v), "config", "finite values in x0", v);
  stop.validate();
}

void RunOptions::to_json(Json& j) const { write_options(options(), *this, j); }

std::string run_method(const RunOptions& options, const SearchSpace& space) {
  return options.method.empty() ? default_preset(space) : options.method;
}

RestartSolver make_run_solver(const RunOptions& options, const SearchSpace& space,
                              const Vec& default_center, double default_sigma0) {
  const bool real_blocks = std::any_of(space.blocks.begin(), space.blocks.end(), [](const auto& b) {
    return b.kind == VariableKind::continuous;
  });
  if (options.x0 || options.sigma0)
    require(real_blocks, "run",
            "x0 and sigma0 only on a space with real variables (they start the Gaussian of its "
            "real blocks)",
            "a space of discrete variables only");
  MethodSpec spec = MethodSpec::from_json(options.method_fields,
                                          method_preset(run_method(options, space), space));
  spec.validate();  // before any part is built from it (a population of 10^18 was allocated)
  const Box bounds = run_bounds(options, space);
  const Vec center = run_center(options, space.dim(), default_center, bounds);
  const double sigma0 = options.sigma0.value_or(default_sigma0);
  // --estimator arm|disarm on a preset without pairs: pair the samples, unless the user said
  // antithetic = false (then the solver reports the conflict).
  if (!options.method_fields.contains("antithetic") &&
      make_update_rule(spec, *make_distribution(spec.distribution, space, center, sigma0))
          ->needs_pairs())
    spec.sampling.antithetic = true;
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
