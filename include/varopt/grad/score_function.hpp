#pragma once
// The score-function (log-derivative, REINFORCE) estimator of the lecture (Williams 1992):
//   ∇ψ J = E[ f(θ) ∇ψ log P(θ|ψ) ]  ≈  ĝ = (1/λ) Σ_k w_k ∇ψ log P(θ_k|ψ),
// with w = baseline(shaping(f)) (see baseline.hpp, fitness_shaping.hpp). With λ = 1, no baseline
// and no shaping, ĝ = f(θ)∇ψ log P(θ|ψ): line 4 of the lecture's Algorithm 1 (SGD-VO), an
// unbiased estimate. That plain estimate needs {.baseline = Baseline::none}: the default options
// subtract the mean baseline, which makes E ĝ = (λ − 1)/λ ∇ψ J with independent members and
// (λ − 2)/λ ∇ψ J with antithetic pairs (a uniform shrinkage, baseline.hpp) and needs λ ≥ 2
// (λ ≥ 4 with pairs); Baseline::leave_one_out is the unbiased choice.
// Antithetic pairs θ± = μ ± σε (population option) give, for the mean,
//   ĝ_μ = Σ_pairs (f₊ − f₋) ε / (2σ · pairs)    (Salimans et al. 2017; Sehnke et al. 2010).
// natural = true returns F(ψ)⁻¹ ĝ, the natural gradient (Amari 1998; NES, Wierstra et al. 2014).
#include "varopt/grad/baseline.hpp"
#include "varopt/grad/estimator.hpp"
#include "varopt/grad/fitness_shaping.hpp"

namespace varopt {

struct ScoreFunctionOptions {
  Baseline baseline = Baseline::mean;  // not the lecture's plain estimate: see above
  Shaping shaping = Shaping::none;
  bool natural = false;
};

class ScoreFunction final : public GradientEstimator {
 public:
  explicit ScoreFunction(ScoreFunctionOptions options = {}) : options_(options) {}
  std::string name() const override;
  // A baseline is taken from the other members (the other pairs, with antithetic sampling):
  // λ ≥ 2, or 4 with pairs. Any shaping needs λ ≥ 2: the weights of one member are all 0 (the
  // only rank's centered weight and NES utility, a z-score of one value), and so is ĝ.
  MinimumPopulation min_population(bool antithetic) const override;
  using GradientEstimator::gradient;
  void gradient(const Population& population, const Evaluations& evaluations,
                Vec& g) const override;
  std::unique_ptr<GradientEstimator> clone() const override {
    return std::make_unique<ScoreFunction>(*this);
  }
  const ScoreFunctionOptions& options() const { return options_; }

 private:
  ScoreFunctionOptions options_;
};

}  // namespace varopt
