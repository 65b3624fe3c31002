// The option tables (solve/option_table.hpp): one row per key and flag, configs that round-trip,
// and the options that the rest of a run would silently ignore refused by name (issue 11, D24).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "varopt/core/error.hpp"
#include "varopt/solve/run_options.hpp"

namespace varopt {
namespace {

// The message of the InvalidArgument that f throws ("" when it throws none).
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const InvalidArgument& e) {
    return e.what();
  }
  return "";
}

MethodSpec method(const std::string& preset, const Json& fields) {
  return MethodSpec::from_json(fields, method_preset(preset, SearchSpace::continuous(4)));
}

TEST(OptionTable, EveryKeyAndFlagHasOneRow) {
  std::set<std::string> keys, flags;
  for (const auto& row : RunOptions::options()) {
    EXPECT_TRUE(keys.insert(row.key).second) << row.key;
    EXPECT_FALSE(row.flag.empty()) << row.key << " has no flag";
    EXPECT_FALSE(row.help.empty()) << row.key << " has no help";
    EXPECT_FALSE(row.group.empty()) << row.key << " has no group";
    EXPECT_TRUE(flags.insert(row.flag).second) << row.flag;
  }
  for (const char* key : {"method", "learning_rate", "decay", "x0", "seed", "max_evals",
                          "restarts", "stagnation_tolerance", "noise_handling"})
    EXPECT_EQ(keys.count(key), 1u) << key;
}

TEST(OptionTable, AConfigRoundTrips) {
  const Json given = {{"method", "adam-vo"}, {"learning_rate", 0.05}, {"schedule", "exponential"},
                      {"decay", 0.99},       {"x0", {1.0, 2.0}},     {"lower", -1e308},
                      {"seed", 7},           {"target", nullptr},    {"restarts", "ipop"},
                      {"nonfinite", "error"}, {"max_generations", 30}};
  Json written = Json::object();
  RunOptions::from_json(given).to_json(written);
  EXPECT_EQ(written["lower"], Json::array({-1e308}));  // an open side, as JSON can hold it
  EXPECT_EQ(written["schedule"], "exponential");        // a method field, as given
  EXPECT_FALSE(written.contains("momentum"));           // a method field not given: the preset's
  Json again = Json::object();
  RunOptions::from_json(written).to_json(again);
  EXPECT_EQ(again, written);
}

TEST(OptionTable, ValuesOfTheWrongTypeOrNameAreRefusedAtOnce) {
  EXPECT_NE(error_of([] { RunOptions::from_json({{"optimizer", "adamw"}}); })
                .find("optimizer: expected one of {sgd, momentum, nesterov, adam}, got 'adamw'"),
            std::string::npos);
  EXPECT_NE(error_of([] { RunOptions::from_json({{"population", 2.5}}); })
                .find("expected 'population' to be an integer"),
            std::string::npos);
  EXPECT_NE(error_of([] { method("xnes", {{"populaton", 8}}); })
                .find("method: expected a key among {distribution, estimator, "),
            std::string::npos);
}

// D24: each field that the rest of the spec ignores is an error naming what ignores it; the same
// field where it applies is read.
TEST(OptionTable, IgnoredMethodFieldsAreRefused) {
  EXPECT_NE(error_of([] { method("adam-vo", {{"decay", 0.9}}); })
                .find("method: expected no 'decay' with schedule 'constant'"),
            std::string::npos);
  const MethodSpec exponential = method("adam-vo", {{"decay", 0.9}, {"schedule", "exponential"}});
  EXPECT_DOUBLE_EQ(exponential.optimizer.learning_rate.decay, 0.9);
  EXPECT_NE(error_of([] { method("adam-vo", {{"time_scale", 10.0}}); })
                .find("expected no 'time_scale' with schedule 'constant'"),
            std::string::npos);
  EXPECT_NE(error_of([] { method("adam-vo", {{"momentum", 0.5}}); })
                .find("method: expected no 'momentum' with optimizer 'adam'"),
            std::string::npos);
  EXPECT_NE(error_of([] { method("sgd-vo", {{"momentum", 0.5}}); })
                .find("expected no 'momentum' with optimizer 'sgd'"),
            std::string::npos);
  const MethodSpec nesterov = method("sgd-vo", {{"momentum", 0.5}, {"optimizer", "nesterov"}});
  EXPECT_DOUBLE_EQ(nesterov.optimizer.momentum, 0.5);
  EXPECT_NE(error_of([] { method("adam-vo", {{"estimator", "pathwise"}, {"natural", true}}); })
                .find("method: expected no 'natural' with estimator 'pathwise'"),
            std::string::npos);
  EXPECT_TRUE(method("adam-vo", {{"natural", true}}).score.natural);
  EXPECT_NE(error_of([] { method("cma", {{"optimizer", "adam"}}); })
                .find("method: expected no 'optimizer' with estimator 'cma'"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              method("adam-vo", {{"hold_spread", true}, {"spread_learning_rate", 0.5}});
            }).find("method: expected no 'spread_learning_rate' with hold_spread 'true'"),
            std::string::npos);
  EXPECT_NE(error_of([] { method("openai-es", {{"spread_learning_rate", 0.5}}); })
                .find("expected no 'spread_learning_rate' with hold_spread 'true'"),
            std::string::npos);
  EXPECT_DOUBLE_EQ(method("adam-vo", {{"spread_learning_rate", 0.5}}).spread_learning_rate, 0.5);
  EXPECT_NE(error_of([] { method("xnes", {{"smoothing", 0.5}}); })
                .find("method: expected no 'smoothing' with estimator 'score'"),
            std::string::npos);
}

// D24: the run's options too (noise handling's parameters without noise handling).
TEST(OptionTable, IgnoredRunOptionsAreRefused) {
  EXPECT_NE(error_of([] { RunOptions::from_json({{"noise_max_evaluations", 10}}); })
                .find("config: expected no 'noise_max_evaluations' with noise_handling 'off'"),
            std::string::npos);
  EXPECT_EQ(error_of([] {
              RunOptions::from_json({{"noise_max_evaluations", 10}, {"noise_handling", "sigma"}});
            }),
            "");
}

// D24: x0 and sigma0 start the Gaussian of the real blocks; a discrete space has none.
TEST(OptionTable, AStartOnASpaceWithoutRealVariablesIsRefused) {
  const SearchSpace binary{{{"b", VariableKind::binary, 5, {}, 0, 0}}};
  for (const Json& given : {Json{{"x0", 1.0}}, Json{{"sigma0", 0.5}}})
    EXPECT_NE(error_of([&] {
                make_run_solver(RunOptions::from_json(given), binary, Vec::Zero(5), 1.0);
              }).find("expected x0 and sigma0 only on a space with real variables"),
              std::string::npos)
        << given.dump();
  EXPECT_EQ(error_of([&] {
              make_run_solver(RunOptions::from_json(Json::object()), binary, Vec::Zero(5), 1.0);
            }),
            "");
  const SearchSpace mixed{{{"x", VariableKind::continuous, 2, {}, 0, 0},
                           {"b", VariableKind::binary, 3, {}, 0, 0}}};
  EXPECT_EQ(error_of([&] {
              make_run_solver(RunOptions::from_json({{"sigma0", 0.5}}), mixed, Vec::Zero(5), 1.0);
            }),
            "");
}

}  // namespace
}  // namespace varopt
