#include "varopt/grad/elite_fit.hpp"

#include <algorithm>
#include <cmath>

#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/categorical.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_isotropic.hpp"
#include "varopt/dist/logistic.hpp"
#include "varopt/dist/product.hpp"

namespace varopt {
namespace {

// (1 − α) a + α b, floored at ε.
double blend(double a, double b, const EliteFitOptions& o) {
  return std::max((1 - o.smoothing) * a + o.smoothing * b, o.min_probability);
}

Vec fit_bernoulli(const Bernoulli& d, const Mat& elite, const EliteFitOptions& o) {
  const Vec ones = elite.rowwise().mean();
  Vec psi(d.dim());
  for (Index j = 0; j < d.dim(); ++j) {
    // Both p* and 1 − p* are blended from their own accurate values, so neither cancels near 1.
    psi[j] = logit(blend(d.probabilities()[j], ones[j], o),
                   blend(d.complement_probabilities()[j], 1 - ones[j], o));
  }
  return psi;
}

Vec fit_categorical(const Categorical& d, const Mat& elite, const EliteFitOptions& o) {
  Vec psi(d.num_params());
  const double mu = static_cast<double>(elite.cols());
  for (Index i = 0; i < d.dim(); ++i) {
    const Index k = d.categories()[static_cast<std::size_t>(i)];
    const Index offset = d.offset(i);
    Vec freq = Vec::Zero(k);
    for (Index c = 0; c < elite.cols(); ++c) freq[static_cast<Index>(elite(i, c))] += 1.0 / mu;
    for (Index c = 0; c < k; ++c)
      psi[offset + c] = std::log(blend(d.probabilities()[offset + c], freq[c], o));
  }
  return psi;
}

// Per-coordinate mean and (maximum-likelihood) standard deviation of the elite.
std::pair<Vec, Vec> elite_moments(const Mat& elite) {
  const Vec mean = elite.rowwise().mean();
  const Vec sd = ((elite.colwise() - mean).array().square().rowwise().mean()).sqrt();
  return {mean, sd};
}

Vec fit_gaussian(const Vec& mu, const Vec& sigma_per_axis, const Vec& elite_mean,
                 const Vec& elite_sd, const EliteFitOptions& o, bool shared) {
  const double a = o.smoothing;
  const Index n = mu.size();
  Vec psi(n + (shared ? 1 : n));
  psi.head(n) = (1 - a) * mu + a * elite_mean;
  if (shared) {
    const double pooled = std::sqrt(elite_sd.array().square().mean());
    psi[n] = std::log(std::max((1 - a) * sigma_per_axis[0] + a * pooled, o.min_sigma));
  } else {
    psi.tail(n) = ((1 - a) * sigma_per_axis + a * elite_sd).cwiseMax(o.min_sigma).array().log();
  }
  return psi;
}

}  // namespace

void EliteFitOptions::validate() const {
  require(elite >= 1, "EliteFitOptions", "elite >= 1", elite);
  require(smoothing > 0 && smoothing <= 1, "EliteFitOptions", "smoothing in (0, 1]", smoothing);
  require(min_probability > 0 && min_probability < 0.5, "EliteFitOptions",
          "min_probability in (0, 0.5)", min_probability);
  require(std::isfinite(min_sigma) && min_sigma > 0, "EliteFitOptions", "min_sigma > 0", min_sigma);
}

Vec elite_fit_params(const SearchDistribution& distribution, const Mat& elite,
                     const EliteFitOptions& options) {
  options.validate();
  require(elite.rows() == distribution.dim() && elite.cols() >= 1, "elite_fit_params",
          "elite points as columns of a " + std::to_string(distribution.dim()) +
              " x mu matrix (mu >= 1)",
          std::to_string(elite.rows()) + " x " + std::to_string(elite.cols()));
  if (const auto* b = dynamic_cast<const Bernoulli*>(&distribution))
    return fit_bernoulli(*b, elite, options);
  if (const auto* c = dynamic_cast<const Categorical*>(&distribution))
    return fit_categorical(*c, elite, options);
  if (const auto* g = dynamic_cast<const GaussianDiagonal*>(&distribution)) {
    const auto [mean, sd] = elite_moments(elite);
    return fit_gaussian(g->mean(), g->sigma(), mean, sd, options, false);
  }
  if (const auto* g = dynamic_cast<const GaussianIsotropic*>(&distribution)) {
    const auto [mean, sd] = elite_moments(elite);
    return fit_gaussian(g->mean(), Vec::Constant(1, g->sigma()), mean, sd, options, true);
  }
  if (const auto* p = dynamic_cast<const Product*>(&distribution)) {
    Vec psi(p->num_params());
    for (Index b = 0; b < p->num_blocks(); ++b) {
      const Mat block_elite =
          elite.middleRows(p->block_start(b), p->block(b).dim()).array() - p->block_offset(b);
      psi.segment(p->param_start(b), p->block(b).num_params()) =
          elite_fit_params(p->block(b), block_elite, options);
    }
    return psi;
  }
  throw InvalidArgument(
      "elite_fit_params: expected a Bernoulli, Categorical, GaussianDiagonal, GaussianIsotropic "
      "or Product distribution, got " +
      distribution.name());
}

}  // namespace varopt
