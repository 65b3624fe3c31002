#include "varopt/relax/straight_through.hpp"

#include "checks.hpp"
#include "kernels/relax_kernels.hpp"

namespace varopt::relax {

template <class T>
void bernoulli_sample(std::span<const T> logits, const StreamId& noise, std::span<T> sample) {
  detail::require_size(sample.size(), logits.size(), "relax::bernoulli_sample", "sample");
  kernels::relaxed_bernoulli_forward<T>(logits.data(), logits.size(), noise, T(1), nullptr,
                                        sample.data());
}

template <class T>
void straight_through_bernoulli_backward(std::span<const T> logits,
                                         std::span<const T> grad_output,
                                         std::span<T> grad_logits) {
  constexpr std::string_view where = "relax::straight_through_bernoulli_backward";
  detail::require_size(grad_output.size(), logits.size(), where, "grad_output");
  detail::require_size(grad_logits.size(), logits.size(), where, "grad_logits");
  kernels::sigmoid_of_logits_vjp<T>(logits.data(), grad_output.data(), logits.size(),
                                    grad_logits.data());
}

template void bernoulli_sample(std::span<const float>, const StreamId&, std::span<float>);
template void bernoulli_sample(std::span<const double>, const StreamId&, std::span<double>);
template void straight_through_bernoulli_backward(std::span<const float>, std::span<const float>,
                                                  std::span<float>);
template void straight_through_bernoulli_backward(std::span<const double>,
                                                  std::span<const double>, std::span<double>);

}  // namespace varopt::relax
