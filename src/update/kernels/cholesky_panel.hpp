#pragma once
// Internal hot kernel of update/cholesky_rank_one.hpp: the rows below a block of columns.
//
// The rank-one updates of a Cholesky factor apply, for term j at column c, to every row i below
// the block (with the column's coefficients a = s t, inv = 1/c', d = c', t from its diagonal):
//   L_ic ← (L_ic + a x_ij)·inv,   x_ij ← d x_ij − t L_ic.
// Row i's values depend only on row i, so the rows are swept in strips that stay in registers
// (x) and in the L1 cache (the block's columns) while every term passes over every column of the
// block: the block's columns and the vectors are read from memory once per block, not once per
// column and term. Compiled without fused multiply-adds (-ffp-contract=off, CMakeLists.txt), so
// every variant computes each value with the same rounded operations: the same bits.
#include <cstddef>

#include "../../core/kernels/variants.hpp"

namespace varopt::kernels {

// One column's coefficients for one term.
struct RankOneCoefficients {
  double a = 0, inv = 1, d = 1, t = 0;  // the identity: a term that does not apply
};

VAROPT_KERNEL_FUNCTIONS(
    // For rows r < rows of the block's columns (column c's rows at columns[c], contiguous) and
    // of the column-major panel `x` (rows × terms, leading dimension ld), for term j = 0.. then
    // column c = 0..:
    //   L_rc ← (L_rc + a x_rj)·inv,  x_rj ← d x_rj − t L_rc,
    // with the coefficients of (j, c) at coefficients[j·block + c].
    void cholesky_panel_update(std::size_t rows, std::size_t block, std::size_t terms,
                               double* const* columns, double* x, std::size_t ld,
                               const RankOneCoefficients* coefficients);)

}  // namespace varopt::kernels
