// Discrete and mixed problems: values on hand-made points, exact optima (dynamic programming
// against brute force), reproducible random instances, the registry and its errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "support/vectors.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/space_point.hpp"
#include "varopt/problems/discrete.hpp"
#include "varopt/problems/problem.hpp"

namespace varopt {
namespace {

using namespace varopt::problems;

using testing::vec;

// Bit pattern `code` of n bits (bit i = b_i).
Vec bits(std::uint64_t code, Index n) {
  Vec b(n);
  for (Index i = 0; i < n; ++i) b[i] = static_cast<double>((code >> i) & 1);
  return b;
}

template <class F>
double brute_force_min(Index n, F f) {
  double best = INFINITY;
  for (std::uint64_t code = 0; code < (std::uint64_t{1} << n); ++code)
    best = std::min(best, f(bits(code, n)));
  return best;
}

TEST(DiscreteProblems, ValuesOnHandMadePoints) {
  EXPECT_DOUBLE_EQ(two_point(vec({0})), 0.45);
  EXPECT_DOUBLE_EQ(two_point(vec({1})), 0.53);
  EXPECT_DOUBLE_EQ(two_point(vec({1, 0, 1})), 0.53 + 0.45 + 0.53);
  EXPECT_DOUBLE_EQ(toy(vec({1, 0}), 0.45), 0.55 * 0.55 + 0.45 * 0.45);
  EXPECT_EQ(onemax(vec({1, 0, 1, 1})), 1.0);
  EXPECT_EQ(leading_ones(vec({1, 1, 0, 1})), 2.0);
  EXPECT_EQ(leading_ones(vec({0, 1, 1, 1})), 4.0);
  EXPECT_EQ(leading_ones(vec({1, 1, 1, 1})), 0.0);
  // Traps of 5: u = 5 → 0, u = 0 → 1, u = 4 → 5 (the deceptive slope); a partial block of 2.
  EXPECT_EQ(trap(vec({1, 1, 1, 1, 1}), 5), 0.0);
  EXPECT_EQ(trap(vec({0, 0, 0, 0, 0}), 5), 1.0);
  EXPECT_EQ(trap(vec({1, 1, 0, 1, 1}), 5), 5.0);
  EXPECT_EQ(trap(vec({1, 1, 1, 1, 1, 0, 0}), 5), 0.0 + 1.0);
  EXPECT_EQ(brute_force_min(10, [](const Vec& b) { return trap(b, 5); }), 0.0);
  EXPECT_DOUBLE_EQ(mixed(vec({1, 1, 1, 1, 7})), 0.0);
  EXPECT_DOUBLE_EQ(mixed(vec({0.5, -1, 2, 0, 5})), 4.0 + 0.2 + 0.0 + 0.5 + 0.1 * 4);
  EXPECT_THROW(mixed(vec({0.5, 3, 5})), InvalidArgument);
}

TEST(NkLandscape, DynamicProgrammingFindsTheBruteForceOptimum) {
  for (const auto& [n, k] : {std::pair<Index, Index>{10, 4}, {5, 4}, {9, 2}, {7, 0}}) {
    const NkLandscape nk(n, k, 17 + static_cast<std::uint64_t>(n));
    const double brute = -brute_force_min(n, [&](const Vec& b) { return -nk.fitness(b); });
    EXPECT_NEAR(nk.max_fitness(), brute, 1e-14) << "n = " << n << ", K = " << k;
  }
}

TEST(NkLandscape, InstancesAreFunctionsOfTheSeed) {
  const Vec b = bits(0b1011001110, 10);
  EXPECT_EQ(NkLandscape(10, 4, 3).fitness(b), NkLandscape(10, 4, 3).fitness(b));
  EXPECT_NE(NkLandscape(10, 4, 3).fitness(b), NkLandscape(10, 4, 4).fitness(b));
  const double f = NkLandscape(10, 4, 3).fitness(b);
  EXPECT_TRUE(f >= 0 && f <= 1);
  EXPECT_THROW(NkLandscape(4, 4, 0), InvalidArgument);
}

TEST(MaxCut, CutsCountCrossingEdges) {
  const MaxCutGraph graph(8, 0.5, 5);
  EXPECT_EQ(graph.cut(Vec::Zero(8)), 0.0);
  const Vec b = bits(0b10110010, 8);
  Index crossing = 0;
  for (const auto& [i, j] : graph.edges()) crossing += b[i] != b[j];
  EXPECT_EQ(graph.cut(b), static_cast<double>(crossing));
  EXPECT_EQ(graph.cut(1.0 - b.array()), graph.cut(b));  // complementing both sides changes nothing
  // G(n, ½): the number of edges is Binomial(28, ½) for n = 8, and the same for the same seed.
  EXPECT_EQ(MaxCutGraph(8, 0.5, 5).edges(), graph.edges());
  EXPECT_EQ(MaxCutGraph(8, 1.0, 5).edges().size(), 28u);
}

TEST(Knapsack, DynamicProgrammingFindsTheBruteForceOptimum) {
  const Knapsack items(12, 9);
  EXPECT_EQ(items.capacity(), std::floor(items.weights().sum() / 2));
  const double brute = brute_force_min(12, [&](const Vec& b) { return items.objective(b); });
  ASSERT_TRUE(items.optimum().has_value());
  EXPECT_EQ(*items.optimum(), brute);
  // Every feasible point is ≤ 0, every infeasible one > 0 (its excess weight).
  EXPECT_EQ(items.objective(Vec::Ones(12)), items.weights().sum() - items.capacity());
  EXPECT_GT(items.objective(Vec::Ones(12)), 0.0);
  EXPECT_LE(items.objective(Vec::Zero(12)), 0.0);
  EXPECT_FALSE(Knapsack(1000, 1).optimum(1e3).has_value());
}

TEST(DiscreteProblems, RegistryBuildsEveryProblem) {
  const ProblemOptions options{.dim = 12, .noise = 0.0, .seed = 4};
  for (const char* name :
       {"two-point", "toy", "onemax", "leadingones", "trap", "nk", "maxcut", "knapsack"}) {
    const Problem p = make_problem(name, options);
    EXPECT_EQ(p.name, name);
    ASSERT_EQ(p.space.blocks.size(), 1u) << name;
    EXPECT_EQ(p.space.blocks[0].kind, VariableKind::binary) << name;
    EXPECT_EQ(p.dim(), 12) << name;
    const Vec b = bits(0b101100111010, 12);
    EXPECT_TRUE(std::isfinite(p.objective(b))) << name;
    if (p.optimum) {
      EXPECT_LE(*p.optimum, p.objective(b)) << name;
    }
    // A binary problem stops at its optimum wherever it has one (all but maxcut).
    EXPECT_EQ(p.stop_at_optimum, p.optimum.has_value()) << name;
  }
  EXPECT_EQ(*make_problem("onemax", options).optimum, 0.0);
  EXPECT_DOUBLE_EQ(*make_problem("two-point", options).optimum, 0.45 * 12);
  EXPECT_DOUBLE_EQ(*make_problem("toy", options).optimum, 0.2025 * 12);
  EXPECT_FALSE(make_problem("maxcut", options).optimum.has_value());

  const Problem nk = make_problem("nk", options);
  EXPECT_NEAR(*nk.optimum, brute_force_min(12, nk.objective), 1e-14);

  const Problem mixed_problem = make_problem("mixed", {.dim = 3, .noise = 0.0, .seed = 0});
  ASSERT_EQ(mixed_problem.space.blocks.size(), 3u);
  EXPECT_EQ(mixed_problem.dim(), 7);
  EXPECT_EQ(mixed_problem.initial_center.size(), 7);
  const Vec best = vec({1, 1, 1, 1, 1, 1, 7});
  EXPECT_NO_THROW(check_point(mixed_problem.space, best));
  EXPECT_EQ(mixed_problem.objective(best), 0.0);
  // Its continuous part reaches the optimum only in the limit; so do the continuous problems,
  // and a noisy f goes below its optimum by chance: none of them stops there.
  EXPECT_FALSE(mixed_problem.stop_at_optimum);
  EXPECT_FALSE(make_problem("sphere", {.dim = 3}).stop_at_optimum);
  EXPECT_FALSE(make_problem("noisy-sphere", {.dim = 3, .noise = 0.1}).stop_at_optimum);
  EXPECT_EQ(point_to_json(mixed_problem.space, best).dump(),
            R"({"count":[7],"kind":[1,1,1],"x":[1.0,1.0,1.0]})");
}

TEST(DiscreteProblems, RegistryRejectsBadOptions) {
  try {
    make_problem("onemax", {.dim = 0, .noise = 0.0, .seed = 0});
    FAIL() << "dim 0 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "make_problem('onemax'): expected dim >= 1, got 0");
  }
  EXPECT_THROW(make_problem("onemax", {.dim = 5, .noise = 0.1, .seed = 0}), InvalidArgument);
  EXPECT_THROW(make_problem("nk", {.dim = 4, .noise = 0.0, .seed = 0}), InvalidArgument);
  EXPECT_THROW(make_problem("maxcut", {.dim = 1, .noise = 0.0, .seed = 0}), InvalidArgument);
}

// D19: an instance that cannot fit in memory is refused before anything is allocated, naming
// what it would take.
TEST(DiscreteProblems, InstancesTooLargeForMemoryAreRefusedNamingTheNeed) {
  // G(10⁵, ½): 10⁵(10⁵ − 1)/4 ≈ 2.5·10⁹ edges of 16 bytes.
  try {
    make_problem("maxcut", {.dim = 100'000, .noise = 0.0, .seed = 0});
    FAIL() << "maxcut with 10^5 vertices accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "MaxCutGraph: expected n <= 10000 vertices (the edge list of G(n, 0.5) takes "
                 "about 40 GB at n = 100000), got 100000");
  }
  try {
    MaxCutGraph(kMaxCutMaxVertices + 1, 0.01, 0);
    FAIL() << "a sparse graph above the limit accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("takes about 8.0 MB at n = 10001"), std::string::npos)
        << e.what();
  }
  // At the limit (a sparse graph, so the test stays small): built.
  EXPECT_EQ(MaxCutGraph(kMaxCutMaxVertices, 1e-7, 0).n(), kMaxCutMaxVertices);
  // Every problem: no dimension above a space's most variables (linear problems included).
  for (const char* name : {"onemax", "nk", "knapsack", "mixed"}) {
    try {
      make_problem(name, {.dim = 10'000'001, .noise = 0.0, .seed = 0});
      FAIL() << name;
    } catch (const InvalidArgument& e) {
      EXPECT_EQ(std::string(e.what()), std::string("make_problem('") + name +
                                           "'): expected dim <= 10000000 (the most variables of "
                                           "a space), got 10000001");
    }
  }
}

}  // namespace
}  // namespace varopt
