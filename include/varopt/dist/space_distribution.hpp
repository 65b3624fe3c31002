#pragma once
// The default search distribution of a SearchSpace: one block per space block,
//   continuous        GaussianDiagonal(μ = the block's part of `center`, σ = spread)
//   binary            Bernoulli with p = ½ (zero logits)
//   categorical       Categorical with uniform probabilities (zero logits)
//   integer [lo, hi]  Categorical over the hi − lo + 1 values, offset lo, uniform. A categorical
//                     (not a discretized Gaussian) keeps J exact to enumerate, needs no rounding
//                     and lets DisARM's stick-breaking apply; it is meant for modest ranges
//                     (at most kMaxIntegerLevels values; use a continuous block beyond).
// Discrete blocks start at maximum entropy whatever `center` says. A space with a single block
// (not integer) gets that block's distribution itself; anything else a Product of named blocks.
#include <memory>

#include "varopt/dist/search_distribution.hpp"
#include "varopt/dist/search_space.hpp"

namespace varopt {

inline constexpr Index kMaxIntegerLevels = 4096;

enum class DiscreteAs {
  natural,      // binary → Bernoulli, categorical/integer → Categorical
  categorical,  // binary blocks too become Categorical with K = 2
};

// center: empty (zeros) or of size space.dim() (only continuous coordinates are read);
// spread > 0. Throws InvalidArgument on a bad space (validate_space), center or spread.
std::unique_ptr<SearchDistribution> make_space_distribution(
    const SearchSpace& space, const Vec& center, double spread,
    DiscreteAs discrete = DiscreteAs::natural);

}  // namespace varopt
