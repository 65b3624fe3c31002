#pragma once
// The penalty a bounded run adds to the values its update sees. Members are evaluated at
// x_i = reflect(θ_i) (dist/box.hpp), so f∘reflect is periodic in θ: a copy of the box every 2w
// along each bounded coordinate. When the optimum lies on the boundary, a distribution wider than
// the box finds equally good points in every copy and nothing pulls it back; xNES's σ grew
// without bound there (to 4·10⁶ on an ellipsoid with the box [0.5, 1] × [−1, 1]⁹). The update
// therefore sees
//     f_i + p_i,   p_i = (2 s / n) Σ_j (θ_ij − x_ij)² / max(v_j, w_j²),
// s = the interquartile range of the generation's values (their range when that is 0, else 1),
// v_j = the variance of θ_ij over the members (the distribution's spread along coordinate j, as
// this generation shows it, for every kind of distribution), w_j = the box's width there (∞ for a
// one-sided or no bound, which has no copies: no penalty). While the distribution is wider than
// the box, a member whose θ lies k standard deviations outside along one coordinate pays 2k²/n of
// the values' spread, so the copies far away lose; once it is narrower, distances count in box
// widths, so the V-shaped minimum at a boundary optimum is barely tilted; inside the box (θ = x)
// nothing changes. This is the repair-plus-penalty boundary handling of Hansen et al. 2009 ("A
// method for handling uncertainty in evolutionary optimization", IEEE TEC 13(1), appendix;
// pycma's BoundPenalty, whose per-coordinate scaling by C_jj v_j plays) with its weight set from
// the values' spread each generation instead of adapted.
// The reported values and the best point are the objective's own, never penalized.
#include "varopt/core/types.hpp"
#include "varopt/dist/population.hpp"

namespace varopt {

// fitness[i] += p_i for the members of `population` (one finite value each); `scratch` is kept
// by the caller (no allocation once it has the size).
void add_bound_penalty(const Population& population, VecRef fitness, Vec& scratch);

}  // namespace varopt
