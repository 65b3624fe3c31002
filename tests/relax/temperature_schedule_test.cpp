// Temperature schedules: constant, exponential decay with a floor updated every N steps
// (Jang et al. 2017 §4), user functions, and their validation.
#include "varopt/relax/temperature_schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "varopt/core/error.hpp"

namespace varopt::relax {
namespace {

TEST(TemperatureScheduleTest, ConstantIsConstant) {
  const TemperatureSchedule schedule = ConstantTemperature{.tau = 0.7};
  EXPECT_EQ(schedule.at(0), 0.7);
  EXPECT_EQ(schedule.at(123456789), 0.7);
}

TEST(TemperatureScheduleTest, ExponentialDecaysInStepsOfNDownToTheFloor) {
  const ExponentialTemperature decay{.initial = 1.0, .minimum = 0.5, .rate = 1e-4, .every = 500};
  const TemperatureSchedule schedule = decay;
  EXPECT_EQ(schedule.at(0), 1.0);
  EXPECT_EQ(schedule.at(499), 1.0);  // held until the next update
  EXPECT_DOUBLE_EQ(schedule.at(500), std::exp(-1e-4 * 500));
  EXPECT_DOUBLE_EQ(schedule.at(1234), std::exp(-1e-4 * 1000));
  // exp(−r t) = 0.5 at t = ln 2 / r ≈ 6931.5: the floor holds from the update at t = 7000 on.
  EXPECT_GT(schedule.at(6999), 0.5);
  EXPECT_EQ(schedule.at(7000), 0.5);
  EXPECT_EQ(schedule.at(std::numeric_limits<std::uint64_t>::max()), 0.5);
}

TEST(TemperatureScheduleTest, CustomFunctionsAreCheckedAtEveryCall) {
  const TemperatureSchedule schedule(
      [](std::uint64_t step) { return 2.0 - 0.5 * static_cast<double>(step); });
  EXPECT_EQ(schedule.at(0), 2.0);
  EXPECT_EQ(schedule.at(3), 0.5);
  EXPECT_THROW(schedule.at(4), InvalidArgument);  // τ = 0
  try {
    schedule.at(5);
    FAIL() << "tau = -0.5 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()),
              "TemperatureSchedule::at: expected the custom schedule's tau > 0 and finite at "
              "step 5, got -0.5");
  }
  const TemperatureSchedule nan_schedule(
      [](std::uint64_t) { return std::numeric_limits<double>::quiet_NaN(); });
  EXPECT_THROW(nan_schedule.at(0), InvalidArgument);
  EXPECT_THROW(TemperatureSchedule(std::function<double(std::uint64_t)>{}), InvalidArgument);
}

TEST(TemperatureScheduleTest, RejectsInvalidParameters) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (const double tau : {0.0, -1.0, nan, inf}) {
    EXPECT_THROW(TemperatureSchedule(ConstantTemperature{.tau = tau}), InvalidArgument);
    EXPECT_THROW(ExponentialTemperature{.initial = tau}.validate(), InvalidArgument);
    EXPECT_THROW(ExponentialTemperature{.minimum = tau}.validate(), InvalidArgument);
  }
  EXPECT_THROW(ExponentialTemperature{.rate = -1e-5}.validate(), InvalidArgument);
  EXPECT_THROW(ExponentialTemperature{.rate = nan}.validate(), InvalidArgument);
  EXPECT_THROW(TemperatureSchedule(ExponentialTemperature{.every = 0}), InvalidArgument);
  EXPECT_NO_THROW(ExponentialTemperature{}.validate());
  EXPECT_NO_THROW(ExponentialTemperature{.rate = 0.0}.validate());
  try {
    ExponentialTemperature{.every = 0}.validate();
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()), "ExponentialTemperature::validate: expected every >= 1, got 0");
  }
}

}  // namespace
}  // namespace varopt::relax
