// Continuous benchmark problems: values at the optimum, analytic gradients against central finite
// differences, the noisy variants' noise (reproducible, order-independent, N(0, s²)), error paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/problems/continuous.hpp"
#include "varopt/problems/noise.hpp"
#include "varopt/problems/problem.hpp"

namespace varopt {
namespace {

struct Case {
  std::string name;
  std::vector<Index> dims;
  Vec (*argmin)(Index n);
};

Vec zeros(Index n) { return Vec::Zero(n); }

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"sphere", {1, 2, 7}, zeros},
      {"ellipsoid", {1, 2, 7}, zeros},
      {"rosenbrock", {2, 3, 7}, [](Index n) -> Vec { return Vec::Ones(n); }},
      {"rastrigin", {1, 2, 7}, zeros},
      {"ackley", {1, 2, 7}, zeros},
      {"griewank", {1, 2, 7}, zeros},
      {"styblinski-tang", {1, 2, 7},
       [](Index n) -> Vec { return Vec::Constant(n, problems::styblinski_tang_argmin()); }},
      {"discus", {1, 2, 7}, zeros},
      {"bent-cigar", {1, 2, 7}, zeros},
      {"schwefel", {1, 2, 7}, zeros},
      {"lecture-1d", {1}, [](Index) -> Vec { return Vec::Constant(1, problems::lecture_1d_argmin()); }},
      {"sin", {1}, [](Index) -> Vec { return Vec::Constant(1, -std::numbers::pi / 2); }},
  };
  return all;
}

TEST(ContinuousProblems, AllAreRegisteredWithTheirNoisyVariants) {
  std::vector<std::string> names;
  for (const auto& info : problem_list()) names.push_back(info.name);
  for (const auto& c : cases()) {
    EXPECT_NE(std::find(names.begin(), names.end(), c.name), names.end()) << c.name;
    EXPECT_NE(std::find(names.begin(), names.end(), "noisy-" + c.name), names.end()) << c.name;
  }
}

TEST(ContinuousProblems, ValueAtTheOptimumIsTheReportedOptimum) {
  for (const auto& c : cases()) {
    for (Index n : c.dims) {
      const Problem p = make_problem(c.name, {.dim = n});
      SCOPED_TRACE(c.name + " n=" + std::to_string(n));
      EXPECT_EQ(p.name, c.name);
      EXPECT_EQ(p.dim(), n);
      EXPECT_TRUE(p.space.is_continuous());
      ASSERT_TRUE(p.optimum.has_value());
      const Vec x = c.argmin(n);
      EXPECT_NEAR(p.objective(x), *p.optimum, 1e-12 * (1 + std::abs(*p.optimum)));
      // The gradient vanishes there (Ackley: the subgradient 0 by convention).
      Vec g(n);
      p.gradient(x, g);
      EXPECT_LT(g.lpNorm<Eigen::Infinity>(), 1e-9);
      EXPECT_EQ(p.initial_center.size(), n);
      EXPECT_GT(p.initial_spread, 0.0);
    }
  }
}

TEST(ContinuousProblems, StartsAreTheDocumentedOnes) {
  EXPECT_EQ(make_problem("sphere", {.dim = 3}).initial_center, Vec::Constant(3, 3.0));
  Vec rosen(4);
  rosen << -1.2, 1.0, -1.2, 1.0;
  EXPECT_EQ(make_problem("rosenbrock", {.dim = 4}).initial_center, rosen);
  EXPECT_EQ(make_problem("lecture-1d", {.dim = 1}).initial_center, Vec::Constant(1, 2.0));
  EXPECT_EQ(make_problem("rastrigin", {.dim = 2}).initial_spread, 2.0);
}

TEST(ContinuousProblems, KnownMinimaMatchTheLiterature) {
  // Styblinski–Tang: literature value −39.16599 per coordinate (rounded from the root of
  // 4x³ − 32x + 5 = 0, x = −2.903534); we report f at the exact root.
  EXPECT_NEAR(problems::styblinski_tang_argmin(), -2.903534, 1e-6);
  EXPECT_NEAR(*make_problem("styblinski-tang", {.dim = 5}).optimum, -39.16599 * 5, 2e-4 * 5);
  EXPECT_NEAR(problems::styblinski_tang_min_per_dim(), -39.166165703771, 1e-9);
  // The lecture function's global minimum: f' = 0 there and no grid point on [−10, 10] is lower.
  const double x_star = problems::lecture_1d_argmin();
  EXPECT_NEAR(problems::lecture_1d_derivative(x_star), 0.0, 1e-12);
  for (int i = 0; i <= 20000; ++i) {
    const double x = -10.0 + 1e-3 * i;
    ASSERT_GE(problems::lecture_1d(x), problems::lecture_1d(x_star)) << x;
  }
  // Ellipsoid weights run from 1 to 1e6.
  Vec e = Vec::Zero(4);
  e[3] = 1.0;
  EXPECT_DOUBLE_EQ(problems::ellipsoid(e), 1e6);
  e.setZero();
  e[0] = 1.0;
  EXPECT_DOUBLE_EQ(problems::ellipsoid(e), 1.0);
}

