// User-defined search spaces from JSON: the issue's example parses into the blocks it says, points
// come back by name in the user's types, the default distribution samples points of the space,
// and every malformed space is one InvalidArgument "space: expected X, got Y" with a short message.
#include "varopt/dist/space_json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "support/vectors.hpp"
#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/dist/box.hpp"
#include "varopt/dist/space_distribution.hpp"
#include "varopt/dist/space_point.hpp"

namespace varopt {
namespace {

using testing::vec;

const char* kExample = R"({
  "x": {"type": "real", "dim": 5, "lower": -5, "upper": 5, "x0": 0, "sigma0": 1},
  "solver": {"type": "categorical", "choices": ["gmres", "cg", "bicgstab"]},
  "n": {"type": "integer", "lower": 0, "upper": 10},
  "mask": {"type": "binary", "dim": 8}})";

TEST(SpaceJson, TheIssuesExample) {
  const SearchSpace s = space_from_json(Json::parse(kExample));
  ASSERT_EQ(s.blocks.size(), 4u);
  EXPECT_EQ(s.dim(), 5 + 1 + 1 + 8);
  // Blocks in the order of their names.
  EXPECT_EQ(s.blocks[0].name, "mask");
  EXPECT_EQ(s.blocks[0].kind, VariableKind::binary);
  EXPECT_EQ(s.blocks[1].name, "n");
  EXPECT_EQ(s.blocks[1].upper, 10);
  EXPECT_EQ(s.blocks[2].name, "solver");
  EXPECT_EQ(s.blocks[2].categories, std::vector<Index>{3});
  EXPECT_EQ(s.blocks[3].name, "x");
  EXPECT_EQ(*s.blocks[3].box_lower, Vec::Constant(5, -5.0));
  EXPECT_EQ(space_sigma0(s), 1.0);
  EXPECT_EQ(space_start(s), Vec::Zero(s.dim()));
  // Round trip.
  EXPECT_EQ(space_to_json(space_from_json(space_to_json(s))), space_to_json(s));
}

TEST(SpaceJson, PointsInTheUsersTypes) {
  const SearchSpace s = space_from_json(Json::parse(kExample));
  Vec x = Vec::Zero(s.dim());
  x[1] = 1;     // mask[1]
  x[8] = 3;     // n
  x[9] = 1;     // solver = cg
  x[10] = 0.5;  // x[0]
  const Json j = point_to_user_json(s, x);
  EXPECT_EQ(j["solver"], "cg");
  EXPECT_TRUE(j["n"].is_number_integer());
  EXPECT_EQ(j["n"], 3);
  ASSERT_TRUE(j["mask"].is_array());
  EXPECT_EQ(j["mask"][1], 1);
  EXPECT_TRUE(j["mask"][0].is_number_integer());
  EXPECT_EQ(j["x"][0], 0.5);
  EXPECT_EQ(j["x"].size(), 5u);
  x[9] = 3;  // no 4th choice
  EXPECT_THROW(point_to_user_json(s, x), InvalidArgument);
}

TEST(SpaceJson, TheDefaultDistributionSamplesPointsOfTheSpace) {
  const SearchSpace s = space_from_json(Json::parse(kExample));
  const auto d = make_space_distribution(s, space_start(s), 1.0);
  Rng rng(4);
  Vec x(s.dim());
  for (std::uint32_t i = 0; i < 50; ++i) {
    Stream stream = rng.stream(0, i);
    d->sample(stream, x);
    EXPECT_NO_THROW(point_to_user_json(s, x));
  }
}

TEST(SpaceJson, ThePointWriterWritesWhatPointToUserJsonSays) {
  const SearchSpace s = space_from_json(Json::parse(R"({"x": {"type": "real", "dim": 3},
      "c": {"type": "categorical", "choices": ["a\"b", "é", "z"], "dim": 2},
      "n": {"type": "integer", "lower": -2, "upper": 2}, "y": {"type": "real"}})"));
  const PointWriter writer(s);
  const auto d = make_space_distribution(s, space_start(s), 100.0);
  Rng rng(9);
  Vec x(s.dim());
  for (std::uint32_t i = 0; i < 50; ++i) {
    Stream stream = rng.stream(0, i);
    d->sample(stream, x);
    std::string text;
    writer.append(x, text);
    const Json parsed = Json::parse(text);
    EXPECT_EQ(parsed, point_to_user_json(s, x)) << text;
    EXPECT_EQ(parsed["y"].get<double>(), x[s.dim() - 1]);  // doubles round-trip exactly
  }
  x[0] = 5;  // c[0]: no 6th choice
  std::string text;
  EXPECT_THROW(writer.append(x, text), InvalidArgument);
  EXPECT_THROW(writer.append(Vec::Zero(2), text), InvalidArgument);
}

