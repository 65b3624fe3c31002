#pragma once
// Full-covariance Gaussian search distribution N(μ, Σ) over R^n, Σ = L Lᵀ with L lower
// triangular and L_ii > 0 (Cholesky factor).
//
// ψ = (μ ∈ R^n, d ∈ R^n with d_i = log L_ii, the strictly-lower entries of L column by column:
// L(1..n−1, 0), L(2..n−1, 1), ..., L(n−1, n−2)), n + n(n+1)/2 parameters, all unconstrained.
// θ = μ + L ε, ε ~ N(0, I); mirrored θ = μ − L ε. With ε = L⁻¹(θ − μ) and z = L⁻ᵀ ε = Σ⁻¹(θ − μ):
//   log p = −(n/2) log 2π − Σ_i d_i − ½ ‖ε‖²,
//   ∂μ log p = z,   ∂L_ij log p = z_i ε_j (i > j),   ∂d_i log p = L_ii z_i ε_i − 1,
//   H = (n/2) log(2π e) + Σ_i d_i.
// Natural gradient (exact, derived in gaussian_full.cpp): the Fisher matrix is block diagonal with
// F_μμ = Σ⁻¹; on the Cholesky block the map L ↦ Σ = L Lᵀ pulls back the Fisher metric
// ½ tr(Σ⁻¹ dΣ Σ⁻¹ dΣ), and F⁻¹ g is
//   δμ = Σ g_μ,   δL = L Φ(Lᵀ G),   Φ(A) = strictly-lower(A) + ½ diag(A),
// where G is the lower-triangular gradient w.r.t. the entries of L (G_ii = g_di / L_ii), and
// δd_i = δL_ii / L_ii: the exact F⁻¹ g of this parameterization (Amari 1998; the natural
// gradient of NES with a Cholesky factor, Sun et al. 2009 "Efficient Natural Evolution
// Strategies"; xNES, Wierstra et al. 2014, JMLR 15, §3, takes the same step in its local
// exponential coordinates). Cost O(n³): two dense triangular products.
// Applied to a weighted score sum over noise vectors ε_t with odd/even coefficients a_t, b_t (see
// weighted_score_sum) it has the structure, since Lᵀ z_t = ε_t,
//   δμ = L Σ_t a_t ε_t,   δL = L Φ(Σ_t b_t ε_t ε_tᵀ − (Σ_t b_t) I),
// which natural_weighted_score_sum computes in O(n² λ) (timings of both: docs/benchmarks.md,
// "Overhead per generation: full covariance").
// Multiplicative step (params_after_step). A step Δψ = (Δμ, Δd, ΔL_ij) is a tangent ΔL of the
// factor (ΔL_ii = L_ii Δd_i, ΔL_ij = Δψ's entry below the diagonal); in the factor's own frame it
// is M = L⁻¹ ΔL (lower triangular, M_ii = Δd_i), and Σ moves by L(M + Mᵀ)Lᵀ to first order.
//   n ≤ 64: Σ' = L·expm(M + Mᵀ)·Lᵀ and L' = chol(Σ'), the exponential map of xNES (Glasmachers
//     et al. 2010, GECCO, "Exponential natural evolution strategies": A ← A·expm(½ηG), so
//     Σ ← A·expm(ηG)·Aᵀ); for the natural gradient M + Mᵀ = −ηG exactly, so this is xNES's
//     covariance update whatever the factor. O(n³): an eigendecomposition and a Cholesky.
//   n > 64 (or should the exact map overflow): L' = L·(exp(diag M) + strictly-lower(M))
//     = L·exp(diag Δd) + ΔL − L·diag(Δd), i.e. L'_ii = L_ii e^{Δd_i} and
//     L'_ij = L_ij e^{Δd_j} + ΔL_ij − L_ij Δd_j (i > j): the same to first order, exact in the
//     diagonal, O(n²) and without a solve.
// Both scale a column j of L by e^{Δd_j} when the step is L·diag(Δd), the diagonal and the rest
// of the column alike; the additive step ψ + Δψ scaled the rest by 1 + Δd_j instead, which flips
// the column's correlations once Δd_j < −1 and kept xNES from learning rotated shapes. At d = 2
// the exact map needs fewer evaluations than the first-order one (rotated ellipsoid, median of 9
// seeds: 534 against 642).
// Pathwise (θ = μ + L ε): ∂θ/∂μ = I, ∂θ_i/∂L_ij = ε_j, ∂θ_i/∂d_i = L_ii ε_i.
//
// Range: every d_i must lie in [−300, 300]; set_params with a d_i outside throws InvalidArgument
// after clamping it into the range (the distribution stays consistent, never NaN).
//
// L is read in place from ψ (no n × n copy); only exp(d) is cached. Sampling is one triangular
// matrix-vector product; the weighted score sum regenerates each noise vector once and forms
// Σ_k b_k tril(L⁻ᵀ ε_k ε_kᵀ) as one blocked triangular solve and one blocked product.
#include <memory>
#include <string>
#include <vector>

#include "varopt/dist/normal_noise_sampler.hpp"
#include "varopt/dist/search_distribution.hpp"