// Central differences with step h: truncation h²·|f'''|/6 plus rounding ~1e-16·|f|/h. With
// h = 1e-5·(1 + |x_i|) both are far below the tolerance 1e-6·(1 + |f| + |∂_i f|) for every
// function here on [−3, 3]^n (|f'''| ≤ 2.5e3 for Rastrigin, the worst).
TEST(ContinuousProblems, GradientsMatchFiniteDifferences) {
  for (const auto& c : cases()) {
    for (Index n : c.dims) {
      for (const std::string prefix : {"", "noisy-", "shifted-", "shifted-rotated-"}) {
        const bool noisy = prefix == "noisy-";
        if (prefix.starts_with("shifted") && c.dims == std::vector<Index>{1}) continue;  // 1-D only
        const ProblemOptions options{.dim = n, .noise = noisy ? 0.5 : 0.0, .seed = 3};
        const Problem p = make_problem(prefix + c.name, options);
        // noisy: ∇f of the mean f
        const Problem clean =
            make_problem(noisy ? c.name : prefix + c.name, {.dim = n, .seed = 3});
        Stream stream = Rng(11).stream(static_cast<std::uint32_t>(n), 0);
        for (int trial = 0; trial < 5; ++trial) {
          Vec x(n);
          stream.fill_uniform({x.data(), static_cast<std::size_t>(n)});
          x = 6.0 * x.array() - 3.0;
          Vec g(n);
          p.gradient(x, g);
          const double f = clean.objective(x);
          for (Index i = 0; i < n; ++i) {
            const double h = 1e-5 * (1 + std::abs(x[i]));
            Vec xp = x, xm = x;
            xp[i] += h;
            xm[i] -= h;
            const double fd = (clean.objective(xp) - clean.objective(xm)) / (2 * h);
            EXPECT_NEAR(g[i], fd, 1e-6 * (1 + std::abs(f) + std::abs(fd)))
                << prefix << c.name << " n=" << n << " i=" << i << " x=" << x.transpose();
          }
        }
      }
    }
  }
}

TEST(ContinuousProblems, NewFunctionsHaveTheirDefiningValues) {
  Vec x(3);
  x << 1.0, 2.0, -3.0;
  EXPECT_DOUBLE_EQ(problems::discus(x), 1e6 + 4 + 9);
  EXPECT_DOUBLE_EQ(problems::bent_cigar(x), 1 + 1e6 * 13);
  // Prefix sums 1, 3, 0.
  EXPECT_DOUBLE_EQ(problems::schwefel(x), 1 + 9 + 0);
  Vec g(3);
  problems::schwefel_gradient(x, g);  // 2·(S1+S2+S3, S2+S3, S3)
  EXPECT_EQ(g, Vec::Map(std::vector<double>{8.0, 6.0, 0.0}.data(), 3));
}

TEST(ContinuousProblems, ScalarFunctionsAgreeWithTheProblems) {
  const Problem lecture = make_problem("lecture-1d", {.dim = 1});
  const Problem sine = make_problem("sin", {.dim = 1});
  for (double x : {-2.0, -0.3, 0.0, 1.7}) {
    EXPECT_DOUBLE_EQ(lecture.objective(Vec::Constant(1, x)), x * x / 10 + std::sin(3 * x));
    EXPECT_DOUBLE_EQ(sine.objective(Vec::Constant(1, x)), std::sin(x));
  }
  // The smoothed lecture function at σ = 0 is the function itself.
  EXPECT_DOUBLE_EQ(problems::lecture_1d_smoothed(1.3, 0.0), problems::lecture_1d(1.3));
}

