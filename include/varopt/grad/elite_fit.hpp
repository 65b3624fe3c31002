#pragma once
// The fits of PBIL and the cross-entropy method. Neither follows ∇J; both
// move the distribution towards the maximum-likelihood fit of the best (elite) members, smoothed
// in expectation parameters:
//   Bernoulli     p* = (1 − α) p + α · mean_elite(θ)
//   Categorical   π* = (1 − α) π + α · frequencies_elite(θ)
//   Gaussian      μ* = (1 − α) μ + α · mean_elite(θ),   σ* = (1 − α) σ + α · std_elite(θ)
//                 (per coordinate for GaussianDiagonal, pooled over coordinates for
//                 GaussianIsotropic)
//   Product       each block on its own coordinates.
// update/elite_fit_update.hpp makes ψ* the next ψ: the smoothing α is the method's own step size.
// For small α the step ψ* − ψ is α times the natural gradient of the elite's negative
// log-likelihood (for Bernoulli logits: α(mean_elite − p)/(p(1 − p))), the information-geometric
// view of PBIL and CEM (Ollivier, Arnold, Auger & Hansen 2017, IGO, JMLR 18).
//   PBIL (Baluja 1994, "Population-Based Incremental Learning", CMU-CS-94-163): elite = the best
//        member, α = 0.1 for moderate n (smaller for large n, or bits drift to the wrong value);
//   CEM  (Rubinstein 1999; de Boer, Kroese, Mannor & Rubinstein 2005, "A Tutorial on the
//        Cross-Entropy Method", Ann. Oper. Res. 134): elite = the best ⌈ρλ⌉, ρ ≈ 0.1, smoothing
//        α ∈ [0.4, 0.9].
// Probabilities are kept ≥ min_probability (and ≤ 1 − min_probability) and σ ≥ min_sigma, so the
// logits and log σ stay finite however long the run.
#include "varopt/dist/search_distribution.hpp"

namespace varopt {

struct EliteFitOptions {
  Index elite = 1;                 // μ best members, 1 ≤ μ ≤ λ
  double smoothing = 0.1;          // α ∈ (0, 1]
  double min_probability = 1e-30;  // ε ∈ (0, ½): keeps |logit| ≤ log((1 − ε)/ε) ≈ 69
  double min_sigma = 1e-100;       // σ floor for Gaussian blocks (> 0)
  void validate() const;
};

// ψ* for `distribution` from the elite points (columns of `elite`, dim × μ). Throws
// InvalidArgument for a distribution it cannot fit (not Bernoulli, Categorical, GaussianDiagonal,
// GaussianIsotropic, or a Product of those).
Vec elite_fit_params(const SearchDistribution& distribution, const Mat& elite,
                     const EliteFitOptions& options);

}  // namespace varopt
