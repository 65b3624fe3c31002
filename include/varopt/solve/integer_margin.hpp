#pragma once
// The smallest standard deviation an ordered integer coordinate keeps (SpaceBlock::integral).
// Such a coordinate is a real variable rounded at every point, so f is flat within an integer's
// cell [k − ½, k + ½]: once its σ is far below ½ every member rounds to k, the coordinate stops
// moving, and a run converged in its real coordinates ends there (by flat fitness) however far
// k is from the optimum. A floor keeps the probability that a member leaves the mean's cell at
// least α, the margin of CMA-ES with Margin (Hamano, Saito, Nomura & Shirakawa, GECCO 2022),
// whose default is α = 1/(n λ): for a Gaussian centred in the cell that is
//   s = ½ / Φ⁻¹(1 − α/2),
// 0.29 for n = 2, λ = 6; 0.19 for n = 10, λ = 10; 0.15 for n = 100, λ = 17. (LB-CMA-ES, Marty et
// al., PPSN 2024, bounds the standard deviation of integer variables likewise.) The floor is
// enforced on the coordinate's marginal standard deviation after every update
// (SearchDistribution::clamp_coordinate_spread); an isotropic Gaussian, with one σ for all
// coordinates, has none of its own to floor.
#include "varopt/core/types.hpp"
#include "varopt/dist/box.hpp"

namespace varopt {

// s above for dimension n ≥ 1 and population λ ≥ 1.
double integer_spread_floor(Index dim, Index population);

// s on the box's integral coordinates, 0 on the others; empty when it has none.
Vec integer_spread_floors(const Box& box, Index dim, Index population);

}  // namespace varopt
