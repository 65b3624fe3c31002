#pragma once
// The common part of ARM and DisARM: estimators on antithetic pairs of a distribution driven by
// binary sticks (dist/binary_coupling.hpp). Pair k = members (2k, 2k+1) shares uniforms u:
//   b² = 1[u < σ(φ)]  (member 2k, f² = f(θ_2k)),    b¹ = 1[u > σ(−φ)]  (member 2k+1, f¹).
// Each pair gives one estimate per stick, ĝ_j = term(f¹, f², u_j, φ_j, b¹_j, b²_j), kept where
// stick_relevance() says the stick can matter; the estimates are averaged over the P pairs and
// mapped back to ψ by the chain rule (add_stick_gradient).
// Parameters no stick depends on (continuous blocks of a Product) get the score-function estimate
// on the same members, (1/2P) Σ_k Σ_{m∈pair k} (f_m − β_k) ∇ log P(θ_m), with β_k the mean f of
// the other pairs (0 when P = 1): β_k does not depend on pair k, so it stays unbiased.
#include "varopt/grad/estimator.hpp"

namespace varopt {

class PairedBinaryEstimator : public GradientEstimator {
 public:
  bool needs_pairs() const override { return true; }
  MinimumPopulation min_population(bool) const override {
    return {2, "its estimates come from coupled pairs"};
  }
  // Binary sticks: Bernoulli, Categorical, or a Product with a discrete block.
  void check_distribution(const SearchDistribution& dist, std::string_view where) const override;
  // Throws InvalidArgument unless the population is antithetic, its distribution passes
  // check_distribution, and the evaluations match.
  using GradientEstimator::gradient;
  void gradient(const Population& population, const Evaluations& evaluations, Vec& g) const final;

 protected:
  // The single-pair estimate of ∂J/∂φ_j.
  virtual double stick_term(double f1, double f2, double u, double phi, double b1,
                            double b2) const = 0;
};

}  // namespace varopt
