#pragma once
// The instruction set a variant of the kernels was compiled for (variants.hpp), as the compiler
// saw it: "avx512" where it targets AVX-512 F, DQ, VL and BW (and so AVX2 and FMA, what the
// kernels' AVX-512 paths use), "avx2" where it targets AVX2, FMA and BMI2, else "portable". The
// entry point names the variant in use (varopt::simd_level()).
#include "variants.hpp"

namespace varopt::kernels {

VAROPT_KERNEL_FUNCTIONS(const char* instruction_set();)

}  // namespace varopt::kernels
