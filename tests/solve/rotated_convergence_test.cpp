// The NES presets on rotated and ill-conditioned problems. xNES must learn a rotated shape: the
// additive step on its Cholesky factor never reached 1e-8 on the rotated ellipsoid (condition
// 1e6) at d = 5 within 10 000 evaluations, where pagmo2's xNES with the same λ and learning rates
// needs about 2 400; the multiplicative step (GaussianFull::params_after_step) reaches it in
// 2 300–2 800. Each run is deterministic for its seed; the budgets leave a factor of 2–4 over the
// measured counts, so a failure means a broken method, not bad luck.
#include <gtest/gtest.h>

#include <string>

#include "support/convergence.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt {
namespace {

using testing::expect_solves;

TEST(RotatedConvergence, XnesLearnsTheRotatedEllipsoidAtSmallDimensions) {
  expect_solves("xnes", "rotated-ellipsoid", 2, 4000);
  expect_solves("xnes", "rotated-ellipsoid", 5, 10000);
}

TEST(RotatedConvergence, XnesSolvesSphereAndEllipsoidRotatedOrNotAtDimension10) {
  for (const char* problem : {"sphere", "rotated-sphere", "ellipsoid", "rotated-ellipsoid"})
    expect_solves("xnes", problem, 10, 25000);
}

TEST(RotatedConvergence, XnesSolvesTheRotatedRosenbrock) {
  expect_solves("xnes", "rotated-rosenbrock", 5, 20000);
}

// SNES adapts one σ per coordinate: it solves the axis-aligned ellipsoid and any rotation of the
// sphere, but it is separable by design and cannot follow a rotated ill-conditioned shape.
TEST(RotatedConvergence, SnesSolvesSphereRotatedOrNotAndTheEllipsoid) {
  for (const char* problem : {"sphere", "rotated-sphere", "ellipsoid"})
    expect_solves("snes", problem, 10, 10000);
}

}  // namespace
}  // namespace varopt
