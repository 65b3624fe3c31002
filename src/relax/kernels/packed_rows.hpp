#pragma once
// Internal (kernels only; SIMD float kernels): row-wise reductions over a group of up to W short
// rows (at most 16 classes) stored one after another, W the lanes of a register (lanes.hpp), as
// a softmax over [65536, 10] needs them. Reducing each row on its own costs a whole horizontal
// reduction (log₂W shuffle steps) per row of a few elements; here the W rows' registers are
// reduced together, as in a transpose: each step shuffles two registers into two and combines
// them, halving the number of registers, until one register holds the W row results (W − 1
// combining steps for W rows). The shuffles move whole 128-bit blocks while the distance is at
// least 4 lanes and then stay inside 128-bit blocks (one vperm2f128 / vshuff32x4 / vshufps
// each); the rows come out in a fixed order of lanes, lane_of(r). A row longer than a register
// (W = 8) is first combined lane-wise with its second register. Either way a row's elements
// are combined in the order of fold_lanes for 16 lanes (element j with j + 8, then j + 4,
// j + 2, j + 1), the same for every row and both widths, so a result depends neither on which
// group or position its row has nor on the width. spread() sends the per-row values back to
// the rows' elements laid out flat, one permutation per register; one_hot() writes one-hot rows
// the same way, from the classes first_equal() finds.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

#include "../../core/kernels/isa.hpp"
#include "lanes.hpp"

namespace varopt::relax::kernels::VAROPT_KERNEL_ISA {

template <class L>
class PackedRows {
 public:
  using Float = typename L::Float;
  using Int = typename L::Int;
  using Mask = typename L::Mask;
  static constexpr std::size_t width = L::width;
  static constexpr std::size_t max_cols = 16;
  static constexpr std::size_t group_rows = width;
  static_assert(max_cols % width == 0 && max_cols / width <= 2);

  // 1 ≤ cols ≤ max_cols.
  explicit PackedRows(std::size_t cols)
      : cols_(cols),
        first_mask_(L::first_lanes(cols)),
        second_mask_(L::first_lanes(cols > width ? cols - width : 0)) {
    // Element Wq + j of the group is class k of row r (counted, not divided: built per call).
    std::int32_t r = 0, k = 0;
    for (std::size_t q = 0; q < cols; ++q) {
      for (std::size_t j = 0; j < width; ++j) {
        spread_index_[q][j] = static_cast<std::int32_t>(lane_of(static_cast<std::size_t>(r)));
        column_[q][j] = k;
        if (++k == static_cast<std::int32_t>(cols)) k = 0, ++r;
      }
    }
  }

  // The lane of the reductions' results that holds row r < W.
  static constexpr std::size_t lane_of(std::size_t r) { return row_lanes[r]; }

  // Lane lane_of(r): the maximum, sum, or dot product with y, of row r of the `rows` (≤ W)
  // rows at x; the lanes of rows from `rows` on hold −inf or 0.
  Float maxima(const float* x, std::size_t rows) const {
    constexpr float lowest = -std::numeric_limits<float>::infinity();
    return reduce(
        rows, lowest, [](Float a, Float b) { return a < b ? b : a; },
        [=](std::size_t at, Mask m) { return L::load_first(x + at, m, lowest); });
  }

  Float sums(const float* x, std::size_t rows) const {
    return reduce(
        rows, 0.0F, [](Float a, Float b) { return a + b; },
        [=](std::size_t at, Mask m) { return L::load_first(x + at, m); });
  }

  Float dots(const float* x, const float* y, std::size_t rows) const {
    return reduce(
        rows, 0.0F, [](Float a, Float b) { return a + b; },
        [=](std::size_t at, Mask m) {
          return L::load_first(x + at, m) * L::load_first(y + at, m);
        });
  }

  // The first class k of the row at x with x[k] == value (0 if none: a row of NaN). Without a
  // branch on where the maximum lies, which short rows mispredict often (docs/relax.md,
  // "Kernel decisions").
  std::size_t first_equal(const float* x, float value) const {
    constexpr float nan = std::numeric_limits<float>::quiet_NaN();
    const Float target = Float{} + value;
    std::uint32_t hits = L::equal_lanes(L::load_first(x, first_mask_, nan), target);
    if (cols_ > width)
      hits |= L::equal_lanes(L::load_first(x + width, second_mask_, nan), target) << width;
    return hits == 0 ? 0 : static_cast<std::size_t>(__builtin_ctz(hits));
  }