TEST(SpaceJson, StartsAndSigmas) {
  SearchSpace s = space_from_json(Json::parse(R"({"a": {"type": "real", "lower": 2, "upper": 4},
      "b": {"type": "real", "lower": 1}, "c": {"type": "real", "upper": -3},
      "d": {"type": "real", "dim": 2, "x0": [1, 2]}})"));
  EXPECT_EQ(space_start(s), (Vec(5) << 3, 1, -3, 1, 2).finished());
  EXPECT_FALSE(space_sigma0(s));
  s = space_from_json(
      Json::parse(R"({"a": {"type": "real", "sigma0": 1}, "b": {"type": "real", "sigma0": 2}})"));
  EXPECT_THROW(space_sigma0(s), InvalidArgument);
}

TEST(SpaceJson, RealBoundsPerVariable) {
  const SearchSpace s = space_from_json(Json::parse(
      R"({"x": {"type": "real", "dim": 3, "lower": [0, -1, 5], "upper": [1, 1, 9]},
          "y": {"type": "real", "dim": 2, "lower": [-2, 0]}})"));
  EXPECT_EQ(*s.blocks[0].box_lower, vec({0, -1, 5}));
  EXPECT_EQ(space_start(s), vec({0.5, 0, 7, 0, 0}));  // the middles; 0 moved into [lower, ∞)
  const Box box = Box::of(s);
  EXPECT_EQ(box.lower.head(3), vec({0, -1, 5}));
  EXPECT_EQ(box.upper.tail(2), Vec::Constant(2, INFINITY));
  // Written back as given: an array where the entries differ, a number where they agree.
  const Json back = space_to_json(s);
  EXPECT_EQ(back["x"]["lower"], Json::parse("[0.0, -1.0, 5.0]"));
  EXPECT_EQ(space_to_json(space_from_json(Json::parse(
                R"({"z": {"type": "real", "dim": 2, "lower": [3, 3]}})")))["z"]["lower"],
            Json(3.0));
  EXPECT_EQ(space_to_json(space_from_json(back)), back);
  // null (or ±1e308 and beyond) leaves a variable without a bound on that side; the start is the
  // middle where both sides are bounded, else 0 moved into the box; written back as null.
  const SearchSpace open = space_from_json(Json::parse(
      R"({"z": {"type": "real", "dim": 3, "lower": [0, null, -1e308], "upper": [1e308, 4, 2]}})"));
  EXPECT_EQ(*open.blocks[0].box_lower, vec({0, -INFINITY, -INFINITY}));
  EXPECT_EQ(*open.blocks[0].box_upper, vec({INFINITY, 4, 2}));
  EXPECT_EQ(space_start(open), vec({0, 0, 0}));
  EXPECT_EQ(space_to_json(open)["z"]["lower"], Json::parse("[0.0, null, null]"));
  EXPECT_EQ(space_to_json(space_from_json(space_to_json(open))), space_to_json(open));
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"a": {"type": "real", "dim": 2, "lower": [0, 1], "upper": [1, 0.5]}})",
            "lower <= upper in block 'a', got lower 1, upper 0.5 at index 1"},
           {R"({"a": {"type": "real", "dim": 2, "lower": [0, 1, 2]}})", "'lower' with 1 or dim = 2"},
           {R"({"a": {"type": "real", "dim": 2, "upper": [0, "1"]}})",
            "'upper' of finite numbers or null"},
           {R"({"a": {"type": "real", "dim": 2, "x0": [0, null]}})", "'x0' of finite numbers"},
           {R"({"a": {"type": "real", "dim": 2, "lower": [0, 1], "x0": [0, 0.5]}})",
            "x0 inside [lower, upper] in block 'a', got 0.5 at index 1"}}) {
    try {
      space_from_json(Json::parse(text));
      ADD_FAILURE() << "accepted " << text;
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
}

// An ordered integer block is real variables in [lower − ½, upper + ½] whose points are rounded:
// the box rounds them, the points and the worker's requests hold integers, and it reads back.
TEST(SpaceJson, OrderedIntegersAreRoundedRealVariables) {
  const Json text = Json::parse(R"({"k": {"type": "integer", "dim": 3, "lower": -2, "upper": 5,
                                          "ordered": true},
                                    "x": {"type": "real", "dim": 1}})");
  const SearchSpace s = space_from_json(text);
  EXPECT_TRUE(s.is_continuous());
  EXPECT_TRUE(s.blocks[0].integral && s.blocks[0].holds_integers());
  EXPECT_EQ(space_to_json(s), text);
  const Box box = Box::of(s);
  EXPECT_EQ(box.lower.head(3), Vec::Constant(3, -2.5));
  EXPECT_EQ(box.upper.head(3), Vec::Constant(3, 5.5));
  Vec x = vec({-2.6, 5.49, 0.5, 7.25});  // reflected to -2.4, then rounded; 0.5 rounds away
  box.reflect(x);
  EXPECT_EQ(x, vec({-2.0, 5.0, 1.0, 7.25}));
  for (const double far : {-100.3, 1e9, 12.0}) {  // any real lands on an integer in range
    Vec y = vec({far, far, far, far});
    box.reflect(y);
    for (Index i = 0; i < 3; ++i) EXPECT_TRUE(y[i] == std::round(y[i]) && y[i] >= -2 && y[i] <= 5);
  }
  EXPECT_EQ(point_to_user_json(s, x).dump(), R"({"k":[-2,5,1],"x":7.25})");
  std::string request;
  PointWriter(s).append(x, request);
  EXPECT_EQ(request, R"({"k":[-2,5,1],"x":7.25})");
  EXPECT_THROW(check_point(s, vec({0.5, 0, 0, 0})), InvalidArgument);  // not an integer
  // Any range (a categorical one has at most 4096 values).
  EXPECT_NO_THROW(space_from_json(Json::parse(
      R"({"n": {"type": "integer", "lower": 0, "upper": 100000, "ordered": true}})")));
  // Without "ordered" (or false) it stays a categorical over the values.
  EXPECT_FALSE(space_from_json(Json::parse(R"({"k": {"type": "integer", "lower": 0, "upper": 3,
                                                      "ordered": false}})"))
                   .is_continuous());
}

