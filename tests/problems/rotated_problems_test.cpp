// The rotated problems f(R x): R orthogonal and reproducible from the problem seed, values and
// optimum those of the base function, gradients Rᵀ ∇f(R x) against finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/problems/continuous.hpp"
#include "varopt/problems/rotation.hpp"
#include "varopt/problems/shift.hpp"

namespace varopt {
namespace {

const char* const kBases[] = {"sphere",   "ellipsoid",       "rosenbrock", "rastrigin",
                              "ackley",   "griewank",        "styblinski-tang", "discus",
                              "bent-cigar", "schwefel"};

TEST(RandomRotation, IsOrthogonalReproducibleAndSeeded) {
  for (Index n : {1, 2, 5, 40}) {
    const Mat r = problems::random_rotation(n, 7);
    EXPECT_LT((r.transpose() * r - Mat::Identity(n, n)).cwiseAbs().maxCoeff(), 1e-13) << n;
    EXPECT_EQ(r, problems::random_rotation(n, 7));
    if (n > 1) {
      EXPECT_GT((r - problems::random_rotation(n, 8)).norm(), 0.1) << n;
    }
  }
  EXPECT_THROW(problems::random_rotation(0, 1), InvalidArgument);
}

// D19: an n × n rotation that cannot fit in memory is refused before anything is allocated,
// naming what it would take (3 matrices of n² doubles while it is made), for every rotated
// problem; the unrotated ones take the same dimension.
TEST(RandomRotation, TooLargeForMemoryIsRefusedNamingTheNeed) {
  const std::string expected =
      "random_rotation: expected a dimension <= 10000 (an n × n rotation takes about 240 GB to "
      "make at n = 100000), got 100000";
  try {
    problems::random_rotation(100'000, 1);
    FAIL() << "a rotation of dimension 10^5 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(e.what(), expected);
  }
  for (const std::string prefix : {"rotated-", "shifted-rotated-"}) {
    try {
      make_problem(prefix + "ellipsoid", {.dim = 100'000});
      FAIL() << prefix;
    } catch (const InvalidArgument& e) {
      EXPECT_EQ(e.what(), expected) << prefix;
    }
  }
  EXPECT_EQ(make_problem("shifted-ellipsoid", {.dim = 100'000}).dim(), 100'000);
  EXPECT_THROW(problems::random_rotation(problems::kMaxRotationDim + 1, 1), InvalidArgument);
}

// Haar measure: E R_ij = 0 and E R_ij² = 1/n. Over 400 rotations of dimension 3 the mean of
// R_00 has standard deviation √(1/3/400) ≈ 0.029; |mean| < 0.12 (4 sd, false-positive rate
// ~6e-5), and the mean of R_00² (sd ≤ √(E R⁴/400) < 0.04) lies within 0.16 of 1/3.
TEST(RandomRotation, EntriesHaveTheHaarMoments) {
  double sum = 0, squares = 0;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    const double r = problems::random_rotation(3, seed)(0, 0);
    sum += r;
    squares += r * r;
  }
  EXPECT_LT(std::abs(sum / 400), 0.12);
  EXPECT_NEAR(squares / 400, 1.0 / 3.0, 0.16);
}

TEST(RotatedProblems, AreTheBaseFunctionOfTheRotatedPoint) {
  for (const char* base : kBases) {
    for (Index n : {2, 7}) {
      const Problem rotated = make_problem(std::string("rotated-") + base, {.dim = n, .seed = 4});
      const Problem plain = make_problem(base, {.dim = n});
      const Mat r = problems::random_rotation(n, 4);
      SCOPED_TRACE(std::string(base) + " n=" + std::to_string(n));
      EXPECT_EQ(rotated.name, std::string("rotated-") + base);
      EXPECT_EQ(rotated.optimum, plain.optimum);
      EXPECT_EQ(rotated.initial_center, plain.initial_center);
      const Vec x = Vec::LinSpaced(n, -2.0, 1.5);
      EXPECT_NEAR(rotated.objective(x), plain.objective(r * x), 1e-12 * (1 + std::abs(plain.objective(r * x))));
      if (std::string(base) != "sphere") {
        EXPECT_NE(rotated.objective(x), plain.objective(x));
      }
    }
  }
  // The minimizer of rotated-rosenbrock is Rᵀ 1.
  const Mat r = problems::random_rotation(5, 9);
  const Problem rosenbrock = make_problem("rotated-rosenbrock", {.dim = 5, .seed = 9});
  EXPECT_NEAR(rosenbrock.objective(r.transpose() * Vec::Ones(5)), 0.0, 1e-24);
  EXPECT_THROW(make_problem("rotated-sphere", {.dim = 3, .noise = 0.1}), InvalidArgument);
  EXPECT_THROW(make_problem("rotated-sin", {.dim = 1}), InvalidArgument);
}

// Central differences as in continuous_problems_test.cpp (h = 1e-5·(1 + |x_i|), tolerance
// 1e-6·(1 + |f| + |∂_i f|)); a rotation keeps |R x| = |x|, so the same bounds hold.
TEST(RotatedProblems, GradientsMatchFiniteDifferences) {
  for (const char* base : kBases) {
    const Problem p = make_problem(std::string("rotated-") + base, {.dim = 6, .seed = 2});
    Stream stream = Rng(5).stream(6, 0);
    for (int trial = 0; trial < 4; ++trial) {
      Vec x(6);
      stream.fill_uniform({x.data(), 6});
      x = 6.0 * x.array() - 3.0;
      Vec g(6);
      p.gradient(x, g);
      const double f = p.objective(x);
      for (Index i = 0; i < 6; ++i) {
        const double h = 1e-5 * (1 + std::abs(x[i]));
        Vec xp = x, xm = x;
        xp[i] += h;
        xm[i] -= h;
        const double fd = (p.objective(xp) - p.objective(xm)) / (2 * h);
        EXPECT_NEAR(g[i], fd, 1e-6 * (1 + std::abs(f) + std::abs(fd))) << base << " i=" << i;
      }
    }
  }
}

TEST(RandomShift, IsReproducibleSeededAndInsideTheBox) {
  const Vec s = problems::random_shift(1000, 3);
  EXPECT_EQ(s, problems::random_shift(1000, 3));
  EXPECT_GT((s - problems::random_shift(1000, 4)).norm(), 1.0);
  EXPECT_LE(s.cwiseAbs().maxCoeff(), 4.0);
  // Uniform on [−4, 4]: mean 0 (sd 4/√3/√1000 ≈ 0.073; |mean| < 0.3 is 4 sd, false-positive
  // rate ~6e-5) and coordinates on both sides of ±3.
  EXPECT_LT(std::abs(s.mean()), 0.3);
  EXPECT_GT(s.maxCoeff(), 3.0);
  EXPECT_LT(s.minCoeff(), -3.0);
  EXPECT_THROW(problems::random_shift(0, 1), InvalidArgument);
}

// shifted-f(x) = f(x − x* + z*) and shifted-rotated-f(x) = f(R(x − x*) + z*): the minimizer is
// x* (from the seed), the minimum f's, the start COCO's (0, σ₀ = 2).
TEST(ShiftedProblems, AreTheBaseFunctionOfTheMovedPointWithTheMinimizerAtTheShift) {
  for (const char* base : kBases) {
    for (Index n : {2, 7}) {
      const Problem plain = make_problem(base, {.dim = n});
      const Problem shifted = make_problem(std::string("shifted-") + base, {.dim = n, .seed = 4});
      const Problem both =
          make_problem(std::string("shifted-rotated-") + base, {.dim = n, .seed = 4});
      const Mat r = problems::random_rotation(n, 4);
      const Vec x_star = problems::random_shift(n, 4);
      SCOPED_TRACE(std::string(base) + " n=" + std::to_string(n));
      EXPECT_EQ(both.name, std::string("shifted-rotated-") + base);
      EXPECT_EQ(shifted.optimum, plain.optimum);
      EXPECT_EQ(both.optimum, plain.optimum);
      EXPECT_EQ(both.initial_center, Vec::Zero(n));
      EXPECT_EQ(both.initial_spread, 2.0);
      const double tol = 1e-12 * (1 + std::abs(*plain.optimum));
      EXPECT_NEAR(shifted.objective(x_star), *plain.optimum, tol);
      EXPECT_NEAR(both.objective(x_star), *plain.optimum, tol);
      // z* of the base: 0 except Rosenbrock (1) and Styblinski–Tang.
      const std::string name = base;
      const Vec z_star = name == "rosenbrock"        ? Vec::Ones(n)
                         : name == "styblinski-tang" ? Vec::Constant(n, problems::styblinski_tang_argmin())
                                                     : Vec::Zero(n);
      const Vec x = Vec::LinSpaced(n, -2.0, 1.5);
      const double expected_shifted = plain.objective(x - x_star + z_star);
      const double expected_both = plain.objective(r * (x - x_star) + z_star);
      EXPECT_NEAR(shifted.objective(x), expected_shifted, 1e-12 * (1 + std::abs(expected_shifted)));
      EXPECT_NEAR(both.objective(x), expected_both, 1e-12 * (1 + std::abs(expected_both)));
      EXPECT_GT(std::abs(both.objective(Vec::Zero(n)) - plain.objective(Vec::Zero(n))), 0.0);
    }
  }
  EXPECT_THROW(make_problem("shifted-rotated-sphere", {.dim = 3, .noise = 0.1}), InvalidArgument);
  EXPECT_THROW(make_problem("shifted-sin", {.dim = 1}), InvalidArgument);
  EXPECT_THROW(make_problem("shifted-rotated-rosenbrock", {.dim = 1}), InvalidArgument);
}

}  // namespace
}  // namespace varopt
