#pragma once
// Internal (kernels only; AVX-512, float): row-wise reductions over a group of up to 16 short
// rows (at most 16 classes) stored one after another, as a softmax over [65536, 10] needs them.
// Reducing each row on its own costs a whole horizontal reduction (four shuffle steps) per
// row of a few elements; here the 16 rows' registers are reduced together, as in a transpose:
// each step shuffles two registers into two and combines them, halving the number of
// registers, until one register holds the 16 row results (15 combining steps for 16 rows).
// A row's elements are combined in the order of _mm512_reduce_add_ps (lane j with j + 8, then
// j + 4, j + 2, j + 1), the same for every row, so a result does not depend on which group or
// position its row has. spread() sends the per-row values back to the rows' elements laid out
// flat, one permutation per register; one_hot() writes one-hot rows the same way.
#ifdef __AVX512F__
#include <bit>
#include <cstddef>
#include <cstdint>

#include "fast_math.hpp"

namespace varopt::relax::kernels {

class PackedRows {
 public:
  using Float16 = float_lanes::Float16;
  using Int16 = float_lanes::Int16;
  static constexpr std::size_t max_cols = 16;
  static constexpr std::size_t group_rows = 16;

  // 1 ≤ cols ≤ max_cols.
  explicit PackedRows(std::size_t cols) : cols_(cols), row_mask_(float_lanes::first_lanes(cols)) {
    // Element 16q + j of the group is class k of row r (counted, not divided: built per call).
    std::int32_t r = 0, k = 0;
    for (std::size_t q = 0; q < cols; ++q) {
      for (std::size_t j = 0; j < 16; ++j) {
        spread_index_[q][j] = r;
        column_[q][j] = k;
        if (++k == static_cast<std::int32_t>(cols)) k = 0, ++r;
      }
    }
  }

  // Lane r: the maximum, sum, or dot product with y, of row r of the `rows` (≤ 16) rows at x;
  // lanes from `rows` on hold −inf or 0.
  Float16 maxima(const float* x, std::size_t rows) const {
    const Float16 lowest = _mm512_set1_ps(-__builtin_inff());
    Float16 r[group_rows];
    for (std::size_t i = 0; i < group_rows; ++i) {
      r[i] = i < rows ? _mm512_mask_loadu_ps(lowest, row_mask_, x + i * cols_) : lowest;
    }
    return reduce(r, [](Float16 a, Float16 b) { return a < b ? b : a; });
  }

  Float16 sums(const float* x, std::size_t rows) const {
    Float16 r[group_rows];
    for (std::size_t i = 0; i < group_rows; ++i) {
      r[i] = i < rows ? _mm512_maskz_loadu_ps(row_mask_, x + i * cols_) : Float16{};
    }
    return reduce(r, [](Float16 a, Float16 b) { return a + b; });
  }

  Float16 dots(const float* x, const float* y, std::size_t rows) const {
    Float16 r[group_rows];
    for (std::size_t i = 0; i < group_rows; ++i) {
      r[i] = i < rows ? Float16(_mm512_maskz_loadu_ps(row_mask_, x + i * cols_)) *
                            _mm512_maskz_loadu_ps(row_mask_, y + i * cols_)
                      : Float16{};
    }
    return reduce(r, [](Float16 a, Float16 b) { return a + b; });
  }

  // Register q of the group laid out flat (elements 16q … 16q + 15), q < cols: lane j gets the
  // value of the row that element 16q + j belongs to.
  Float16 spread(Float16 values, std::size_t q) const {
    return __builtin_shuffle(values, spread_index_[q]);
  }

  // Register q of the group's one-hot rows: lane j is 1 where element 16q + j is the class
  // hot[r] of its row r, else 0.
  Float16 one_hot(Int16 hot, std::size_t q) const {
    const Int16 is_hot = __builtin_shuffle(hot, spread_index_[q]) == column_[q];
    return std::bit_cast<Float16>(is_hot & std::bit_cast<std::int32_t>(1.0F));
  }

 private:
  // r[i]: row i in its lanes, the identity of `combine` elsewhere. Returns lane i = row i.
  template <class Combine>
  static Float16 reduce(Float16 (&r)[group_rows], const Combine& combine) {
    // Halves: lanes 0–7 of the result reduce row 2i (its lanes j and j + 8), 8–15 row 2i + 1.
    for (std::size_t i = 0; i < 8; ++i) {
      const Float16 a = r[2 * i], b = r[2 * i + 1];
      r[i] = combine(__builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
                     __builtin_shufflevector(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
    }
    // Quarters: quarter k reduces row 4i + k (lanes j and j + 4).
    for (std::size_t i = 0; i < 4; ++i) {
      const Float16 a = r[2 * i], b = r[2 * i + 1];
      r[i] = combine(__builtin_shufflevector(a, b, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27),
                     __builtin_shufflevector(a, b, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31));
    }
    // Pairs: quarter k holds rows 8i + k and 8i + 4 + k, two lanes each (j and j + 2).
    for (std::size_t i = 0; i < 2; ++i) {
      const Float16 a = r[2 * i], b = r[2 * i + 1];
      r[i] = combine(__builtin_shufflevector(a, b, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29),
                     __builtin_shufflevector(a, b, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31));
    }
    // Singles: lane 4k + j holds row k + 4j; the last shuffle puts row r in lane r.
    const Float16 mixed =
        combine(__builtin_shufflevector(r[0], r[1], 0, 2, 16, 18, 4, 6, 20, 22, 8, 10, 24, 26, 12, 14, 28, 30),
                __builtin_shufflevector(r[0], r[1], 1, 3, 17, 19, 5, 7, 21, 23, 9, 11, 25, 27, 13, 15, 29, 31));
    return __builtin_shufflevector(mixed, mixed, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  }

  std::size_t cols_;
  __mmask16 row_mask_;
  Int16 spread_index_[max_cols];  // row of element 16q + j
  Int16 column_[max_cols];        // its class
};

}  // namespace varopt::relax::kernels
#endif
