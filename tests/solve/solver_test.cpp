#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>

#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_isotropic.hpp"
#include "varopt/eval/evaluator.hpp"
#include "varopt/optim/optimizers.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Solver preset_solver(const std::string& method, const Problem& p, SolverOptions options = {}) {
  return make_solver(method_preset(method, p.space), p.space, p.initial_center, p.initial_spread,
                     options);
}

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("varopt_solver_test_" + name);
}

TEST(Convergence, SphereD10ReachesOneEMinus8) {
  const Problem sphere = make_problem("sphere", {.dim = 10});
  for (const char* method : {"snes", "xnes"}) {
    for (std::uint64_t seed : {1, 2, 3}) {
      Solver s = preset_solver(method, sphere,
                               {.seed = seed, .stop = {.max_evaluations = 50000, .target = 1e-8}});
      const Summary r = minimize(sphere.objective, s);
      EXPECT_EQ(r.termination, Termination::target_reached) << method << " seed " << seed;
      EXPECT_LE(sphere.objective(r.best_x), 1e-8);
    }
  }
}

TEST(Convergence, RosenbrockD10ReachesOneEMinus8) {
  const Problem rosen = make_problem("rosenbrock", {.dim = 10});
  for (std::uint64_t seed : {1, 2, 3}) {
    Solver s = preset_solver("xnes", rosen,
                             {.seed = seed, .stop = {.max_evaluations = 60000, .target = 1e-8}});
    const Summary r = minimize(rosen.objective, s);
    EXPECT_EQ(r.termination, Termination::target_reached) << "seed " << seed;
    EXPECT_LT((r.best_x - Vec::Ones(10)).norm(), 1e-3);
  }
}

TEST(Algorithm1, OneSgdVoStepIsPsiMinusGammaFTimesScore) {
  // The lecture's Algorithm 1: θ ~ P(·|ψ); ∇J ← f(θ)∇ψ log P(θ|ψ); ψ ← ψ − γ∇J.
  const double gamma = 0.01;
  MethodSpec spec = method_preset("sgd-vo", SearchSpace::continuous(2));
  spec.optimizer.learning_rate.initial = gamma;
  const Vec mu = (Vec(2) << 0.5, -1.0).finished();
  Solver s = make_solver(spec, SearchSpace::continuous(2), mu, 0.3, {.seed = 9});
  const Vec psi = s.distribution().params();
  const Vec theta = s.ask().member(0);
  const double f = theta.squaredNorm();
  Vec score = Vec::Zero(psi.size());
  s.distribution().add_score(theta, 1.0, score);
  s.tell(Vec::Constant(1, f));
  const Vec expected = psi - gamma * f * score;
  EXPECT_TRUE(s.distribution().params().isApprox(expected, 1e-14));
}

TEST(Determinism, SameSeedSameTrajectoryWhateverTheThreadCount) {
  const Problem p = make_problem("rastrigin", {.dim = 6});
  const SolverOptions options{.seed = 42, .stop = {.max_evaluations = 3000}};
  Solver a = preset_solver("adam-vo", p, options);
  Solver b = preset_solver("adam-vo", p, options);
  Solver c = preset_solver("adam-vo", p, options);
  SerialEvaluator serial({p.objective, {}});
  ThreadedEvaluator threads({p.objective, {}}, 3);
  const Summary ra = minimize(a, serial);
  const Summary rb = minimize(b, serial);
  const Summary rc = minimize(c, threads);
  EXPECT_EQ(ra.best_x, rb.best_x);
  EXPECT_EQ(ra.best_f, rb.best_f);
  EXPECT_EQ(a.distribution().params(), b.distribution().params());
  EXPECT_EQ(a.distribution().params(), c.distribution().params());
  EXPECT_EQ(ra.best_x, rc.best_x);
  Solver other = preset_solver("adam-vo", p, {.seed = 43, .stop = {.max_evaluations = 3000}});
  minimize(p.objective, other);
  EXPECT_NE(a.distribution().params(), other.distribution().params());
}

