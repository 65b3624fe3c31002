// memory_size: the need a size guard names (D19), in the largest decimal unit that keeps a
// number >= 1, with one decimal below 10.
#include <gtest/gtest.h>

#include "varopt/core/memory_size.hpp"

namespace varopt {
namespace {

TEST(MemorySize, WritesTheLargestUnitThatKeepsANumberAtLeastOne) {
  EXPECT_EQ(memory_size(0), "0 bytes");
  EXPECT_EQ(memory_size(640), "640 bytes");
  EXPECT_EQ(memory_size(999), "999 bytes");
  EXPECT_EQ(memory_size(1000), "1.0 kB");
  EXPECT_EQ(memory_size(7.6e6), "7.6 MB");
  EXPECT_EQ(memory_size(8e8), "800 MB");
  EXPECT_EQ(memory_size(4e10), "40 GB");
  EXPECT_EQ(memory_size(1.2e12), "1.2 TB");
  EXPECT_EQ(memory_size(3e18), "3000 PB");  // no unit above PB
}

}  // namespace
}  // namespace varopt
