#include "varopt/relax/gumbel_max.hpp"

#include "checks.hpp"
#include "kernels/relax_kernels.hpp"
#include "varopt/core/error.hpp"

namespace varopt::relax {

template <class T>
void gumbel_max(std::span<const T> logits, Index classes, const GumbelNoise<T>& noise,
                std::span<std::int64_t> index) {
  constexpr std::string_view where = "relax::gumbel_max";
  const std::size_t rows = detail::require_rows(logits.size(), classes, where);
  require(index.size() == rows, where, varopt::detail::concat("index.size() == rows = ", rows),
          index.size());
  kernels::gumbel_softmax_forward<T>(logits.data(), rows, static_cast<std::size_t>(classes),
                                     detail::gumbel_source(logits, noise, where), T(1), nullptr,
                                     nullptr, index.data());
}

template void gumbel_max(std::span<const float>, Index, const GumbelNoise<float>&,
                         std::span<std::int64_t>);
template void gumbel_max(std::span<const double>, Index, const GumbelNoise<double>&,
                         std::span<std::int64_t>);

}  // namespace varopt::relax
