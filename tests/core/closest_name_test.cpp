// "Did you mean": the nearest name within two edits (one for short names), case ignored, a
// swap of neighbours as one edit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "varopt/core/closest_name.hpp"

namespace varopt {
namespace {

const std::vector<std::string> kMethods = {"snes", "xnes", "cma", "sep-cma", "nk", "sphere"};

TEST(ClosestName, EditsSwapsAndCase) {
  EXPECT_EQ(edit_distance("xnse", "xnes"), 1u);  // a swap of neighbours
  EXPECT_EQ(edit_distance("spher", "sphere"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(closest_name("xnse", kMethods), "xnes");
  EXPECT_EQ(closest_name("CMA", kMethods), "cma");
  EXPECT_EQ(closest_name("sep_cam", kMethods), "sep-cma");
  EXPECT_EQ(did_you_mean("spher", kMethods), " (did you mean 'sphere'?)");
}

TEST(ClosestName, ShortNamesGetNoFarFetchedSuggestion) {
  // 'x' and 'ab' are two edits from 'nk': a review saw "did you mean 'nk'?" for both.
  EXPECT_EQ(closest_name("x", kMethods), "");
  EXPECT_EQ(closest_name("ab", kMethods), "");
  EXPECT_EQ(closest_name("cm", kMethods), "cma");  // one edit
  EXPECT_EQ(did_you_mean("rosenbrock", kMethods), "");
}

}  // namespace
}  // namespace varopt
