#include "varopt/dist/gaussian_full.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <span>
#include <string>

#include "gaussian_common.hpp"
#include "kernels/lower_phi_gram.hpp"
#include "kernels/packed_lower.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/population.hpp"

namespace varopt {
namespace {

constexpr const char* where_constructor = "GaussianFull";

void require_full_dim(Index n) {
  if (n > kMaxFullCovarianceDim)
    throw InvalidArgument(detail::concat(
        "GaussianFull: expected a dimension <= ", kMaxFullCovarianceDim,
        " for a full covariance (n × n memory), got ", n,
        "; use a diagonal method (sep-cma, snes) for large n"));
}

std::size_t size_of(Index n) { return static_cast<std::size_t>(n); }

void require_square(const Mat& m, Index n, const char* what) {
  require(m.rows() == n && m.cols() == n, where_constructor,
          detail::concat("a ", n, " x ", n, " ", what), detail::concat(m.rows(), " x ", m.cols()));
  require(m.allFinite(), where_constructor, detail::concat("a finite ", what),
          "a NaN or inf entry");
}

// The strictly-lower entries of a dense lower-triangular matrix, in the packed order of ψ.
void pack_strictly_lower(const Mat& lower, double* out) {
  const Index n = lower.rows();
  for (Index j = 0; j + 1 < n; ++j) {
    const Index m = n - 1 - j;
    Eigen::Map<Vec>(out + kernels::packed_offset(size_of(n), size_of(j)), m) = lower.col(j).tail(m);
  }
}

// The inverse of pack_strictly_lower: writes the packed entries below the diagonal of `lower`
// (n × n; the diagonal and the upper triangle are left as they are).
void unpack_strictly_lower(const double* packed, Mat& lower) {
  const Index n = lower.rows();
  for (Index j = 0; j + 1 < n; ++j) {
    const Index m = n - 1 - j;
    lower.col(j).tail(m) =
        Eigen::Map<const Vec>(packed + kernels::packed_offset(size_of(n), size_of(j)), m);
  }
}

// The noise vectors ε_t of the terms (the first n normals of their streams) as the columns of an
// n × k matrix: copied where the population keeps them, else regenerated once each.
void noise_columns(const detail::NoiseTerms& terms, Index n, Mat& noise) {
  noise.resize(n, terms.size());
  for (Index t = 0; t < terms.size(); ++t) {
    if (terms.kept.empty()) {
      fill_normal(terms.streams[size_of(t)], 0, std::span<double>(noise.col(t).data(), size_of(n)));
    } else {
      noise.col(t) = Eigen::Map<const Vec>(terms.kept[size_of(t)], n);
    }
  }
}

}  // namespace

GaussianFull::GaussianFull(Vec psi, Index n) : SearchDistribution(std::move(psi)), dim_(n) {
  update_derived();
}

void GaussianFull::update_derived() {
  diag_ = params_.segment(dim_, dim_).array().exp();
  row_norms_squared_.resize(dim_);
  kernels::lower_row_norms_squared(size_of(dim_), diag_.data(), packed(),
                                   row_norms_squared_.data());
  spread_ = std::sqrt(row_norms_squared_.maxCoeff());
}

Vec GaussianFull::params_from_cholesky(const Vec& mean, const Mat& cholesky) {
  detail::require_mean(mean, where_constructor);
  const Index n = mean.size();
  require_square(cholesky, n, "Cholesky factor");
  // The messages are formatted only on failure (n² of them dominated the construction time).
  for (Index j = 1; j < n; ++j) {
    for (Index i = 0; i < j; ++i) {
      if (cholesky(i, j) != 0.0)
        require(false, where_constructor, "a lower-triangular Cholesky factor",
                detail::concat("L(", i, ", ", j, ") = ", cholesky(i, j)));
    }
  }
  for (Index i = 0; i < n; ++i) {
    if (!detail::scale_in_range(cholesky(i, i)))
      detail::require_scale(cholesky(i, i), where_constructor,
                            detail::concat("L(", i, ", ", i, ")"));
  }
  Vec psi;
  params_of(mean, cholesky, psi);
  return psi;
}

void GaussianFull::params_of(const Vec& mean, const Mat& cholesky, Vec& psi) {
  const Index n = mean.size();
  psi.resize(n + n * (n + 1) / 2);
  psi.head(n) = mean;
  psi.segment(n, n) = cholesky.diagonal().array().log();
  pack_strictly_lower(cholesky, psi.data() + 2 * n);
}

GaussianFull GaussianFull::from_cholesky(const Vec& mean, const Mat& cholesky) {
  return GaussianFull(params_from_cholesky(mean, cholesky), mean.size());
}

GaussianFull::GaussianFull(const Vec& mean, double sigma)
    : GaussianFull(
          [&] {
            detail::require_mean(mean, where_constructor);
            detail::require_scale(sigma, where_constructor, "σ");
            require_full_dim(mean.size());
            return params_from_cholesky(mean, sigma * Mat::Identity(mean.size(), mean.size()));
          }(),
          mean.size()) {}

GaussianFull::GaussianFull(const Vec& mean, const Mat& covariance)
    : GaussianFull(
          [&] {
            detail::require_mean(mean, where_constructor);
            require_square(covariance, mean.size(), "covariance matrix");
            const double asymmetry = (covariance - covariance.transpose()).cwiseAbs().maxCoeff();
            const double size = covariance.cwiseAbs().maxCoeff();
            require(asymmetry <= 1e-12 * size, where_constructor, "a symmetric covariance matrix",
                    detail::concat("max |Σ − Σᵀ| = ", asymmetry));
            const Eigen::LLT<Mat> llt(covariance);
            require(llt.info() == Eigen::Success, where_constructor,
                    "a positive-definite covariance matrix", "a matrix without Cholesky factor");
            const Mat lower = llt.matrixL();
            return params_from_cholesky(mean, lower);
          }(),
          mean.size()) {}

void GaussianFull::on_params_changed() {
  if (!detail::log_scales_in_range(params_.segment(dim_, dim_)))
    detail::require_log_scales_in_range(params_.segment(dim_, dim_), name() + "::set_params");
  update_derived();
}

std::unique_ptr<SearchDistribution> GaussianFull::clone() const {
  return std::make_unique<GaussianFull>(*this);
}

void GaussianFull::params_after_step(ConstVecRef step, Vec& next) const {
  require_size(step.size(), num_params(), "params_after_step", "a step of size");
  if (dim_ <= kExactStepMaxDim) {
    Vec exact = exact_step(step);
    if (exact.size() > 0) {
      next = std::move(exact);
      return;
    }
  }
  first_order_step(step, next);
}

void GaussianFull::first_order_step(ConstVecRef step, Vec& next) const {
  // ψ + Δψ, plus the extra term on L's strictly-lower entries, in one pass over ψ.
  next.resize(params_.size());
  next.head(2 * dim_) = params_.head(2 * dim_) + step.head(2 * dim_);
  for (Index j = 0; j + 1 < dim_; ++j) {
    const double log_scale = step[dim_ + j];
    const double extra = std::expm1(log_scale) - log_scale;  // e^{Δd_j} − 1 − Δd_j
    const Index m = dim_ - 1 - j;
    const Index start =
        2 * dim_ + static_cast<Index>(kernels::packed_offset(size_of(dim_), size_of(j)));
    const auto l = params_.segment(start, m);
    next.segment(start, m) = (l + step.segment(start, m)) + extra * l;
  }
}

Vec GaussianFull::exact_step(ConstVecRef step) const {
  const Mat lower = cholesky();
  Mat tangent = Mat::Zero(dim_, dim_);  // ΔL
  tangent.diagonal() = diag_.array() * step.segment(dim_, dim_).array();
  unpack_strictly_lower(step.data() + 2 * dim_, tangent);
  const Mat frame = lower.triangularView<Eigen::Lower>().solve(tangent);  // M = L⁻¹ΔL
  const Eigen::SelfAdjointEigenSolver<Mat> eigen(frame + frame.transpose());
  const Vec exponentials = eigen.eigenvalues().array().exp();
  if (!exponentials.allFinite()) return Vec();
  const Mat half = lower * eigen.eigenvectors() * exponentials.cwiseSqrt().asDiagonal();
  const Eigen::LLT<Mat> next(half * half.transpose());  // L expm(M + Mᵀ) Lᵀ
  if (next.info() != Eigen::Success) return Vec();
  const Mat next_lower = next.matrixL();
  Vec psi;
  params_of(mean() + step.head(dim_), next_lower, psi);
  return psi;
}

Mat GaussianFull::cholesky() const {
  Mat lower;
  cholesky(lower);
  return lower;
}

void GaussianFull::cholesky(Mat& lower) const {
  lower.resize(dim_, dim_);
  lower.triangularView<Eigen::StrictlyUpper>().setZero();
  lower.diagonal() = diag_;
  unpack_strictly_lower(packed(), lower);
}

Mat GaussianFull::covariance() const {
  const Mat lower = cholesky();
  return lower.triangularView<Eigen::Lower>() * lower.transpose();
}

void GaussianFull::map_noise(ConstVecRef eps, VecRef x, bool mirrored) const {
  require_point(eps, "map_noise");
  require_point(x, "map_noise");
  if (mirrored) {
    x = -eps;
  } else if (x.data() != eps.data()) {
    x = eps;
  }
  kernels::lower_multiply(size_of(dim_), diag_.data(), packed(), x.data());
  x += mean();
}

void GaussianFull::map_noise_columns(Eigen::Ref<Mat> x) const {
  require_size(x.rows(), dim_, "map_noise_columns", "columns of size");
  kernels::lower_multiply_columns(size_of(dim_), size_of(x.cols()), diag_.data(), packed(),
                                  x.data(), size_of(x.outerStride()));
  x.colwise() += mean();
}

void GaussianFull::sample_signed(Stream& stream, VecRef x, bool mirrored) const {
  require_point(x, "sample");
  stream.fill_normal(std::span<double>(x.data(), size_of(dim_)));
  map_noise(x, x, mirrored);
}

void GaussianFull::sample(Stream& stream, VecRef x) const { sample_signed(stream, x, false); }

void GaussianFull::sample_mirrored(Stream& stream, VecRef x) const {
  sample_signed(stream, x, true);
}

Vec GaussianFull::whiten(ConstVecRef x) const {
  Vec eps = x - mean();
  kernels::lower_solve(size_of(dim_), diag_.data(), packed(), eps.data());
  return eps;
}

double GaussianFull::log_prob(ConstVecRef x) const {
  require_point(x, "log_prob");
  const Vec eps = whiten(x);
  return -dim_ * detail::half_log_two_pi() - params_.segment(dim_, dim_).sum() -
         0.5 * eps.squaredNorm();
}

void GaussianFull::add_score(ConstVecRef x, double weight, VecRef grad) const {
  require_point(x, "add_score");
  require_size(grad.size(), num_params(), "add_score", "a gradient of size");
  const auto n = size_of(dim_);
  const Vec eps = whiten(x);
  Vec z = eps;
  kernels::lower_transpose_solve(n, diag_.data(), packed(), z.data(), 1);
  grad.head(dim_) += weight * z;
  grad.segment(dim_, dim_).array() += weight * (diag_.array() * z.array() * eps.array() - 1.0);
  kernels::lower_outer_add(n, weight, z.data(), eps.data(), grad.data() + 2 * dim_);
}

Vec GaussianFull::weighted_score_sum(const Population& population, ConstVecRef weights) const {
  detail::NoiseTerms terms;
  detail::collect_noise_terms(population, weights, *this, "weighted_score_sum", terms);
  if (!detail::drawn_from(*this, population)) {
    return SearchDistribution::weighted_score_sum(population, weights);
  }
  const auto n = size_of(dim_);
  const Index k = terms.size();
  Vec grad = Vec::Zero(num_params());
  if (k == 0) return grad;
  Mat noise;
  noise_columns(terms, dim_, noise);
  // Z = L⁻ᵀ E: the solve runs on the rows of Eᵀ (k values per coordinate).
  Mat z_rows = noise.transpose();
  kernels::lower_transpose_solve(n, diag_.data(), packed(), z_rows.data(), size_of(k));
  const Mat z = z_rows.transpose();
  const Eigen::Map<const Vec> odd(terms.odd.data(), k);
  grad.head(dim_) = z * odd;
  // tril(Σ_t b_t z_t ε_tᵀ): its diagonal lands in the d block, then ∂d_i = L_ii (·)_ii − Σ b.
  kernels::lower_weighted_gram(n, size_of(k), z.data(), noise.data(), terms.even.data(),
                               grad.data() + 2 * dim_, grad.data() + dim_);
  grad.segment(dim_, dim_).array() =
      diag_.array() * grad.segment(dim_, dim_).array() - terms.even_total;
  return grad;
}

void GaussianFull::natural_weighted_score_sum(const Population& population, ConstVecRef weights,
                                              Vec& natural) const {
  // Scratch kept by the calling thread between generations (a steady run allocates nothing).
  thread_local detail::NoiseTerms terms;
  thread_local Mat noise, noise_rows;
  detail::collect_noise_terms(population, weights, *this, "natural_weighted_score_sum", terms);
  if (!detail::drawn_from(*this, population)) {
    SearchDistribution::natural_weighted_score_sum(population, weights, natural);
    return;
  }
  const auto n = size_of(dim_);
  const Index k = terms.size();
  natural.setZero(num_params());
  if (k == 0) return;
  noise_columns(terms, dim_, noise);
  // δμ = L Σ_t a_t ε_t.
  natural.head(dim_).noalias() = noise * Eigen::Map<const Vec>(terms.odd.data(), k);
  kernels::lower_multiply(n, diag_.data(), packed(), natural.data());
  // δL = L Φ(Σ_t b_t ε_t ε_tᵀ − Σb I) (the kernel reads ε row by row); δd_i = δL_ii / L_ii.
  noise_rows = noise.transpose();
  kernels::lower_times_phi_gram(n, size_of(k), diag_.data(), packed(), noise_rows.data(),
                                terms.even.data(), terms.even_total, natural.data() + dim_,
                                natural.data() + 2 * dim_);
  natural.segment(dim_, dim_).array() /= diag_.array();
}

double GaussianFull::entropy() const {
  return dim_ * detail::half_log_two_pi_e() + params_.segment(dim_, dim_).sum();
}

Vec GaussianFull::natural_gradient(ConstVecRef g) const {
  require_size(g.size(), num_params(), "natural_gradient", "a gradient of size");
  // Derivation. F is block diagonal (odd × even moments of ε vanish), F_μμ = Σ⁻¹ ⇒ δμ = Σ g_μ.
  // Covariance block: Σ = L Lᵀ maps lower-triangular L (L_ii > 0) one-to-one onto SPD matrices,
  // so F⁻¹ g is the Σ-space natural gradient V = 2 Σ G_Σ Σ (Fisher metric ½ tr(Σ⁻¹ dΣ Σ⁻¹ dΣ))
  // pulled back through dΣ = dL Lᵀ + L dLᵀ. Here G_Σ is the symmetric gradient w.r.t. Σ, and
  // the gradient w.r.t. the entries of L is G = tril(2 G_Σ L). Pull-back: L⁻¹ dL is lower
  // triangular and L⁻¹ V L⁻ᵀ = L⁻¹dL + (L⁻¹dL)ᵀ, so dL = L Φ(L⁻¹ V L⁻ᵀ) = L Φ(2 Lᵀ G_Σ L), with
  // Φ(A) = strictly-lower(A) + ½ diag(A). Finally Lᵀ(2 G_Σ L) − Lᵀ G = Lᵀ × (strictly upper)
  // is strictly upper, so the lower triangles of 2 Lᵀ G_Σ L and Lᵀ G agree: dL = L Φ(Lᵀ G).
  const Mat lower = cholesky();
  const auto tri = lower.triangularView<Eigen::Lower>();
  Mat gl = Mat::Zero(dim_, dim_);
  gl.diagonal() = g.segment(dim_, dim_).array() / diag_.array();
  unpack_strictly_lower(g.data() + 2 * dim_, gl);
  Mat phi = tri.transpose() * gl;
  phi.triangularView<Eigen::StrictlyUpper>().setZero();
  phi.diagonal() *= 0.5;
  const Mat delta = tri * phi;

  Vec natural(num_params());
  natural.head(dim_) = tri * (tri.transpose() * g.head(dim_));
  natural.segment(dim_, dim_) = delta.diagonal().array() / diag_.array();
  pack_strictly_lower(delta, natural.data() + 2 * dim_);
  return natural;
}

void GaussianFull::add_pathwise(ConstVecRef x, ConstVecRef grad_f, double weight,
                                VecRef grad) const {
  require_point(x, "add_pathwise");
  require_size(grad_f.size(), dim_, "add_pathwise", "an objective gradient of size");
  require_size(grad.size(), num_params(), "add_pathwise", "a gradient of size");
  const Vec eps = whiten(x);
  const Vec gf = grad_f;
  grad.head(dim_) += weight * gf;
  grad.segment(dim_, dim_).array() += weight * gf.array() * eps.array() * diag_.array();
  kernels::lower_outer_add(size_of(dim_), weight, gf.data(), eps.data(), grad.data() + 2 * dim_);
}

std::vector<Index> GaussianFull::spread_params() const {
  std::vector<Index> indices;
  indices.reserve(size_of(num_params() - dim_));
  for (Index i = dim_; i < num_params(); ++i) indices.push_back(i);
  return indices;
}

void GaussianFull::clamp_spread(double floor) {
  detail::require_spread_floor(floor, name() + "::clamp_spread");
  clamp_coordinate_spread(Vec::Constant(dim_, floor));
}

void GaussianFull::clamp_coordinate_spread(ConstVecRef floors) {
  require_size(floors.size(), dim_, "clamp_coordinate_spread", "floors of size");
  const Vec& rows = row_norms_squared_;
  for (Index i = 0; i < dim_; ++i) {
    const double floor2 = floors[i] * floors[i];
    if (!(floors[i] > 0) || rows[i] >= floor2) continue;
    const double off_diagonal = rows[i] - diag_[i] * diag_[i];
    params_[dim_ + i] = 0.5 * std::log(floor2 - std::max(off_diagonal, 0.0));
  }
  update_derived();
}

void GaussianFull::scale_spread(double factor) {
  Vec psi = params_;
  psi.segment(dim_, dim_).array() += std::log(factor);  // log L_ii
  psi.tail(psi.size() - 2 * dim_) *= factor;            // L_ij, i > j
  set_params(psi);
}

}  // namespace varopt
