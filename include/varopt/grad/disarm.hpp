#pragma once
// DisARM (Dong, Mnih & Tucker 2020, "DisARM: An Antithetic Gradient Estimator for Binary Latent
// Variables", NeurIPS; the same estimator as U2G, Yin et al. 2020): ARM with the augmentation
// variable integrated out analytically given (b¹, b²),
//   ĝ_j = ½ (f(b¹) − f(b²)) (−1)^{b²_j} 1[b¹_j ≠ b²_j] σ(|φ_j|),
// with the coupled pair b¹ = 1[u > σ(−φ)], b² = 1[u < σ(φ)]. Unbiased and never worse than ARM;
// on the one-variable toy f(b) = (b − t)² its variance is m(1 − m)²(½ − m)(1 − 2t)², m = min(p, 1 −
// p) (tests/grad/discrete_estimators_test.cpp). Categorical variables use their stick-breaking
// sticks (Dong, Mnih & Tucker 2021, "Coupled Gradient Estimators for Discrete Latent Variables",
// NeurIPS), with the Rao-Blackwellization that drops sticks past both chains' stopping points.
#include "varopt/grad/paired_binary.hpp"

namespace varopt {

class Disarm final : public PairedBinaryEstimator {
 public:
  std::string name() const override { return "disarm"; }
  std::unique_ptr<GradientEstimator> clone() const override {
    return std::make_unique<Disarm>(*this);
  }

 protected:
  double stick_term(double f1, double f2, double u, double phi, double b1,
                    double b2) const override;
};

}  // namespace varopt
