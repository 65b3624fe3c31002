#pragma once
// Evaluation noise for the "noisy-*" problems: f̃(x) = f(x) + s · η(seed, x), η ~ N(0, 1).
//
// η is a pure function of the instance seed and the bit pattern of x:
//   h = mix(seed, bits(x_1), …, bits(x_n))  (splitmix64 finalizer chained over the coordinates;
//                                           −0.0 is read as +0.0),
//   η = normal number 0 of the Philox stream (seed ⊕ tag, generation = h_hi, member = h_lo).
// So a noisy objective is thread-safe (no shared state, no counter), its value does not depend on
// the order or the thread in which points are evaluated, and a run is reproducible bit for bit.
// Distinct points get independent noise (up to 64-bit hash collisions, probability ~2⁻⁶⁴ per
// pair); evaluating the *same* x twice returns the same value (common random numbers), so
// averaging repeated evaluations of one point does not reduce the noise. The tag keeps the
// noise streams apart from a solver's sampling streams when both use the same seed.
#include <cstdint>

#include "varopt/core/types.hpp"

namespace varopt::problems {

// The standard normal η(seed, x) above.
double evaluation_noise(std::uint64_t seed, ConstVecRef x);

}  // namespace varopt::problems