TEST(Checkpoint, SaveAndRestoreInTheMiddleContinuesBitIdentically) {
  const Problem p = make_problem("rosenbrock", {.dim = 5});
  for (const char* method : {"adam-vo", "xnes", "pgpe", "cma", "sep-cma"}) {
    const SolverOptions options{.seed = 5, .stop = {.max_generations = 60}};
    Solver straight = preset_solver(method, p, options);
    Solver first_half = preset_solver(method, p, options);
    int generations = 0;
    minimize(p.objective, first_half, [&](const GenerationRecord&, const Solver&) {
      return ++generations < 30;
    });
    const fs::path file = temp_file(std::string("checkpoint_") + method);
    first_half.save(file);
    Solver resumed = preset_solver(method, p, options);
    resumed.restore(file);
    EXPECT_EQ(resumed.generation(), 30);
    const Summary expected = minimize(p.objective, straight);
    const Summary got = minimize(p.objective, resumed);
    EXPECT_EQ(got.best_x, expected.best_x) << method;
    EXPECT_EQ(resumed.distribution().params(), straight.distribution().params()) << method;
    EXPECT_EQ(got.evaluations, expected.evaluations);
    fs::remove(file);
  }
}

// A run whose every evaluation failed has no best value (+∞, written as null): its state, and
// its last record, must still restore (a checkpoint of a run whose workers all crashed).
TEST(Checkpoint, AStateWithoutAnyFiniteValueRestores) {
  const Problem p = make_problem("sphere", {.dim = 3});
  const SolverOptions options{.seed = 2, .stop = {.max_generations = 5}};
  Solver failed = preset_solver("cma", p, options);
  failed.ask();
  failed.tell(Vec::Constant(failed.ask().size(), std::numeric_limits<double>::quiet_NaN()));
  ASSERT_EQ(failed.termination(), Termination::non_finite);
  Solver restored = preset_solver("cma", p, options);
  ASSERT_NO_THROW(restored.restore_state(Json::parse(failed.state().dump())));
  EXPECT_EQ(restored.generation(), 1);
  EXPECT_TRUE(std::isinf(restored.last_record().best_f));
  EXPECT_FALSE(restored.done());  // a resumed run tries again
}

// D2, D3, D7: a saved state edited by hand or corrupted is refused with FileError, never read
// out of bounds or past a missing key; the solver keeps its state.
TEST(Checkpoint, CorruptedStatesAreRefusedField_by_field) {
  const Problem p = make_problem("rosenbrock", {.dim = 4});
  const SolverOptions options{.seed = 3, .stop = {.max_generations = 20}};
  Solver adam = preset_solver("adam-vo", p, options);
  int generations = 0;
  minimize(p.objective, adam, [&](const GenerationRecord&, const Solver&) {
    return ++generations < 5;
  });
  const Json good = adam.state();
  using Edit = std::function<void(Json&)>;
  const std::vector<std::pair<std::string, Edit>> edits = {
      {"missing configuration", [](Json& s) { s.erase("configuration"); }},
      {"missing params", [](Json& s) { s.erase("params"); }},
      {"missing last_record", [](Json& s) { s.erase("last_record"); }},
      {"missing recent_best", [](Json& s) { s.erase("recent_best"); }},
      {"version 1.9", [](Json& s) { s["version"] = 1.9; }},
      {"version 99", [](Json& s) { s["version"] = 99; }},
      {"generation -5", [](Json& s) { s["generation"] = -5; }},
      {"generation 2^40", [](Json& s) { s["generation"] = std::int64_t{1} << 40; }},
      {"evaluations -1000", [](Json& s) { s["evaluations"] = -1000; }},
      {"more non-finite than evaluations",
       [](Json& s) { s["non_finite_evaluations"] = s["evaluations"].get<Index>() + 1; }},
      {"best_f a string", [](Json& s) { s["best_f"] = "low"; }},
      {"params with a string", [](Json& s) { s["params"][0] = "x"; }},
      {"last_record not an object", [](Json& s) { s["last_record"] = 3; }},
      {"adam m longer than v",
       [](Json& s) {
         // The Adam state sits inside the optimizer's chain: {"m": [...], "v": [...], "step"}.
         std::function<void(Json&)> lengthen = [&](Json& j) {
           if (j.is_object() && j.contains("m")) j["m"].push_back(1.0);
           if (j.is_structured())
             for (auto& child : j) lengthen(child);
         };
         lengthen(s["update_state"]);
       }},
      {"a transformation state without its name",
       [](Json& s) { s["update_state"][0].erase("name"); }},
  };
  for (const auto& [name, edit] : edits) {
    Json state = good;
    edit(state);
    Solver target = preset_solver("adam-vo", p, options);
    const Vec before = target.distribution().params();
    EXPECT_THROW(target.restore_state(state), FileError) << name;
    EXPECT_EQ(target.distribution().params(), before) << name;
  }
  Solver target = preset_solver("adam-vo", p, options);
  EXPECT_NO_THROW(target.restore_state(good));
}

