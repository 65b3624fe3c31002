#pragma once
// Internal (kernels only): reductions and broadcasts over one row of a row-major tile, the
// part of a row-wise softmax that does not vectorize on its own (GCC keeps float sums in
// order without -ffast-math). With AVX-512, float rows go through 16-lane registers with
// masked loads and stores for the tail, so a row of 10 classes costs one load per reduction;
// otherwise 16 scalar accumulators. Either way the order of operations depends only on the row
// length, so results never depend on the thread count.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "fast_math.hpp"  // also <immintrin.h> with AVX-512

namespace varopt::relax::kernels {

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

#ifdef __AVX512F__
namespace avx512 {
inline constexpr std::size_t width = 16;
// The first `count` (< 16) lanes.
inline __mmask16 head(std::size_t count) {
  return static_cast<__mmask16>((1U << count) - 1U);
}
}  // namespace avx512

inline float row_sum(const float* x, std::size_t n) {
  using namespace avx512;
  __m512 acc = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + width <= n; i += width) acc = _mm512_add_ps(acc, _mm512_loadu_ps(x + i));
  if (i < n) acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(head(n - i), x + i));
  return _mm512_reduce_add_ps(acc);
}

inline float row_dot(const float* x, const float* y, std::size_t n) {
  using namespace avx512;
  __m512 acc = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + width <= n; i += width) {
    acc = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), acc);
  }
  if (i < n) {
    const __mmask16 m = head(n - i);
    acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, x + i), _mm512_maskz_loadu_ps(m, y + i), acc);
  }
  return _mm512_reduce_add_ps(acc);
}

inline float row_max(const float* s, std::size_t n) {
  using namespace avx512;
  const __m512 lowest = _mm512_set1_ps(-__builtin_inff());
  __m512 acc = lowest;
  std::size_t i = 0;
  for (; i + width <= n; i += width) acc = _mm512_max_ps(acc, _mm512_loadu_ps(s + i));
  if (i < n) acc = _mm512_max_ps(acc, _mm512_mask_loadu_ps(lowest, head(n - i), s + i));
  return _mm512_reduce_max_ps(acc);
}

inline RowMax<float> row_argmax(const float* s, std::size_t n) {
  using namespace avx512;
  const float value = row_max(s, n);
  // The first position holding it.
  const __m512 target = _mm512_set1_ps(value);
  for (std::size_t i = 0; i < n; i += width) {
    const __mmask16 valid = n - i >= width ? __mmask16{0xFFFF} : head(n - i);
    const __mmask16 hit = _mm512_mask_cmpeq_ps_mask(valid, _mm512_maskz_loadu_ps(valid, s + i), target);
    if (hit != 0) return {value, i + static_cast<std::size_t>(__builtin_ctz(hit))};
  }
  return {s[0], 0};  // no finite maximum (a row of NaN): keep the generic answer
}

inline void fill_row(float* out, std::size_t n, float value) {
  using namespace avx512;
  const __m512 v = _mm512_set1_ps(value);
  std::size_t i = 0;
  for (; i + width <= n; i += width) _mm512_storeu_ps(out + i, v);
  if (i < n) _mm512_mask_storeu_ps(out + i, head(n - i), v);
}
#endif

}  // namespace varopt::relax::kernels
