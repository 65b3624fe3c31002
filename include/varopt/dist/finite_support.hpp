#pragma once
// A distribution over a finite grid: coordinate j of θ takes the integer values
//   first_j, first_j + 1, ..., first_j + count_j − 1,
// independently of the representation of ψ. Implemented by the discrete distributions
// (Bernoulli: {0, 1}; categorical: {0, ..., K − 1}; products of discrete blocks, integer blocks
// shifted to their lower bound). It is what lets J(ψ) = Σ_θ P(θ|ψ) f(θ) and
// ∇ψ J = Σ_θ P(θ|ψ) f(θ) ∇ψ log P(θ|ψ) be computed exactly by enumeration (grad/enumeration.hpp).
#include <vector>

#include "varopt/core/types.hpp"

namespace varopt {

struct IntegerRange {
  double first = 0;
  Index count = 0;
};

class FiniteSupport {
 public:
  virtual ~FiniteSupport() = default;
  // One range per coordinate of θ. Throws InvalidArgument when part of the space is continuous.
  virtual std::vector<IntegerRange> coordinate_ranges() const = 0;
};

}  // namespace varopt
