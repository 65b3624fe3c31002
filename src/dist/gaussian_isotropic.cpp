#include "varopt/dist/gaussian_isotropic.hpp"

#include <cmath>

#include "gaussian_common.hpp"

namespace varopt {
namespace {

// Validates before the base is built, so that errors name this class.
Vec checked_log_sigma(const Vec& mean, double sigma) {
  detail::require_mean(mean, "GaussianIsotropic");
  detail::require_scale(sigma, "GaussianIsotropic", "σ");
  return Vec::Constant(1, std::log(sigma));
}

}  // namespace

GaussianIsotropic::GaussianIsotropic(const Vec& mean, double sigma)
    : AxisGaussian(mean, checked_log_sigma(mean, sigma)) {}

std::unique_ptr<SearchDistribution> GaussianIsotropic::clone() const {
  return std::make_unique<GaussianIsotropic>(*this);
}

}  // namespace varopt
