// read_config_value: an integer key takes a number with an integral value in its type's range,
// however it is spelled, and nothing else; a number key never takes a boolean; messages name the
// key and quote an excerpt of the value.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "varopt/core/json.hpp"

namespace varopt {
namespace {

template <class T>
T read(const std::string& value) {
  T out{};
  read_config_value(Json::parse(R"({"key": )" + value + "}"), "key", out);
  return out;
}

template <class T>
std::string refusal(const std::string& value) {
  try {
    read<T>(value);
  } catch (const InvalidArgument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ReadConfigValue, IntegersInRangeWhateverTheirSpelling) {
  EXPECT_EQ(read<Index>("3"), 3);
  EXPECT_EQ(read<Index>("3.0"), 3);
  EXPECT_EQ(read<Index>("1e3"), 1000);
  EXPECT_EQ(read<Index>("-9223372036854775808"), std::numeric_limits<Index>::min());
  EXPECT_EQ(read<std::uint64_t>("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(read<unsigned>("4294967295"), 4294967295u);
}

TEST(ReadConfigValue, RefusesWhatIsNotAnIntegerInRange) {
  for (const char* value : {"2.7", "true", "\"3\"", "[3]", "1e308", "-1e308",
                            "9.223372036854775808e18", "18446744073709551616"})
    EXPECT_EQ(refusal<Index>(value).rfind("config: expected 'key' to be an integer in "
                                          "[-9223372036854775808, 9223372036854775807], got ",
                                          0),
              0u)
        << value;
  EXPECT_EQ(refusal<std::uint64_t>("-1"),
            "config: expected 'key' to be an integer in [0, 18446744073709551615], got -1");
  EXPECT_EQ(refusal<unsigned>("4294967296"),
            "config: expected 'key' to be an integer in [0, 4294967295], got 4294967296");
  EXPECT_EQ(refusal<int>("\"" + std::string(1000, '7') + "\""),
            "config: expected 'key' to be an integer in [-2147483648, 2147483647], got \"" +
                std::string(79, '7') + "...");
}

TEST(ReadConfigValue, NumbersAreNeverBooleans) {
  EXPECT_EQ(read<double>("2"), 2.0);
  EXPECT_EQ(read<double>("0.5"), 0.5);
  EXPECT_EQ(refusal<double>("true"), "config: expected 'key' to be a number, got true");
  EXPECT_EQ(refusal<double>("\"0.5\""), "config: expected 'key' to be a number, got \"0.5\"");
}

TEST(ReadConfigValue, LeavesTheValueWithoutTheKeyOrWithNull) {
  Index dim = 10;
  read_config_value(Json::parse(R"({"other": 2})"), "dim", dim);
  EXPECT_EQ(dim, 10);
  read_config_value(Json::parse(R"({"dim": null})"), "dim", dim);
  EXPECT_EQ(dim, 10);
  EXPECT_THROW(read_config_value(Json::parse(R"({"dim": 2.7})"), "dim", dim), InvalidArgument);
  EXPECT_EQ(dim, 10);
}

}  // namespace
}  // namespace varopt
