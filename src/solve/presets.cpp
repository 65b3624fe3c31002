#include "varopt/solve/presets.hpp"

#include "component_table.hpp"
#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
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
  for (const auto* e : entries) {
    if (e->info.name == name) return *e;
    known += (known.empty() ? "" : ", ") + e->info.name;
  }
  throw InvalidArgument(what + ": expected one of {" + known + "}, got '" + excerpt(name) + "'");
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
  require(population_size >= 1 && population_size <= kMaxPopulationSize, "method",
          "a population size in [1, 2^20]", population_size);
  if (antithetic)
    require(population_size % 2 == 0, "method", "an even population with antithetic pairs",
            population_size);
  require(spread_learning_rate >= 0, "method", "spread_learning_rate >= 0", spread_learning_rate);
  if (spread_floor) require(*spread_floor > 0, "method", "a spread floor > 0", *spread_floor);
  require(smoothing > 0 && smoothing <= 1, "method", "a smoothing in (0, 1]", smoothing);
}

Json MethodSpec::to_json() const {
  const Schedule& lr = optimizer.learning_rate;
  Json j = {{"preset", preset},
            {"distribution", distribution},
            {"estimator", estimator},
            {"baseline", name_of(score.baseline)},
            {"shaping", name_of(score.shaping)},
            {"natural", score.natural},
            {"optimizer", optimizer.kind},
            {"learning_rate", lr.initial},
            {"schedule", Schedule::name_of(lr.kind)},
            {"decay", lr.decay},
            {"time_scale", lr.time_scale},
            {"learning_rate_floor", lr.floor},
            {"momentum", optimizer.momentum},
            {"population", population_size},
            {"antithetic", antithetic},
            {"spread_learning_rate", spread_learning_rate},
            {"hold_spread", hold_spread},
            {"smoothing", smoothing}};
  j["spread_floor"] = spread_floor ? Json(*spread_floor) : Json(nullptr);
  j["clip_norm"] = optimizer.clip_norm ? Json(*optimizer.clip_norm) : Json(nullptr);
  return j;
}

MethodSpec MethodSpec::from_json(const Json& j, const MethodSpec& defaults) {
  require_json_object(j, "method");
  MethodSpec s = defaults;
  const auto get = [&](const char* key, auto& out) { read_config_value(j, key, out); };
  const auto get_optional = [&](const char* key, std::optional<double>& out) {
    if (!j.contains(key)) return;
    if (j.at(key).is_null()) {
      out.reset();
    } else {
      double v = 0;
      get(key, v);
      out = v;
    }
  };
  static const char* const known[] = {
      "preset", "distribution", "estimator", "baseline", "shaping", "natural", "optimizer",
      "learning_rate", "schedule", "decay", "time_scale", "learning_rate_floor", "momentum",
      "population", "antithetic", "spread_learning_rate", "hold_spread", "spread_floor",
      "clip_norm", "smoothing"};
  for (const auto& [key, value] : j.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) throw InvalidArgument("method: expected a known field, got '" + excerpt(key) + "'");
  }
  std::string text;
  get("preset", s.preset);
  get("distribution", s.distribution);
  get("estimator", s.estimator);
  if (j.contains("baseline")) get("baseline", text), s.score.baseline = baseline_from_name(text);
  if (j.contains("shaping")) get("shaping", text), s.score.shaping = shaping_from_name(text);
  get("natural", s.score.natural);
  get("optimizer", s.optimizer.kind);
  get("learning_rate", s.optimizer.learning_rate.initial);
  if (j.contains("schedule"))
    get("schedule", text), s.optimizer.learning_rate.kind = Schedule::kind_from_name(text);
  get("decay", s.optimizer.learning_rate.decay);
  get("time_scale", s.optimizer.learning_rate.time_scale);
  get("learning_rate_floor", s.optimizer.learning_rate.floor);
  get("momentum", s.optimizer.momentum);
  get("population", s.population_size);
  get("antithetic", s.antithetic);
  get("spread_learning_rate", s.spread_learning_rate);
  get("hold_spread", s.hold_spread);
  get_optional("spread_floor", s.spread_floor);
  get_optional("clip_norm", s.optimizer.clip_norm);
  get("smoothing", s.smoothing);
  // A field the chosen update rule would silently ignore is an error.
  static const char* const gradient_only[] = {
      "optimizer", "learning_rate", "schedule", "decay", "time_scale", "learning_rate_floor",
      "momentum", "clip_norm", "spread_learning_rate", "hold_spread"};
  const auto& rule = find(all_estimators(), s.estimator, "estimator");
  for (const char* key : gradient_only) {
    if (!rule.takes_optimizer && j.contains(key))
      throw InvalidArgument(std::string("method: expected no '") + key + "' with estimator '" +
                            s.estimator + "' (an update rule without an optimizer" +
                            (rule.takes_smoothing ? "; its step size is 'smoothing')" : ")"));
  }
  if (!rule.takes_smoothing && j.contains("smoothing"))
    throw InvalidArgument("method: expected 'smoothing' only with the elite-fit estimators "
                          "(pbil, cem), got it with estimator '" + s.estimator + "'");
  return s;
}

Solver make_solver(const MethodSpec& spec, const SearchSpace& space, const Vec& center,
                   double spread, SolverOptions options) {
  spec.validate();
  require(center.size() == space.dim(), "make_solver",
          "a start point of dimension " + std::to_string(space.dim()), center.size());
  options.population_size = spec.population_size;
  options.antithetic = spec.antithetic;
  options.spread_floor = spec.spread_floor;
  auto distribution = make_distribution(spec.distribution, space, center, spread);
  auto update = make_update_rule(spec, *distribution);
  return Solver(std::move(distribution), std::move(update), options);
}

}  // namespace varopt
