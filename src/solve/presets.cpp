#include "varopt/solve/presets.hpp"

#include <algorithm>

#include "component_table.hpp"
#include "varopt/core/closest_name.hpp"
#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/dist/box.hpp"
#include "varopt/optim/scale_masked.hpp"
#include "varopt/update/gradient_step.hpp"

namespace varopt {
namespace {

template <class Entry>
std::vector<const Entry*> join(const std::vector<Entry>& a, const std::vector<Entry>& b) {
  std::vector<const Entry*> all;
  for (const auto* table : {&a, &b})
    for (const auto& e : *table) all.push_back(&e);
  return all;
}

auto all_distributions() {
  return join(detail::continuous_distribution_entries(), detail::discrete_distribution_entries());
}
auto all_estimators() {
  return join(detail::continuous_estimator_entries(), detail::discrete_estimator_entries());
}
auto all_presets() {
  return join(detail::continuous_preset_entries(), detail::discrete_preset_entries());
}

template <class Entry>
std::vector<ComponentInfo> infos(const std::vector<const Entry*>& entries) {
  std::vector<ComponentInfo> out;
  for (const auto* e : entries) out.push_back(e->info);
  return out;
}

template <class Entry>
const Entry& find(const std::vector<const Entry*>& entries, const std::string& name,
                  const std::string& what) {
  std::string known;
  std::vector<std::string> names;
  for (const auto* e : entries) {
    if (e->info.name == name) return *e;
    known += (known.empty() ? "" : ", ") + e->info.name;
    names.push_back(e->info.name);
  }
  throw InvalidArgument(what + ": expected one of {" + known + "}, got '" + excerpt(name) + "'" +
                        did_you_mean(name, names));
}

}  // namespace

std::vector<ComponentInfo> preset_list() { return infos(all_presets()); }
std::vector<ComponentInfo> distribution_list() { return infos(all_distributions()); }
std::vector<ComponentInfo> estimator_list() { return infos(all_estimators()); }

MethodSpec method_preset(const std::string& name, const SearchSpace& space) {
  require(space.dim() >= 1, "method '" + excerpt(name) + "'", "a space of dimension >= 1",
          space.dim());
  MethodSpec spec = find(all_presets(), name, "method").make(space);
  spec.preset = name;
  return spec;
}

std::string default_preset(const SearchSpace& space) {
  // CMA-ES adapts a full covariance (rotated, ill-conditioned problems) in fewer evaluations
  // than the NES presets, at O(n²) memory and O(λn²) time per generation; beyond n = 1000 the
  // separable sep-CMA-ES (O(λn)) scales better.
  if (space.is_continuous() || detail::discrete_preset_entries().empty())
    return space.dim() <= 1000 ? "cma" : "sep-cma";
  return detail::discrete_preset_entries().front().info.name;
}

std::unique_ptr<SearchDistribution> make_distribution(const std::string& name,
                                                      const SearchSpace& space,
                                                      const Vec& center, double spread) {
  return find(all_distributions(), name, "distribution").make(space, center, spread);
}

std::unique_ptr<UpdateRule> make_update_rule(const MethodSpec& spec,
                                             const SearchDistribution& distribution) {
  return find(all_estimators(), spec.estimator, "estimator").make(spec, distribution);
}

std::unique_ptr<UpdateRule> detail::gradient_step(std::unique_ptr<GradientEstimator> estimator,
                                                  const MethodSpec& spec,
                                                  const SearchDistribution& distribution) {
  auto chain = std::make_unique<Chain>();
  const std::vector<Index> spread = distribution.spread_params();
  if (spec.hold_spread) chain->then(std::make_unique<ScaleMasked>(spread, 0.0, "spread"));
  chain->then(make_optimizer(spec.optimizer).clone());
  if (!spec.hold_spread && spec.spread_learning_rate != 1.0)
    chain->then(std::make_unique<ScaleMasked>(spread, spec.spread_learning_rate, "spread"));
  return std::make_unique<GradientStep>(std::move(estimator), std::move(chain));
}

void MethodSpec::validate() const {
  find(all_distributions(), distribution, "distribution");
  find(all_estimators(), estimator, "estimator");
  optimizer.validate();
  sampling.validate("method");
  require(spread_learning_rate >= 0, "method", "spread_learning_rate >= 0", spread_learning_rate);
  require(smoothing > 0 && smoothing <= 1, "method", "a smoothing in (0, 1]", smoothing);
}

namespace {

const detail::EstimatorEntry& rule_of(const MethodSpec& spec) {
  return find(all_estimators(), spec.estimator, "estimator");
}

// The fields of a gradient step (optimizer, learning rate, σ controls) are ignored by an update
// rule without an optimizer: why, or "" when they apply.
std::string without_optimizer(const MethodSpec& spec) {
  const auto& rule = rule_of(spec);
  if (rule.takes_optimizer) return "";
  return "estimator '" + spec.estimator + "' (an update rule without an optimizer" +
         (rule.takes_smoothing ? "; its step size is 'smoothing')" : ")");
}

// A parameter of the learning-rate schedules `kinds` (`what` it is): ignored by the others.
auto schedule_parameter(std::vector<Schedule::Kind> kinds, std::string what) {
  return [kinds, what](const MethodSpec& spec) {
    const std::string why = without_optimizer(spec);
    const Schedule::Kind kind = spec.optimizer.learning_rate.kind;
    if (!why.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) return why;
    return "schedule '" + Schedule::name_of(kind) + "' (" + what + ")";
  };
}

std::string without_momentum(const MethodSpec& spec) {
  const std::string why = without_optimizer(spec);
  if (!why.empty() || spec.optimizer.with_momentum()) return why;
  return "optimizer '" + name_of(spec.optimizer.kind) +
         "' (momentum is the β of the momentum and nesterov optimizers)";
}

std::string with_spread_held(const MethodSpec& spec) {
  const std::string why = without_optimizer(spec);
  if (!why.empty() || !spec.hold_spread) return why;
  return "hold_spread 'true' (σ is held fixed: there is no σ step to scale)";
}

std::string without_score_function(const MethodSpec& spec) {
  if (rule_of(spec).takes_score_options) return "";
  return "estimator '" + spec.estimator +
         "' (baseline, shaping and natural are the score-function estimator's: --estimator score)";
}

std::string without_smoothing(const MethodSpec& spec) {
  if (rule_of(spec).takes_smoothing) return "";
  return "estimator '" + spec.estimator +
         "' (smoothing is the step size of the elite-fit estimators pbil and cem)";
}

OptionTable<MethodSpec> method_options() {
  using S = MethodSpec;
  using Kind = Schedule::Kind;
  OptionTable<S> t;
  add_options<S>(
      t, "Method parts (default: the preset's)",
      {option<S>("distribution", "--distribution",
                 "search distribution (varopt list distributions)", &S::distribution),
       option<S>("estimator", "--estimator",
                 "gradient estimator or elite-fit rule (varopt list estimators)", &S::estimator),
       ignored_with(choice<S>("baseline", "--baseline", "score function: baseline",
                              [](auto& s) -> auto& { return s.score.baseline; },
                              {Baseline::none, Baseline::mean, Baseline::leave_one_out}),
                    without_score_function),
       ignored_with(choice<S>("shaping", "--shaping", "score function: fitness shaping",
                              [](auto& s) -> auto& { return s.score.shaping; },
                              {Shaping::none, Shaping::centered_ranks, Shaping::nes_utilities,
                               Shaping::z_score}),
                    without_score_function),
       ignored_with(option<S>("natural", "--natural", "score function: natural gradient",
                              [](auto& s) -> auto& { return s.score.natural; }),
                    without_score_function),
       ignored_with(choice<S>("optimizer", "--optimizer", "",
                              [](auto& s) -> auto& { return s.optimizer.kind; },
                              {OptimizerKind::sgd, OptimizerKind::momentum,
                               OptimizerKind::nesterov, OptimizerKind::adam}),
                    without_optimizer),
       ignored_with(option<S>("learning_rate", "--lr", "learning rate γ",
                              [](auto& s) -> auto& { return s.optimizer.learning_rate.initial; }),
                    without_optimizer),
       ignored_with(choice<S>("schedule", "--schedule", "",
                              [](auto& s) -> auto& { return s.optimizer.learning_rate.kind; },
                              {Kind::constant, Kind::exponential, Kind::inverse_time},
                              &Schedule::name_of),
                    without_optimizer),
       ignored_with(option<S>("decay", "--decay", "exponential schedule: factor per step",
                              [](auto& s) -> auto& { return s.optimizer.learning_rate.decay; }),
                    schedule_parameter({Kind::exponential},
                                       "decay is the exponential schedule's factor per step")),
       ignored_with(
           option<S>("time_scale", "--time-scale", "inverse-time schedule: t₀ of γ₀/(1 + t/t₀)",
                     [](auto& s) -> auto& { return s.optimizer.learning_rate.time_scale; }),
           schedule_parameter({Kind::inverse_time},
                              "time_scale is the inverse-time schedule's t₀")),
       ignored_with(option<S>("learning_rate_floor", "--lr-floor",
                              "exponential and inverse-time schedules: keep γ ≥ this",
                              [](auto& s) -> auto& { return s.optimizer.learning_rate.floor; }),
                    schedule_parameter({Kind::exponential, Kind::inverse_time},
                                       "a constant learning rate has no floor")),
       ignored_with(option<S>("momentum", "--momentum", "momentum β",
                              [](auto& s) -> auto& { return s.optimizer.momentum; }),
                    without_momentum),
       ignored_with(option<S>("clip_norm", "--clip", "clip the gradient to this norm",
                              [](auto& s) -> auto& { return s.optimizer.clip_norm; }),
                    without_optimizer),
       option<S>("population", "-n,--population", "samples per generation λ",
                 [](auto& s) -> auto& { return s.sampling.population_size; }),
       option<S>("antithetic", "--antithetic", "mirrored pairs",
                 [](auto& s) -> auto& { return s.sampling.antithetic; }),
       ignored_with(option<S>("spread_learning_rate", "--spread-lr", "step scale for log σ",
                              &S::spread_learning_rate),
                    with_spread_held),
       ignored_with(option<S>("hold_spread", "--hold-sigma", "keep σ fixed", &S::hold_spread),
                    without_optimizer),
       ignored_with(option<S>("smoothing", "--smoothing",
                              "step size α in (0, 1] of the elite-fit estimators (pbil, cem)",
                              &S::smoothing),
                    without_smoothing),
       option<S>("spread_floor", "--sigma-floor", "keep σ ≥ this",
                 [](auto& s) -> auto& { return s.sampling.spread_floor; })});
  return t;
}

}  // namespace

const OptionTable<MethodSpec>& MethodSpec::options() {
  static const OptionTable<MethodSpec> table = method_options();
  return table;
}

MethodSpec MethodSpec::from_json(const Json& j, const MethodSpec& defaults) {
  require_json_object(j, "method");
  refuse_unknown_keys(options(), j, "method");
  MethodSpec spec = defaults;
  read_options(options(), j, spec);
  refuse_ignored(options(), j, spec, "method");
  return spec;
}

Solver make_solver(const MethodSpec& spec, const SearchSpace& space, const Vec& center,
                   double spread, SolverOptions options) {
  spec.validate();
  require(center.size() == space.dim(), "make_solver",
          "a start point of dimension " + std::to_string(space.dim()), center.size());
  // (Discrete blocks start uniform and do not read their coordinates, which were never checked.)
  require(center.allFinite(), "make_solver", "a finite start point", "a NaN or inf coordinate");
  // The points of ordered integer blocks are rounded by the box, which therefore always holds
  // them: the space's own when none is given.
  if (const Box of_space = Box::of(space); !of_space.integral.empty()) {
    if (options.bounds.empty()) options.bounds = of_space;
    options.bounds.integral = of_space.integral;
  }
  auto distribution = make_distribution(spec.distribution, space, center, spread);
  auto update = make_update_rule(spec, *distribution);
  return Solver(std::move(distribution), std::move(update), spec.sampling, options);
}

}  // namespace varopt
