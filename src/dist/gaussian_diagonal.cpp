#include "varopt/dist/gaussian_diagonal.hpp"

#include <string>

#include "gaussian_common.hpp"
#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// Validates before the base is built, so that errors name this class.
Vec checked_log_sigma(const Vec& mean, const Vec& sigma) {
  detail::require_mean(mean, "GaussianDiagonal");
  require(sigma.size() == mean.size(), "GaussianDiagonal",
          "one σ per coordinate (" + std::to_string(mean.size()) + ")", sigma.size());
  for (Index i = 0; i < sigma.size(); ++i) {
    if (!detail::scale_in_range(sigma[i]))
      detail::require_scale(sigma[i], "GaussianDiagonal", "σ_" + std::to_string(i));
  }
  return sigma.array().log().matrix();
}

}  // namespace

GaussianDiagonal::GaussianDiagonal(const Vec& mean, const Vec& sigma)
    : AxisGaussian(mean, checked_log_sigma(mean, sigma)) {}

GaussianDiagonal::GaussianDiagonal(const Vec& mean, double sigma)
    : GaussianDiagonal(mean, Vec::Constant(mean.size(), sigma)) {}

std::unique_ptr<SearchDistribution> GaussianDiagonal::clone() const {
  return std::make_unique<GaussianDiagonal>(*this);
}

}  // namespace varopt
