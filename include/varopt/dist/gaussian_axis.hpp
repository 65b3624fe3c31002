#pragma once
// Axis-aligned Gaussian search distribution N(μ, diag σ²): the common implementation of
// GaussianIsotropic (one σ shared by all coordinates) and GaussianDiagonal (one σ_i each).
//
// ψ = (μ ∈ R^n, s ∈ R^m) with s = log σ unconstrained; m = 1 (shared) or m = n (per coordinate).
// Sample θ = μ + σ ⊙ ε, ε ~ N(0, I) the first n normals of the stream; mirrored θ = μ − σ ⊙ ε.
//   log p(θ) = −(n/2) log 2π − Σ_i log σ_i − ½ ‖ε‖²,  ε = (θ − μ)/σ,
//   ∂μ_i log p = ε_i/σ_i,   ∂s log p = ε_i² − 1 per coordinate (summed over i when shared),
//   Fisher F = diag(1/σ_i², 2 n/m)  ⇒  natural gradient (σ_i² g_μi, g_s m/(2n)),
//   H = (n/2) log(2π e) + Σ_i log σ_i.
// Pathwise (θ = μ + σ ε): ∂θ/∂μ_i = 1, ∂θ_i/∂s = σ_i ε_i (summed over i when shared).
// The score-function form is Williams (1992); the natural gradient of the separable Gaussian is
// SNES (Schaul, Glasmachers & Schmidhuber 2011; Wierstra et al. 2014, JMLR 15, §5).
//
// Range: every s must lie in [−300, 300] (σ, σ² and 1/σ² finite). set_params with an s outside
// throws InvalidArgument after clamping that s into the range (ψ is assigned by the base class
// before the distribution sees it; the distribution stays consistent, never NaN).
#include <memory>
#include <string>
#include <vector>

#include "varopt/dist/normal_noise_sampler.hpp"
#include "varopt/dist/search_distribution.hpp"

namespace varopt {

class AxisGaussian : public SearchDistribution, public NormalNoiseSampler {
 public:
  Index dim() const override { return dim_; }
  // μ, a view into ψ.
  Eigen::VectorBlock<const Vec> mean() const { return params_.head(dim_); }

  void sample(Stream& stream, VecRef x) const override;
  bool has_mirror() const override { return true; }
  void sample_mirrored(Stream& stream, VecRef x) const override;
  // x = μ + σ ⊙ ε (mirrored: μ − σ ⊙ ε).
  void map_noise(ConstVecRef eps, VecRef x, bool mirrored) const override;

  double log_prob(ConstVecRef x) const override;
  void add_score(ConstVecRef x, double weight, VecRef grad) const override;
  // One regeneration of each ε per antithetic pair, in fixed chunks of coordinates (parallel
  // when OpenMP is available, bit-identical for any thread count); O(n) memory.
  Vec weighted_score_sum(const Population& population, ConstVecRef weights) const override;

  double entropy() const override;
  Vec center() const override { return mean(); }

  bool has_natural_gradient() const override { return true; }
  Vec natural_gradient(ConstVecRef g) const override;

  bool is_reparameterizable() const override { return true; }
  void add_pathwise(ConstVecRef x, ConstVecRef grad_f, double weight, VecRef grad) const override;

  std::vector<Index> spread_params() const override;
  // max_i σ_i.
  double spread() const override;
  Vec coordinate_spreads() const override { return sigma_; }
  // σ_i ← max(σ_i, floor), i.e. s ← max(s, log floor).
  void clamp_spread(double floor) override;
  // σ_i ← max(σ_i, floors[i]) with a σ per coordinate; no-op with one shared σ.
  void clamp_coordinate_spread(ConstVecRef floors) override;
  void scale_spread(double factor) override;

 protected:
  // ψ = (mean, log_scales); log_scales has size 1 (shared) or mean.size().
  AxisGaussian(const Vec& mean, const Vec& log_scales);
  AxisGaussian(const AxisGaussian&) = default;
  AxisGaussian& operator=(const AxisGaussian&) = default;
  void on_params_changed() override;

  // σ per coordinate (size n; all equal when shared).
  const Vec& scales() const { return sigma_; }

 private:
  // σ from s = params_.tail(num_scales_), without validation.
  void update_scales();
  // Σ_i log σ_i = log √det Σ.
  double log_det() const;
  void sample_signed(Stream& stream, VecRef x, bool mirrored) const;
  // grad_s += weight · (per-coordinate terms), summed when the scale is shared.
  void add_scale_terms(const Vec& per_coordinate, double weight, VecRef grad) const;

  Index dim_;
  Index num_scales_;
  Vec sigma_;
};

}  // namespace varopt
