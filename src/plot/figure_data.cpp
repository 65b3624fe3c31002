#include "varopt/plot/figure_data.hpp"

#include <cmath>
#include <numbers>

#include "varopt/core/error.hpp"

namespace varopt::plot {
namespace {

void require_sigma(const char* where, double sigma) {
  require(std::isfinite(sigma) && sigma > 0, where, "σ > 0", sigma);
}

}  // namespace

Vec linspace(double first, double last, Index count) {
  require(count >= 2, "linspace", "count ≥ 2", count);
  require(std::isfinite(first) && std::isfinite(last), "linspace", "finite ends", last - first);
  return Vec::LinSpaced(count, first, last);
}

Vec logspace(double first, double last, Index count) {
  require(first > 0 && last > 0, "logspace", "positive ends", std::min(first, last));
  return linspace(std::log(first), std::log(last), count).array().exp();
}

Vec variational_bound_curve(const ScalarFunction& f, ConstVecRef mus, double sigma,
                            const QuadratureOptions& quadrature) {
  Vec values(mus.size());
  for (Index k = 0; k < mus.size(); ++k) values[k] = gaussian_expectation(f, mus[k], sigma, quadrature);
  return values;
}

Vec bound_derivative_curve(const ScalarFunction& f, ConstVecRef mus, double sigma,
                           const QuadratureOptions& quadrature) {
  require_sigma("bound_derivative_curve", sigma);
  Vec values(mus.size());
  for (Index k = 0; k < mus.size(); ++k) {
    const double mu = mus[k];
    const auto integrand = [&](double x) { return f(x) * (x - mu) / (sigma * sigma); };
    values[k] = gaussian_expectation(integrand, mu, sigma, quadrature);
  }
  return values;
}

Vec score_curve(ConstVecRef xs, double mu, double sigma) {
  require_sigma("score_curve", sigma);
  return (xs.array() - mu) / (sigma * sigma);
}

Vec weighted_score_curve(const ScalarFunction& f, ConstVecRef xs, double mu, double sigma) {
  Vec values = score_curve(xs, mu, sigma);
  for (Index k = 0; k < xs.size(); ++k) values[k] *= f(xs[k]);
  return values;
}

Vec gaussian_density_curve(ConstVecRef xs, double mu, double sigma) {
  require_sigma("gaussian_density_curve", sigma);
  const double norm = 1.0 / (sigma * std::sqrt(2.0 * std::numbers::pi));
  return norm * (-0.5 * ((xs.array() - mu) / sigma).square()).exp();
}

double bound_descent_limit(const ScalarFunction& f, double mu0, double sigma, double step,
                           Index max_steps, const QuadratureOptions& quadrature) {
  require(std::isfinite(mu0), "bound_descent_limit", "a finite μ₀", mu0);
  require(std::isfinite(step) && step > 0, "bound_descent_limit", "step > 0", step);
  require(max_steps >= 1, "bound_descent_limit", "max_steps ≥ 1", max_steps);
  const auto bound = [&](double mu) { return gaussian_expectation(f, mu, sigma, quadrature); };
  double mu = mu0, value = bound(mu);
  const double left = bound(mu - step), right = bound(mu + step);
  const double direction = left < right ? -1.0 : 1.0;
  if (std::min(left, right) < value) {
    Index steps = 0;
    for (double next = bound(mu + direction * step); next < value; next = bound(mu + direction * step)) {
      require(++steps < max_steps, "bound_descent_limit",
              "a minimum of J_σ within max_steps grid steps of μ₀", max_steps);
      mu += direction * step;
      value = next;
    }
  }
  // Golden-section search on [mu − step, mu + step], which brackets the minimum.
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = mu - step, b = mu + step;
  double c = b - ratio * (b - a), d = a + ratio * (b - a);
  double fc = bound(c), fd = bound(d);
  while (b - a > 1e-9) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - ratio * (b - a), fc = bound(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + ratio * (b - a), fd = bound(d);
    }
  }
  return 0.5 * (a + b);
}

ScoreEstimateMoments score_estimate_moments(const ScalarFunction& f, double mu, double sigma,
                                            double noise, const QuadratureOptions& quadrature) {
  require_sigma("score_estimate_moments", sigma);
  require(std::isfinite(noise) && noise >= 0, "score_estimate_moments", "noise ≥ 0", noise);
  const auto z_of = [=](double x) { return (x - mu) / sigma; };
  const double mean =
      gaussian_expectation([&](double x) { return f(x) * z_of(x); }, mu, sigma, quadrature) / sigma;
  const double second = gaussian_expectation(
      [&](double x) { return std::pow(f(x) * z_of(x), 2); }, mu, sigma, quadrature);
  const double noise_variance = noise * noise / (sigma * sigma);
  return {mean, second / (sigma * sigma) + noise_variance - mean * mean, noise_variance};
}

}  // namespace varopt::plot
