#pragma once
// Internal: which variant of the hot kernels the entry points (src/*/kernel_entries.cpp) call.
//
// Why: the library must run on any x86-64 CPU, at the speed of a build for the CPU it runs on.
// So the kernel sources (src/*/kernels/*.cpp) are compiled three times, into the namespaces
// avx512 (-march=x86-64-v4), avx2 (-march=x86-64-v3) and portable (baseline x86-64) of their
// module (kernels/variants.hpp, kernels/isa.hpp); the rest of the library is baseline code.
//
// How: chosen_simd_level() is fixed by the first kernel call of the process (thread-safe): the
// highest level the CPU and its OS support (__builtin_cpu_supports("x86-64-v4"), which checks
// every feature that -march=x86-64-v4 enables, ...), or the lower one that the environment
// variable VAROPT_SIMD=avx512|avx2|portable asks for (tests, benchmarks). A level the CPU lacks,
// or any other value, is refused with a warning on stderr, naming the choices, and the highest
// supported level runs: the first kernel call may come from inside a parallel region, where an
// exception would end the process. Each entry point keeps its variant's address in a
// function-local static: one indirect call per kernel call, which works on whole arrays.
//
// A VAROPT_SIMD=NATIVE build (the CMake option) has one variant, native (-march=native), that the
// entry points call directly; there is nothing to choose and the environment is not read.

#ifdef VAROPT_SIMD_NATIVE

#define VAROPT_KERNEL_VARIANT(function) native::function

#else

namespace varopt::kernels {

enum class SimdLevel { portable, avx2, avx512 };  // in increasing order

// "avx512", "avx2" or "portable": the level's value of VAROPT_SIMD.
const char* simd_level_name(SimdLevel level);

// Whether this CPU, and its OS, run the code of `level`.
bool cpu_supports(SimdLevel level);

// The level of this process, fixed by the first call.
SimdLevel chosen_simd_level();

// The variant of a kernel for `level`.
template <class F>
F* select_variant(SimdLevel level, F* avx512, F* avx2, F* portable) {
  switch (level) {
    case SimdLevel::avx512:
      return avx512;
    case SimdLevel::avx2:
      return avx2;
    case SimdLevel::portable:
      break;
  }
  return portable;
}

}  // namespace varopt::kernels

// The variant of the kernel `function` for this process: `function` in the namespace avx512,
// avx2 or portable of the calling entry point's namespace.
#define VAROPT_KERNEL_VARIANT(function)                                                       \
  ::varopt::kernels::select_variant(::varopt::kernels::chosen_simd_level(), avx512::function, \
                                    avx2::function, portable::function)

#endif
