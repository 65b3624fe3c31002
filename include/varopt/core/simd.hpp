#pragma once
// The instruction set of the library's hot kernels (the Philox streams, the full Gaussian's
// triangular products, the relaxations). They are compiled for AVX-512 (x86-64-v4), for AVX2
// (x86-64-v3) and for any x86-64 CPU; the first kernel call of a process picks the highest level
// the CPU supports, or the lower one that the environment variable VAROPT_SIMD=avx512|avx2|
// portable asks for (for tests and benchmarks; a level the CPU lacks, or any other value, gets a
// warning on stderr and the automatic choice). Every level draws the same random numbers, bit
// for bit; linear-algebra results may differ in their last bits (vector widths, fused
// multiply-adds). A library configured with -DVAROPT_SIMD=NATIVE has one level, compiled for the
// machine that built it, and does not read the variable.
#include <string>

namespace varopt {

// The level in use: "avx512", "avx2" or "portable".
std::string simd_level();

}  // namespace varopt
