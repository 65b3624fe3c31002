#pragma once
// Internal (kernels only; SIMD float kernels): walking arrays a register at a time with a lanes
// policy L (lanes.hpp), and reducing a register's lanes.
//   for_each_register, fold_registers   whole registers, then one masked register for the tail
//   fold_register_pairs                 the same, into two alternating accumulators
//   load_lanes, store_lanes             a register, or its first `lanes` lanes (floats, or
//                                       Philox words as int32 lanes)
//   sum_lanes, max_lanes                the lanes of one register, in fold_lanes' order
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "../../core/kernels/isa.hpp"
#include "lanes.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"  // as in lanes.hpp

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {

// x with lane j replaced by lane j ^ D (the partner at distance D in blocks of 2D).
template <std::size_t D, class F, std::size_t... J>
F partner_lanes(F x, std::index_sequence<J...>) {
  return __builtin_shufflevector(x, x, (J ^ D)...);
}

// combine() over the lanes of x, pairing lane j with j + W/2, then j + W/4, …, j + 1: the
// order PackedRows reduces each row in (same bits for a row in a group as alone).
template <std::size_t D, class F, class Combine>
F fold_lanes(F x, const Combine& combine) {
  if constexpr (D == 0) {
    return x;
  } else {
    x = combine(x, partner_lanes<D>(x, std::make_index_sequence<LanesOf<F>::width>{}));
    return fold_lanes<D / 2>(x, combine);
  }
}

template <class F>
float sum_lanes(F x) {
  return fold_lanes<LanesOf<F>::width / 2>(x, [](F a, F b) { return a + b; })[0];
}
template <class F>
float max_lanes(F x) {
  return fold_lanes<LanesOf<F>::width / 2>(x, [](F a, F b) { return a < b ? b : a; })[0];
}

// Calls step(i, lanes) for i = 0, W, 2W, … < n: whole registers (lanes = W), then the tail.
// Steps capture by value: the intrinsics' vector types may alias anything, so after each store
// the compiler reloads whatever a step reaches through a reference (a running maximum, say,
// kept in memory). Always inlined, so that the step's captures live in registers too (out of
// line, GCC keeps the closure in memory). Measured in docs/relax.md, "Kernel decisions".
template <class L, class Step>
[[gnu::always_inline]] inline void for_each_register(std::size_t n, const Step& step) {
  std::size_t i = 0;
#pragma GCC unroll 4
  for (; i + L::width <= n; i += L::width) step(i, L::width);
  if (i < n) step(i, n - i);
}

// acc = step(i, lanes, acc) over the same registers as for_each_register; returns acc (an
// accumulator that stays in a register).
template <class L, class T, class Step>
[[gnu::always_inline]] inline T fold_registers(std::size_t n, T acc, const Step& step) {
  std::size_t i = 0;
#pragma GCC unroll 4
  for (; i + L::width <= n; i += L::width) acc = step(i, L::width, acc);
  if (i < n) acc = step(i, n - i, acc);
  return acc;
}

// The same walk, folded into two accumulators that alternate over whole pairs of registers (two
// dependency chains instead of one; the registers after the last pair go to the first); returns
// acc[0] + acc[1].
template <class L, class Step>
[[gnu::always_inline]] inline typename L::Float fold_register_pairs(std::size_t n,
                                                                    const Step& step) {
  constexpr std::size_t width = L::width;
  typename L::Float acc[2] = {};
  std::size_t i = 0;
  for (; i + 2 * width <= n; i += 2 * width) {
    for (std::size_t a = 0; a < 2; ++a) acc[a] = step(i + a * width, width, acc[a]);
  }
  for (; i < n; i += width) acc[0] = step(i, std::min(width, n - i), acc[0]);
  return acc[0] + acc[1];
}

// Lanes j < lanes of x at p, through a whole store when lanes = W.
template <class L>
void store_lanes(float* p, std::size_t lanes, typename L::Float x) {
  if (lanes == L::width) {
    L::store(p, x);
  } else {
    L::store_first(p, L::first_lanes(lanes), x);
  }
}
template <class L>
typename L::Float load_lanes(const float* p, std::size_t lanes) {
  return lanes == L::width ? L::load(p) : L::load_first(p, L::first_lanes(lanes));
}
template <class L>
typename L::Float load_lanes(const float* p, std::size_t lanes, float fill) {
  return lanes == L::width ? L::load(p) : L::load_first(p, L::first_lanes(lanes), fill);
}
template <class L>
typename L::Int load_lanes(const std::uint32_t* p, std::size_t lanes) {
  return lanes == L::width ? L::load(p) : L::load_first(p, L::first_lanes(lanes));
}

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA

#pragma GCC diagnostic pop