TEST(SpaceJson, EveryMalformedSpaceIsAClearError) {
  const std::string long_name(5000, 'q');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1, 2]", "an object from block name to block"},
      {"3", "an object"},
      {"{}", "at least one block"},
      {R"({"": {"type": "binary"}})", "non-empty block names"},
      {R"({"a": 3})", "a block object"},
      {R"({"a": {}})", "'type'"},
      {R"({"a": {"type": "complex"}})", "'type' among"},
      {R"({"a": {"type": 7}})", "'type' among"},
      {R"({"a": {"type": "real", "dimm": 3}})", "a key of a block of type 'real'"},
      {R"({"a": {"type": "binary", "choices": ["a", "b"]}})", "a key of a block of type 'binary'"},
      {R"({"a": {"type": "real", "dim": 0}})", "'dim' >= 1"},
      {R"({"a": {"type": "integer", "lower": 0, "upper": 3, "ordered": 1}})",
       "'ordered' to be true or false"},
      // Beyond ±2^52, lower − ½ rounded to lower − 1: a review saw a value below the block.
      {R"({"k": {"type": "integer", "lower": 9007199254740989, "upper": 9007199254740992,
                 "ordered": true}})",
       "ordered integer bounds strictly within ±2^52"},
      // At 2^52 itself, 2^52 + ½ is no double: the last value's cell was half as wide.
      {R"({"k": {"type": "integer", "lower": 0, "upper": 4503599627370496, "ordered": true}})",
       "ordered integer bounds strictly within ±2^52"},
      {R"({"a": {"type": "real", "dim": -4}})", "'dim' >= 1"},
      {R"({"a": {"type": "real", "dim": 2.5}})", "'dim' to be an integer"},
      {R"({"a": {"type": "real", "dim": "3"}})", "'dim' to be an integer"},
      {R"({"a": {"type": "real", "dim": 10000001}})", "'dim' <= 10000000"},
      {R"({"a": {"type": "real", "dim": 18446744073709551615}})", "'dim' <= 10000000"},
      {R"({"a": {"type": "binary", "dim": 6000000}, "b": {"type": "binary", "dim": 6000000}})",
       "at most 10000000 variables"},
      {R"({"a": {"type": "integer", "lower": 0, "upper": 4000, "dim": 5000}})",
       "at most 10000000 distribution parameters"},
      {R"({"a": {"type": "real", "lower": 2, "upper": 1}})", "lower <= upper"},
      {R"({"a": {"type": "integer", "lower": 2, "upper": 1}})", "lower <= upper"},
      {R"({"a": {"type": "real", "lower": "0"}})", "'lower' to be a number"},
      {R"({"a": {"type": "real", "x0": 7, "upper": 5}})", "x0 inside [lower, upper]"},
      {R"({"a": {"type": "real", "dim": 2, "x0": [0, 1, 2]}})", "'x0' with 1 or dim = 2"},
      {R"({"a": {"type": "real", "dim": 2, "x0": [0, "1"]}})", "'x0' of finite numbers"},
      {R"({"a": {"type": "real", "x0": {}}})", "'x0' to be a number or an array"},
      {R"({"a": {"type": "real", "sigma0": 0}})", "sigma0 > 0"},
      {R"({"a": {"type": "real", "sigma0": -1}})", "sigma0 > 0"},
      {R"({"a": {"type": "integer", "lower": 0}})", "'upper'"},
      {R"({"a": {"type": "integer", "lower": 0.5, "upper": 3}})", "'lower' to be an integer"},
      {R"({"a": {"type": "integer", "lower": 0, "upper": 100000}})", "at most 4096 values"},
      {R"({"a": {"type": "integer", "lower": -9223372036854775808, "upper": 0}})", "2^53"},
      {R"({"a": {"type": "categorical"}})", "'choices'"},
      {R"({"a": {"type": "categorical", "choices": "cg"}})", "an array of strings"},
      {R"({"a": {"type": "categorical", "choices": ["cg"]}})", "at least 2 choices"},
      {R"({"a": {"type": "categorical", "choices": ["cg", "cg"]}})", "distinct choices"},
      {R"({"a": {"type": "categorical", "choices": ["cg", ""]}})", "non-empty strings"},
      {R"({"a": {"type": "categorical", "choices": ["cg", 3]}})", "non-empty strings"},
      {"{\"" + long_name + "\": {\"type\": \"real\", \"dim\": 0}}", "'dim' >= 1"},
      {R"({"a": {"type": "real", "lower": ")" + long_name + R"("}})", "'lower'"},
  };
  // JSON text cannot hold an infinity, a Json value can.
  EXPECT_THROW(space_from_json(Json{{"a", {{"type", "real"}, {"upper", INFINITY}}}}),
               InvalidArgument);
  EXPECT_THROW(space_from_json(Json{{"a", {{"type", "real"}, {"x0", NAN}}}}), InvalidArgument);
  for (const auto& [text, expected] : cases) {
    try {
      space_from_json(Json::parse(text));
      ADD_FAILURE() << "accepted " << text.substr(0, 80);
    } catch (const InvalidArgument& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind("space: expected ", 0), 0u) << message;
      EXPECT_NE(message.find(expected), std::string::npos) << message << " | " << expected;
      EXPECT_LT(message.size(), 400u) << "echoes the input";
    }
  }
}