  // Register q of the group laid out flat (elements Wq … Wq + W − 1), q < cols: lane j gets the
  // value of the row that element Wq + j belongs to, from a register of per-row results.
  Float spread(Float values, std::size_t q) const {
    return __builtin_shuffle(values, spread_index_[q]);
  }

  // Register q of the group's one-hot rows: lane j is 1 where element Wq + j is the class
  // hot[lane_of(r)] of its row r, else 0.
  Float one_hot(Int hot, std::size_t q) const {
    const Int is_hot = __builtin_shuffle(hot, spread_index_[q]) == column_[q];
    return std::bit_cast<Float>(is_hot & std::bit_cast<std::int32_t>(1.0F));
  }

 private:
  // The reduction of the rows' values load(offset, mask) gives (the identity outside the mask),
  // with the identity for rows from `rows` on.
  template <class Combine, class Load>
  Float reduce(std::size_t rows, float identity, const Combine& combine, const Load& load) const {
    Float r[group_rows];
    for (std::size_t i = 0; i < group_rows; ++i) {
      if (i >= rows) {
        r[i] = Float{} + identity;
        continue;
      }
      r[i] = load(i * cols_, first_mask_);
      if (cols_ > width) r[i] = combine(r[i], load(i * cols_ + width, second_mask_));
    }
    return transpose_reduce<width / 2>(r, combine);
  }

  // Lane ℓ of halves<D, upper>(a, b), whose blocks of D lanes are the lower (upper) halves of
  // the 2D-lane blocks of a and b: for D ≥ 4 all of a's blocks, then all of b's; below, inside
  // each 128-bit block, a's two results, then b's (what vshufps can pick).
  static constexpr std::size_t half_source(std::size_t lane, std::size_t d, bool upper) {
    if (d >= 4) {
      const std::size_t blocks = width / (2 * d);
      const std::size_t block = lane / d;
      return (block < blocks ? 0 : width) + 2 * d * (block % blocks) + lane % d + (upper ? d : 0);
    }
    const std::size_t base = lane / 4 * 4, p = lane % 4;
    const std::size_t pick = d == 2 ? p % 2 + (upper ? 2 : 0) : 2 * (p % 2) + (upper ? 1 : 0);
    return (p < 2 ? 0 : width) + base + pick;
  }
  template <std::size_t D, bool Upper, std::size_t... J>
  static Float halves(Float a, Float b, std::index_sequence<J...>) {
    return __builtin_shufflevector(a, b, half_source(J, D, Upper)...);
  }

  // r[i] for i < 2D hold 2D-lane blocks, one row each; pairs combine their lower and upper
  // halves into D-lane blocks in r[i], i < D. Returns the register of W one-lane results.
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

  // row_lanes[r]: the lane where transpose_reduce leaves row r, found by following the rows
  // through its shuffles.
  static constexpr std::array<std::size_t, width> follow_rows() {
    std::array<std::array<std::size_t, width>, group_rows> rows{};
    for (std::size_t i = 0; i < group_rows; ++i) rows[i].fill(i);
    for (std::size_t d = width / 2; d >= 1; d /= 2) {
      for (std::size_t i = 0; i < d; ++i) {
        std::array<std::size_t, width> merged{};
        for (std::size_t lane = 0; lane < width; ++lane) {
          const std::size_t from = half_source(lane, d, false);
          merged[lane] = from < width ? rows[2 * i][from] : rows[2 * i + 1][from - width];
        }
        rows[i] = merged;
      }
    }
    std::array<std::size_t, width> lane{};
    for (std::size_t l = 0; l < width; ++l) lane[rows[0][l]] = l;
    return lane;
  }
  static constexpr std::array<std::size_t, width> row_lanes = follow_rows();

  std::size_t cols_;
  Mask first_mask_;             // the row's lanes in its first register
  Mask second_mask_;            // and in its second (W = 8 and more than 8 classes)
  Int spread_index_[max_cols];  // lane of the row of element Wq + j
  Int column_[max_cols];        // its class
};

}  // namespace varopt::relax::kernels::VAROPT_KERNEL_ISA
