#pragma once
// Internal (kernels only): <immintrin.h>, the x86 intrinsics, for the AVX2 and AVX-512 variants.
// GCC 12's AVX-512 intrinsics pass a deliberately undefined register (_mm512_undefined_*, written
// `__m512 __Y = __Y;`) as the unused merge operand of their all-lanes builtins, and once inlined
// GCC warns that __Y is (maybe) used uninitialized, in its own header: GCC bug 105593, a false
// positive fixed in GCC 13. The two warnings are off for diagnostics located in that header only;
// they stay on for every line of varopt.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
