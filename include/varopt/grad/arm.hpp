#pragma once
// ARM, the Augment-REINFORCE-Merge estimator (Yin & Zhou 2019, ICLR), for J(φ) = E f(b),
// b ~ Bernoulli(p), p = σ(φ):
//   ∂J/∂φ_j = E_u[ (f(b¹) − f(b²)) (u_j − ½) ],   b¹ = 1[u > σ(−φ)],  b² = 1[u < σ(φ)],  u ~
//   U(0,1)^n.
// Unbiased, two evaluations per pair (an antithetic pair of the population, see paired_binary.hpp);
// applies to Bernoulli, to categorical variables through their stick-breaking sticks, and to the
// discrete blocks of a Product.
#include "varopt/grad/paired_binary.hpp"

namespace varopt {

class Arm final : public PairedBinaryEstimator {
 public:
  std::string name() const override { return "arm"; }
  std::unique_ptr<GradientEstimator> clone() const override { return std::make_unique<Arm>(*this); }

 protected:
  double stick_term(double f1, double f2, double u, double phi, double b1,
                    double b2) const override;
};

}  // namespace varopt
