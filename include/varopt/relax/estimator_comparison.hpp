#pragma once
// Bias and variance of gradient estimators for categorical variables, measured against the exact
// gradient on a model small enough to enumerate: the lecture's Figure 3 (after Jang, Gu & Poole
// 2017, "Categorical Reparameterization with Gumbel-Softmax", ICLR; Bengio, Léonard & Courville
// 2013, arXiv:1308.3432) as numbers.
//
// Model: K categorical variables z_k ∈ {e_1, ..., e_C} (one-hot), independent, with logits θ_k,
// P(z_k = e_i) = softmax(θ_k)_i; z = (z_1, ..., z_K) ∈ R^{KC} and
//   L(z) = ‖A z − t‖^{2p},  A ∈ R^{d×KC}, t ∈ R^d, p ≥ 1,  ∇_z L = 2p ‖A z − t‖^{2p−2} Aᵀ(A z − t),
// defined on the whole product of simplices, so a relaxed sample y can be fed in place of z.
// p = 1 (quadratic) is a special case for st-gumbel-softmax: as τ → 0 its estimate only differs
// from zero where two categories nearly tie, and there it averages ∇L at the two vertices, which
// integrates the linear ∇L along the edge exactly (the trapezoid rule), so its bias vanishes too
// (docs/relaxation.md measures it); for p > 1 it does not.
// Target: ∇θ J, J(θ) = E_z L(z), exactly by enumeration of the C^K points (grad/enumeration.hpp).
// Estimators (one estimate each; "evaluations" counts L or ∇L calls per estimate):
//   score-function     L(z) ∇θ log P(z)                         (Williams 1992)      unbiased, 1
//   rloo               leave-one-out baseline, λ samples        (Kool et al. 2019)   unbiased, λ
//   arm, disarm        coupled pairs on the stick-breaking sticks (Yin & Zhou 2019; Dong et al.
//                      2020, 2021)                                                   unbiased, 2
//   straight-through   z ~ P; J_softmax(θ)ᵀ ∇_z L(z), as if z = softmax(θ)  (Bengio et al. 2013)
//   gumbel-softmax     y = softmax((θ + G)/τ); (∂y/∂θ)ᵀ ∇_y L(y): unbiased for E L(y), a
//                      different objective; its bias → 0 as τ → 0 while its variance grows
//                      (the VJP carries 1/τ)
//   st-gumbel-softmax  forward z = one_hot(argmax y), backward (∂y/∂θ)ᵀ ∇_z L(z)  (Jang et al.
//                      2017 §2.2); biased, even as τ → 0 unless L is quadratic (see p above).
// The relaxed estimators need ∇L, which the score-function family never asks for.
//
// Part of the lab (target varopt::lab), not of the core: docs/architecture.md, "Targets".
#include <cstdint>
#include <string>
#include <vector>

#include "varopt/core/types.hpp"
#include "varopt/grad/variance_study.hpp"

namespace varopt::relax {

struct CategoricalModelOptions {
  Index variables = 4;   // K ≥ 1
  Index categories = 5;  // C ≥ 2
  Index outputs = 3;     // d ≥ 1
  double power = 2.0;    // p ≥ 1, finite
  // A_ij ~ N(0, 1), t_i ~ N(0, 1) and θ ~ N(0, logit_scale²), all from stream (seed, 0, 0).
  double logit_scale = 1.0;  // ≥ 0, finite
  std::uint64_t seed = 7;
  void validate() const;
};

// The model L(z) = ‖A z − t‖^{2p} over K categorical variables with logits θ.
class CategoricalModel {
 public:
  explicit CategoricalModel(const CategoricalModelOptions& options = {});

  Index variables() const { return variables_; }
  Index categories() const { return categories_; }
  // K·C, the size of z, y and θ (variable k owns entries [kC, (k + 1)C)).
  Index size() const { return variables_ * categories_; }
  double power() const { return power_; }
  const Mat& matrix() const { return a_; }
  const Vec& target() const { return t_; }
  const Vec& logits() const { return logits_; }
  // softmax(θ_k) for every k, concatenated like θ.
  Vec probabilities() const;

  // L(y) for y of size size() (one-hot or relaxed); throws InvalidArgument on a wrong size.
  double loss(ConstVecRef y) const;
  // grad = ∇_y L(y) = 2p ‖A y − t‖^{2p−2} Aᵀ(A y − t).
  void loss_gradient(ConstVecRef y, VecRef grad) const;
  // L at the one-hot point with category indices x (size K, integer values in [0, C)).
  double loss_at_categories(ConstVecRef x) const;

 private:
  double residual_loss(const Vec& residual) const;

  Index variables_, categories_;
  double power_;
  Mat a_;
  Vec t_, logits_;
};

struct EstimatorComparisonOptions {
  CategoricalModelOptions model{};
  std::vector<double> taus = {0.05, 0.1, 0.2, 0.5, 1.0, 2.0};  // each > 0, finite; non-empty
  Index repetitions = 20000;  // independent estimates per row, ≥ 2 and < 2³²
  Index rloo_samples = 4;     // λ of rloo, ≥ 2
  std::uint64_t seed = 1;     // row r draws from seed + r, estimate i from generation i
  void validate() const;
};

struct ComparisonRow {
  std::string estimator;
  double tau = 0;            // NaN for the estimators without a temperature
  EstimatorMoments moments;  // per-component mean, standard errors and variances
  // ‖mean − ∇J‖ and its standard error (delta method). For an unbiased estimator it is noise:
  // about noise_floor = √(Σ_j SE_j²).
  double bias_norm = 0;
  double bias_standard_error = 0;
  double noise_floor = 0;
  double relative_bias = 0;  // bias_norm / ‖∇J‖
  // evaluations · tr Cov ĝ, and an upper bound on its standard error (Σ_j of the components',
  // since the standard deviation of a sum is at most the sum of the standard deviations).
  double variance_per_evaluation = 0;
  double variance_standard_error = 0;
  // Mean over estimates of cos(ĝ, ∇J) (0 for ĝ = 0) and its standard error: 1 only for a
  // noise-free unbiased estimator; it combines bias and variance.
  double mean_cosine = 0;
  double cosine_standard_error = 0;
};

struct EstimatorComparison {
  CategoricalModel model;
  double exact_value = 0;  // J(θ)
  Vec exact_gradient;      // ∇θ J by enumeration
  // score-function, rloo, arm, disarm, straight-through, then gumbel-softmax and
  // st-gumbel-softmax at every τ of the options (in that order).
  std::vector<ComparisonRow> rows;
};

// Throws InvalidArgument on invalid options (or a model with more than 2²⁰ points).
EstimatorComparison compare_estimators(const EstimatorComparisonOptions& options = {});

}  // namespace varopt::relax
