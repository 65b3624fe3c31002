#pragma once
// Exact J and ∇J by enumeration, for distributions over small finite spaces (FiniteSupport):
//   J(ψ)   = Σ_θ P(θ|ψ) f(θ),
//   ∇ψ J   = Σ_θ P(θ|ψ) f(θ) ∇ψ log P(θ|ψ)          (the score identity, summed instead of
//   sampled).
// The reference for the estimators' tests and the variance study (the lecture's two-point example
// J(p) = 0.08p + 0.45, b ~ Bernoulli(p), p = σ(φ), is the one-variable case). As a
// GradientEstimator it ignores the population's samples and returns the exact gradient: gradient
// descent on J itself, the noise-free limit of VO.
#include <cstdint>

#include "varopt/dist/search_distribution.hpp"
#include "varopt/grad/estimator.hpp"
#include "varopt/eval/objective.hpp"

namespace varopt {

inline constexpr std::uint64_t kDefaultEnumerationLimit = std::uint64_t{1} << 20;

struct ExactExpectation {
  double value = 0;  // J(ψ)
  Vec gradient;      // ∇ψ J
  std::uint64_t points = 0;
};

// Throws InvalidArgument when the distribution is not over a finite space, or has more than
// `max_points` points (the message gives the count). f is called once per point.
ExactExpectation exact_expectation(const SearchDistribution& distribution, const Objective& f,
                                   std::uint64_t max_points = kDefaultEnumerationLimit);
// The number of points of a finite distribution's support (saturating at UINT64_MAX).
std::uint64_t support_size(const SearchDistribution& distribution);

class EnumerationEstimator final : public GradientEstimator {
 public:
  // f non-empty.
  explicit EnumerationEstimator(Objective f, std::uint64_t max_points = kDefaultEnumerationLimit);
  std::string name() const override { return "exact"; }
  using GradientEstimator::gradient;
  void gradient(const Population& population, const Evaluations& evaluations,
                Vec& g) const override;
  std::unique_ptr<GradientEstimator> clone() const override {
    return std::make_unique<EnumerationEstimator>(*this);
  }

 private:
  Objective f_;
  std::uint64_t max_points_;
};

}  // namespace varopt