TEST(Checkpoint, RestoreRejectsAnotherConfigurationAndMalformedFiles) {
  const Problem p = make_problem("sphere", {.dim = 3});
  Solver s = preset_solver("snes", p, {.seed = 1});
  const fs::path file = temp_file("other");
  s.save(file);
  Solver other_seed = preset_solver("snes", p, {.seed = 2});
  EXPECT_THROW(other_seed.restore(file), FileError);
  Solver other_method = preset_solver("adam-vo", p, {.seed = 1});
  EXPECT_THROW(other_method.restore(file), FileError);
  std::ofstream(file) << "{\"format\": \"varopt-solver-state\", truncated";
  EXPECT_THROW(s.restore(file), FileError);
  EXPECT_THROW(s.restore(temp_file("does_not_exist")), FileError);
  fs::remove(file);
}

TEST(NonFinite, WorstPolicyCountsAndContinues) {
  const Problem p = make_problem("sphere", {.dim = 4});
  Solver s = preset_solver("snes", p, {.seed = 3, .stop = {.max_generations = 20}});
  int calls = 0;
  const Summary r = minimize([&](ConstVecRef x) { return ++calls % 3 == 0 ? kNaN : x.squaredNorm(); },
                             s);
  EXPECT_EQ(r.termination, Termination::max_generations);
  EXPECT_EQ(r.non_finite_evaluations, calls / 3);
  EXPECT_TRUE(s.distribution().params().allFinite());
  EXPECT_TRUE(std::isfinite(r.best_f));
}

TEST(NonFinite, ErrorPolicyThrowsAndKeepsTheState) {
  const Problem p = make_problem("sphere", {.dim = 4});
  Solver s = preset_solver("snes", p, {.seed = 3, .non_finite = NonFinitePolicy::error});
  const Vec before = s.distribution().params();
  Vec f = Vec::Ones(s.sampling().population_size);
  f[1] = std::numeric_limits<double>::infinity();
  s.ask();
  EXPECT_THROW(s.tell(f), ObjectiveError);
  EXPECT_EQ(s.distribution().params(), before);
  EXPECT_EQ(s.generation(), 0);
  EXPECT_FALSE(s.done());
}

TEST(NonFinite, ThrowingObjectiveFollowsThePolicy) {
  const Problem p = make_problem("sphere", {.dim = 2});
  const auto throwing = [](ConstVecRef x) -> double {
    if (x[0] > 0) throw std::runtime_error("simulator crashed");
    return x.squaredNorm();
  };
  Solver strict = preset_solver("snes", p, {.non_finite = NonFinitePolicy::error});
  try {
    minimize(throwing, strict);
    FAIL() << "expected ObjectiveError";
  } catch (const ObjectiveError& e) {
    EXPECT_NE(std::string(e.what()).find("simulator crashed"), std::string::npos);
  }
  Solver lenient = preset_solver("snes", p, {.stop = {.max_generations = 10}});
  const Summary r = minimize(throwing, lenient);
  EXPECT_GT(r.non_finite_evaluations, 0);
  EXPECT_TRUE(lenient.distribution().params().allFinite());
}

TEST(NonFinite, AllNaNGenerationStopsWithAReason) {
  const Problem p = make_problem("sphere", {.dim = 2});
  Solver s = preset_solver("snes", p);
  const Vec before = s.distribution().params();
  const Summary r = minimize([](ConstVecRef) { return kNaN; }, s);
  EXPECT_EQ(r.termination, Termination::non_finite);
  EXPECT_EQ(s.distribution().params(), before);
}

TEST(SpreadControls, HoldSpreadKeepsSigmaAndFloorBoundsIt) {
  const Problem p = make_problem("sphere", {.dim = 3});
  MethodSpec hold = method_preset("adam-vo", p.space);
  hold.hold_spread = true;
  Solver s = make_solver(hold, p.space, p.initial_center, 0.7, {.stop = {.max_generations = 50}});
  minimize(p.objective, s);
  EXPECT_DOUBLE_EQ(s.distribution().spread(), 0.7);

  MethodSpec floored = method_preset("snes", p.space);
  floored.sampling.spread_floor = 0.05;
  Solver f = make_solver(floored, p.space, p.initial_center, 1.0, {.stop = {.max_generations = 400}});
  minimize(p.objective, f);
  EXPECT_GE(f.distribution().spread(), 0.05);
  EXPECT_LT(f.distribution().spread(), 0.06);  // it did shrink down to the floor
}

