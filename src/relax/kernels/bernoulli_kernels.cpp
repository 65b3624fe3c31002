// Relaxed Bernoulli (binary Concrete) and straight-through Bernoulli, element-wise and fused:
// noise, perturbation and sigmoid in one sweep over chunks that stay in the L1 cache.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "../../core/kernels/isa.hpp"
#include "fast_math.hpp"
#include "noise_batch.hpp"
#include "parallel_tiles.hpp"
#include "relax_kernels.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {
namespace {

// Elements per tile (a multiple of 64, so tiles start on Philox batches).
constexpr std::size_t tile_elements = 1024;

// Calls chunk(begin, count) over fixed tiles of [0, n).
template <class Chunk>
void for_each_chunk(std::size_t n, const Chunk& chunk) {
  const std::size_t tiles = (n + tile_elements - 1) / tile_elements;
  for_each_tile(tiles, n, [&](std::size_t t) {
    const std::size_t begin = t * tile_elements;
    chunk(begin, std::min(tile_elements, n - begin));
  });
}

}  // namespace

template <class T>
void relaxed_bernoulli_forward(const T* logits, std::size_t n, const StreamId& stream, T tau,
                               T* soft, T* hard) {
  const T inv_tau = T(1) / tau;
  for_each_chunk(n, [=](std::size_t begin, std::size_t count) {
    T x[tile_elements];
    const T* lt = logits + begin;
    fill_noise(stream, begin, x, count, [](auto u) { return logistic_of_uniform(u); });
    for (std::size_t i = 0; i < count; ++i) x[i] += lt[i];
    if (soft != nullptr) {
      T* st = soft + begin;
#pragma GCC unroll 4
      for (std::size_t i = 0; i < count; ++i) st[i] = fast_sigmoid(x[i] * inv_tau);
    }
    if (hard != nullptr) {
      T* ht = hard + begin;
      for (std::size_t i = 0; i < count; ++i) ht[i] = x[i] > T(0) ? T(1) : T(0);
    }
  });
}

template <class T>
void sigmoid_vjp(const T* y, const T* v, std::size_t n, T tau, T* grad) {
  const T inv_tau = T(1) / tau;
  for_each_chunk(n, [=](std::size_t begin, std::size_t count) {
    for (std::size_t i = begin; i < begin + count; ++i) {
      grad[i] = v[i] * y[i] * (T(1) - y[i]) * inv_tau;
    }
  });
}

template <class T>
void sigmoid_of_logits_vjp(const T* logits, const T* v, std::size_t n, T* grad) {
  for_each_chunk(n, [=](std::size_t begin, std::size_t count) {
    for (std::size_t i = begin; i < begin + count; ++i) {
      const T p = fast_sigmoid(logits[i]);
      grad[i] = v[i] * p * (T(1) - p);
    }
  });
}

template void relaxed_bernoulli_forward(const float*, std::size_t, const StreamId&, float, float*,
                                        float*);
template void relaxed_bernoulli_forward(const double*, std::size_t, const StreamId&, double,
                                        double*, double*);
template void sigmoid_vjp(const float*, const float*, std::size_t, float, float*);
template void sigmoid_vjp(const double*, const double*, std::size_t, double, double*);
template void sigmoid_of_logits_vjp(const float*, const float*, std::size_t, float*);
template void sigmoid_of_logits_vjp(const double*, const double*, std::size_t, double*);

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
