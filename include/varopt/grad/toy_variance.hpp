#pragma once
// Closed-form variances of the discrete gradient estimators on the one-variable toy
//   f(b) = (b − t)²,  b ~ Bernoulli(p),  p = σ(φ),  estimates of ∂J/∂φ = p(1 − p)(1 − 2t)
// (the standard test of Tucker et al. 2017, REBAR, and Dong et al. 2020, DisARM). Notation:
// a = f(1) = (1 − t)², c = f(0) = t², d = a − c = 1 − 2t, v = p(1 − p), m = min(p, 1 − p).
//  • plain score function, one sample: ĝ = f(b)(b − p) is a(1 − p) w.p. p and −c p w.p. 1 − p:
//      Var = v [a²(1 − p) + c² p] − (v d)²                                          (1 evaluation)
//  • RLOO with K samples (Kool et al. 2019): with x_k = b_k − p (E x = 0, E x² = v,
//    E x⁴ = v(1 − 3v)) the constant c cancels in f_k − f̄, and
//    ĝ = (d/K)[Σ_k x_k² − (1/(K − 1)) Σ_{k≠l} x_k x_l]; the two sums are uncorrelated, with
//    Var Σ x_k² = K(v − 4v²) and Var Σ_{k≠l} x_k x_l = 2K(K − 1)v², so
//      Var = (d²/K)[v − 4v² + 2v²/(K − 1)]                                           (K
//      evaluations)
//  • ARM (Yin & Zhou 2019): ĝ = (f(b¹) − f(b²))(u − ½) is nonzero only for u < m and u > 1 − m,
//    where it is ±d(u − ½), so E ĝ² = 2d² ∫_{1−m}^1 (u − ½)² du = (2/3) d² [1/8 − (½ − m)³]:
//      Var = (2/3) d² [1/8 − (½ − m)³] − (v d)²                                     (2 evaluations)
//  • DisARM (Dong et al. 2020): b¹ ≠ b² with probability 2m, and then ĝ = ½ d (1 − m) (σ(|φ|) =
//    1 − m, the sign always that of d), else 0; E ĝ² = ½ m(1 − m)² d²:
//      Var = m (1 − m)² d² (½ − m)                                                   (2
//      evaluations)
// Multiply by the evaluations per estimate for the variance per evaluation.
#include <algorithm>

#include "varopt/core/types.hpp"

namespace varopt::toy_variance {

inline double score(double t, double p) {
  const double a = (1 - t) * (1 - t), c = t * t, d = a - c, v = p * (1 - p);
  return v * (a * a * (1 - p) + c * c * p) - v * v * d * d;
}

inline double rloo(double t, double p, Index k) {
  const double d = 1 - 2 * t, v = p * (1 - p), kk = static_cast<double>(k);
  return d * d / kk * (v - 4 * v * v + 2 * v * v / (kk - 1));
}

inline double arm(double t, double p) {
  const double d = 1 - 2 * t, v = p * (1 - p), m = std::min(p, 1 - p), h = 0.5 - m;
  return 2.0 / 3.0 * d * d * (0.125 - h * h * h) - v * v * d * d;
}

inline double disarm(double t, double p) {
  const double d = 1 - 2 * t, m = std::min(p, 1 - p);
  return m * (1 - m) * (1 - m) * d * d * (0.5 - m);
}

}  // namespace varopt::toy_variance