// The method's sampling (λ, pairs, σ floor) reaches the solver as it is: SolverOptions has no
// copy of those fields for make_solver to overwrite. A Solver built by hand checks them itself.
TEST(SpreadControls, TheMethodsSamplingReachesTheSolverAsItIs) {
  const Problem p = make_problem("sphere", {.dim = 4});
  MethodSpec spec = method_preset("adam-vo", p.space);
  spec.sampling = {.population_size = 10, .antithetic = true, .spread_floor = 0.25};
  const Solver s = make_solver(spec, p.space, p.initial_center, 0.1, {.seed = 3});
  EXPECT_EQ(s.sampling().population_size, 10);
  EXPECT_TRUE(s.sampling().antithetic);
  EXPECT_EQ(s.sampling().spread_floor, 0.25);
  EXPECT_EQ(s.ask().size(), 10);
  EXPECT_DOUBLE_EQ(s.distribution().spread(), 0.25);  // σ₀ = 0.1 raised to the floor at once

  const auto build = [&](SamplingOptions sampling) {
    auto distribution = make_distribution("diagonal", p.space, p.initial_center, 1.0);
    auto update = make_update_rule(spec, *distribution);
    return Solver(std::move(distribution), std::move(update), sampling, {});
  };
  EXPECT_NO_THROW(build({.population_size = 6, .antithetic = true}));
  try {
    build({.population_size = 7, .antithetic = true});
    ADD_FAILURE() << "an odd population with pairs was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("Solver: expected an even population size with "
                                         "antithetic pairs, got 7"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(build({.population_size = 6, .antithetic = true, .spread_floor = 0.0}),
               InvalidArgument);
}

TEST(Stopping, EachRuleEndsTheRunWithItsReason) {
  const Problem p = make_problem("sphere", {.dim = 3});
  const auto run = [&](StopOptions stop, const Objective& f) {
    Solver s = preset_solver("snes", p, {.seed = 1, .stop = stop});
    return minimize(f, s);
  };
  EXPECT_EQ(run({.max_evaluations = 50}, p.objective).termination, Termination::max_evaluations);
  EXPECT_EQ(run({.max_generations = 4}, p.objective).generations, 4);
  EXPECT_EQ(run({.target = 1.0}, p.objective).termination, Termination::target_reached);
  EXPECT_EQ(run({.min_spread = 0.5}, p.objective).termination, Termination::spread_collapse);
  EXPECT_EQ(run({.stagnation_generations = 5}, [](ConstVecRef) { return 1.0; }).termination,
            Termination::stagnation);
  Solver s = preset_solver("snes", p);
  const Summary stopped = minimize(p.objective, s, [](const GenerationRecord& r, const Solver&) {
    return r.generation < 3;
  });
  EXPECT_EQ(stopped.termination, Termination::user_stop);
  EXPECT_EQ(stopped.generations, 3);
}

// A run converged on a minimum f* ≠ 0 stops by default: f stops resolving x long before σ falls
// below 1e-12, so without the flat-fitness rule it went on to its budget (a review found 5 of 6
// such runs spending 100 000 evaluations after converging within 2 000).
TEST(Stopping, AConvergedRunStopsByDefaultWhateverItsMinimum) {
  const Problem p = make_problem("sphere", {.dim = 5});
  const Objective shifted = [](ConstVecRef x) { return (x.array() - 1).square().sum() + 1000; };
  const auto run = [&](StopOptions stop) {
    Solver s = make_solver(method_preset("cma", p.space), p.space, Vec::Zero(5), 0.5,
                           {.seed = 2, .stop = stop});
    return minimize(shifted, s);
  };
  const Summary converged = run({});
  EXPECT_EQ(converged.termination, Termination::flat_fitness);
  EXPECT_LT(converged.best_f, 1000 + 1e-9);
  EXPECT_LT(converged.evaluations, 5000);
  const Summary without = run({.max_evaluations = 20000, .function_tolerance = {}});
  EXPECT_EQ(without.termination, Termination::max_evaluations);
  // A discrete distribution on a plateau (every member f = 1 while it is still uniform) goes on:
  // it ends by its own convergence rule, not by flat fitness.
  const Problem onemax = make_problem("onemax", {.dim = 20});
  Solver plateau = make_solver(method_preset("rloo-vo", onemax.space), onemax.space,
                               onemax.initial_center, 1.0,
                               {.seed = 1, .stop = {.max_evaluations = 3000}});
  Solver copy = plateau;  // a copy (Python's copy and pickle make one) keeps the rule off
  EXPECT_EQ(minimize([](ConstVecRef) { return 1.0; }, plateau).termination,
            Termination::max_evaluations);
  EXPECT_EQ(minimize([](ConstVecRef) { return 1.0; }, copy).termination,
            Termination::max_evaluations);
}

// The flat-fitness window is a ring once full: a run saved long after it wrapped, and resumed,
// must stop at the generation the uninterrupted run stops at (a state written in ring order
// rather than oldest first would see another window and stop elsewhere).
TEST(Stopping, TheFlatFitnessWindowSurvivesACheckpoint) {
  const Problem p = make_problem("sphere", {.dim = 4});
  const Objective shifted = [](ConstVecRef x) { return (x.array() - 1).square().sum() + 10; };
  const SolverOptions options{.seed = 3};
  const auto solver = [&] {
    return make_solver(method_preset("cma", p.space), p.space, Vec::Zero(4), 0.5, options);
  };
  Solver straight = solver();
  const Summary expected = minimize(shifted, straight);
  ASSERT_EQ(expected.termination, Termination::flat_fitness);
  // Saved a few generations before the end, with the window (10 + ⌈30·4/8⌉ = 25) wrapped.
  const Index pause_at = expected.generations - 7;
  ASSERT_GT(pause_at, 2 * 25 + 3);
  Solver first_part = solver();
  minimize(shifted, first_part,
           [&](const GenerationRecord& r, const Solver&) { return r.generation < pause_at; });
  const fs::path file = temp_file("checkpoint_flat_fitness");
  first_part.save(file);
  Solver resumed = solver();
  resumed.restore(file);
  fs::remove(file);
  const Summary got = minimize(shifted, resumed);
  EXPECT_EQ(got.termination, Termination::flat_fitness);
  EXPECT_EQ(got.generations, expected.generations);
  EXPECT_EQ(got.best_x, expected.best_x);
}

TEST(NumericalError, DivergingStepsStopWithTheLastGoodState) {
  const Problem p = make_problem("sphere", {.dim = 2});
  MethodSpec spec = method_preset("sgd-vo", p.space);
  spec.optimizer.learning_rate.initial = 1e6;
  Solver s = make_solver(spec, p.space, p.initial_center, 1.0, {.seed = 1});
  Vec before;
  const Summary r = minimize(p.objective, s, [&](const GenerationRecord&, const Solver& solver) {
    before = solver.distribution().params();
    return true;
  });
  EXPECT_EQ(r.termination, Termination::numerical_error);
  EXPECT_TRUE(s.distribution().params().allFinite());
  EXPECT_EQ(s.distribution().params(), before);  // the last good ψ, not a clamped one
  // The failed generation's members were evaluated: its record counts them (it was the previous
  // generation's, repeated, before).
  EXPECT_EQ(s.last_record().generation, r.generations);
  EXPECT_EQ(s.last_record().evaluations, r.evaluations);
}

TEST(Errors, AnEstimatorThatCannotWorkWithTheDistributionIsRefusedBeforeAnyEvaluation) {
  // DisARM needs binary variables; on a continuous space it used to fail at the first tell(),
  // after a generation had been evaluated.
  const Problem p = make_problem("sphere", {.dim = 3});
  try {
    make_solver(method_preset("disarm-vo", p.space), p.space, p.initial_center, 1.0, {.seed = 1});
    ADD_FAILURE() << "disarm-vo on a continuous space was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("binary variables"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Solver"), std::string::npos) << e.what();
  }
}

