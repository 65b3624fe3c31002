#include "varopt/dist/gaussian_axis.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>

#include "gaussian_common.hpp"
#include "kernels/noise_moments.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/population.hpp"

namespace varopt {

AxisGaussian::AxisGaussian(const Vec& mean, const Vec& log_scales)
    : SearchDistribution((Vec(mean.size() + log_scales.size()) << mean, log_scales).finished()),
      dim_(mean.size()),
      num_scales_(log_scales.size()) {
  update_scales();  // the derived constructor has validated σ; name() is not available here
}

void AxisGaussian::on_params_changed() {
  if (!detail::log_scales_in_range(params_.tail(num_scales_)))
    detail::require_log_scales_in_range(params_.tail(num_scales_), name() + "::set_params");
  update_scales();
}

void AxisGaussian::update_scales() {
  const auto log_scales = params_.tail(num_scales_);
  if (num_scales_ == 1) {
    sigma_.setConstant(dim_, std::exp(log_scales[0]));
  } else {
    sigma_ = log_scales.array().exp();
  }
}

void AxisGaussian::map_noise(ConstVecRef eps, VecRef x, bool mirrored) const {
  require_point(eps, "map_noise");
  require_point(x, "map_noise");
  const double sign = mirrored ? -1.0 : 1.0;
  x.array() = mean().array() + sign * sigma_.array() * eps.array();
}

void AxisGaussian::sample_signed(Stream& stream, VecRef x, bool mirrored) const {
  require_point(x, "sample");
  stream.fill_normal(std::span<double>(x.data(), static_cast<std::size_t>(dim_)));
  map_noise(x, x, mirrored);
}

void AxisGaussian::sample(Stream& stream, VecRef x) const { sample_signed(stream, x, false); }

void AxisGaussian::sample_mirrored(Stream& stream, VecRef x) const {
  sample_signed(stream, x, true);
}

double AxisGaussian::log_prob(ConstVecRef x) const {
  require_point(x, "log_prob");
  const double squared = ((x - mean()).array() / sigma_.array()).square().sum();
  return -dim_ * detail::half_log_two_pi() - log_det() - 0.5 * squared;
}

void AxisGaussian::add_scale_terms(const Vec& per_coordinate, double weight, VecRef grad) const {
  if (num_scales_ == 1) {
    grad[dim_] += weight * per_coordinate.sum();
  } else {
    grad.tail(num_scales_) += weight * per_coordinate;
  }
}

void AxisGaussian::add_score(ConstVecRef x, double weight, VecRef grad) const {
  require_point(x, "add_score");
  require_size(grad.size(), num_params(), "add_score", "a gradient of size");
  const Vec eps = ((x - mean()).array() / sigma_.array()).matrix();
  grad.head(dim_).array() += weight * eps.array() / sigma_.array();
  add_scale_terms((eps.array().square() - 1.0).matrix(), weight, grad);
}

Vec AxisGaussian::weighted_score_sum(const Population& population, ConstVecRef weights) const {
  detail::NoiseTerms terms;
  detail::collect_noise_terms(population, weights, *this, "weighted_score_sum", terms);
  if (!detail::drawn_from(*this, population)) {
    return SearchDistribution::weighted_score_sum(population, weights);
  }
  Vec sum_odd(dim_), sum_even(dim_);
  const auto n = static_cast<std::size_t>(dim_);
  if (terms.kept.empty()) {
    kernels::noise_moments(terms.streams, terms.odd, terms.even,
                           std::span<double>(sum_odd.data(), n),
                           std::span<double>(sum_even.data(), n));
  } else {
    kernels::kept_noise_moments(terms.kept, terms.odd, terms.even,
                                std::span<double>(sum_odd.data(), n),
                                std::span<double>(sum_even.data(), n));
  }
  Vec grad(num_params());
  grad.head(dim_) = (sum_odd.array() / sigma_.array()).matrix();
  grad.tail(num_scales_).setZero();
  add_scale_terms(sum_even, 1.0, grad);
  return grad;
}

double AxisGaussian::log_det() const {
  return num_scales_ == 1 ? static_cast<double>(dim_) * params_[dim_]
                          : params_.tail(num_scales_).sum();
}

double AxisGaussian::entropy() const { return dim_ * detail::half_log_two_pi_e() + log_det(); }

Vec AxisGaussian::natural_gradient(ConstVecRef g) const {
  require_size(g.size(), num_params(), "natural_gradient", "a gradient of size");
  Vec natural(num_params());
  natural.head(dim_) = (sigma_.array().square() * g.head(dim_).array()).matrix();
  // F_ss = 2 × (coordinates per scale).
  const double fisher_scale = 2.0 * static_cast<double>(dim_ / num_scales_);
  natural.tail(num_scales_) = g.tail(num_scales_) / fisher_scale;
  return natural;
}

void AxisGaussian::add_pathwise(ConstVecRef x, ConstVecRef grad_f, double weight,
                                VecRef grad) const {
  require_point(x, "add_pathwise");
  require_size(grad_f.size(), dim_, "add_pathwise", "an objective gradient of size");
  require_size(grad.size(), num_params(), "add_pathwise", "a gradient of size");
  grad.head(dim_) += weight * grad_f;
  // σ_i ε_i = θ_i − μ_i.
  add_scale_terms((grad_f.array() * (x - mean()).array()).matrix(), weight, grad);
}

std::vector<Index> AxisGaussian::spread_params() const {
  std::vector<Index> indices(static_cast<std::size_t>(num_scales_));
  for (Index i = 0; i < num_scales_; ++i) indices[static_cast<std::size_t>(i)] = dim_ + i;
  return indices;
}

double AxisGaussian::spread() const { return std::exp(params_.tail(num_scales_).maxCoeff()); }

void AxisGaussian::clamp_spread(double floor) {
  detail::require_spread_floor(floor, name() + "::clamp_spread");
  if (floor == 0) return;
  auto log_scales = params_.tail(num_scales_);
  log_scales = log_scales.cwiseMax(std::log(floor));
  update_scales();
}

void AxisGaussian::clamp_coordinate_spread(ConstVecRef floors) {
  require_size(floors.size(), dim_, "clamp_coordinate_spread", "floors of size");
  if (num_scales_ != dim_) return;  // one σ for every coordinate: none of its own
  auto log_scales = params_.tail(num_scales_);
  for (Index i = 0; i < dim_; ++i)
    if (floors[i] > 0) log_scales[i] = std::max(log_scales[i], std::log(floors[i]));
  update_scales();
}

void AxisGaussian::scale_spread(double factor) {
  Vec psi = params_;
  psi.tail(num_scales_).array() += std::log(factor);
  set_params(psi);
}

}  // namespace varopt
