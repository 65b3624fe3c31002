// Runs of the benchmark: a preset until the target counts exactly the solver's evaluations, the
// suite meets every (function, dim, method, seed) in order on the same instances, and bad
// settings or names are refused with clear errors.
#include "varopt/bench/suite.hpp"

#include <gtest/gtest.h>

#include <string>

#include "varopt/bench/run_preset.hpp"
#include "varopt/core/error.hpp"

namespace varopt::bench {
namespace {

TEST(RunPreset, ReachesTheTargetsOnAShiftedSphereAndCountsEveryEvaluation) {
  const Problem p = make_problem("shifted-rotated-sphere", {.dim = 3, .seed = 2});
  const RunRecord r = run_preset("snes", p, 2, {.targets = {1.0, 1e-6}, .budget = 20000});
  EXPECT_EQ(r.stopped_by, "target_reached");
  ASSERT_TRUE(r.reached(0) && r.reached(1));
  EXPECT_LT(*r.evaluations_to_target[0], *r.evaluations_to_target[1]);
  // The run ends with the generation of the last hit (λ = 7 at d = 3).
  EXPECT_LE(*r.evaluations_to_target[1], r.evaluations);
  EXPECT_GT(*r.evaluations_to_target[1], r.evaluations - 7);
  EXPECT_EQ(r.evaluations % 7, 0);
  EXPECT_LE(r.best_f, 1e-6);
  EXPECT_EQ(r.function, "shifted-rotated-sphere");
  // A budget too small: not reached, the budget never overrun.
  const RunRecord short_run = run_preset("snes", p, 2, {.targets = {1e-6}, .budget = 50});
  EXPECT_FALSE(short_run.reached(0));
  EXPECT_LE(short_run.evaluations, 50);
  EXPECT_EQ(short_run.evaluations_for(0), short_run.evaluations);
}

TEST(PresetMethod, RefusesUnknownAndDiscretePresets) {
  EXPECT_NO_THROW(preset_method("xnes"));
  try {
    preset_method("no-such-method");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("expected a preset"), std::string::npos) << e.what();
  }
  EXPECT_THROW(preset_method("disarm-vo"), InvalidArgument);  // binary pairs only
  const auto continuous = continuous_presets();
  EXPECT_NE(std::find(continuous.begin(), continuous.end(), "snes"), continuous.end());
  EXPECT_EQ(std::find(continuous.begin(), continuous.end(), "disarm-vo"), continuous.end());
}

TEST(Suite, RunsEveryCellOnTheSameInstancesInOrder) {
  BenchSettings s{.functions = {"shifted-sphere", "shifted-rotated-ellipsoid"},
                  .dims = {2, 3},
                  .seeds = 2,
                  .targets = {1e-2},
                  .budget_multiplier = 200};
  int calls = 0;
  const auto runs = run_suite(s, {preset_method("snes"), preset_method("xnes")},
                              [&](const RunRecord&) { ++calls; });
  ASSERT_EQ(runs.size(), 2u * 2u * 2u * 2u);
  EXPECT_EQ(calls, 16);
  EXPECT_EQ(runs[0].function, "shifted-sphere");
  EXPECT_EQ(runs[0].dim, 2);
  EXPECT_EQ(runs[0].method, "snes");
  EXPECT_EQ(runs[0].seed, 1u);
  EXPECT_EQ(runs[1].seed, 2u);
  EXPECT_EQ(runs[2].method, "xnes");
  EXPECT_EQ(runs[4].dim, 3);
  EXPECT_EQ(runs[8].function, "shifted-rotated-ellipsoid");
  for (const RunRecord& r : runs) EXPECT_LE(r.evaluations, 200 * r.dim);
  EXPECT_EQ(s.limits(3).budget, 600);
}

TEST(Suite, RefusesBadSettings) {
  const auto bad = [](BenchSettings s) { EXPECT_THROW(s.validate(), InvalidArgument); };
  bad({.dims = {0}});
  bad({.dims = {}});
  bad({.seeds = 0});
  bad({.targets = {-1.0}});
  bad({.budget_multiplier = 0.5});
  bad({.dims = {2, 40}, .budget_multiplier = 1e300});  // its budget would not fit an Index
  bad({.dims = {2, 5, 2}});                             // runs counted twice
  bad({.functions = {"shifted-sphere", "shifted-sphere"}});
  bad({.functions = {"no-such-function"}});
  bad({.functions = {"onemax"}});
  bad({.functions = {"lecture-1d"}});  // one-dimensional only
  EXPECT_NO_THROW(BenchSettings{}.validate());
  const BenchSettings one{.functions = {"shifted-sphere"}, .dims = {2}, .seeds = 1};
  const Method cma = preset_method("cma");
  EXPECT_THROW(run_suite(one, {cma, cma}), InvalidArgument);
}

}  // namespace
}  // namespace varopt::bench