namespace varopt {

// The largest dimension of a full covariance: its factor and work matrices are n × n doubles
// (800 MB at n = 10⁴). Beyond it the constructors refuse, naming the diagonal methods
// (sep-cma, snes), instead of failing with std::bad_alloc after minutes.
inline constexpr Index kMaxFullCovarianceDim = 10'000;

class GaussianFull final : public SearchDistribution, public NormalNoiseSampler {
 public:
  // Σ = σ² I. Throws InvalidArgument unless mean has size ≥ 1 and finite entries and σ > 0 is
  // finite with |log σ| ≤ 300.
  GaussianFull(const Vec& mean, double sigma);
  // Throws InvalidArgument unless covariance is n × n, finite, symmetric (to 1e-12 relative)
  // and positive definite, with Cholesky diagonal e^±300 at most.
  GaussianFull(const Vec& mean, const Mat& covariance);
  // From the Cholesky factor: throws InvalidArgument unless cholesky is n × n, finite, lower
  // triangular (strictly-upper entries exactly 0) with a diagonal in [e^-300, e^300].
  static GaussianFull from_cholesky(const Vec& mean, const Mat& cholesky);

  std::string name() const override { return "GaussianFull"; }
  using SearchDistribution::params_after_step;
  void params_after_step(ConstVecRef step, Vec& next) const override;
  Index dim() const override { return dim_; }
  // μ, a view into ψ.
  Eigen::VectorBlock<const Vec> mean() const { return params_.head(dim_); }
  // The dense factor L and Σ = L Lᵀ (O(n²) memory; built on each call).
  Mat cholesky() const;
  // L written into `lower` (resized to n × n; its storage is reused when it has that size).
  void cholesky(Mat& lower) const;
  Mat covariance() const;

  void sample(Stream& stream, VecRef x) const override;
  bool has_mirror() const override { return true; }
  void sample_mirrored(Stream& stream, VecRef x) const override;
  // x = μ + L ε (mirrored: μ − L ε).
  void map_noise(ConstVecRef eps, VecRef x, bool mirrored) const override;
  // All columns in one pass over L (kernels::lower_multiply_columns).
  bool maps_columns_at_once() const override { return true; }
  void map_noise_columns(Eigen::Ref<Mat> x) const override;

  double log_prob(ConstVecRef x) const override;
  void add_score(ConstVecRef x, double weight, VecRef grad) const override;
  Vec weighted_score_sum(const Population& population, ConstVecRef weights) const override;

  double entropy() const override;
  Vec center() const override { return mean(); }

  bool has_natural_gradient() const override { return true; }
  Vec natural_gradient(ConstVecRef g) const override;
  // natural_gradient(weighted_score_sum(population, weights)) from the noise vectors, O(n² λ).
  using SearchDistribution::natural_weighted_score_sum;
  void natural_weighted_score_sum(const Population& population, ConstVecRef weights,
                                  Vec& natural) const override;

  bool is_reparameterizable() const override { return true; }
  void add_pathwise(ConstVecRef x, ConstVecRef grad_f, double weight, VecRef grad) const override;

  // The indices of d and of the strictly-lower entries of L.
  std::vector<Index> spread_params() const override;
  // max_i √Σ_ii (kept: computed when ψ changes).
  double spread() const override { return spread_; }
  Vec coordinate_spreads() const override { return row_norms_squared_.cwiseSqrt(); }
  // For every i with √Σ_ii < floor, raises L_ii (only) so that √Σ_ii = floor (up to rounding):
  // L_ii ← √(floor² − Σ_{j<i} L_ij²). Rows already wide enough, and all off-diagonal entries of
  // L, are left unchanged; the correlations of a raised coordinate shrink.
  void clamp_spread(double floor) override;
  // The same with a floor per coordinate.
  void clamp_coordinate_spread(ConstVecRef floors) override;
  void scale_spread(double factor) override;

  std::unique_ptr<SearchDistribution> clone() const override;

 protected:
  void on_params_changed() override;

 private:
  GaussianFull(Vec psi, Index n);
  // The two forms of params_after_step (see the top of this file); exact_step returns an empty
  // vector when the exponential overflows or Σ' is not numerically positive definite.
  static constexpr Index kExactStepMaxDim = 64;
  Vec exact_step(ConstVecRef step) const;
  void first_order_step(ConstVecRef step, Vec& next) const;
  static Vec params_from_cholesky(const Vec& mean, const Mat& cholesky);
  // ψ of (μ, L) without any check (the lower triangle of `cholesky` is read), into psi.
  static void params_of(const Vec& mean, const Mat& cholesky, Vec& psi);
  void sample_signed(Stream& stream, VecRef x, bool mirrored) const;
  // ε = L⁻¹(x − μ).
  Vec whiten(ConstVecRef x) const;
  const double* packed() const { return params_.data() + 2 * dim_; }

  // Derives diag_, the row norms and the spread from params_.
  void update_derived();

  Index dim_;
  Vec diag_;  // L_ii = exp(d_i)
  Vec row_norms_squared_;  // Σ_ii = Σ_j L_ij²
  double spread_ = 0;      // max_i √Σ_ii
};

}  // namespace varopt
