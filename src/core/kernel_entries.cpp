// The entry points of the core's kernels (kernels/philox_kernels.hpp, kernels/instruction_set.hpp):
// each calls its variant for this process (simd_dispatch.hpp).
#include "kernels/instruction_set.hpp"
#include "kernels/philox_kernels.hpp"
#include "simd_dispatch.hpp"

namespace varopt::kernels {

void philox_normal_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                          double* out) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(philox_normal_blocks);
  variant(stream, first, blocks, out);
}

void philox_normal_streams(const PhiloxStream& first, std::size_t streams, std::size_t blocks,
                           double* out) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(philox_normal_streams);
  variant(first, streams, blocks, out);
}

void philox_uniform_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                           double* out) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(philox_uniform_blocks);
  variant(stream, first, blocks, out);
}

void philox_word_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                        std::uint32_t* out) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(philox_word_blocks);
  variant(stream, first, blocks, out);
}

double log_positive(double x) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(log_positive);
  return variant(x);
}

const char* instruction_set() {
  static auto* const variant = VAROPT_KERNEL_VARIANT(instruction_set);
  return variant();
}

}  // namespace varopt::kernels