TEST(Errors, BadInputGetsAClearMessage) {
  const Problem p = make_problem("sphere", {.dim = 3});
  Solver s = preset_solver("snes", p);
  s.ask();
  EXPECT_THROW(s.tell(Vec::Zero(s.sampling().population_size + 1)), InvalidArgument);
  // D20: a preset for a space of dimension 0 names the dimension (not a wrapped population).
  for (const char* method : {"snes", "xnes", "cma"}) {
    try {
      method_preset(method, SearchSpace::continuous(0));
      FAIL() << method;
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find("a space of dimension >= 1, got 0"), std::string::npos)
          << e.what();
    }
  }
  MethodSpec odd = method_preset("adam-vo", p.space);
  odd.sampling.population_size = 7;
  EXPECT_THROW(make_solver(odd, p.space, p.initial_center, 1.0, {}), InvalidArgument);
  EXPECT_THROW(make_solver(method_preset("snes", p.space), p.space, Vec::Zero(2), 1.0, {}),
               InvalidArgument);
  EXPECT_THROW(make_solver(method_preset("snes", p.space), p.space, p.initial_center, -1.0, {}),
               InvalidArgument);
  EXPECT_THROW(method_preset("cma-es-please", p.space), InvalidArgument);
  EXPECT_THROW(preset_solver("snes", p, {.stop = {.max_evaluations = 0}}), InvalidArgument);
  try {
    make_problem("spehre", {.dim = 3});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("expected one of {"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("got 'spehre'"), std::string::npos);
  }
  MethodSpec pathwise = method_preset("snes", p.space);
  pathwise.estimator = "pathwise";
  Solver needs_gradient = make_solver(pathwise, p.space, p.initial_center, 1.0, {});
  EXPECT_THROW(minimize(p.objective, needs_gradient), InvalidArgument);
}

