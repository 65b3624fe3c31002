#pragma once
// Tests of the kernel variants (src/core/simd_dispatch.hpp): a test suite parameterized by the
// variants faster than the portable one, which the tests compare with it, each test skipped
// (naming the variant) where the CPU lacks it; and the comparison of results bit for bit.
#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "../../src/core/simd_dispatch.hpp"

namespace varopt::kernels {

// How GoogleTest names a parameter value (in CTest's test names, too).
inline void PrintTo(SimdLevel level, std::ostream* out) { *out << simd_level_name(level); }

}  // namespace varopt::kernels

namespace varopt::testing {

class SimdVariantTest : public ::testing::TestWithParam<kernels::SimdLevel> {
 protected:
  void SetUp() override {
    if (!kernels::cpu_supports(GetParam())) {
      GTEST_SKIP() << "this CPU lacks " << kernels::simd_level_name(GetParam());
    }
  }

  // The kernel of the variant under test, from its avx512 and avx2 forms.
  template <class F>
  F* variant(F* avx512, F* avx2) const {
    return kernels::select_variant<F>(GetParam(), avx512, avx2, nullptr);
  }
};

inline std::string simd_variant_name(const ::testing::TestParamInfo<kernels::SimdLevel>& info) {
  return kernels::simd_level_name(info.param);
}

// Instantiates the SimdVariantTest suite `suite` for the avx512 and avx2 variants.
#define VAROPT_INSTANTIATE_SIMD_VARIANTS(suite)                                                    \
  INSTANTIATE_TEST_SUITE_P(                                                                        \
      Variants, suite,                                                                             \
      ::testing::Values(::varopt::kernels::SimdLevel::avx512, ::varopt::kernels::SimdLevel::avx2), \
      ::varopt::testing::simd_variant_name)

// Whether a and b hold the same values bit for bit; else the first difference.
template <class T>
::testing::AssertionResult same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) {
    return ::testing::AssertionFailure() << "sizes " << a.size() << " and " << b.size();
  }
  using Bits = std::conditional_t<sizeof(T) == 8, std::uint64_t,
                                  std::conditional_t<sizeof(T) == 4, std::uint32_t, T>>;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::bit_cast<Bits>(a[i]) != std::bit_cast<Bits>(b[i])) {
      return ::testing::AssertionFailure() << "element " << i << ": " << a[i] << " and " << b[i];
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace varopt::testing
