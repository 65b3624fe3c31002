#include "instruction_set.hpp"
#include "isa.hpp"

namespace varopt::kernels::VAROPT_KERNEL_ISA {

const char* instruction_set() {
#if defined(__AVX512F__) && defined(__AVX512DQ__) && defined(__AVX512VL__) && defined(__AVX512BW__)
  return "avx512";
#elif defined(__AVX2__) && defined(__FMA__) && defined(__BMI2__)
  return "avx2";
#else
  return "portable";
#endif
}

}  // namespace varopt::kernels::VAROPT_KERNEL_ISA
