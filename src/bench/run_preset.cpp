#include "varopt/bench/run_preset.hpp"

#include <algorithm>
#include <memory>

#include "varopt/core/error.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt::bench {

RunRecord run_preset(const std::string& preset, const Problem& problem, std::uint64_t seed,
                     const RunLimits& limits) {
  limits.validate();
  require(problem.optimum.has_value(), "run_preset", "a problem with a known optimum",
          problem.name);
  const MethodSpec spec = method_preset(preset, problem.space);
  auto tracker = std::make_shared<TargetTracker>(limits.targets, *problem.optimum);
  Solver solver = make_solver(
      spec, problem.space, problem.initial_center, problem.initial_spread,
      {.seed = seed, .stop = {.max_evaluations = limits.budget, .target = tracker->final_value()}});
  const Summary summary = minimize(tracked_objective(problem.objective, tracker), solver);
  RunRecord record = record_of(*tracker, name_of(summary.termination));
  record.method = preset;
  record.library = "varopt";
  record.function = problem.name;
  record.dim = problem.dim();
  record.seed = seed;
  return record;
}

bool runs_on_continuous_space(const std::string& preset) {
  // One generation on a 2-D sphere: the discrete presets' distributions or estimators reject it.
  try {
    const Problem probe = make_problem("sphere", {.dim = 2});
    Solver solver = make_solver(method_preset(preset, probe.space), probe.space,
                                probe.initial_center, probe.initial_spread, {});
    const Population population = solver.ask();
    Vec fitness(population.size());
    for (Index i = 0; i < population.size(); ++i)
      fitness[i] = probe.objective(population.member(i));
    solver.tell(fitness);
    return true;
  } catch (const InvalidArgument&) {
    return false;
  }
}

std::vector<std::string> continuous_presets() {
  std::vector<std::string> names;
  for (const auto& info : preset_list())
    if (runs_on_continuous_space(info.name)) names.push_back(info.name);
  return names;
}

Method preset_method(const std::string& preset) {
  const auto presets = preset_list();
  std::string known;
  for (const auto& info : presets) known += (known.empty() ? "" : ", ") + info.name;
  require(std::any_of(presets.begin(), presets.end(),
                      [&](const ComponentInfo& info) { return info.name == preset; }),
          "preset_method", "a preset, one of {" + known + "}", "'" + preset + "'");
  require(runs_on_continuous_space(preset), "preset_method", "a preset for continuous spaces",
          "'" + preset + "' (a discrete one)");
  return {preset, "varopt",
          [preset](const Problem& problem, std::uint64_t seed, const RunLimits& limits) {
            return run_preset(preset, problem, seed, limits);
          }};
}

}  // namespace varopt::bench
