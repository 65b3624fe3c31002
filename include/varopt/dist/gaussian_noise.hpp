#pragma once
// The standard normal noise behind a Gaussian population's members. Every Gaussian search
// distribution samples θ_i = μ + T ε_i (T = σ I, diag σ or the Cholesky factor L), with ε_i the
// first n normals of member i's stream, negated for the mirrored member of an antithetic pair.
// Update rules that work on the noise (CMA-ES's z_i) get it here, bit for bit, instead of solving
// T ε = θ − μ: read from the population where it keeps its noise, else regenerated.
#include "varopt/dist/population.hpp"

namespace varopt {

// Writes ε_i (size population.dim()) into eps.
void gaussian_noise(const Population& population, Index member, VecRef eps);

}  // namespace varopt
