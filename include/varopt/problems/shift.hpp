#pragma once
// Random optimum locations for the "shifted-*" and "shifted-rotated-*" problems, COCO/BBOB style
// (Hansen et al. 2009, "Real-parameter black-box optimization benchmarking 2009: noiseless
// functions definitions", INRIA RR-6829; Hansen et al. 2021, "COCO: a platform for comparing
// continuous optimizers in a black-box setting", Optim. Methods Softw. 36(1)):
//   shifted-f(x)          = f(x − x* + z*)
//   shifted-rotated-f(x)  = f(R (x − x*) + z*)
// with z* the minimizer of f (0 for most functions, 1 for Rosenbrock), R the Haar rotation of
// problems/rotation.hpp and x* uniform in [−4, 4]^n, so that the minimizer is x* itself and the
// minimum is f's: a method that favours the origin, or the coordinate axes, gains nothing.
//
// x* is made from the problem seed: coordinate i is 8 u_i − 4, u_i value i of fill_uniform on
// the Philox stream (seed ⊕ tag, generation 0, member 0) (a tag distinct from the rotation's).
#include <cstdint>

#include "varopt/core/types.hpp"

namespace varopt::problems {

// The optimum location x* of `seed` in dimension n (n ≥ 1), each coordinate in [−4, 4].
Vec random_shift(Index n, std::uint64_t seed);

}  // namespace varopt::problems
