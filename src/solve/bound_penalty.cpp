#include "varopt/solve/bound_penalty.hpp"

#include <algorithm>
#include <cmath>

#include "varopt/dist/box.hpp"

namespace varopt {
namespace {

// The interquartile range of v (its range when that is 0, else 1), sorting a copy in `sorted`.
double value_scale(ConstVecRef v, VecRef sorted) {
  sorted = v;
  std::sort(sorted.data(), sorted.data() + sorted.size());
  const Index n = sorted.size();
  const double iqr = sorted[(3 * (n - 1)) / 4] - sorted[(n - 1) / 4];
  if (iqr > 0) return iqr;
  const double range = sorted[n - 1] - sorted[0];
  return range > 0 ? range : 1.0;
}

}  // namespace

void add_bound_penalty(const Population& population, VecRef fitness, Vec& scratch) {
  const Index n = population.dim(), lambda = fitness.size();
  const Box* box = population.box();
  // Only a coordinate bounded on both sides has copies of the box to penalize.
  if (box == nullptr || lambda < 2 || !(box->upper - box->lower).array().isFinite().any()) return;
  if (scratch.size() < std::max(lambda, 4 * n)) scratch.resize(std::max(lambda, 4 * n));
  const double scale = value_scale(fitness, scratch.head(lambda));
  // The members' spread per coordinate, v_j = the variance of θ_ij over i.
  auto theta = scratch.segment(0, n), x = scratch.segment(n, n);
  auto sum = scratch.segment(2 * n, n), squares = scratch.segment(3 * n, n);
  sum.setZero();
  squares.setZero();
  for (Index i = 0; i < lambda; ++i) {
    population.sample(i, theta);
    sum += theta;
    squares += theta.cwiseAbs2();
  }
  const double count = static_cast<double>(lambda);
  auto variance = squares;  // v_j, in place
  variance = (squares / count - (sum / count).cwiseAbs2()).cwiseMax(0.0);
  // Each coordinate's distance is measured in max(v_j, w_j²): in standard deviations while the
  // distribution is wider than the box, in box widths once it is narrower (a one-sided bound,
  // w_j = ∞, has no copies and no penalty).
  auto unit = variance;  // max(v_j, w_j²), in place
  unit = unit.cwiseMax((box->upper - box->lower).cwiseAbs2());
  const double weight = 2.0 * scale / static_cast<double>(n);
  for (Index i = 0; i < lambda; ++i) {
    population.sample(i, theta);
    population.member(i, x);
    double outside = 0;
    for (Index j = 0; j < n; ++j) {
      // An ordered integer coordinate's point is also rounded: only its distance outside the
      // box counts (twice it, as the reflection's would near the boundary).
      const bool rounded = !box->integral.empty() && box->integral[static_cast<std::size_t>(j)];
      const double d =
          rounded ? 2 * (theta[j] - std::clamp(theta[j], box->lower[j], box->upper[j]))
                  : theta[j] - x[j];
      if (d != 0 && unit[j] > 0 && std::isfinite(unit[j])) outside += d * d / unit[j];
    }
    fitness[i] += weight * outside;
  }
}

}  // namespace varopt
