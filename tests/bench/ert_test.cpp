// The benchmark's measures: evaluations to targets counted per call (TargetTracker), COCO's ERT,
// success rate and median on hand-made runs, the runtime ECDF (its figure: tests/plot/).
#include "varopt/bench/ert.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "support/run_records.hpp"
#include "varopt/bench/ecdf.hpp"
#include "varopt/bench/target_tracker.hpp"
#include "varopt/core/error.hpp"

namespace varopt::bench {
namespace {

TEST(TargetTracker, RecordsTheFirstEvaluationAtEachTarget) {
  TargetTracker t({1.0, 1e-3}, 2.0);  // f* = 2
  for (const double f :
       {10.0, 3.5, 2.9, 3.0, 2.5, std::numeric_limits<double>::quiet_NaN(), 2.0005, 1.0}) {
    t.record(f);
  }
  EXPECT_EQ(t.evaluations(), 8);
  EXPECT_EQ(t.hits()[0], 3);  // 2.9 − 2 ≤ 1 at the third call
  EXPECT_EQ(t.hits()[1], 7);  // 2.0005 − 2 ≤ 1e-3 at the seventh
  EXPECT_TRUE(t.all_reached());
  EXPECT_EQ(t.best_f(), 1.0);
  EXPECT_DOUBLE_EQ(t.final_value(), 2.001);
  EXPECT_THROW(TargetTracker({}, 0.0), InvalidArgument);
  EXPECT_THROW(TargetTracker({0.0}, 0.0), InvalidArgument);
  EXPECT_THROW(TargetTracker({1e-8}, std::numeric_limits<double>::infinity()), InvalidArgument);
}

TEST(TargetTracker, TrackedObjectiveCountsEveryCall) {
  auto tracker = std::make_shared<TargetTracker>(std::vector<double>{0.5}, 0.0);
  const Objective f = tracked_objective([](ConstVecRef x) { return x.squaredNorm(); }, tracker);
  EXPECT_EQ(f(Vec::Constant(2, 1.0)), 2.0);
  EXPECT_DOUBLE_EQ(f(Vec::Constant(2, 0.1)), 0.02);
  EXPECT_EQ(tracker->evaluations(), 2);
  EXPECT_EQ(tracker->hits()[0], 2);
}

using testing::hand_made_run;

// COCO: ERT = Σ evaluations spent (to the hit, or the whole run) / successes.
TEST(ExpectedRunningTime, SumsAllRunsOverTheSuccesses) {
  const RunRecord a = hand_made_run({100}, 120), b = hand_made_run({300}, 300),
                  c = hand_made_run({std::nullopt}, 1000), d = hand_made_run({200}, 250);
  const TargetStatistics s = target_statistics({&a, &b, &c, &d}, 0);
  EXPECT_EQ(s.runs, 4);
  EXPECT_EQ(s.successes, 3);
  EXPECT_EQ(s.evaluations_spent, 100 + 300 + 1000 + 200);
  EXPECT_DOUBLE_EQ(s.ert, 1600.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.median_successful, 200.0);
  EXPECT_DOUBLE_EQ(s.success_rate(), 0.75);
  // All successful, an even count: ERT is the mean, the median the middle two's mean.
  const TargetStatistics all = target_statistics({&a, &b}, 0);
  EXPECT_DOUBLE_EQ(all.ert, 200.0);
  EXPECT_DOUBLE_EQ(all.median_successful, 200.0);
  // None: ∞ and no median.
  const TargetStatistics none = target_statistics({&c}, 0);
  EXPECT_TRUE(std::isinf(none.ert));
  EXPECT_TRUE(std::isnan(none.median_successful));
  EXPECT_THROW(target_statistics({}, 0), InvalidArgument);
  EXPECT_THROW(target_statistics({&a}, 1), InvalidArgument);
}

TEST(RuntimeEcdf, CountsReachedRunTargetPairsAgainstEvaluationsPerDimension) {
  // d = 10: hits at 100 and 1000 evaluations (x = 1 and 2) of 4 pairs.
  const RunRecord a = hand_made_run({100, 1000}, 1000, 10),
                  b = hand_made_run({std::nullopt, std::nullopt}, 5000, 10);
  const RuntimeEcdf e = runtime_ecdf({&a, &b});
  EXPECT_EQ(e.pairs, 4);
  ASSERT_EQ(e.x.size(), 2u);
  EXPECT_DOUBLE_EQ(e.x[0], 1.0);
  EXPECT_DOUBLE_EQ(e.x[1], 2.0);
  EXPECT_EQ(e.fraction_at(0.5), 0.0);
  EXPECT_EQ(e.fraction_at(1.0), 0.25);
  EXPECT_EQ(e.fraction_at(1.5), 0.25);
  EXPECT_EQ(e.fraction_at(10.0), 0.5);
}

}  // namespace
}  // namespace varopt::bench
