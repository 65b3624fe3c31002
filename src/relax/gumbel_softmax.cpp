#include "varopt/relax/gumbel_softmax.hpp"

#include "checks.hpp"
#include "kernels/relax_kernels.hpp"

namespace varopt::relax {
template <class T>
void gumbel_softmax(std::span<const T> logits, Index classes, double tau,
                    const GumbelNoise<T>& noise, std::span<T> soft) {
  constexpr std::string_view where = "relax::gumbel_softmax";
  detail::require_tau(tau, where);
  const std::size_t rows = detail::require_rows(logits.size(), classes, where);
  detail::require_size(soft.size(), logits.size(), where, "soft");
  kernels::gumbel_softmax_forward<T>(logits.data(), rows, static_cast<std::size_t>(classes),
                                     detail::gumbel_source(logits, noise, where), static_cast<T>(tau),
                                     soft.data(), nullptr, nullptr);
}

template <class T>
void gumbel_softmax_hard(std::span<const T> logits, Index classes, double tau,
                         const GumbelNoise<T>& noise, std::span<T> hard, std::span<T> soft) {
  constexpr std::string_view where = "relax::gumbel_softmax_hard";
  detail::require_tau(tau, where);
  const std::size_t rows = detail::require_rows(logits.size(), classes, where);
  detail::require_size(hard.size(), logits.size(), where, "hard");
  if (!soft.empty()) detail::require_size(soft.size(), logits.size(), where, "soft");
  kernels::gumbel_softmax_forward<T>(logits.data(), rows, static_cast<std::size_t>(classes),
                                     detail::gumbel_source(logits, noise, where), static_cast<T>(tau),
                                     soft.empty() ? nullptr : soft.data(), hard.data(), nullptr);
}

template <class T>
void gumbel_softmax_backward(std::span<const T> soft, std::span<const T> grad_output,
                             Index classes, double tau, std::span<T> grad_logits) {
  constexpr std::string_view where = "relax::gumbel_softmax_backward";
  detail::require_tau(tau, where);
  const std::size_t rows = detail::require_rows(soft.size(), classes, where);
  detail::require_size(grad_output.size(), soft.size(), where, "grad_output");
  detail::require_size(grad_logits.size(), soft.size(), where, "grad_logits");
  kernels::softmax_vjp<T>(soft.data(), grad_output.data(), rows,
                          static_cast<std::size_t>(classes), static_cast<T>(tau),
                          grad_logits.data());
}

#define VAROPT_RELAX_INSTANTIATE(T)                                                         \
  template void gumbel_softmax(std::span<const T>, Index, double, const GumbelNoise<T>&,    \
                               std::span<T>);                                               \
  template void gumbel_softmax_hard(std::span<const T>, Index, double,                      \
                                    const GumbelNoise<T>&, std::span<T>, std::span<T>);     \
  template void gumbel_softmax_backward(std::span<const T>, std::span<const T>, Index,      \
                                        double, std::span<T>);
VAROPT_RELAX_INSTANTIATE(float)
VAROPT_RELAX_INSTANTIATE(double)
#undef VAROPT_RELAX_INSTANTIATE

}  // namespace varopt::relax
