// Restarts (IPOP, BIPOP) as a driver over any preset: they trigger, improve on Rastrigin, are
// reproducible from the seed and survive save/restore bit-identically.
#include <gtest/gtest.h>

#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/restarts.hpp"

namespace varopt {
namespace {

RestartSolver make(const Problem& p, const std::string& method, RestartStrategy strategy,
                   std::uint64_t seed, Index budget) {
  return RestartSolver(method_preset(method, p.space), p.space, p.initial_center,
                       p.initial_spread,
                       {.seed = seed, .stop = {.max_evaluations = budget, .target = 1e-8}},
                       {.strategy = strategy});
}

Summary run(RestartSolver& solver, const Problem& p,
            std::vector<Index>* populations = nullptr) {
  SerialEvaluator evaluator({.f = p.objective});
  return minimize(solver, evaluator, [&](const GenerationRecord&, const Solver& current) {
    if (populations && (populations->empty() || current.generation() == 1))
      populations->push_back(current.sampling().population_size);
    return true;
  });
}

TEST(Restarts, IpopDoublesThePopulationAtEachRestart) {
  const Problem p = make_problem("rastrigin", {.dim = 5});
  RestartSolver solver = make(p, "cma", RestartStrategy::ipop, 3, 60000);
  std::vector<Index> populations;
  const Summary s = run(solver, p, &populations);
  ASSERT_GE(s.restarts, 2);
  ASSERT_EQ(static_cast<Index>(populations.size()), s.restarts + 1);
  for (std::size_t k = 1; k < populations.size(); ++k)
    EXPECT_EQ(populations[k], 2 * populations[k - 1]) << k;
  EXPECT_EQ(s.evaluations, solver.evaluations());
  EXPECT_LE(s.evaluations, 60000);
}

// Rastrigin at d = 10 from 3·1 with σ₀ = 2: one CMA-ES run ends in a local optimum (measured:
// 0 of 15 seeds reach 1e-8); BIPOP reaches it in 80 000–150 000 evaluations (15 of 15 seeds,
// budget 10⁶). Three seeds here, a budget of 10⁶.
TEST(Restarts, BipopSolvesRastriginWhereOneRunDoesNot) {
  const Problem p = make_problem("rastrigin", {.dim = 10});
  for (std::uint64_t seed : {1, 2, 3}) {
    RestartSolver single = make(p, "cma", RestartStrategy::none, seed, 1000000);
    const Summary one = run(single, p);
    EXPECT_NE(one.termination, Termination::target_reached) << seed;
    EXPECT_EQ(one.restarts, 0);
    RestartSolver bipop = make(p, "cma", RestartStrategy::bipop, seed, 1000000);
    const Summary many = run(bipop, p);
    EXPECT_EQ(many.termination, Termination::target_reached) << seed << ": " << many.best_f;
    EXPECT_GT(many.restarts, 0);
    EXPECT_LT(many.best_f, one.best_f);
  }
}

TEST(Restarts, WithoutAStrategyItIsOnePlainRun) {
  const Problem p = make_problem("rosenbrock", {.dim = 4});
  RestartSolver wrapped = make(p, "xnes", RestartStrategy::none, 7, 3000);
  Solver plain = make_solver(method_preset("xnes", p.space), p.space, p.initial_center,
                             p.initial_spread,
                             {.seed = 7, .stop = {.max_evaluations = 3000, .target = 1e-8}});
  const Summary a = run(wrapped, p);
  const Summary b = minimize(p.objective, plain);
  EXPECT_EQ(a.best_x, b.best_x);
  EXPECT_EQ(a.evaluations, b.evaluations);
  EXPECT_EQ(a.termination, b.termination);
}

// The known optimum ends the sequence; a converged discrete distribution is a stalled run, which
// IPOP restarts with a larger population.
TEST(Restarts, TheOptimumEndsTheSequenceAConvergedDistributionRestarts) {
  const auto ipop = [](const Problem& p, StopOptions stop, Index max_restarts) {
    RestartSolver solver(method_preset("rloo-vo", p.space), p.space, p.initial_center, 1.0,
                         {.seed = 1, .stop = stop},
                         {.strategy = RestartStrategy::ipop, .max_restarts = max_restarts});
    return run(solver, p);
  };
  const Problem onemax = make_problem("onemax", {.dim = 30});
  const Summary solved = ipop(onemax, {.max_evaluations = 100000, .optimum = 0.0}, 5);
  EXPECT_EQ(solved.termination, Termination::optimum_reached);
  EXPECT_EQ(solved.restarts, 0);
  // The trap's deceptive 0s; flat fitness (the restarts' default 1e-12) off, so that the
  // convergence rule ends each run.
  const Problem trap = make_problem("trap", {.dim = 20});
  const Summary stalled = ipop(trap, {.max_evaluations = 400000, .function_tolerance = 0.0}, 2);
  EXPECT_EQ(stalled.termination, Termination::distribution_converged);
  EXPECT_EQ(stalled.restarts, 2);
}

TEST(Restarts, AreReproducibleAndSurviveSaveAndRestore) {
  const Problem p = make_problem("rastrigin", {.dim = 4});
  for (auto strategy : {RestartStrategy::ipop, RestartStrategy::bipop}) {
    RestartSolver straight = make(p, "cma", strategy, 11, 40000);
    const Summary expected = run(straight, p);
    RestartSolver again = make(p, "cma", strategy, 11, 40000);
    EXPECT_EQ(run(again, p).best_x, expected.best_x);
    ASSERT_GE(expected.restarts, 2) << name_of(strategy);

    // Stop in the middle of the third run, save, restore into a fresh driver, continue.
    RestartSolver first = make(p, "cma", strategy, 11, 40000);
    SerialEvaluator evaluator({.f = p.objective});
    minimize(first, evaluator, [&](const GenerationRecord&, const Solver& current) {
      return !(first.restarts() == 2 && current.generation() == 3);
    });
    ASSERT_EQ(first.restarts(), 2);
    RestartSolver resumed = make(p, "cma", strategy, 11, 40000);
    resumed.restore_state(Json::parse(first.state().dump()));
    const Summary got = run(resumed, p);
    EXPECT_EQ(got.best_x, expected.best_x) << name_of(strategy);
    EXPECT_EQ(got.evaluations, expected.evaluations);
    EXPECT_EQ(got.restarts, expected.restarts);
    EXPECT_EQ(got.termination, expected.termination);

    RestartSolver other = make(p, "cma", strategy == RestartStrategy::ipop
                                             ? RestartStrategy::bipop
                                             : RestartStrategy::ipop,
                               11, 40000);
    EXPECT_THROW(other.restore_state(first.state()), FileError);
  }
}

// A sequence stopped by its budget continues when restored into a solver with a larger one, as
// if it had never stopped: whatever run the budget cut (BIPOP: a large run, or a small one, whose
// own cap is min(the budget left, the last large run's evaluations), not the budget it had left
// when it was cut).
TEST(Restarts, ResumeWithALargerBudgetContinues) {
  const Problem p = make_problem("rastrigin", {.dim = 3});
  for (auto strategy : {RestartStrategy::none, RestartStrategy::ipop, RestartStrategy::bipop}) {
    RestartSolver straight = make(p, "cma", strategy, 5, 6000);
    const Summary expected = run(straight, p);
    for (const Index pause : {Index{1000}, Index{1700}, Index{2300}, Index{3100}, Index{4400}}) {
      RestartSolver first = make(p, "cma", strategy, 5, pause);
      const Summary paused = run(first, p);
      if (paused.termination != Termination::max_evaluations) continue;  // ended before
      RestartSolver resumed = make(p, "cma", strategy, 5, 6000);
      resumed.restore_state(Json::parse(first.state().dump()));
      const Summary got = run(resumed, p);
      EXPECT_GT(got.evaluations, paused.evaluations) << name_of(strategy) << " " << pause;
      EXPECT_EQ(got.evaluations, expected.evaluations) << name_of(strategy) << " " << pause;
      EXPECT_EQ(got.generations, expected.generations) << name_of(strategy) << " " << pause;
      EXPECT_EQ(got.restarts, expected.restarts) << name_of(strategy) << " " << pause;
      EXPECT_EQ(got.best_x, expected.best_x) << name_of(strategy) << " " << pause;
    }
  }
}

TEST(FunctionTolerance, StopsAConvergedRun) {
  const Problem p = make_problem("sphere", {.dim = 3});
  Solver s = make_solver(method_preset("cma", p.space), p.space, p.initial_center, 1.0,
                         {.seed = 2,
                          .stop = {.max_evaluations = 100000,
                                   .min_spread = std::nullopt,
                                   .function_tolerance = 1e-20}});
  const Summary r = minimize(p.objective, s);
  EXPECT_EQ(r.termination, Termination::flat_fitness);
  EXPECT_LT(r.best_f, 1e-18);
}

}  // namespace
}  // namespace varopt
