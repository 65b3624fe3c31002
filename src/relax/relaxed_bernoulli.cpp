#include "varopt/relax/relaxed_bernoulli.hpp"

#include "checks.hpp"
#include "kernels/relax_kernels.hpp"

namespace varopt::relax {

template <class T>
void relaxed_bernoulli(std::span<const T> logits, double tau, const StreamId& noise,
                       std::span<T> soft) {
  constexpr std::string_view where = "relax::relaxed_bernoulli";
  detail::require_tau(tau, where);
  detail::require_size(soft.size(), logits.size(), where, "soft");
  kernels::relaxed_bernoulli_forward<T>(logits.data(), logits.size(), noise,
                                        static_cast<T>(tau), soft.data(), nullptr);
}

template <class T>
void relaxed_bernoulli_hard(std::span<const T> logits, double tau, const StreamId& noise,
                            std::span<T> hard, std::span<T> soft) {
  constexpr std::string_view where = "relax::relaxed_bernoulli_hard";
  detail::require_tau(tau, where);
  detail::require_size(hard.size(), logits.size(), where, "hard");
  if (!soft.empty()) detail::require_size(soft.size(), logits.size(), where, "soft");
  kernels::relaxed_bernoulli_forward<T>(logits.data(), logits.size(), noise,
                                        static_cast<T>(tau),
                                        soft.empty() ? nullptr : soft.data(), hard.data());
}

template <class T>
void relaxed_bernoulli_backward(std::span<const T> soft, std::span<const T> grad_output,
                                double tau, std::span<T> grad_logits) {
  constexpr std::string_view where = "relax::relaxed_bernoulli_backward";
  detail::require_tau(tau, where);
  detail::require_size(grad_output.size(), soft.size(), where, "grad_output");
  detail::require_size(grad_logits.size(), soft.size(), where, "grad_logits");
  kernels::sigmoid_vjp<T>(soft.data(), grad_output.data(), soft.size(), static_cast<T>(tau),
                          grad_logits.data());
}

#define VAROPT_RELAX_INSTANTIATE(T)                                                          \
  template void relaxed_bernoulli(std::span<const T>, double, const StreamId&, std::span<T>); \
  template void relaxed_bernoulli_hard(std::span<const T>, double, const StreamId&,          \
                                       std::span<T>, std::span<T>);                          \
  template void relaxed_bernoulli_backward(std::span<const T>, std::span<const T>, double,   \
                                           std::span<T>);
VAROPT_RELAX_INSTANTIATE(float)
VAROPT_RELAX_INSTANTIATE(double)
#undef VAROPT_RELAX_INSTANTIATE

}  // namespace varopt::relax
