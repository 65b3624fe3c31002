#pragma once
// Internal (kernel sources only): the namespace of the variant being compiled. CMake compiles
// every src/*/kernels/*.cpp once per instruction set, with VAROPT_KERNEL_ISA naming the variant
// (avx512, avx2, portable; native in VAROPT_SIMD=NATIVE builds; variants.hpp). What those
// sources define, and every inline function and template of the internal headers they include,
// lives in the namespace VAROPT_KERNEL_ISA of its module (varopt::kernels::avx512, ...), so that
// no code compiled for one instruction set is ever linked in place of another's.
#ifndef VAROPT_KERNEL_ISA
#error "a kernel variant: VAROPT_KERNEL_ISA must name its namespace (see CMakeLists.txt)"
#endif
