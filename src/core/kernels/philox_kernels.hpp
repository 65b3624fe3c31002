#pragma once
// Bulk Philox4x32-10 and its transforms (private to the library; the mapping is documented in
// include/varopt/core/rng.hpp). The kernels are compiled once per instruction set (variants.hpp);
// this header declares plain functions on raw pointers only, so that no inline code compiled
// with different instruction sets is shared between translation units. Every variant gives the
// same bits.
#include <cstddef>
#include <cstdint>

#include "variants.hpp"

namespace varopt::kernels {

// The Philox key and the fixed half of the counter of one stream.
struct PhiloxStream {
  std::uint64_t seed;
  std::uint32_t generation;
  std::uint32_t member;
};

VAROPT_KERNEL_FUNCTIONS(
    // For block k = first + i, i < blocks: out[2i] = z0, out[2i + 1] = z1, the Box–Muller pair
    // of block k.
    void philox_normal_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                              double* out);
    // Blocks 0 .. blocks − 1 of the streams of members first.member + s, s < streams (seed and
    // generation of `first`; the members must not pass 2³² − 1): the Box–Muller pair of block i
    // of stream s at out[2(s·blocks + i)] and out[2(s·blocks + i) + 1]. The same values as
    // philox_normal_blocks stream by stream; the vector lanes span streams, so that short streams
    // fill them too.
    void philox_normal_streams(const PhiloxStream& first, std::size_t streams, std::size_t blocks,
                               double* out);
    // For block k = first + i, i < blocks: out[2i] = u(words 0, 1), out[2i + 1] = u(words 2, 3).
    void philox_uniform_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                               double* out);
    // For block k = first + i, i < blocks: out[4i + w] = word w of block k.
    void philox_word_blocks(const PhiloxStream& stream, std::uint64_t first, std::size_t blocks,
                            std::uint32_t* out);

    // Natural logarithm of a positive normal double (the one used by the normal transform).
    double log_positive(double x);)

}  // namespace varopt::kernels
