#pragma once
// Numerically stable logistic functions for logit-parameterized discrete distributions.
//
//   sigmoid(φ)      = 1 / (1 + e^{−φ}),  evaluated without overflow for any finite φ;
//   softplus(φ)     = log(1 + e^{φ}) = max(φ, 0) + log1p(e^{−|φ|});
//   log_sigmoid(φ)  = log σ(φ) = −softplus(−φ);   log(1 − σ(φ)) = log σ(−φ) = −softplus(φ);
//   logsumexp(θ)    = m + log Σ e^{θ_k − m},  m = max θ.
// These keep log-probabilities and scores finite however close p gets to 0 or 1.
#include <algorithm>
#include <cmath>

#include "varopt/core/types.hpp"

namespace varopt {

inline double sigmoid(double phi) {
  if (phi >= 0) return 1.0 / (1.0 + std::exp(-phi));
  const double e = std::exp(phi);
  return e / (1.0 + e);
}

inline double softplus(double phi) {
  return std::max(phi, 0.0) + std::log1p(std::exp(-std::abs(phi)));
}

inline double log_sigmoid(double phi) { return -softplus(-phi); }

// log(p / (1 − p)) for p ∈ (0, 1), from p and q = 1 − p given separately so that neither loses
// precision near 1.
inline double logit(double p, double q) { return std::log(p) - std::log(q); }

template <class Derived>
double logsumexp(const Eigen::MatrixBase<Derived>& theta) {
  const double m = theta.maxCoeff();
  return m + std::log(theta.derived().unaryExpr([m](double t) { return std::exp(t - m); }).sum());
}

}  // namespace varopt
