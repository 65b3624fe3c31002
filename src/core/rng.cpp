#include "varopt/core/rng.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "kernels/philox_kernels.hpp"
#include "varopt/core/error.hpp"

namespace varopt {
namespace {

kernels::PhiloxStream philox_stream(const StreamId& id) {
  return {id.seed, id.generation, id.member};
}

// A kernel writing `per_block` consecutive values of a stream for each of `blocks` blocks.
template <class T>
using BlockKernel = void (*)(const kernels::PhiloxStream&, std::uint64_t, std::size_t, T*);

// out[j] = value (first + j) of a stream whose block k holds values k·per_block ... (k + 1)·
// per_block − 1. Whole blocks are written in place; a block cut by either end of `out` is
// computed into a small buffer (by the same kernel, hence with the same bits).
template <std::size_t per_block, class T>
void fill_values(const StreamId& id, std::uint64_t first, std::span<T> out, BlockKernel<T> kernel) {
  const kernels::PhiloxStream stream = philox_stream(id);
  std::uint64_t block = first / per_block;
  std::size_t j = 0;
  T buffer[per_block];
  if (const std::size_t skip = first % per_block; skip != 0 && !out.empty()) {
    kernel(stream, block++, 1, buffer);
    j = std::min(per_block - skip, out.size());
    std::copy_n(buffer + skip, j, out.data());
  }
  const std::size_t whole = (out.size() - j) / per_block;
  kernel(stream, block, whole, out.data() + j);
  j += whole * per_block;
  block += whole;
  if (j < out.size()) {
    kernel(stream, block, 1, buffer);
    std::copy_n(buffer, out.size() - j, out.data() + j);
  }
}

// fill(id, first + c·chunk, chunk c of out) for every chunk, on the library's threads.
void fill_in_chunks(const StreamId& id, std::uint64_t first, std::span<double> out,
                    void (*fill)(const StreamId&, std::uint64_t, std::span<double>)) {
  constexpr std::size_t chunk = std::size_t{1} << 15;
  const auto chunks = static_cast<std::int64_t>((out.size() + chunk - 1) / chunk);
  const auto fill_chunk = [&](std::int64_t c) {
    const std::size_t begin = static_cast<std::size_t>(c) * chunk;
    fill(id, first + begin, out.subspan(begin, std::min(chunk, out.size() - begin)));
  };
  if (chunks <= 1) {  // no parallel region: even a serial one costs libgomp an allocation
    for (std::int64_t c = 0; c < chunks; ++c) fill_chunk(c);
    return;
  }
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel for schedule(static)
#endif
  for (std::int64_t c = 0; c < chunks; ++c) fill_chunk(c);
}

}  // namespace

void fill_normal(const StreamId& id, std::uint64_t first, std::span<double> out) {
  fill_values<2>(id, first, out, kernels::philox_normal_blocks);
}

void fill_uniform(const StreamId& id, std::uint64_t first, std::span<double> out) {
  fill_values<2>(id, first, out, kernels::philox_uniform_blocks);
}

void fill_words(const StreamId& id, std::uint64_t first, std::span<std::uint32_t> out) {
  fill_values<4>(id, first, out, kernels::philox_word_blocks);
}

void fill_normal_streams(const StreamId& first, std::size_t streams, std::size_t count,
                         std::span<double> out) {
  const std::size_t blocks = (count + 1) / 2;
  if (out.size() != streams * 2 * blocks)
    throw InvalidArgument(detail::concat("fill_normal_streams: expected ", streams * 2 * blocks,
                                         " values, got ", out.size()));
  if (streams > 0 && first.member > std::numeric_limits<std::uint32_t>::max() - (streams - 1))
    throw InvalidArgument(detail::concat("fill_normal_streams: expected members below 2^32, got ",
                                         first.member, " + ", streams, " streams"));
  kernels::philox_normal_streams(philox_stream(first), streams, blocks, out.data());
}

double normal_at(const StreamId& id, std::uint64_t j) {
  double pair[2];
  kernels::philox_normal_blocks(philox_stream(id), j / 2, 1, pair);
  return pair[j % 2];
}

void fill_normal_parallel(const StreamId& id, std::uint64_t first, std::span<double> out) {
  fill_in_chunks(id, first, out, fill_normal);
}

void fill_uniform_parallel(const StreamId& id, std::uint64_t first, std::span<double> out) {
  fill_in_chunks(id, first, out, fill_uniform);
}

double Stream::uniform() {
  const auto b = next_block();
  return uniform_from_bits(b[0], b[1]);
}

double Stream::normal() { return normal_at(id_, 2 * block_++); }

double Stream::gumbel() { return -kernels::log_positive(-kernels::log_positive(uniform())); }

std::uint64_t Stream::below(std::uint64_t n) {
  const auto b = next_block();
  const std::uint64_t bits = (static_cast<std::uint64_t>(b[1]) << 32) | b[0];
  __extension__ using Wide = unsigned __int128;
  return static_cast<std::uint64_t>((static_cast<Wide>(bits) * n) >> 64);
}

void Stream::fill_normal(std::span<double> out) {
  varopt::fill_normal(id_, 2 * block_, out);
  block_ += (out.size() + 1) / 2;
}

void Stream::fill_uniform(std::span<double> out) {
  varopt::fill_uniform(id_, 2 * block_, out);
  block_ += (out.size() + 1) / 2;
}

}  // namespace varopt
