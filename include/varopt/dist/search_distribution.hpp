#pragma once
// A search distribution P(θ | ψ) over R^n (or a discrete or mixed space embedded in R^n).
//
// Variational Optimization replaces  f(θ) → min_θ  by the variational bound
//   J(ψ) = E_{θ~P(·|ψ)} f(θ) → min_ψ,
// whose gradient is the score-function (log-derivative) identity
//   ∇ψ J = E[ f(θ) ∇ψ log P(θ|ψ) ]          (Williams 1992; the lecture's slide 7).
// ψ is always unconstrained (log σ, log-diagonal Cholesky, logits), so any optimizer step is valid.
//
// Implementations keep ψ in `params_` and derive cached quantities in `on_params_changed()`.
// Samples are drawn from a Stream (see core/rng.hpp), so they can be regenerated at will.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "varopt/core/rng.hpp"
#include "varopt/core/types.hpp"

namespace varopt {

class Population;

class SearchDistribution {
 public:
  virtual ~SearchDistribution() = default;

  virtual std::string name() const = 0;
  // Dimension of θ.
  virtual Index dim() const = 0;
  // Dimension of ψ.
  Index num_params() const { return params_.size(); }
  const Vec& params() const { return params_; }
  // Replaces ψ; throws InvalidArgument on a wrong size, a non-finite entry or a value the
  // distribution cannot represent, and then leaves ψ unchanged.
  void set_params(const Vec& psi);
  // The same, exchanging ψ with `psi`: on success psi holds the previous ψ, on failure it is
  // unchanged. No allocation: the solver's steady state (solve/solver.hpp) goes through it.
  void swap_params(Vec& psi);

  // The parameters after a step Δψ, in the distribution's own geometry: a retraction that agrees
  // with ψ + Δψ to first order in Δψ. The default is ψ + Δψ; GaussianFull updates its Cholesky
  // factor multiplicatively (see gaussian_full.hpp). Throws InvalidArgument on a wrong size.
  // The result may be unrepresentable (set_params then throws). Written into `next` (resized,
  // not aliasing step): a caller that keeps it lets the first-order steps allocate nothing.
  virtual void params_after_step(ConstVecRef step, Vec& next) const;
  Vec params_after_step(ConstVecRef step) const;

  // θ ~ P(·|ψ) drawn from `stream`; x has size dim().
  virtual void sample(Stream& stream, VecRef x) const = 0;
  // The antithetic partner of sample(): same random numbers, mirrored (Gaussian: μ − σε;
  // Bernoulli: uniforms 1 − u). Only where has_mirror().
  virtual bool has_mirror() const { return false; }
  virtual void sample_mirrored(Stream& stream, VecRef x) const;

  virtual double log_prob(ConstVecRef x) const = 0;
  // grad += weight · ∇ψ log P(x|ψ); grad has size num_params().
  virtual void add_score(ConstVecRef x, double weight, VecRef grad) const = 0;
  // Σ_i weights[i] · ∇ψ log P(θ_i|ψ) over the members of `population` (drawn from this
  // distribution). The default regenerates each member; distributions override it to reuse noise.
  virtual Vec weighted_score_sum(const Population& population, ConstVecRef weights) const;

  virtual double entropy() const = 0;
  // E θ for continuous distributions; the most probable θ for discrete ones.
  virtual Vec center() const = 0;

  // Natural gradient F(ψ)⁻¹ g in closed form, where available (has_natural_gradient()).
  virtual bool has_natural_gradient() const { return false; }
  virtual Vec natural_gradient(ConstVecRef g) const;
  // F(ψ)⁻¹ Σ_i weights[i] ∇ψ log P(θ_i|ψ): the natural gradient of weighted_score_sum (only
  // where has_natural_gradient()). The default composes the two; a distribution overrides it when
  // the structure of the sum makes F⁻¹ cheaper (GaussianFull: O(n² λ) instead of O(n³)).
  // Written into `natural` (resized): a caller that keeps it lets GaussianFull's allocate nothing.
  virtual void natural_weighted_score_sum(const Population& population, ConstVecRef weights,
                                          Vec& natural) const;
  Vec natural_weighted_score_sum(const Population& population, ConstVecRef weights) const;

  // Reparameterized (pathwise) gradient, where θ = T(ψ, ε) is differentiable in ψ:
  // grad += weight · (∂θ/∂ψ)ᵀ ∇f(θ) evaluated at the sample x. Only where is_reparameterizable().
  virtual bool is_reparameterizable() const { return false; }
  virtual void add_pathwise(ConstVecRef x, ConstVecRef grad_f, double weight, VecRef grad) const;

  // Spread: the parameters that set the width of the distribution (log σ, Cholesky factor) or,
  // for discrete distributions, none. spread() measures the width (largest standard deviation
  // along a coordinate axis; for discrete distributions max_i √(Var θ_i)); it goes to 0 as the
  // distribution collapses to a point.
  virtual std::vector<Index> spread_params() const { return {}; }
  virtual double spread() const = 0;
  // The standard deviation of each coordinate (size dim()); spread() for every one where the
  // distribution has none of its own (the default: discrete distributions).
  virtual Vec coordinate_spreads() const { return Vec::Constant(dim(), spread()); }
  // How far a discrete distribution is from one point: max_j P(θ_j ≠ m_j), m_j the most probable
  // value of coordinate j (Bernoulli: min(p_j, 1 − p_j); categorical: 1 − max_c π_jc). It goes
  // to 0 as the distribution collapses onto m; every sample is m with probability ≥ 1 − n · it.
  // nullopt where a coordinate is continuous (the default).
  virtual std::optional<double> off_mode_probability() const { return std::nullopt; }
  // Enforces spread ≥ floor along every axis (σ floor); no-op where it has no meaning.
  virtual void clamp_spread(double /*floor*/) {}
  // Enforces a standard deviation ≥ floors[i] (≥ 0; 0: none) on each coordinate i, where each
  // coordinate has one of its own (diagonal and full Gaussians, and the blocks of a product);
  // no-op elsewhere (an isotropic Gaussian, discrete distributions).
  virtual void clamp_coordinate_spread(ConstVecRef /*floors*/) {}
  // Multiplies the spread by factor > 0 (every σ, or the Cholesky factor, by `factor`: the
  // covariance by factor²); no-op where it has no meaning (discrete distributions).
  virtual void scale_spread(double /*factor*/) {}

  virtual std::unique_ptr<SearchDistribution> clone() const = 0;

 protected:
  explicit SearchDistribution(Vec psi) : params_(std::move(psi)) {}
  SearchDistribution(const SearchDistribution&) = default;
  SearchDistribution& operator=(const SearchDistribution&) = default;
  // Recomputes cached quantities from params_ (σ = exp s, Cholesky factor...).
  virtual void on_params_changed() {}
  // Throws InvalidArgument "<name>::<method>: expected <what> <expected>, got <got>" when
  // got ≠ expected; the message is built only then (these checks sit on per-member paths).
  void require_size(Index got, Index expected, const char* method, const char* what) const;
  void require_point(ConstVecRef x, const char* method) const {
    require_size(x.size(), dim(), method, "a point of dimension");
  }

  Vec params_;
};

}  // namespace varopt
