// varopt::simd_level() and the environment variable VAROPT_SIMD. The level is chosen once per
// process, at the first kernel call, so every case runs in a process of its own: a death test
// in the "threadsafe" style runs this program again for the one statement.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../../src/core/simd_dispatch.hpp"
#include "../../src/dist/kernels/packed_lower.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/core/simd.hpp"

namespace varopt {
namespace {

using kernels::SimdLevel;

SimdLevel highest_supported() {
  for (const SimdLevel level : {SimdLevel::avx512, SimdLevel::avx2}) {
    if (kernels::cpu_supports(level)) return level;
  }
  return SimdLevel::portable;
}

// x ← L x for a 130 × 130 lower-triangular L by `multiply`: its last bits differ between the
// variants that fuse multiply-adds and the portable one.
std::vector<double> lower_product(void (*multiply)(std::size_t, const double*, const double*,
                                                   double*)) {
  constexpr std::size_t n = 130;
  std::vector<double> diag(n), packed(n * (n - 1) / 2), x(n);
  fill_uniform(StreamId{.seed = 2}, 0, diag);
  fill_normal(StreamId{.seed = 3}, 0, packed);
  fill_normal(StreamId{.seed = 4}, 0, x);
  multiply(n, diag.data(), packed.data(), x.data());
  return x;
}

// In the child process: with VAROPT_SIMD set to `value` (unset for null), exits with 0 when
// simd_level() is `expected` and a kernel's entry point gives the bits of that level's variant,
// else 1 (saying why on stderr).
[[noreturn]] void run_with(const char* value, SimdLevel expected) {
  if (value == nullptr) {
    unsetenv("VAROPT_SIMD");
  } else {
    setenv("VAROPT_SIMD", value, 1);
  }
  const std::string level = simd_level();
  if (level != kernels::simd_level_name(expected)) {
    std::fprintf(stderr, "simd_level() = %s\n", level.c_str());
    std::exit(1);
  }
  if (lower_product(kernels::lower_multiply) !=
      lower_product(kernels::select_variant(expected, kernels::avx512::lower_multiply,
                                            kernels::avx2::lower_multiply,
                                            kernels::portable::lower_multiply))) {
    std::fprintf(stderr, "the entry point did not call the %s variant\n", level.c_str());
    std::exit(1);
  }
  std::exit(0);
}

class SimdLevelTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(SimdLevelTest, IsTheHighestLevelTheCpuSupports) {
  EXPECT_EXIT(run_with(nullptr, highest_supported()), ::testing::ExitedWithCode(0), "^$");
  EXPECT_EXIT(run_with("", highest_supported()), ::testing::ExitedWithCode(0), "^$");
}

TEST_F(SimdLevelTest, VaroptSimdChoosesAnySupportedLevel) {
  for (const SimdLevel level : {SimdLevel::avx512, SimdLevel::avx2, SimdLevel::portable}) {
    if (!kernels::cpu_supports(level)) continue;
    EXPECT_EXIT(run_with(kernels::simd_level_name(level), level), ::testing::ExitedWithCode(0),
                "^$")
        << kernels::simd_level_name(level);
  }
}

TEST_F(SimdLevelTest, ALevelTheCpuLacksIsRefusedWithAWarning) {
  if (highest_supported() == SimdLevel::avx512) GTEST_SKIP() << "this CPU supports every level";
  const std::string expected =
      std::string("VAROPT_SIMD=avx512: this CPU does not support it; using ") +
      kernels::simd_level_name(highest_supported());
  EXPECT_EXIT(run_with("avx512", highest_supported()), ::testing::ExitedWithCode(0), expected);
}

TEST_F(SimdLevelTest, AnUnknownValueIsRefusedWithAWarningNamingTheChoices) {
  const std::string expected =
      std::string("VAROPT_SIMD: expected avx512, avx2 or portable, got \"AVX2\"; using ") +
      kernels::simd_level_name(highest_supported());
  EXPECT_EXIT(run_with("AVX2", highest_supported()), ::testing::ExitedWithCode(0), expected);
}

}  // namespace
}  // namespace varopt
