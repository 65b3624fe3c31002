#pragma once
// Product of independent Bernoulli variables, θ ∈ {0, 1}^n, parameterized by logits φ = ψ:
//   P(θ|φ) = Π_j p_j^{θ_j} (1 − p_j)^{1−θ_j},  p_j = σ(φ_j),
//   log P = Σ_j [θ_j log σ(φ_j) + (1 − θ_j) log σ(−φ_j)]     (softplus forms, finite for any φ),
//   ∂φ_j log P = θ_j − p_j,   Fisher diag p_j (1 − p_j),   H = Σ_j [p_j softplus(−φ_j) + (1−p_j)
//   softplus(φ_j)].
// Sampling compares uniforms with the stable sigmoid: θ_j = 1[u_j < σ(φ_j)]; the mirrored
// partner uses 1 − u_j, i.e. θ_j = 1[u_j > σ(−φ_j)]. A pair (sample, sample_mirrored) is therefore
// exactly the coupled pair (b², b¹) of ARM (Yin & Zhou 2019) and DisARM (Dong et al. 2020):
// member 2k is b² = 1[u < σ(φ)], member 2k+1 is b¹ = 1[u > σ(−φ)] (see dist/binary_coupling.hpp).
#include "varopt/dist/binary_coupling.hpp"
#include "varopt/dist/finite_support.hpp"
#include "varopt/dist/search_distribution.hpp"

namespace varopt {

class Bernoulli final : public SearchDistribution, public FiniteSupport, public BinaryCoupling {
 public:
  // ψ = logits (size ≥ 1, finite).
  explicit Bernoulli(Vec logits);
  // n variables, each 1 with probability p ∈ (0, 1).
  static Bernoulli with_probability(Index n, double p);

  std::string name() const override { return "Bernoulli"; }
  Index dim() const override { return params_.size(); }
  // p_j = σ(φ_j) and 1 − p_j = σ(−φ_j), each computed without cancellation.
  const Vec& probabilities() const { return p_; }
  const Vec& complement_probabilities() const { return q_; }

  void sample(Stream& stream, VecRef x) const override;
  bool has_mirror() const override { return true; }
  void sample_mirrored(Stream& stream, VecRef x) const override;

  // Throw InvalidArgument unless x has size n and values in {0, 1}.
  double log_prob(ConstVecRef x) const override;
  void add_score(ConstVecRef x, double weight, VecRef grad) const override;

  double entropy() const override;
  // The most probable point: θ_j = 1[φ_j > 0].
  Vec center() const override;

  // F⁻¹ g = g_j / (p_j (1 − p_j)); p_j (1 − p_j) is floored at the smallest normal double so the
  // result stays finite for saturated logits.
  bool has_natural_gradient() const override { return true; }
  Vec natural_gradient(ConstVecRef g) const override;

  // max_j √(p_j (1 − p_j)).
  double spread() const override;
  // max_j min(p_j, 1 − p_j).
  std::optional<double> off_mode_probability() const override;
  // Keeps √(p_j (1 − p_j)) ≥ floor for every j by pulling saturated logits back to
  // ±logit_bound(floor).
  void clamp_spread(double floor) override;
  // The |φ| at which √(p (1 − p)) = floor (0 for floor ≥ ½).
  static double logit_bound(double floor);

  std::unique_ptr<SearchDistribution> clone() const override;

  std::vector<IntegerRange> coordinate_ranges() const override;

  Index num_sticks() const override { return dim(); }
  Vec stick_logits() const override { return params_; }
  void stick_uniforms(Stream& stream, VecRef u) const override;
  void add_stick_gradient(ConstVecRef g_sticks, VecRef grad) const override;

 private:
  void on_params_changed() override;
  void check_point(ConstVecRef x, const char* where) const;

  Vec p_, q_;
};

}  // namespace varopt
