#pragma once
// Internal: argument checks shared by the relaxation entry points (src/relax/*.cpp).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "kernels/relax_kernels.hpp"
#include "varopt/core/types.hpp"
#include "varopt/relax/noise.hpp"

namespace varopt::relax::detail {

// τ > 0 and finite.
void require_tau(double tau, std::string_view where);
// size == expected, naming the argument.
void require_size(std::size_t size, std::size_t expected, std::string_view where,
                  std::string_view what);
// 1 ≤ classes < 2³¹ and size a multiple of classes; returns the number of rows.
std::size_t require_rows(std::size_t size, Index classes, std::string_view where);

// The kernels' view of the noise, after checking that given noise has the logits' size.
template <class T>
kernels::GumbelSource<T> gumbel_source(std::span<const T> logits, const GumbelNoise<T>& noise,
                                       std::string_view where) {
  if (noise.given()) require_size(noise.values().size(), logits.size(), where, "noise");
  return {noise.stream(), noise.given() ? noise.values().data() : nullptr};
}

}  // namespace varopt::relax::detail