TEST(SpaceJson, RandomlyAlteredSpacesAreAcceptedOrRefusedCleanly) {
  // Every field of the example replaced by a value of another kind (fixed seed): the result is a
  // space or an InvalidArgument, never anything else.
  const Json example = Json::parse(kExample);
  const Json replacements[] = {Json(nullptr),
                               Json(-1),
                               Json(0),
                               Json(2.5),
                               Json("cg"),
                               Json::array(),
                               Json::array({1, 2}),
                               Json::object(),
                               Json(true),
                               Json(1e300),
                               Json(std::uint64_t{18446744073709551615u})};
  std::mt19937 gen(11);
  int accepted = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    Json space = example;
    for (int e = 0; e < 2; ++e) {
      auto block = space.begin();
      std::advance(block, static_cast<long>(gen() % space.size()));
      if (!block->is_object() || block->empty()) continue;
      auto field = block->begin();
      std::advance(field, static_cast<long>(gen() % block->size()));
      *field = replacements[gen() % std::size(replacements)];
    }
    try {
      const SearchSpace s = space_from_json(space);
      EXPECT_NO_THROW(make_space_distribution(s, space_start(s), 1.0)) << space.dump();
      ++accepted;
    } catch (const InvalidArgument&) {
    }
  }
  EXPECT_GT(accepted, 10);
  EXPECT_LT(accepted, 3000);
}

}  // namespace
}  // namespace varopt
