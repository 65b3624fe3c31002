// parse_json, the reader of every outside JSON (configs, spaces, checkpoints, worker answers):
// syntax errors, deep nesting and a key given twice in one object are FileErrors naming the
// input; the same key in different objects is fine.
#include <gtest/gtest.h>

#include <string>

#include "varopt/core/error.hpp"
#include "varopt/core/json.hpp"

namespace varopt {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_json(text, "config");
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

TEST(ParseJson, AKeyGivenTwiceInOneObjectIsRefused) {
  EXPECT_EQ(error_of(R"({"dim": 3, "problem": "sphere", "dim": 4})"),
            "config: not valid JSON (the key 'dim' given twice in one object)");
  EXPECT_NE(error_of(R"({"space": {"x": {"type": "real", "type": "binary"}}})"), "");
  EXPECT_NE(error_of(R"([{"a": 1}, {"b": 2, "b": 3}])"), "");
  // The same key in different objects, nested or side by side, is not a repetition.
  const Json j = parse_json(R"({"a": {"a": 1, "b": {"a": 2}}, "b": [{"a": 3}, {"a": 4}]})", "x");
  EXPECT_EQ(j["a"]["b"]["a"], 2);
  EXPECT_EQ(j["b"][1]["a"], 4);
}

TEST(ParseJson, SyntaxErrorsAndDeepNestingAreFileErrors) {
  EXPECT_NE(error_of(R"({"problem": "sphere",)").find("config: not valid JSON"), std::string::npos);
  EXPECT_NE(error_of(std::string(100, '[') + std::string(100, ']')).find("nested deeper than 64"),
            std::string::npos);
  EXPECT_EQ(error_of(std::string(60, '[') + std::string(60, ']')), "");
}

}  // namespace
}  // namespace varopt
