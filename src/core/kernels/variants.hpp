#pragma once
// Internal: the declarations of a kernel header, made once for the entry points and once for each
// variant. VAROPT_KERNEL_FUNCTIONS(declarations) declares them in the current namespace (the
// entry points that the rest of the library calls, src/*/kernel_entries.cpp) and in its nested
// namespaces avx512, avx2 and portable (the kernel sources compiled for x86-64-v4, x86-64-v3 and
// baseline x86-64) and native (the one variant of a VAROPT_SIMD=NATIVE build, -march=native).
// A build defines the variants of one of the two kinds only; see core/simd_dispatch.hpp.
#define VAROPT_KERNEL_FUNCTIONS(...) \
  __VA_ARGS__                        \
  namespace avx512 {                 \
  __VA_ARGS__                        \
  }                                  \
  namespace avx2 {                   \
  __VA_ARGS__                        \
  }                                  \
  namespace portable {               \
  __VA_ARGS__                        \
  }                                  \
  namespace native {                 \
  __VA_ARGS__                        \
  }
