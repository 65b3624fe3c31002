#include "varopt/relax/noise.hpp"

#include "kernels/relax_kernels.hpp"

namespace varopt::relax {

template <class T>
void fill_uniform_noise(const StreamId& id, std::uint64_t first, std::span<T> out) {
  kernels::uniform_noise(id, first, out.data(), out.size());
}

template <class T>
void fill_gumbel_noise(const StreamId& id, std::uint64_t first, std::span<T> out) {
  kernels::gumbel_noise(id, first, out.data(), out.size());
}

template <class T>
void fill_logistic_noise(const StreamId& id, std::uint64_t first, std::span<T> out) {
  kernels::logistic_noise(id, first, out.data(), out.size());
}

template void fill_uniform_noise(const StreamId&, std::uint64_t, std::span<float>);
template void fill_uniform_noise(const StreamId&, std::uint64_t, std::span<double>);
template void fill_gumbel_noise(const StreamId&, std::uint64_t, std::span<float>);
template void fill_gumbel_noise(const StreamId&, std::uint64_t, std::span<double>);
template void fill_logistic_noise(const StreamId&, std::uint64_t, std::span<float>);
template void fill_logistic_noise(const StreamId&, std::uint64_t, std::span<double>);

}  // namespace varopt::relax
