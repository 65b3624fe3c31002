#pragma once
// Box bounds l ≤ x ≤ u on the coordinates of a point (±∞ for an unbounded side; discrete
// coordinates of a mixed space get (−∞, ∞)). The search distribution stays unconstrained: a
// sample θ is evaluated at its reflection x = reflect(θ) into the box, and the update sees
// f(reflect(θ)) as the value of θ. Reflection is periodic, as a ray between two mirrors:
//   both sides finite, w = u − l:  t = (θ − l) mod 2w,  x = l + (t ≤ w ? t : 2w − t)
//   only l finite: x = l + |θ − l|;  only u finite: x = u − |u − θ|;  none: x = θ;
//   l = u: x = l (a fixed coordinate).
// So every evaluated and reported point lies in the box, f∘reflect is continuous on Rⁿ, and an
// optimum on the boundary stays one (a V-shaped minimum of f∘reflect at θ = l, which the
// strategies converge to). Reflection keeps a distribution that is well inside the box exactly
// as it was (x = θ there); it is the "mirror" boundary handling of the evolution-strategies
// literature (e.g. Hansen et al., "A method for handling uncertainty in evolutionary
// optimization", IEEE TEC 2009, lists it among repair methods). Because f∘reflect is periodic
// where both sides are finite, the solver's update also sees a penalty on θ's distance outside the
// box (solve/bound_penalty.hpp), so that a distribution wider than the box is pulled back.
#include <vector>

#include "varopt/core/types.hpp"
#include "varopt/dist/search_space.hpp"

namespace varopt {

struct Box {
  Vec lower, upper;  // both empty: no bounds
  // Coordinates rounded after the reflection to the nearest integer in [⌈lower⌉, ⌊upper⌋] (an
  // ordered integer block: SpaceBlock::integral); empty: none.
  std::vector<bool> integral;

  bool empty() const { return lower.size() == 0 && upper.size() == 0; }
  // Throws InvalidArgument unless both have size n, no NaN, and lower ≤ upper everywhere
  // (lower = upper, finite, fixes the coordinate there: scipy's fixed variables)
  // (or the box is empty).
  void validate(Index n) const;
  // x ← reflect(x), coordinate by coordinate (no-op for an empty box), then the integral
  // coordinates rounded.
  void reflect(VecRef x) const;
  bool contains(ConstVecRef x) const;
  // One value broadcast to n coordinates, or n values; throws InvalidArgument otherwise.
  static Vec broadcast(const std::vector<double>& values, Index n, const char* what);
  // The bounds the continuous blocks of a space declare (box_lower/box_upper; ±∞ where a side or
  // a block has none, and for discrete blocks); empty when no block declares any.
  static Box of(const SearchSpace& space);
};

}  // namespace varopt
