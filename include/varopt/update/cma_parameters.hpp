#pragma once
// The default strategy parameters of CMA-ES for dimension n and population λ, as in Hansen,
// "The CMA Evolution Strategy: A Tutorial" (arXiv:1604.00772, 2016), Table 1 and §A:
//   μ = ⌊λ/2⌋,  w'_i = ln((λ + 1)/2) − ln i  (i = 1..λ),
//   μ_eff = (Σ_{i≤μ} w'_i)² / Σ_{i≤μ} w'_i²,   μ_eff⁻ the same over i > μ,
//   c_σ = (μ_eff + 2)/(n + μ_eff + 5),   d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ,
//   c_c = (4 + μ_eff/n)/(n + 4 + 2 μ_eff/n),   c_1 = 2/((n + 1.3)² + μ_eff),
//   c_μ = min(1 − c_1, 2 (μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff)),   c_m = 1,
//   weights: w_i = w'_i / Σ_{j≤μ} w'_j for i ≤ μ (they sum to 1); for i > μ (active CMA,
//   Jastrebski & Arnold 2006) w_i = α⁻ w'_i / Σ_{j>μ} |w'_j| with
//   α⁻ = min(1 + c_1/c_μ, 1 + 2 μ_eff⁻/(μ_eff + 2), (1 − c_1 − c_μ)/(n c_μ)),
//   E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21 n²)).
// The separable variant (sep-CMA-ES, Ros & Hansen 2008, PPSN X) adapts only the diagonal of C
// and may learn faster: c_1 and c_μ are multiplied by (n + 2)/3 (c_μ capped at 1 − c_1); it uses
// no negative weights (the diagonal update has no positive-definiteness guarantee with them).
#include <vector>

#include "varopt/core/types.hpp"

namespace varopt {

struct CmaParameters {
  Index dim = 0, population = 0, parents = 0;  // n, λ, μ
  Vec weights;                                 // λ recombination/update weights, best first
  double mu_eff = 0;
  double c_sigma = 0, d_sigma = 0, c_c = 0, c_1 = 0, c_mu = 0;
  double expected_norm = 0;  // E‖N(0, I)‖
  bool active = true;        // negative weights for the worst λ − μ members

  // Throws InvalidArgument unless n ≥ 1 and λ ≥ 2.
  static CmaParameters defaults(Index n, Index lambda, bool separable);
};

}  // namespace varopt