// A population for which every weight of the score-function estimate is 0 (so ĝ ≡ 0 and the
// run would never move) is refused when the solver is made, naming the smallest that works.
TEST(Errors, APopulationThatMakesTheGradientZeroIsRefused) {
  const Problem p = make_problem("sphere", {.dim = 3});
  const auto expect_refused = [&](MethodSpec spec, Index lambda, const std::string& expected) {
    spec.sampling.population_size = lambda;
    try {
      make_solver(spec, p.space, p.initial_center, 1.0, {});
      FAIL() << "accepted λ = " << lambda << " for " << spec.estimator << " " << spec.distribution;
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  const auto expect_accepted = [&](MethodSpec spec, Index lambda) {
    spec.sampling.population_size = lambda;
    EXPECT_NO_THROW(make_solver(spec, p.space, p.initial_center, 1.0, {}))
        << spec.estimator << " " << spec.distribution;
  };
  // xNES and SNES: NES utilities.
  for (const char* method : {"xnes", "snes"}) {
    expect_refused(method_preset(method, p.space), 1,
                   "a population size >= 2 for natural-score(baseline=none, shaping=nes)");
    expect_refused(method_preset(method, p.space), 1, "every shaped weight is 0");
    expect_accepted(method_preset(method, p.space), 2);
  }
  MethodSpec spec = method_preset("sgd-vo", p.space);
  for (const Shaping shaping : {Shaping::centered_ranks, Shaping::z_score}) {
    spec.score.shaping = shaping;
    expect_refused(spec, 1, "every shaped weight is 0");
    expect_accepted(spec, 2);
  }
  // A baseline is taken from the other members, or pairs: before, a mean or leave-one-out
  // baseline with one pair was refused only at the first gradient, after the evaluations.
  for (const Baseline baseline : {Baseline::mean, Baseline::leave_one_out}) {
    const std::string name = name_of(baseline);
    spec.score = {.baseline = baseline, .shaping = Shaping::none};
    spec.sampling.antithetic = false;
    expect_refused(spec, 1, "(the " + name + " baseline of a member is taken from the other");
    expect_accepted(spec, 2);
    spec.sampling.antithetic = true;
    expect_refused(spec, 2, "a population size >= 4 for score(baseline=" + name);
    expect_refused(spec, 2, "with antithetic pairs (the " + name + " baseline of a pair is taken");
    expect_accepted(spec, 4);
  }
  // The lecture's SGD-VO: one member, no baseline, no shaping, f(θ)∇log p ≠ 0.
  expect_accepted(method_preset("sgd-vo", p.space), 1);
}

TEST(Pathwise, UsesTheObjectiveGradientAndConverges) {
  // Its lower variance than the score function's is measured in grad/score_function_test.
  const Problem p = make_problem("sphere", {.dim = 10});
  for (std::uint64_t seed : {1, 2, 3}) {
    const auto run = [&](const char* estimator) {
      MethodSpec spec = method_preset("adam-vo", p.space);
      spec.estimator = estimator;
      spec.score.baseline = Baseline::leave_one_out;
      spec.score.shaping = Shaping::none;
      spec.sampling.antithetic = false;
      spec.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = {.initial = 0.1}};
      Solver s = make_solver(spec, p.space, p.initial_center, 1.0,
                             {.seed = seed, .stop = {.max_evaluations = 4000}});
      SerialEvaluator serial({p.objective, p.gradient});
      return minimize(s, serial);
    };
    const Summary pathwise = run("pathwise");
    EXPECT_EQ(pathwise.termination, Termination::max_evaluations);
    EXPECT_LT(pathwise.best_f, 0.05) << "seed " << seed;
  }
}

}  // namespace
}  // namespace varopt
