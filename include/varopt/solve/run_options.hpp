#pragma once
// The options of one run, one schema for every front end: the command's flags and config files
// (cli/run_config.hpp adds the problem and the workers) and the Python package's keyword
// arguments, all derived from options() (solve/option_table.hpp). A key means the same thing
// everywhere:
//   method        a preset (varopt list methods); empty: the space's default (default_preset)
//   <method key>  a MethodSpec field that overrides the preset's (distribution, estimator,
//                 optimizer, learning_rate, population, ...: MethodSpec::options())
//   x0, sigma0    the start (one value for every coordinate, or one per coordinate) and the
//                 initial σ; by default the problem's or the space's
//   lower, upper  box bounds, one value or one per coordinate (dist/box.hpp); by default the
//                 space's real-block bounds
//   seed, max_evals, max_generations, target, min_sigma, stagnation, stagnation_tolerance,
//   function_tolerance, discrete_convergence (null: never)   StopOptions (solve/stopping.hpp)
//   nonfinite     worst | error (NonFinitePolicy)
//   maximize      the solver minimizes −f; target compares with the user's f
//   restarts, max_restarts   none | ipop | bipop (solve/restarts.hpp)
//   noise_handling           off | evaluations | sigma, with noise_reevaluations and
//                            noise_max_evaluations (solve/noise_handling.hpp)
#include <optional>
#include <string>
#include <vector>

#include "varopt/core/json.hpp"
#include "varopt/solve/option_table.hpp"
#include "varopt/solve/presets.hpp"
#include "varopt/solve/restarts.hpp"

namespace varopt {

struct RunOptions {
  std::string method;                    // empty: default_preset(space)
  Json method_fields = Json::object();   // MethodSpec fields over the preset
  std::optional<std::vector<double>> x0;
  std::optional<double> sigma0;
  std::optional<std::vector<double>> lower, upper;
  std::uint64_t seed = 0;
  StopOptions stop{};
  NonFinitePolicy non_finite = NonFinitePolicy::worst;
  bool maximize = false;
  RestartOptions restarts{};
  NoiseHandlingOptions noise{};

  // Every option of a run, the method's fields among them (their values kept as JSON in
  // method_fields: they apply to the preset, which depends on the space).
  static const OptionTable<RunOptions>& options();
  // Reads the keys of options() from j (a JSON object) and ignores the others: a front end that
  // adds keys refuses the unknown ones itself. null means "the default". Throws InvalidArgument
  // naming a key with a value of the wrong type or out of range, or one that the other options
  // make ignored (noise_reevaluations without noise_handling).
  static RunOptions from_json(const Json& j);
  // Throws InvalidArgument on values out of range (from_json calls it).
  void validate() const;
  // Writes every option that is set into j (±inf bounds as ±1e308: JSON has no infinity).
  void to_json(Json& j) const;
};

// The preset a run of `options` on `space` uses: options.method, or the space's default.
std::string run_method(const RunOptions& options, const SearchSpace& space);

// The solver of a run of `options` on `space`, starting from options.x0 / options.sigma0 or,
// when they are not given, from default_center / default_sigma0 (projected into the bounds).
// Pairs the samples for an estimator that needs pairs (arm, disarm) unless the options say
// antithetic = false. Throws InvalidArgument on sizes or values that do not fit the space, and
// on x0 or sigma0 for a space without real variables (they start the Gaussian of its real
// blocks: discrete ones would ignore them).
RestartSolver make_run_solver(const RunOptions& options, const SearchSpace& space,
                              const Vec& default_center, double default_sigma0);

}  // namespace varopt
