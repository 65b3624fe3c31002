#pragma once
// Internal (kernels only): reductions and broadcasts over one row of a row-major tile for the
// portable kernels, the part of a row-wise softmax that does not vectorize on its own (GCC
// keeps float sums in order without -ffast-math): 16 independent accumulators. The order of
// operations depends only on the row length, so results never depend on the thread count.
// (With AVX2 or AVX-512, float rows take gumbel_softmax_simd.hpp instead.)
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "../../core/kernels/isa.hpp"
#include "fast_math.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {

template <class T>
struct RowMax {
  T value;
  std::size_t index;  // first position of the maximum
};

// Independent accumulators of the generic reductions.
inline constexpr std::size_t row_lanes = 16;

// Σ_i term(i), i < n, with row_lanes accumulators combined in a fixed order.
template <class T, class Term>
T lane_sum(std::size_t n, const Term& term) {
  if (n < row_lanes) {
    T sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += term(i);
    return sum;
  }
  T acc[row_lanes] = {};
  std::size_t i = 0;
#pragma GCC unroll 4
  for (; i + row_lanes <= n; i += row_lanes) {
    for (std::size_t l = 0; l < row_lanes; ++l) acc[l] += term(i + l);
  }
  for (std::size_t l = 0; i + l < n; ++l) acc[l] += term(i + l);
  for (std::size_t width = row_lanes / 2; width > 0; width /= 2) {
    for (std::size_t l = 0; l < width; ++l) acc[l] += acc[l + width];
  }
  return acc[0];
}

template <class T>
T row_sum(const T* x, std::size_t n) {
  return lane_sum<T>(n, [x](std::size_t i) { return x[i]; });
}

template <class T>
T row_dot(const T* x, const T* y, std::size_t n) {
  return lane_sum<T>(n, [x, y](std::size_t i) { return x[i] * y[i]; });
}

// s[i] ← exp((s[i] − m)·inv_tau) in place; returns Σ_i of the new s[i].
template <class T>
T exp_shifted_sum(T* s, std::size_t n, T m, T inv_tau) {
  return lane_sum<T>(n, [s, m, inv_tau](std::size_t i) {
    const T e = fast_exp((s[i] - m) * inv_tau);
    s[i] = e;
    return e;
  });
}

template <class T>
RowMax<T> row_argmax(const T* s, std::size_t n) {
  RowMax<T> best{s[0], 0};
  std::size_t i = 1;
  if (n >= 2 * row_lanes) {
    T value[row_lanes];
    std::uint32_t at[row_lanes];
    for (std::size_t l = 0; l < row_lanes; ++l) {
      value[l] = s[l];
      at[l] = static_cast<std::uint32_t>(l);
    }
    for (i = row_lanes; i + row_lanes <= n; i += row_lanes) {
      for (std::size_t l = 0; l < row_lanes; ++l) {
        const bool better = s[i + l] > value[l];
        value[l] = better ? s[i + l] : value[l];
        at[l] = better ? static_cast<std::uint32_t>(i + l) : at[l];
      }
    }
    best = {value[0], at[0]};
    for (std::size_t l = 1; l < row_lanes; ++l) {
      const bool better = value[l] > best.value || (value[l] == best.value && at[l] < best.index);
      best.value = better ? value[l] : best.value;
      best.index = better ? at[l] : best.index;
    }
  }
  for (; i < n; ++i) {
    const bool better = s[i] > best.value;
    best.value = better ? s[i] : best.value;
    best.index = better ? i : best.index;
  }
  return best;
}

template <class T>
T row_max(const T* s, std::size_t n) {
  return row_argmax(s, n).value;
}

template <class T>
void fill_row(T* out, std::size_t n, T value) {
  std::fill_n(out, n, value);
}


}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
