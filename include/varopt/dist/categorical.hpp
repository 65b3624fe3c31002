#pragma once
// Product of independent categorical variables θ_i ∈ {0, ..., K_i − 1}, each with its own number
// of categories K_i ≥ 2, parameterized by logits: ψ = (θ-logits of variable 0, of variable 1, ...),
// variable i owning ψ[o_i, o_i + K_i).  With π_i = softmax(ψ_i):
//   log P(θ) = Σ_i [ψ_{i,θ_i} − logsumexp(ψ_i)],   ∂ψ_i log P = e_{θ_i} − π_i,
//   H = Σ_i [logsumexp(ψ_i) − Σ_k π_ik ψ_ik].
// The Fisher matrix diag(π_i) − π_i π_iᵀ is singular (the logits are shift-invariant), so there is
// no natural_gradient().
//
// Sampling is by stick-breaking (Dong, Mnih & Tucker 2021, "Coupled Gradient Estimators for
// Discrete Latent Variables", NeurIPS): order variable i's categories by decreasing logit,
// c_0, ..., c_{K−1} (ties by index); stick r is the binary decision "θ_i = c_r given θ_i ∉
// {c_0..c_{r−1}}", with logit
//   φ_r = ψ_{c_r} − logsumexp(ψ_{c_{r+1}}, ..., ψ_{c_{K−1}}),   σ(φ_r) = π_{c_r} / Σ_{l≥r} π_{c_l},
// and θ_i = c_r for the first r with u_r < σ(φ_r) (c_{K−1} if none), u_r ~ U(0, 1): K − 1 uniforms
// per variable. The mirrored partner uses 1 − u (θ_i from the first r with u_r > σ(−φ_r)), which
// makes an antithetic pair exactly the coupled pair of DisARM/ARM on the sticks (see
// dist/binary_coupling.hpp): θ is a function of independent Bernoulli sticks, so the binary
// estimators apply unchanged, followed by the chain rule ∂φ/∂ψ:
//   ∂φ_r/∂ψ_{c_r} = 1,  ∂φ_r/∂ψ_{c_l} = −π_{c_l} / Σ_{l'>r} π_{c_l'}  (l > r),  0 otherwise.
// Ordering by decreasing probability puts the likely categories on the first sticks, so as the
// distribution concentrates fewer sticks matter (see stick_relevance) and the variance drops.
#include <vector>

#include "varopt/dist/binary_coupling.hpp"
#include "varopt/dist/finite_support.hpp"
#include "varopt/dist/search_distribution.hpp"

namespace varopt {

class Categorical final : public SearchDistribution, public FiniteSupport, public BinaryCoupling {
 public:
  // One variable per entry of `categories` (at least one variable, each K_i ≥ 2); logits of size
  // Σ K_i, finite. Throws InvalidArgument otherwise.
  Categorical(std::vector<Index> categories, Vec logits);
  // Uniform probabilities (zero logits).
  explicit Categorical(std::vector<Index> categories);

  std::string name() const override { return "Categorical"; }
  Index dim() const override { return static_cast<Index>(categories_.size()); }
  const std::vector<Index>& categories() const { return categories_; }
  // ψ[offset(i), offset(i) + K_i) are the logits of variable i.
  Index offset(Index i) const { return offsets_[static_cast<std::size_t>(i)]; }
  // softmax of each variable's logits, concatenated like ψ.
  const Vec& probabilities() const { return probs_; }

  void sample(Stream& stream, VecRef x) const override;
  bool has_mirror() const override { return true; }
  void sample_mirrored(Stream& stream, VecRef x) const override;

  // Throw InvalidArgument unless x has one integer value in [0, K_i) per variable.
  double log_prob(ConstVecRef x) const override;
  void add_score(ConstVecRef x, double weight, VecRef grad) const override;

  double entropy() const override;
  // The most probable category of each variable (the lowest index among ties).
  Vec center() const override;

  // max_i √Var(θ_i) (θ_i as the category index).
  double spread() const override;
  // max_i (1 − max_c π_ic) = max_i σ(−φ) of variable i's first stick (no cancellation).
  std::optional<double> off_mode_probability() const override;
  // Keeps every logit within Bernoulli::logit_bound(floor) of its variable's largest logit, so no
  // category's odds against the mode fall below those of a Bernoulli with √(p(1−p)) = floor
  // (exactly the Bernoulli rule for K = 2).
  void clamp_spread(double floor) override;

  std::unique_ptr<SearchDistribution> clone() const override;

  std::vector<IntegerRange> coordinate_ranges() const override;

  // Σ_i (K_i − 1) sticks; variable i's sticks start at stick_offset(i).
  Index num_sticks() const override { return num_sticks_; }
  Index stick_offset(Index i) const { return stick_offsets_[static_cast<std::size_t>(i)]; }
  Vec stick_logits() const override { return stick_logits_; }
  void stick_uniforms(Stream& stream, VecRef u) const override;
  void stick_relevance(ConstVecRef b1, ConstVecRef b2, VecRef mask) const override;
  void add_stick_gradient(ConstVecRef g_sticks, VecRef grad) const override;

 private:
  void on_params_changed() override;
  // The category of variable i chosen by its sticks b (the first r with b_r = 1, else K − 1).
  Index first_stick(ConstVecRef b, Index i) const;
  void sample_signed(Stream& stream, VecRef x, bool mirrored) const;
  Index check_value(ConstVecRef x, Index i, const char* where) const;

  std::vector<Index> categories_;
  std::vector<Index> offsets_;        // into ψ
  std::vector<Index> stick_offsets_;  // into the sticks
  Index num_sticks_ = 0;
  Vec probs_;
  Vec log_norm_;              // logsumexp(ψ_i) per variable
  std::vector<Index> order_;  // per variable, categories by decreasing logit (like ψ)
  Vec stick_logits_;
  Vec stick_p_, stick_q_;  // σ(φ) and σ(−φ)
};

}  // namespace varopt
