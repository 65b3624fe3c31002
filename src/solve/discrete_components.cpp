// The discrete module's named components (see component_table.hpp):
//   distributions  bernoulli, categorical, product (mixed spaces)
//   estimators     rloo, arm, disarm, pbil, cem
//   presets        the first is the default for spaces that are not purely continuous.
// PBIL and CEM are elite-fit update rules (update/elite_fit_update.hpp): the next ψ is the fit to
// the elite smoothed by α, the method's `smoothing`; they take no optimizer.
#include <cmath>

#include "component_table.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/space_distribution.hpp"
#include "varopt/grad/arm.hpp"
#include "varopt/grad/disarm.hpp"
#include "varopt/grad/elite_fit.hpp"
#include "varopt/grad/rloo.hpp"
#include "varopt/update/elite_fit_update.hpp"

namespace varopt::detail {
namespace {

constexpr double kCemEliteFraction = 0.1;  // ρ of de Boer et al. 2005

std::unique_ptr<UpdateRule> elite_fit(const MethodSpec& spec, Index elite, const char* name) {
  require(spec.smoothing > 0 && spec.smoothing <= 1, std::string("estimator '") + name + "'",
          "a smoothing α in (0, 1]", spec.smoothing);
  return std::make_unique<EliteFitUpdate>(
      EliteFitOptions{.elite = elite, .smoothing = spec.smoothing});
}


bool only(const SearchSpace& space, std::initializer_list<VariableKind> kinds) {
  for (const auto& block : space.blocks) {
    bool ok = false;
    for (auto k : kinds) ok = ok || block.kind == k;
    if (!ok) return false;
  }
  return true;
}

double log_dim(const SearchSpace& space) {
  return std::log(static_cast<double>(std::max<Index>(space.dim(), 1)));
}

Index even(Index n) { return n + n % 2; }

// The VO presets: the default distribution of the space, Adam on the logits (and μ, log σ).
MethodSpec vo_preset(const std::string& estimator, Index population, bool antithetic,
                     double learning_rate) {
  MethodSpec s;
  s.distribution = "product";
  s.estimator = estimator;
  s.score = {.baseline = Baseline::none, .shaping = Shaping::none};
  s.optimizer = {.kind = OptimizerKind::adam, .learning_rate = {.initial = learning_rate}};
  s.sampling.population_size = population;
  s.sampling.antithetic = antithetic;
  return s;
}

MethodSpec elite_preset(const std::string& estimator, Index population, double smoothing) {
  MethodSpec s;
  s.distribution = "product";
  s.estimator = estimator;
  s.smoothing = smoothing;
  s.sampling.population_size = population;
  return s;
}

}  // namespace

const std::vector<DistributionEntry>& discrete_distribution_entries() {
  static const std::vector<DistributionEntry> entries = {
      {{"product",
        "one block per space block: Gaussian (diagonal) for continuous, Bernoulli for binary, "
        "categorical for categorical and integer blocks (over the range); discrete blocks start "
        "uniform; a one-block space gets the block's distribution itself"},
       [](const SearchSpace& space, const Vec& center, double spread) {
         return make_space_distribution(space, center, spread);
       }},
      {{"bernoulli", "independent Bernoulli variables with logits (binary spaces)"},
       [](const SearchSpace& space, const Vec&, double) -> std::unique_ptr<SearchDistribution> {
         require(only(space, {VariableKind::binary}), "distribution 'bernoulli'",
                 "a space of binary blocks", "a space with other blocks");
         return std::make_unique<Bernoulli>(Vec::Zero(space.dim()));
       }},
      {{"categorical",
        "independent categorical variables with logits, sampled by stick-breaking (binary, "
        "categorical and integer blocks)"},
       [](const SearchSpace& space, const Vec& center, double spread) {
         require(!only(space, {VariableKind::continuous}) &&
                     only(space,
                          {VariableKind::binary, VariableKind::categorical, VariableKind::integer}),
                 "distribution 'categorical'", "a space of binary, categorical or integer blocks",
                 "a space with continuous blocks");
         return make_space_distribution(space, center, spread, DiscreteAs::categorical);
       }},
  };
  return entries;
}

const std::vector<EstimatorEntry>& discrete_estimator_entries() {
  static const std::vector<EstimatorEntry> entries = {
      {{"rloo",
        "REINFORCE leave-one-out (Kool et al. 2019): the score function with the leave-one-out "
        "baseline, any distribution, population >= 2"},
       gradient_rule([] { return make_rloo(); })},
      {{"arm",
        "ARM (Yin & Zhou 2019) on antithetic pairs; binary, categorical (stick-breaking) and "
        "mixed"},
       gradient_rule([] { return std::make_unique<Arm>(); })},
      {{"disarm",
        "DisARM (Dong et al. 2020, 2021) on antithetic pairs; binary, categorical (stick-breaking) "
        "and mixed"},
       gradient_rule([] { return std::make_unique<Disarm>(); })},
      {{"pbil",
        "PBIL (Baluja 1994): an elite-fit update, the fit to the best member smoothed by α "
        "(--smoothing); no optimizer"},
       [](const MethodSpec& spec, const SearchDistribution&) { return elite_fit(spec, 1, "pbil"); },
       false, true},
      {{"cem",
        "cross-entropy method (de Boer et al. 2005): an elite-fit update, the fit to the best "
        "10% smoothed by α (--smoothing); no optimizer"},
       [](const MethodSpec& spec, const SearchDistribution&) {
         const auto elite = static_cast<Index>(
             std::ceil(kCemEliteFraction * static_cast<double>(spec.sampling.population_size)));
         return elite_fit(spec, std::max<Index>(elite, 1), "cem");
       },
       false, true},
  };
  return entries;
}

const std::vector<PresetEntry>& discrete_preset_entries() {
  static const std::vector<PresetEntry> entries = {
      {{"rloo-vo", "VO with RLOO: default distribution of the space, Adam"},
       [](const SearchSpace& space) {
         return vo_preset("rloo", 2 * (4 + static_cast<Index>(3 * log_dim(space))), false, 0.1);
       }},
      {{"disarm-vo", "VO with DisARM: default distribution of the space, antithetic pairs, Adam"},
       [](const SearchSpace& space) {
         return vo_preset("disarm", even(2 * (4 + static_cast<Index>(3 * log_dim(space)))), true,
                          0.1);
       }},
      {{"score-vo",
        "the lecture's plain score function f(θ)∇log p with the batch-mean baseline, Adam"},
       [](const SearchSpace& space) {
         MethodSpec s =
             vo_preset("score", 2 * (4 + static_cast<Index>(3 * log_dim(space))), false, 0.1);
         s.score.baseline = Baseline::mean;
         return s;
       }},
      {{"pbil", "PBIL (Baluja 1994): move p towards the best of 20 by α = min(0.1, 0.5/√n)"},
       [](const SearchSpace& space) {
         return elite_preset("pbil", 20,
                             std::min(0.1, 0.5 / std::sqrt(static_cast<double>(space.dim()))));
       }},
      {{"cem", "cross-entropy method: refit to the best 10 of 100, smoothing α = min(0.7, 4/√n)"},
       [](const SearchSpace& space) {
         return elite_preset("cem", 100,
                             std::min(0.7, 4 / std::sqrt(static_cast<double>(space.dim()))));
       }},
  };
  return entries;
}

}  // namespace varopt::detail
