// The discrete methods through the common solver: every preset solves OneMax (n = 100), the VO
// presets solve the mixed continuous + categorical + integer problem, logits stay finite on long
// runs, checkpoints continue bit-identically, and the registry gives clear errors.
// Runs are deterministic (fixed seeds); budgets are about 3x what the runs need (see
// bench/discrete_bench.cpp for the figures over several seeds).
#include <gtest/gtest.h>

#include <cmath>

#include "varopt/core/error.hpp"
#include "varopt/dist/product.hpp"
#include "varopt/dist/space_point.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt {
namespace {

Summary run(const std::string& method, const Problem& problem, std::uint64_t seed, Index budget,
            double target) {
  Solver solver =
      make_solver(method_preset(method, problem.space), problem.space, problem.initial_center,
                  problem.initial_spread,
                  {.seed = seed, .stop = {.max_evaluations = budget, .target = target}});
  return minimize(problem.objective, solver);
}

TEST(DiscreteMethods, EveryPresetSolvesOneMax100) {
  const Problem onemax = make_problem("onemax", {.dim = 100});
  for (const char* method : {"rloo-vo", "disarm-vo", "score-vo", "pbil", "cem"}) {
    const Summary s = run(method, onemax, 3, 15000, 0.0);
    EXPECT_EQ(s.termination, Termination::target_reached) << method << ": best f " << s.best_f;
    EXPECT_EQ(s.best_x, Vec::Ones(100)) << method;
  }
}

TEST(DiscreteMethods, VoPresetsSolveTheMixedProblem) {
  const Problem mixed = make_problem("mixed", {.dim = 5});
  for (const char* method : {"rloo-vo", "disarm-vo"}) {
    const Summary s = run(method, mixed, 1, 250000, 1e-3);
    EXPECT_EQ(s.termination, Termination::target_reached) << method << ": best f " << s.best_f;
    const auto parts = split_point(mixed.space, s.best_x);
    EXPECT_EQ(parts[1].values, Vec::Ones(5)) << method << " kind";
    EXPECT_EQ(parts[2].values[0], 7.0) << method << " count";
    EXPECT_LT((parts[0].values.array() - 1.0).abs().maxCoeff(), 0.05) << method << " x";
  }
}

TEST(DiscreteMethods, DefaultPresetOfADiscreteSpace) {
  EXPECT_EQ(default_preset(make_problem("onemax", {.dim = 10}).space), "rloo-vo");
  EXPECT_EQ(default_preset(make_problem("mixed", {.dim = 2}).space), "rloo-vo");
}

// A long run past convergence (the convergence stop turned off): the logits saturate but stay
// finite, and the run stops on the spread rule (σ of every bit below 1e-12) or the budget, never
// on a numerical error.
TEST(DiscreteMethods, LogitsStayFiniteLongAfterConvergence) {
  const Problem onemax = make_problem("onemax", {.dim = 20});
  for (const char* method : {"rloo-vo", "disarm-vo", "pbil", "cem"}) {
    Solver solver = make_solver(
        method_preset(method, onemax.space), onemax.space, onemax.initial_center, 1.0,
        {.seed = 2, .stop = {.max_evaluations = 60000, .discrete_convergence = std::nullopt}});
    const Summary s = minimize(onemax.objective, solver);
    EXPECT_NE(s.termination, Termination::numerical_error) << method;
    EXPECT_TRUE(solver.distribution().params().allFinite()) << method;
    EXPECT_EQ(s.best_f, 0.0) << method;
  }
}

// Issue 11: a run on a problem whose optimum is known stops there (OneMax at n = 100 used the
// whole budget after solving it), with its own reason; without the optimum it goes on.
TEST(DiscreteMethods, StopsWhenTheKnownOptimumIsReached) {
  const Problem onemax = make_problem("onemax", {.dim = 100});
  ASSERT_TRUE(onemax.stop_at_optimum);
  const auto solve = [&](std::optional<double> optimum) {
    Solver solver = make_solver(
        method_preset("rloo-vo", onemax.space), onemax.space, onemax.initial_center, 1.0,
        {.seed = 3,
         .stop = {.max_evaluations = 30000, .optimum = optimum, .discrete_convergence = {}}});
    return minimize(onemax.objective, solver);
  };
  const Summary stopped = solve(onemax.optimum);
  EXPECT_EQ(stopped.termination, Termination::optimum_reached);
  EXPECT_EQ(stopped.best_f, 0.0);
  const Summary on = solve(std::nullopt);
  EXPECT_EQ(on.best_f, 0.0);
  EXPECT_EQ(on.termination, Termination::max_evaluations);
  EXPECT_GT(on.evaluations, stopped.evaluations);
}

// A sum computed in another order than the optimum may differ from it in the last bits: the
// stop allows 1e-9 · max(1, |f*|), far below the gaps between the values of a discrete problem.
TEST(DiscreteMethods, TheOptimumStopAbsorbsRounding) {
  const StopOptions stop{.optimum = 0.45 * 3};
  EXPECT_TRUE(stop.optimum_reached(0.45 + 0.45 + 0.45));
  EXPECT_TRUE(stop.optimum_reached(1.0));
  EXPECT_FALSE(stop.optimum_reached(0.45 * 3 + 1e-6));
  EXPECT_FALSE(StopOptions{}.optimum_reached(-1e300));
}

TEST(DiscreteMethods, BadStopValuesAreRefused) {
  for (const double bad : {-0.1, 0.5, std::nan("")})
    EXPECT_THROW(StopOptions{.discrete_convergence = bad}.validate(), InvalidArgument) << bad;
  EXPECT_THROW(StopOptions{.optimum = INFINITY}.validate(), InvalidArgument);
  EXPECT_NO_THROW((StopOptions{.optimum = -3.0, .discrete_convergence = 0.0}.validate()));
}

// Issue 11: a discrete distribution that has converged to one point stops the run (here the
// deceptive trap's local optimum, all zeros), long before σ of every bit falls below 1e-12.
TEST(DiscreteMethods, StopsWhenTheDistributionHasConverged) {
  const Problem trap = make_problem("trap", {.dim = 20});
  const auto solve = [&](StopOptions stop) {
    Solver solver = make_solver(method_preset("rloo-vo", trap.space), trap.space,
                                trap.initial_center, 1.0, {.seed = 1, .stop = stop});
    const Summary s = minimize(trap.objective, solver);
    return std::pair{s, solver.distribution().off_mode_probability().value()};
  };
  const auto [converged, off_mode] = solve({.max_evaluations = 200000});
  EXPECT_EQ(converged.termination, Termination::distribution_converged);
  EXPECT_LT(off_mode, 1e-3);
  EXPECT_GT(converged.best_f, 0.0);  // a local optimum: the deceptive blocks at 0
  EXPECT_LT(converged.evaluations, 200000);
  // Turned off, the same run goes on until σ collapses or the budget is spent.
  const auto [long_run, _] = solve({.max_evaluations = 200000, .discrete_convergence = {}});
  EXPECT_NE(long_run.termination, Termination::distribution_converged);
  EXPECT_GT(long_run.evaluations, converged.evaluations);
}

TEST(DiscreteMethods, CheckpointContinuesBitIdentically) {
  const Problem mixed = make_problem("mixed", {.dim = 3});
  const auto make = [&] {
    return make_solver(method_preset("disarm-vo", mixed.space), mixed.space, mixed.initial_center,
                       1.0, {.seed = 9, .stop = {.max_generations = 40}});
  };
  Solver straight = make();
  minimize(mixed.objective, straight);
  Solver first = make();
  for (int g = 0; g < 15; ++g) {
    const Population p = first.ask();
    Vec f(p.size());
    for (Index i = 0; i < p.size(); ++i) f[i] = mixed.objective(p.member(i));
    first.tell(f);
  }
  Solver resumed = make();
  resumed.restore_state(first.state());
  minimize(mixed.objective, resumed);
  EXPECT_EQ(resumed.distribution().params(), straight.distribution().params());
  EXPECT_EQ(resumed.summary().best_x, straight.summary().best_x);
}

TEST(DiscreteMethods, RegistryErrors) {
  const SearchSpace mixed = make_problem("mixed", {.dim = 2}).space;
  EXPECT_THROW(make_distribution("bernoulli", mixed, Vec(), 1.0), InvalidArgument);
  EXPECT_THROW(make_distribution("categorical", mixed, Vec(), 1.0), InvalidArgument);
  EXPECT_NO_THROW(make_distribution("product", mixed, Vec(), 1.0));
  MethodSpec pbil = method_preset("pbil", mixed);
  pbil.smoothing = 1.5;
  try {
    make_update_rule(pbil, *make_distribution("product", mixed, Vec(), 1.0));
    FAIL() << "a smoothing above 1 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "estimator 'pbil': expected a smoothing α in (0, 1], got 1.5");
  }
  // The elite-fit rules take no optimizer: a config that sets one is refused, not ignored.
  EXPECT_THROW(MethodSpec::from_json({{"optimizer", "adam"}}, method_preset("cem", mixed)),
               InvalidArgument);
  EXPECT_THROW(MethodSpec::from_json({{"learning_rate", 0.3}}, method_preset("pbil", mixed)),
               InvalidArgument);
  EXPECT_EQ(MethodSpec::from_json({{"smoothing", 0.3}}, method_preset("pbil", mixed)).smoothing,
            0.3);
  EXPECT_THROW(MethodSpec::from_json({{"smoothing", 0.3}}, method_preset("rloo-vo", mixed)),
               InvalidArgument);
  // DisARM needs pairs; the Solver says so.
  MethodSpec disarm = method_preset("disarm-vo", mixed);
  disarm.sampling.antithetic = false;
  EXPECT_THROW(make_solver(disarm, mixed, Vec(), 1.0, {}), InvalidArgument);
  // ARM/DisARM refuse a purely continuous distribution when the solver is built (before any
  // evaluation; it used to be at the first tell).
  const SearchSpace continuous = SearchSpace::continuous(3);
  MethodSpec on_gaussian = method_preset("disarm-vo", continuous);
  on_gaussian.distribution = "diagonal";
  EXPECT_THROW(make_solver(on_gaussian, continuous, Vec::Zero(3), 1.0, {}), InvalidArgument);
}

}  // namespace
}  // namespace varopt
