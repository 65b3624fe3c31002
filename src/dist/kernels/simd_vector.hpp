#pragma once
// Internal: a SIMD vector of doubles of the widest size the compilation target has (GNU vector
// extensions: GCC and Clang lower it to AVX-512, AVX or SSE registers as available).
#include <cstddef>

#include "../../core/kernels/isa.hpp"

namespace varopt::kernels::VAROPT_KERNEL_ISA {

#if defined(__AVX512F__)
inline constexpr std::size_t lanes = 8;
#else
inline constexpr std::size_t lanes = 4;
#endif
using Vector = double __attribute__((vector_size(lanes * sizeof(double))));

}  // namespace varopt::kernels::VAROPT_KERNEL_ISA
