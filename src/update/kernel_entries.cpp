// The entry point of the update rules' kernel (kernels/cholesky_panel.hpp): it calls its variant
// for this process (core/simd_dispatch.hpp).
#include "../core/simd_dispatch.hpp"
#include "kernels/cholesky_panel.hpp"

namespace varopt::kernels {

void cholesky_panel_update(std::size_t rows, std::size_t block, std::size_t terms,
                           double* const* columns, double* x, std::size_t ld,
                           const RankOneCoefficients* coefficients) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(cholesky_panel_update);
  variant(rows, block, terms, columns, x, ld, coefficients);
}

}  // namespace varopt::kernels
