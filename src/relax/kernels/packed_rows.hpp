#pragma once
// Internal (kernels only; SIMD float kernels): row-wise reductions over a group of up to W short
// rows (at most 16 classes) stored one after another, W the lanes of a register (lanes.hpp), as
// a softmax over [65536, 10] needs them. Reducing each row on its own costs a whole horizontal
// reduction (log₂W shuffle steps) per row of a few elements; here the W rows' registers are
// reduced together, as in a transpose: each step shuffles two registers into two and combines
// them, halving the number of registers, until one register holds the W row results, row r in
// lane r (W − 1 combining steps for W rows). A row longer than a register (W = 8) is first
// combined lane-wise with its second register. Either way a row's elements are combined in the
// order of fold_lanes for 16 lanes (element j with j + 8, then j + 4, j + 2, j + 1), the same
// for every row and both widths, so a result depends neither on which group or position its
// row has nor on the width. spread() sends the per-row values back to the rows' elements laid
// out flat, one permutation per register; one_hot() writes one-hot rows the same way.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

#include "lanes.hpp"

namespace varopt::relax::kernels {

template <class L>
class PackedRows {
 public:
  using Float = typename L::Float;
  using Int = typename L::Int;
  static constexpr std::size_t width = L::width;
  static constexpr std::size_t max_cols = 16;
  static constexpr std::size_t group_rows = width;
  static_assert(max_cols % width == 0 && max_cols / width <= 2);

  // 1 ≤ cols ≤ max_cols.
  explicit PackedRows(std::size_t cols) : cols_(cols) {
    // Element Wq + j of the group is class k of row r (counted, not divided: built per call).
    std::int32_t r = 0, k = 0;
    for (std::size_t q = 0; q < cols; ++q) {
      for (std::size_t j = 0; j < width; ++j) {
        spread_index_[q][j] = r;
        column_[q][j] = k;
        if (++k == static_cast<std::int32_t>(cols)) k = 0, ++r;
      }
    }
  }

  // Lane r: the maximum, sum, or dot product with y, of row r of the `rows` (≤ W) rows at x;
  // lanes from `rows` on hold −inf or 0.
  Float maxima(const float* x, std::size_t rows) const {
    const auto larger = [](Float a, Float b) { return a < b ? b : a; };
    return reduce(rows, -std::numeric_limits<float>::infinity(), larger,
                  [&](std::size_t at, std::size_t n, float fill) { return L::load_first(x + at, n, fill); });
  }

  Float sums(const float* x, std::size_t rows) const {
    return reduce(rows, 0.0F, [](Float a, Float b) { return a + b; },
                  [&](std::size_t at, std::size_t n, float) { return L::load_first(x + at, n); });
  }

  Float dots(const float* x, const float* y, std::size_t rows) const {
    return reduce(rows, 0.0F, [](Float a, Float b) { return a + b; },
                  [&](std::size_t at, std::size_t n, float) {
                    return L::load_first(x + at, n) * L::load_first(y + at, n);
                  });
  }

  // Register q of the group laid out flat (elements Wq … Wq + W − 1), q < cols: lane j gets the
  // value of the row that element Wq + j belongs to.
  Float spread(Float values, std::size_t q) const {
    return __builtin_shuffle(values, spread_index_[q]);
  }

  // Register q of the group's one-hot rows: lane j is 1 where element Wq + j is the class
  // hot[r] of its row r, else 0.
  Float one_hot(Int hot, std::size_t q) const {
    const Int is_hot = __builtin_shuffle(hot, spread_index_[q]) == column_[q];
    return std::bit_cast<Float>(is_hot & std::bit_cast<std::int32_t>(1.0F));
  }

 private:
  // Lane r: combine over row r < rows of the values load(offset, count, identity) gives for
  // its elements; the identity elsewhere.
  template <class Combine, class Load>
  Float reduce(std::size_t rows, float identity, const Combine& combine, const Load& load) const {
    Float r[group_rows];
    for (std::size_t i = 0; i < group_rows; ++i) {
      if (i >= rows) {
        r[i] = Float{} + identity;
        continue;
      }
      r[i] = load(i * cols_, cols_, identity);
      if (cols_ > width) r[i] = combine(r[i], load(i * cols_ + width, cols_ - width, identity));
    }
    return transpose_reduce<width / 2>(r, combine);
  }

  // Lane ℓ of halves<D, upper>(a, b): blocks of D lanes, the lower (or upper) halves of the
  // 2D-lane blocks of a, then of b.
  static constexpr std::size_t half_source(std::size_t lane, std::size_t d, bool upper) {
    const std::size_t blocks = width / (2 * d);
    const std::size_t block = lane / d;
    return (block < blocks ? 0 : width) + 2 * d * (block % blocks) + lane % d + (upper ? d : 0);
  }
  template <std::size_t D, bool Upper, std::size_t... J>
  static Float halves(Float a, Float b, std::index_sequence<J...>) {
    return __builtin_shufflevector(a, b, half_source(J, D, Upper)...);
  }

  // r[i] for i < 2D hold 2D-lane blocks, one row each; pairs combine their lower and upper
  // halves into D-lane blocks in r[i], i < D, rows in order. Returns lane r = row r.
  template <std::size_t D, class Combine>
  static Float transpose_reduce(Float (&r)[group_rows], const Combine& combine) {
    constexpr auto lanes = std::make_index_sequence<width>{};
    for (std::size_t i = 0; i < D; ++i) {
      const Float a = r[2 * i], b = r[2 * i + 1];
      r[i] = combine(halves<D, false>(a, b, lanes), halves<D, true>(a, b, lanes));
    }
    if constexpr (D > 1) {
      return transpose_reduce<D / 2>(r, combine);
    } else {
      return r[0];
    }
  }

  std::size_t cols_;
  Int spread_index_[max_cols];  // row of element Wq + j
  Int column_[max_cols];        // its class
};

}  // namespace varopt::relax::kernels