TEST(NoisyProblems, NoiseIsAPureFunctionOfSeedAndPoint) {
  const Problem a = make_problem("noisy-sphere", {.dim = 3, .noise = 0.1, .seed = 5});
  const Problem b = make_problem("noisy-sphere", {.dim = 3, .noise = 0.1, .seed = 5});
  const Problem other_seed = make_problem("noisy-sphere", {.dim = 3, .noise = 0.1, .seed = 6});
  const Vec x = Vec::LinSpaced(3, 0.5, 1.5);
  EXPECT_EQ(a.objective(x), a.objective(x));
  EXPECT_EQ(a.objective(x), b.objective(x));
  EXPECT_NE(a.objective(x), other_seed.objective(x));
  EXPECT_NE(a.objective(x), problems::sphere(x));
  Vec negative_zero = Vec::Zero(3);
  negative_zero[1] = -0.0;
  EXPECT_EQ(a.objective(Vec::Zero(3)), a.objective(negative_zero));
}

TEST(NoisyProblems, ValuesDoNotDependOnThreadsOrOrder) {
  const Problem p = make_problem("noisy-rastrigin", {.dim = 4, .noise = 1.0, .seed = 9});
  constexpr int count = 400;
  std::vector<Vec> points(count, Vec(4));
  Stream stream = Rng(2).stream(0, 0);
  for (auto& x : points) stream.fill_normal({x.data(), 4});
  std::vector<double> serial(count), reversed(count), threaded(count);
  for (int i = 0; i < count; ++i) serial[i] = p.objective(points[i]);
  for (int i = count - 1; i >= 0; --i) reversed[i] = p.objective(points[i]);
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&, t] {
      for (int i = t; i < count; i += 4) threaded[i] = p.objective(points[i]);
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(serial, reversed);
  EXPECT_EQ(serial, threaded);
}

// Over N distinct points the noise f̃ − f should be N(0, s²). With N = 20000:
// |mean| < 5·s/√N and |sample variance − s²| < 5·s²·√(2/(N − 1)) (normal data); each check fails
// by chance with probability ≈ 6e-7 (Gaussian 5σ tails; the variance statistic is nearly normal).
TEST(NoisyProblems, NoiseHasTheRequestedStandardDeviation) {
  constexpr double s = 0.7;
  constexpr int n = 20000;
  const Problem p = make_problem("noisy-ellipsoid", {.dim = 2, .noise = s, .seed = 1});
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    Vec x(2);
    x << 1e-3 * i, -0.5;
    const double e = p.objective(x) - problems::ellipsoid(x);
    sum += e;
    sum_sq += e * e;
  }
  const double mean = sum / n;
  const double variance = (sum_sq - n * mean * mean) / (n - 1);
  EXPECT_LT(std::abs(mean), 5 * s / std::sqrt(n));
  EXPECT_LT(std::abs(variance - s * s), 5 * s * s * std::sqrt(2.0 / (n - 1)));
}

TEST(NoisyProblems, KeepTheBaseStartOptimumAndGradient) {
  const Problem noisy = make_problem("noisy-rosenbrock", {.dim = 3, .noise = 2.0});
  const Problem clean = make_problem("rosenbrock", {.dim = 3});
  EXPECT_EQ(noisy.name, "noisy-rosenbrock");
  EXPECT_EQ(noisy.initial_center, clean.initial_center);
  EXPECT_EQ(noisy.initial_spread, clean.initial_spread);
  EXPECT_EQ(noisy.optimum, clean.optimum);
}

void expect_invalid(const std::string& name, const ProblemOptions& options, const std::string& part) {
  try {
    (void)make_problem(name, options);
    ADD_FAILURE() << name << ": no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(ContinuousProblems, BadOptionsThrowClearErrors) {
  expect_invalid("sphere", {.dim = 0}, "make_problem('sphere'): expected dim ≥ 1, got 0");
  expect_invalid("noisy-ackley", {.dim = -2, .noise = 1}, "expected dim ≥ 1, got -2");
  expect_invalid("rosenbrock", {.dim = 1}, "expected dim ≥ 2, got 1");
  expect_invalid("lecture-1d", {.dim = 2}, "expected dim = 1 (a one-dimensional function), got 2");
  expect_invalid("sin", {.dim = 10}, "got 10");
  expect_invalid("noisy-sphere", {.dim = 2}, "expected noise > 0");
  expect_invalid("noisy-sphere", {.dim = 2, .noise = -1}, "got -1");
  expect_invalid("noisy-sphere", {.dim = 2, .noise = std::nan("")}, "expected noise > 0");
  expect_invalid("sphere", {.dim = 2, .noise = 0.1}, "use 'noisy-sphere'");
  expect_invalid("spehre", {.dim = 2}, "expected one of {");
}

}  // namespace
}  // namespace varopt
