#include "varopt/plot/quadrature.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "varopt/core/error.hpp"

namespace varopt::plot {
namespace {

// Nodes: eigenvalues of the Jacobi matrix (Golub & Welsch). Weights: w_i = 1 / Σ_k p_k(z_i)²
// with the orthonormal Hermite polynomials p_{k+1} = (z p_k − √k p_{k−1})/√(k + 1), p_0 = 1
// (the Christoffel function), O(m²) and accurate to relative rounding even where w_i is tiny.
// Where the sum overflows (|z_i| ≳ 38), w_i < 1e-300 and is taken as 0.
GaussHermiteRule golub_welsch(Index m) {
  GaussHermiteRule rule{Vec::Zero(m), Vec::Ones(m)};
  if (m == 1) return rule;
  Vec diagonal = Vec::Zero(m);
  Vec off_diagonal(m - 1);
  for (Index k = 1; k < m; ++k) off_diagonal[k - 1] = std::sqrt(static_cast<double>(k));
  Eigen::SelfAdjointEigenSolver<Mat> solver;
  solver.computeFromTridiagonal(diagonal, off_diagonal, Eigen::EigenvaluesOnly);
  rule.nodes = solver.eigenvalues();
  for (Index i = 0; i < m; ++i) {
    const double z = rule.nodes[i];
    double previous = 0, current = 1, sum = 1;
    for (Index k = 0; k + 1 < m && std::isfinite(sum); ++k) {
      const double next = (z * current - std::sqrt(static_cast<double>(k)) * previous) /
                          std::sqrt(static_cast<double>(k + 1));
      previous = current;
      current = next;
      sum += current * current;
    }
    rule.weights[i] = std::isfinite(sum) ? 1.0 / sum : 0.0;
  }
  rule.weights /= rule.weights.sum();
  return rule;
}

double apply(const GaussHermiteRule& rule, const ScalarFunction& g, double mu, double sigma) {
  double sum = 0;
  for (Index i = 0; i < rule.nodes.size(); ++i) {
    const double x = mu + sigma * rule.nodes[i];
    const double value = g(x);
    require(std::isfinite(value), "gaussian_expectation", "a finite function value", value);
    sum += rule.weights[i] * value;
  }
  return sum;
}

}  // namespace

const GaussHermiteRule& gauss_hermite(Index points) {
  require(points >= 1 && points <= 4096, "gauss_hermite", "1 ≤ points ≤ 4096", points);
  static std::mutex mutex;
  static std::map<Index, std::unique_ptr<const GaussHermiteRule>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[points];
  if (!slot) slot = std::make_unique<const GaussHermiteRule>(golub_welsch(points));
  return *slot;
}

void QuadratureOptions::validate() const {
  require(min_points >= 1, "QuadratureOptions", "min_points ≥ 1", min_points);
  require(max_points >= 4 * min_points && max_points <= 4096, "QuadratureOptions",
          "4·min_points ≤ max_points ≤ 4096", max_points);
  require(tolerance > 0, "QuadratureOptions", "tolerance > 0", tolerance);
}

double gaussian_expectation(const ScalarFunction& g, double mu, double sigma,
                            const QuadratureOptions& options) {
  options.validate();
  require(std::isfinite(mu), "gaussian_expectation", "a finite μ", mu);
  require(std::isfinite(sigma) && sigma >= 0, "gaussian_expectation", "σ ≥ 0", sigma);
  if (sigma == 0) {
    const double value = g(mu);
    require(std::isfinite(value), "gaussian_expectation", "a finite function value", value);
    return value;
  }
  // Converged when three successive rules agree: two rules alone can agree by accident (a step
  // between the nodes of both).
  double previous = apply(gauss_hermite(options.min_points), g, mu, sigma);
  double change = 0;
  int agreements = 0;
  for (Index m = 2 * options.min_points; m <= options.max_points; m *= 2) {
    const double current = apply(gauss_hermite(m), g, mu, sigma);
    change = std::abs(current - previous);
    agreements = change <= options.tolerance * std::max(1.0, std::abs(current)) ? agreements + 1 : 0;
    if (agreements == 2) return current;
    previous = current;
  }
  throw InvalidArgument(detail::concat(
      "gaussian_expectation: expected the Gauss–Hermite rule to converge by max_points = ",
      options.max_points, " (tolerance ", options.tolerance, "), got a last change of ", change,
      " at μ = ", mu, ", σ = ", sigma));
}

}  // namespace varopt::plot
