// The continuous named components: Gaussian distributions, score-function and pathwise
// estimators, and the presets of presets.hpp.
#include <cmath>

#include "component_table.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_full.hpp"
#include "varopt/dist/gaussian_isotropic.hpp"
#include "varopt/grad/pathwise.hpp"
#include "varopt/update/cma_update.hpp"

namespace varopt::detail {
namespace {

void require_continuous(const SearchSpace& space, const std::string& name) {
  require(space.is_continuous(), "the Gaussian distribution '" + name + "'",
          "a continuous search space (for binary, categorical and integer blocks pick a "
          "discrete method: rloo-vo, their default, disarm-vo, score-vo, pbil or cem)",
          "a space with discrete blocks");
}

template <class Gaussian>
DistributionEntry gaussian_entry(std::string name, std::string description) {
  return {{name, std::move(description)},
          [name](const SearchSpace& space, const Vec& center, double spread) {
            require_continuous(space, name);
            return std::make_unique<Gaussian>(center, spread);
          }};
}

double log_dim(const SearchSpace& space) { return std::log(static_cast<double>(space.dim())); }

// λ = 4 + ⌊3 ln n⌋, the NES/CMA-ES default population (Hansen 2016).
Index default_population(const SearchSpace& space) {
  return 4 + static_cast<Index>(std::floor(3.0 * log_dim(space)));
}

Index even(Index n) { return n + n % 2; }

MethodSpec nes(const SearchSpace& space, const char* distribution, double spread_rate) {
  MethodSpec s;
  s.distribution = distribution;
  s.score = {.baseline = Baseline::none, .shaping = Shaping::nes_utilities, .natural = true};
  s.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = {.initial = 1.0}};
  s.sampling.population_size = default_population(space);
  s.spread_learning_rate = spread_rate;
  return s;
}

// CMA-ES's defaults: λ = 4 + ⌊3 ln n⌋, everything else from CmaParameters.
MethodSpec cma(const SearchSpace& space, const char* distribution) {
  MethodSpec s;
  s.distribution = distribution;
  s.estimator = "cma";
  s.sampling.population_size = default_population(space);
  return s;
}

}  // namespace

const std::vector<DistributionEntry>& continuous_distribution_entries() {
  static const std::vector<DistributionEntry> entries = {
      gaussian_entry<GaussianIsotropic>("isotropic", "Gaussian N(μ, σ²I), one shared σ: n + 1 "
                                                     "parameters"),
      gaussian_entry<GaussianDiagonal>("diagonal", "Gaussian N(μ, diag σ²): 2n parameters"),
      gaussian_entry<GaussianFull>("full", "Gaussian N(μ, LLᵀ) with a Cholesky factor: "
                                           "n + n(n+1)/2 parameters"),
  };
  return entries;
}

const std::vector<EstimatorEntry>& continuous_estimator_entries() {
  static const std::vector<EstimatorEntry> entries = {
      {.info = {"score", "score function f(θ)∇log p with a baseline, fitness shaping and "
                         "optionally the natural gradient"},
       .make =
           [](const MethodSpec& spec, const SearchDistribution& distribution) {
             return gradient_step(std::make_unique<ScoreFunction>(spec.score), spec,
                                  distribution);
           },
       .takes_score_options = true},
      {{"pathwise", "reparameterized gradient ∇f(μ + σε); needs the objective's gradient"},
       gradient_rule([] { return std::make_unique<Pathwise>(); })},
      {{"cma",
        "CMA-ES (Hansen 2016): rank-one and rank-mu updates, cumulative step-size adaptation, "
        "active negative weights; full covariance on 'full', separable (sep-CMA-ES) on "
        "'diagonal'; no optimizer"},
       [](const MethodSpec& spec, const SearchDistribution& distribution) {
         return std::make_unique<CmaUpdate>(distribution, spec.sampling.population_size);
       },
       false},
  };
  return entries;
}

const std::vector<PresetEntry>& continuous_preset_entries() {
  static const std::vector<PresetEntry> entries = {
      {{"snes", "separable NES: diagonal Gaussian, natural gradient, NES utilities"},
       [](const SearchSpace& space) {
         return nes(space, "diagonal", (3.0 + log_dim(space)) / (5.0 * std::sqrt(space.dim())));
       }},
      {{"xnes", "exponential NES: full covariance, natural gradient, NES utilities"},
       [](const SearchSpace& space) {
         const double n = static_cast<double>(space.dim());
         return nes(space, "full", (9.0 + 3.0 * log_dim(space)) / (5.0 * n * std::sqrt(n)));
       }},
      {{"cma", "CMA-ES: full covariance, weighted recombination, rank-one and rank-mu updates, "
               "CSA, active update; O(lambda n^2) per generation"},
       [](const SearchSpace& space) { return cma(space, "full"); }},
      {{"sep-cma", "sep-CMA-ES: diagonal covariance, O(lambda n) time and O(n) memory per "
                   "generation (large n)"},
       [](const SearchSpace& space) { return cma(space, "diagonal"); }},
      {{"sgd-vo", "the lecture's Algorithm 1: isotropic Gaussian, f(θ)∇log p, SGD, one sample"},
       [](const SearchSpace&) {
         MethodSpec s;
         s.distribution = "isotropic";
         s.score = {.baseline = Baseline::none, .shaping = Shaping::none};
         s.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = {.initial = 0.01}};
         s.sampling.population_size = 1;
         return s;
       }},
      {{"adam-vo", "diagonal Gaussian, antithetic pairs, centered ranks, Adam"},
       [](const SearchSpace& space) {
         MethodSpec s;
         s.distribution = "diagonal";
         s.score = {.baseline = Baseline::none, .shaping = Shaping::centered_ranks};
         s.optimizer = {.kind = OptimizerKind::adam, .learning_rate = {.initial = 0.05}};
         s.sampling.population_size = even(2 * default_population(space));
         s.sampling.antithetic = true;
         return s;
       }},
      {{"openai-es", "OpenAI-ES: isotropic Gaussian with fixed σ, antithetic, centered ranks, Adam"},
       [](const SearchSpace& space) {
         MethodSpec s;
         s.distribution = "isotropic";
         s.score = {.baseline = Baseline::none, .shaping = Shaping::centered_ranks};
         s.optimizer = {.kind = OptimizerKind::adam, .learning_rate = {.initial = 0.01}};
         s.sampling.population_size = even(4 * default_population(space));
         s.sampling.antithetic = true;
         s.hold_spread = true;
         return s;
       }},
      {{"pgpe", "PGPE: diagonal Gaussian, symmetric sampling, a baseline that leaves the pair "
                "out (unbiased), Adam"},
       [](const SearchSpace& space) {
         MethodSpec s;
         s.distribution = "diagonal";
         s.score = {.baseline = Baseline::leave_one_out, .shaping = Shaping::none};
         s.optimizer = {.kind = OptimizerKind::adam, .learning_rate = {.initial = 0.05}};
         s.sampling.population_size = even(2 * default_population(space));
         s.sampling.antithetic = true;
         s.spread_learning_rate = 0.5;
         return s;
       }},
  };
  return entries;
}

}  // namespace varopt::detail
