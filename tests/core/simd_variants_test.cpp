// The core's kernel variants against the portable one: every Philox output bit for bit (the
// kernels promise the same bits on every path), and the instruction set each variant was compiled
// for.
#include "support/simd_variants.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "../../src/core/kernels/instruction_set.hpp"
#include "../../src/core/kernels/philox_kernels.hpp"

namespace varopt::kernels {
namespace {

using testing::same_bits;

const PhiloxStream stream{.seed = 0x0123456789ABCDEFULL, .generation = 7, .member = 11};

// First blocks: 0, one past a multiple of every group size, and beyond 2³² (both counter words).
constexpr std::uint64_t firsts[] = {0, 97, 0x1'0000'0005ULL};
// Block counts around the vector groups (4 and 8 blocks) and bulk groups (16 and 48).
constexpr std::size_t counts[] = {0, 1, 3, 4, 7, 8, 15, 16, 47, 48, 49, 96, 1001};

// The values of `per_block` × blocks outputs of `kernel` from every first block and count.
template <class T>
std::vector<T> all_outputs(void (*kernel)(const PhiloxStream&, std::uint64_t, std::size_t, T*),
                           std::size_t per_block) {
  std::vector<T> all;
  for (const std::uint64_t first : firsts) {
    for (const std::size_t blocks : counts) {
      std::vector<T> out(per_block * blocks);
      kernel(stream, first, blocks, out.data());
      all.insert(all.end(), out.begin(), out.end());
    }
  }
  return all;
}

using CoreVariantsTest = testing::SimdVariantTest;

TEST_P(CoreVariantsTest, PhiloxWordsUniformsAndNormalsAreThePortableBits) {
  EXPECT_TRUE(
      same_bits(all_outputs(variant(avx512::philox_word_blocks, avx2::philox_word_blocks), 4),
                all_outputs(portable::philox_word_blocks, 4)));
  EXPECT_TRUE(
      same_bits(all_outputs(variant(avx512::philox_uniform_blocks, avx2::philox_uniform_blocks), 2),
                all_outputs(portable::philox_uniform_blocks, 2)));
  EXPECT_TRUE(
      same_bits(all_outputs(variant(avx512::philox_normal_blocks, avx2::philox_normal_blocks), 2),
                all_outputs(portable::philox_normal_blocks, 2)));
}

TEST_P(CoreVariantsTest, PhiloxNormalsOfManyStreamsAreThePortableBits) {
  auto* const kernel = variant(avx512::philox_normal_streams, avx2::philox_normal_streams);
  for (const std::size_t streams : {1, 3, 10, 37}) {
    for (const std::size_t blocks : counts) {
      std::vector<double> out(2 * streams * blocks), expected(out.size());
      kernel(stream, streams, blocks, out.data());
      portable::philox_normal_streams(stream, streams, blocks, expected.data());
      EXPECT_TRUE(same_bits(out, expected)) << streams << " streams of " << blocks << " blocks";
    }
  }
}

TEST_P(CoreVariantsTest, LogarithmIsThePortableBits) {
  auto* const log_variant = variant(avx512::log_positive, avx2::log_positive);
  std::vector<double> x, got, expected;
  for (double v = 0x1p-1022; v < 0x1p1023; v *= 1.0137) x.push_back(v);
  for (const double v : x) {
    got.push_back(log_variant(v));
    expected.push_back(portable::log_positive(v));
  }
  EXPECT_TRUE(same_bits(got, expected));
}

TEST_P(CoreVariantsTest, IsCompiledForItsInstructionSet) {
  EXPECT_EQ(std::string(variant(avx512::instruction_set, avx2::instruction_set)()),
            simd_level_name(GetParam()));
}

VAROPT_INSTANTIATE_SIMD_VARIANTS(CoreVariantsTest);

TEST(CoreVariants, PortableIsCompiledForAnyX86Cpu) {
  EXPECT_EQ(std::string(portable::instruction_set()), "portable");
}

}  // namespace
}  // namespace varopt::kernels
