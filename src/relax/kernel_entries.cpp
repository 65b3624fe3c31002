// The entry points of the relaxation kernels (kernels/relax_kernels.hpp), for float and double:
// each calls its variant for this process (core/simd_dispatch.hpp).
#include "../core/simd_dispatch.hpp"
#include "kernels/relax_kernels.hpp"

namespace varopt::relax::kernels {

template <class T>
void uniform_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(uniform_noise<T>);
  variant(id, first, out, n);
}

template <class T>
void gumbel_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(gumbel_noise<T>);
  variant(id, first, out, n);
}

template <class T>
void logistic_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(logistic_noise<T>);
  variant(id, first, out, n);
}

template <class T>
void gumbel_softmax_forward(const T* logits, std::size_t rows, std::size_t cols,
                            const GumbelSource<T>& noise, T tau, T* soft, T* hard,
                            std::int64_t* index) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(gumbel_softmax_forward<T>);
  variant(logits, rows, cols, noise, tau, soft, hard, index);
}

template <class T>
void softmax_vjp(const T* y, const T* v, std::size_t rows, std::size_t cols, T tau, T* grad) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(softmax_vjp<T>);
  variant(y, v, rows, cols, tau, grad);
}

template <class T>
void relaxed_bernoulli_forward(const T* logits, std::size_t n, const StreamId& stream, T tau,
                               T* soft, T* hard) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(relaxed_bernoulli_forward<T>);
  variant(logits, n, stream, tau, soft, hard);
}

template <class T>
void sigmoid_vjp(const T* y, const T* v, std::size_t n, T tau, T* grad) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(sigmoid_vjp<T>);
  variant(y, v, n, tau, grad);
}

template <class T>
void sigmoid_of_logits_vjp(const T* logits, const T* v, std::size_t n, T* grad) {
  static auto* const variant = VAROPT_KERNEL_VARIANT(sigmoid_of_logits_vjp<T>);
  variant(logits, v, n, grad);
}

template void uniform_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void uniform_noise(const StreamId&, std::uint64_t, double*, std::size_t);
template void gumbel_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void gumbel_noise(const StreamId&, std::uint64_t, double*, std::size_t);
template void logistic_noise(const StreamId&, std::uint64_t, float*, std::size_t);
template void logistic_noise(const StreamId&, std::uint64_t, double*, std::size_t);
template void gumbel_softmax_forward(const float*, std::size_t, std::size_t,
                                     const GumbelSource<float>&, float, float*, float*,
                                     std::int64_t*);
template void gumbel_softmax_forward(const double*, std::size_t, std::size_t,
                                     const GumbelSource<double>&, double, double*, double*,
                                     std::int64_t*);
template void softmax_vjp(const float*, const float*, std::size_t, std::size_t, float, float*);
template void softmax_vjp(const double*, const double*, std::size_t, std::size_t, double, double*);
template void relaxed_bernoulli_forward(const float*, std::size_t, const StreamId&, float, float*,
                                        float*);
template void relaxed_bernoulli_forward(const double*, std::size_t, const StreamId&, double,
                                        double*, double*);
template void sigmoid_vjp(const float*, const float*, std::size_t, float, float*);
template void sigmoid_vjp(const double*, const double*, std::size_t, double, double*);
template void sigmoid_of_logits_vjp(const float*, const float*, std::size_t, float*);
template void sigmoid_of_logits_vjp(const double*, const double*, std::size_t, double*);

}  // namespace varopt::relax::kernels
