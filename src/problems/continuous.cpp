#include "varopt/problems/continuous.hpp"

#include <cmath>
#include <numbers>
#include <vector>

namespace varopt::problems {
namespace {

constexpr double two_pi = 2.0 * std::numbers::pi;

// Newton's method on g(x) = 0 from x0; g and its derivative dg are smooth near the root.
template <class G, class DG>
double newton_root(G g, DG dg, double x) {
  for (int k = 0; k < 100; ++k) {
    const double step = g(x) / dg(x);
    x -= step;
    if (std::abs(step) <= 1e-15 * (1.0 + std::abs(x))) break;
  }
  return x;
}

double ellipsoid_weight(Index i, Index n) {
  return n == 1 ? 1.0 : std::pow(10.0, 6.0 * static_cast<double>(i) / static_cast<double>(n - 1));
}

}  // namespace

double sphere(ConstVecRef x) { return x.squaredNorm(); }
void sphere_gradient(ConstVecRef x, VecRef grad) { grad = 2.0 * x; }

double ellipsoid(ConstVecRef x) {
  double f = 0;
  for (Index i = 0; i < x.size(); ++i) f += ellipsoid_weight(i, x.size()) * x[i] * x[i];
  return f;
}
void ellipsoid_gradient(ConstVecRef x, VecRef grad) {
  for (Index i = 0; i < x.size(); ++i) grad[i] = 2.0 * ellipsoid_weight(i, x.size()) * x[i];
}

double rosenbrock(ConstVecRef x) {
  double f = 0;
  for (Index i = 0; i + 1 < x.size(); ++i) {
    const double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
    f += 100.0 * a * a + b * b;
  }
  return f;
}
void rosenbrock_gradient(ConstVecRef x, VecRef grad) {
  grad.setZero();
  for (Index i = 0; i + 1 < x.size(); ++i) {
    const double a = x[i + 1] - x[i] * x[i];
    grad[i] += -400.0 * x[i] * a - 2.0 * (1.0 - x[i]);
    grad[i + 1] += 200.0 * a;
  }
}

double rastrigin(ConstVecRef x) {
  double f = 10.0 * static_cast<double>(x.size());
  for (Index i = 0; i < x.size(); ++i) f += x[i] * x[i] - 10.0 * std::cos(two_pi * x[i]);
  return f;
}
void rastrigin_gradient(ConstVecRef x, VecRef grad) {
  for (Index i = 0; i < x.size(); ++i) grad[i] = 2.0 * x[i] + 10.0 * two_pi * std::sin(two_pi * x[i]);
}

double ackley(ConstVecRef x) {
  const double n = static_cast<double>(x.size());
  double cos_sum = 0;
  for (Index i = 0; i < x.size(); ++i) cos_sum += std::cos(two_pi * x[i]);
  const double r = std::sqrt(x.squaredNorm() / n);
  return -20.0 * std::exp(-0.2 * r) - std::exp(cos_sum / n) + 20.0 + std::numbers::e;
}
void ackley_gradient(ConstVecRef x, VecRef grad) {
  const double n = static_cast<double>(x.size());
  double cos_sum = 0;
  for (Index i = 0; i < x.size(); ++i) cos_sum += std::cos(two_pi * x[i]);
  const double r = std::sqrt(x.squaredNorm() / n);
  // d/dx_i of −20 e^{−0.2 r} is 4 e^{−0.2 r} x_i/(n r); it has no limit at r = 0 (taken as 0).
  const double radial = r > 0 ? 4.0 * std::exp(-0.2 * r) / (n * r) : 0.0;
  const double wave = std::exp(cos_sum / n) * two_pi / n;
  for (Index i = 0; i < x.size(); ++i) grad[i] = radial * x[i] + wave * std::sin(two_pi * x[i]);
}

double griewank(ConstVecRef x) {
  double sum = 0, product = 1;
  for (Index i = 0; i < x.size(); ++i) {
    sum += x[i] * x[i];
    product *= std::cos(x[i] / std::sqrt(static_cast<double>(i + 1)));
  }
  return 1.0 + sum / 4000.0 - product;
}
void griewank_gradient(ConstVecRef x, VecRef grad) {
  const Index n = x.size();
  // Π_{j≠i} cos(x_j/√j) from prefix and suffix products (no division by a cosine that may be 0).
  std::vector<double> cosines(n), suffix(n + 1, 1.0);
  for (Index i = 0; i < n; ++i) cosines[i] = std::cos(x[i] / std::sqrt(static_cast<double>(i + 1)));
  for (Index i = n; i > 0; --i) suffix[i - 1] = suffix[i] * cosines[i - 1];
  double prefix = 1;
  for (Index i = 0; i < n; ++i) {
    const double root = std::sqrt(static_cast<double>(i + 1));
    grad[i] = x[i] / 2000.0 + std::sin(x[i] / root) / root * prefix * suffix[i + 1];
    prefix *= cosines[i];
  }
}

double styblinski_tang(ConstVecRef x) {
  double f = 0;
  for (Index i = 0; i < x.size(); ++i) {
    const double t = x[i] * x[i];
    f += t * t - 16.0 * t + 5.0 * x[i];
  }
  return 0.5 * f;
}
void styblinski_tang_gradient(ConstVecRef x, VecRef grad) {
  for (Index i = 0; i < x.size(); ++i) grad[i] = 2.0 * x[i] * x[i] * x[i] - 16.0 * x[i] + 2.5;
}
double styblinski_tang_argmin() {
  static const double root = newton_root([](double t) { return 4 * t * t * t - 32 * t + 5; },
                                         [](double t) { return 12 * t * t - 32; }, -2.9);
  return root;
}
double styblinski_tang_min_per_dim() {
  const double t = styblinski_tang_argmin();
  return 0.5 * (t * t * t * t - 16.0 * t * t + 5.0 * t);
}

double discus(ConstVecRef x) {
  return x.size() == 0 ? 0.0 : 1e6 * x[0] * x[0] + x.tail(x.size() - 1).squaredNorm();
}
void discus_gradient(ConstVecRef x, VecRef grad) {
  grad = 2.0 * x;
  if (x.size() > 0) grad[0] *= 1e6;
}

double bent_cigar(ConstVecRef x) {
  return x.size() == 0 ? 0.0 : x[0] * x[0] + 1e6 * x.tail(x.size() - 1).squaredNorm();
}
void bent_cigar_gradient(ConstVecRef x, VecRef grad) {
  grad = 2e6 * x;
  if (x.size() > 0) grad[0] = 2.0 * x[0];
}

double schwefel(ConstVecRef x) {
  double f = 0, prefix = 0;
  for (Index i = 0; i < x.size(); ++i) {
    prefix += x[i];
    f += prefix * prefix;
  }
  return f;
}
void schwefel_gradient(ConstVecRef x, VecRef grad) {
  // ∂f/∂x_k = 2 Σ_{i≥k} S_i: the prefix sums S_i forward, then their suffix sums backward.
  double prefix = 0;
  for (Index i = 0; i < x.size(); ++i) {
    prefix += x[i];
    grad[i] = prefix;
  }
  double suffix = 0;
  for (Index i = x.size(); i > 0; --i) {
    suffix += grad[i - 1];
    grad[i - 1] = 2.0 * suffix;
  }
}

double lecture_1d(double x) { return x * x / 10.0 + std::sin(3.0 * x); }
double lecture_1d_derivative(double x) { return x / 5.0 + 3.0 * std::cos(3.0 * x); }
double lecture_1d_smoothed(double mu, double sigma) {
  return (mu * mu + sigma * sigma) / 10.0 + std::sin(3.0 * mu) * std::exp(-4.5 * sigma * sigma);
}
double lecture_1d_argmin() {
  static const double root = newton_root(lecture_1d_derivative,
                                         [](double t) { return 0.2 - 9.0 * std::sin(3.0 * t); },
                                         -0.5);
  return root;
}

}  // namespace varopt::problems
