#include "simd_dispatch.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace varopt::kernels {
namespace {

// Highest first.
constexpr SimdLevel levels[] = {SimdLevel::avx512, SimdLevel::avx2, SimdLevel::portable};

SimdLevel highest_supported() {
  for (const SimdLevel level : levels) {
    if (cpu_supports(level)) return level;
  }
  return SimdLevel::portable;
}

// The level VAROPT_SIMD asks for, when the CPU supports it; else the highest supported, with a
// warning when the variable is set (unset or empty: the highest, silently).
SimdLevel level_for_environment() {
  const SimdLevel highest = highest_supported();
  const char* value = std::getenv("VAROPT_SIMD");
  if (value == nullptr || *value == '\0') return highest;
  for (const SimdLevel level : levels) {
    if (std::string_view(value) != simd_level_name(level)) continue;
    if (level <= highest) return level;
    std::fprintf(stderr, "varopt: VAROPT_SIMD=%s: this CPU does not support it; using %s\n", value,
                 simd_level_name(highest));
    return highest;
  }
  std::fprintf(stderr,
               "varopt: VAROPT_SIMD: expected avx512, avx2 or portable, got \"%s\"; using %s\n",
               value, simd_level_name(highest));
  return highest;
}

}  // namespace

const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::avx512:
      return "avx512";
    case SimdLevel::avx2:
      return "avx2";
    case SimdLevel::portable:
      break;
  }
  return "portable";
}

bool cpu_supports(SimdLevel level) {
  __builtin_cpu_init();  // in case this runs before the constructors (it is idempotent)
  switch (level) {
    case SimdLevel::avx512:
      return __builtin_cpu_supports("x86-64-v4");
    case SimdLevel::avx2:
      return __builtin_cpu_supports("x86-64-v3");
    case SimdLevel::portable:
      break;
  }
  return true;
}

SimdLevel chosen_simd_level() {
  static const SimdLevel level = level_for_environment();
  return level;
}

}  // namespace varopt::kernels
