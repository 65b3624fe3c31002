#pragma once
// Uncertainty handling for noisy objectives (Hansen, Niederberger, Guzzella, Koumoutsakos 2009,
// "A method for handling uncertainty in evolutionary optimization with an application to
// feedback control of combustion", IEEE TEC 13(1), the UH-CMA-ES), usable with any preset.
//
// Measurement, every generation: each of the λ members is evaluated k times (f_i: the mean), and
// m of them k more times (f'_i: the mean of the second k; perturbed by ε·σ where continuous, see
// dist/population.hpp). m = ⌊r⌋ + [u < r − ⌊r⌋] with u uniform from the seed, r the expected
// number of re-evaluations (default 2 + λ/20), capped at λ. In the joint list
// L = (f_1..f_λ, f'_1..f'_m) of N = λ + m values, with R_i, R'_i the ranks (1-based, ties by
// position) of f_i and f'_i, and Δ_i = |R_i − R'_i| − 1 the number of values between them:
//   s = 1/m Σ_i [ 2Δ_i − Δlim(R'_i − [f'_i > f_i]) − Δlim(R_i − [f_i > f'_i]) ],
//   Δlim(R) = the θ/2 quantile (nearest rank) of {|1 − R|, |2 − R|, …, |N − 1 − R|},
// so s > 0 when re-evaluation moves ranks more than the θ/2 quantile of a random re-ranking:
// the noise dominates the ranking. s̄ ← (1 − c_s) s̄ + c_s s.
// Treatment, by s̄:
//   evaluations  (any preset) s̄ > 0: k ← k·α; else k ← k·α^(−1/4), k within
//                [1, max_evaluations_per_point] (k is kept real and rounded): the noise of the
//                mean of k evaluations falls as 1/√k; k settles where s̄ > 0 one generation in 5.
//   sigma        (Gaussian presets) s̄ > 0: σ ← σ·α: keeps the distribution wide enough for the
//                ranking to carry information.
// Constants: θ = 0.5, c_s = 0.3, α = 1 + 2/(n + 10), the values of pycma's NoiseHandler (N.
// Hansen et al., github.com/CMA-ES/pycma, cma/optimization_tools.py), which revise the paper's
// θ = 0.2 and α_k = 1.5 for smoother adaptation.
// The members told to the update rule get the mean of all their evaluations. Every evaluation
// counts against the budget.
#include <optional>
#include <string>
#include <vector>

#include "varopt/core/json.hpp"
#include "varopt/core/types.hpp"
#include "varopt/dist/population.hpp"

namespace varopt {

enum class NoiseTreatment { none, evaluations, sigma };
std::string name_of(NoiseTreatment treatment);  // "off" | "evaluations" | "sigma"

struct NoiseHandlingOptions {
  NoiseTreatment treatment = NoiseTreatment::none;
  std::optional<double> reevaluations;  // r, expected re-evaluated members (2 + λ/20)
  double theta = 0.5;                   // θ, the quantile of a random re-ranking
  double smoothing = 0.3;               // c_s
  Index max_evaluations_per_point = 100;
  double perturbation = 1e-7;           // ε, relative to the spread
  bool enabled() const { return treatment != NoiseTreatment::none; }
  void validate() const;
};

// The rank-change measure s above, of first and second means of the m re-evaluated members
// (first[i] and second[i] belong to member i) and the first means of all λ members
// (first.size() = m ≤ λ = all.size(), all[i] = first[i] for i < m). Finite values only.
double rank_change_measure(ConstVecRef all, ConstVecRef second, double theta);

class NoiseHandler {
 public:
  NoiseHandler(NoiseHandlingOptions options, Index population_size, Index dim);

  // The evaluations to ask of generation `generation` (m drawn from the seed).
  EvaluationRepeats repeats(std::uint64_t seed, std::uint32_t generation) const;
  // The next generation's evaluation count, at most: for the budget check.
  Index max_evaluations_next() const;

  // Reduces the evaluations of `population` (one per Population::key) to one value per member,
  // the mean of its finite evaluations (NaN where none is finite), measures s, updates s̄ and k.
  // Returns the per-member means; the caller treats σ when sigma_factor() > 1.
  struct Outcome {
    Vec member_values;
    std::vector<Index> evaluation_of_member;  // an evaluation of each member (for status)
    double sigma_factor = 1;                  // the σ treatment's factor (1: none)
  };
  Outcome reduce(const Population& population, ConstVecRef values,
                 const std::vector<bool>& finite);

  double smoothed_measure() const { return smoothed_; }
  Index evaluations_per_point() const;
  Json state() const;
  void restore(const Json& state);
  Json fingerprint() const;

 private:
  // r: the expected number of re-evaluated members per generation.
  double expected_reevaluations() const;

  NoiseHandlingOptions options_;
  Index population_size_;
  Index dim_;
  double smoothed_ = 0;   // s̄
  double per_point_ = 1;  // k, real
};

}  // namespace varopt
