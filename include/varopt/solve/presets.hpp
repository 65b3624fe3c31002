#pragma once
// A method is a configuration of the parts — search distribution, update rule (a gradient
// estimator with an optimizer and σ controls, or an elite fit), sampling — not a separate code
// path. Named presets reproduce known algorithms:
//   sgd-vo     the lecture's Algorithm 1: isotropic Gaussian, plain score function f(θ)∇log p,
//              SGD, one sample per step
//   adam-vo    diagonal Gaussian, antithetic pairs, centered ranks, Adam
//   openai-es  isotropic Gaussian with σ held fixed, antithetic pairs, centered ranks, Adam
//              (Salimans et al. 2017)
//   pgpe       diagonal Gaussian, symmetric (antithetic) sampling, Adam (Sehnke et al. 2010);
//              each pair's baseline is the mean f of the other pairs (unbiased, where PGPE uses
//              a moving average of past rewards; grad/baseline.hpp)
//   snes       diagonal Gaussian, natural gradient, NES utilities, SGD with η_μ = 1,
//              η_σ = (3 + ln n)/(5√n), λ = 4 + ⌊3 ln n⌋ (Schaul et al. 2011)
//   cma        CMA-ES (update/cma_update.hpp), full covariance; sep-cma the diagonal variant
//   xnes       full-covariance Gaussian, natural gradient, NES utilities, η_μ = 1,
//              η_σ = (9 + 3 ln n)/(5 n √n), the factor updated multiplicatively
//              (Glasmachers et al. 2010; Wierstra et al. 2014)
// plus the discrete presets registered by the discrete module (pbil, cem, ...).
// Components are made by name so that the command line and config files share one registry.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "varopt/core/json.hpp"
#include "varopt/dist/search_space.hpp"
#include "varopt/grad/score_function.hpp"
#include "varopt/optim/optimizers.hpp"
#include "varopt/solve/option_table.hpp"
#include "varopt/solve/solver.hpp"

namespace varopt {

struct MethodSpec {
  std::string preset = "custom";       // the preset it started from, for the summary
  std::string distribution = "diagonal";
  std::string estimator = "score";
  ScoreFunctionOptions score{};        // baseline, shaping, natural (score-function estimators)
  OptimizerOptions optimizer{};
  SamplingOptions sampling{};          // λ, mirrored pairs, σ floor (handed to the Solver as is)
  double spread_learning_rate = 1.0;
  bool hold_spread = false;
  double smoothing = 0.1;              // α of the elite-fit rules (pbil, cem), in (0, 1]
  void validate() const;
  // The fields as options (solve/option_table.hpp): their keys, flags, help, and when the rest of
  // the spec makes one ignored (an optimizer for an elite fit, decay for a constant schedule, ...).
  static const OptionTable<MethodSpec>& options();
  // The spec of `defaults` with the fields of j over it; throws InvalidArgument naming a bad or
  // unknown field, or a field of j that the rest of the spec ignores.
  static MethodSpec from_json(const Json& j, const MethodSpec& defaults);
};

struct ComponentInfo {
  std::string name;
  std::string description;
};

std::vector<ComponentInfo> preset_list();
std::vector<ComponentInfo> distribution_list();
std::vector<ComponentInfo> estimator_list();

// The preset's configuration for a space (its defaults may depend on the dimension).
MethodSpec method_preset(const std::string& name, const SearchSpace& space);
// The preset used when none is named: for continuous spaces cma up to n = 1000 and sep-cma beyond,
// otherwise the discrete module's default.
std::string default_preset(const SearchSpace& space);

std::unique_ptr<SearchDistribution> make_distribution(const std::string& name,
                                                      const SearchSpace& space,
                                                      const Vec& center, double spread);
// The update rule of spec for `distribution` (the one the solver will update).
std::unique_ptr<UpdateRule> make_update_rule(const MethodSpec& spec,
                                             const SearchDistribution& distribution);

// Builds the solver of `spec` on `space`, starting at `center` with spread σ₀ = spread (the
// real blocks' start; discrete blocks start uniform whatever their coordinates, which must still
// be finite). Throws InvalidArgument for a center of another dimension or with NaN/inf.
// `options` supplies seed, stopping rules, bounds and the non-finite policy (the bounds of a space
// with ordered integer blocks default to the space's, Box::of, whose rounding they carry); the
// population, sampling and σ controls come from the spec.
Solver make_solver(const MethodSpec& spec, const SearchSpace& space, const Vec& center,
                   double spread, SolverOptions options);

}  // namespace varopt
