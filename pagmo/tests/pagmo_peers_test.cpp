// pagmo2's CMA-ES and xNES as peers: every evaluation counted (the initial population's λ
// included, then λ per generation), the run stops after the generation that reached the smallest
// target or before one that would pass the budget, and the same seed gives the same run.
#include <gtest/gtest.h>

#include "varopt/core/error.hpp"
#include "varopt/peers/pagmo.hpp"

namespace varopt::peers {
namespace {

TEST(PagmoPeers, PopulationSizeIsTheCmaEsDefault) {
  EXPECT_EQ(pagmo_population_size(2), 6);
  EXPECT_EQ(pagmo_population_size(10), 10);
  EXPECT_EQ(pagmo_population_size(40), 15);
}

TEST(PagmoPeers, ReachTheTargetsCountingWholeGenerations) {
  const Problem p = make_problem("shifted-rotated-ellipsoid", {.dim = 2, .seed = 3});
  for (const auto& method : pagmo_methods()) {
    SCOPED_TRACE(method.name);
    const bench::RunRecord r = method.run(p, 3, {.targets = {1.0, 1e-6}, .budget = 20000});
    EXPECT_EQ(r.library, "pagmo2");
    EXPECT_EQ(r.stopped_by, "target_reached");
    ASSERT_TRUE(r.reached(0) && r.reached(1));
    EXPECT_LT(*r.evaluations_to_target[0], *r.evaluations_to_target[1]);
    EXPECT_EQ(r.evaluations % 6, 0);  // λ = 6 at d = 2, the initial population included
    EXPECT_GT(*r.evaluations_to_target[1], r.evaluations - 6);
    EXPECT_LE(r.best_f - r.optimum, 1e-6);
    const bench::RunRecord again = method.run(p, 3, {.targets = {1.0, 1e-6}, .budget = 20000});
    EXPECT_EQ(again.evaluations, r.evaluations);
    EXPECT_EQ(again.best_f, r.best_f);
  }
}

TEST(PagmoPeers, NeverOverrunTheBudget) {
  const Problem p = make_problem("shifted-rotated-rosenbrock", {.dim = 5, .seed = 1});
  const bench::RunRecord r = run_pagmo_xnes(p, 1, {.targets = {1e-8}, .budget = 100});
  EXPECT_FALSE(r.reached(0));
  EXPECT_EQ(r.stopped_by, "max_evaluations");
  EXPECT_LE(r.evaluations, 100);
  EXPECT_GT(r.evaluations, 100 - pagmo_population_size(5));
}

TEST(PagmoPeers, RefuseBadInput) {
  const Problem p = make_problem("sphere", {.dim = 1});
  EXPECT_THROW(run_pagmo_cmaes(p, 1, {}), InvalidArgument);
  const Problem q = make_problem("sphere", {.dim = 3});
  EXPECT_THROW(run_pagmo_cmaes(q, 1, {.targets = {}}), InvalidArgument);
  EXPECT_THROW(run_pagmo_xnes(q, 1, {.budget = 0}), InvalidArgument);
}

}  // namespace
}  // namespace varopt::peers
