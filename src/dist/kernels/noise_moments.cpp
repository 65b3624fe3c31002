#include "noise_moments.hpp"
#include "../../core/kernels/isa.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace varopt::kernels::VAROPT_KERNEL_ISA {
namespace {

// Coordinates per chunk: even (Box–Muller pairs never straddle two chunks), small enough that a
// chunk's scratch and sums stay in the L1/L2 cache.
constexpr std::size_t chunk_size = 2048;

void accumulate_chunk(std::span<const StreamId> streams, std::span<const double> odd,
                      std::span<const double> even, std::size_t first, double* sum_odd,
                      double* sum_even, std::span<double> scratch) {
  const std::size_t length = scratch.size();
  std::fill_n(sum_odd, length, 0.0);
  std::fill_n(sum_even, length, 0.0);
  for (std::size_t k = 0; k < streams.size(); ++k) {
    fill_normal(streams[k], first, scratch);
    const double a = odd[k];
    const double b = even[k];
    const double* eps = scratch.data();
    for (std::size_t i = 0; i < length; ++i) {
      const double e = eps[i];
      sum_odd[i] += a * e;
      sum_even[i] += b * (e * e - 1.0);
    }
  }
}

}  // namespace

void noise_moments(std::span<const StreamId> streams, std::span<const double> odd,
                   std::span<const double> even, std::span<double> sum_odd,
                   std::span<double> sum_even) {
  const std::size_t n = sum_odd.size();
  const auto chunks = static_cast<std::int64_t>((n + chunk_size - 1) / chunk_size);
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel if (chunks > 1)
#endif
  {
    std::vector<double> scratch(std::min(chunk_size, n));
#ifdef VAROPT_HAVE_OPENMP
#pragma omp for schedule(static)
#endif
    for (std::int64_t c = 0; c < chunks; ++c) {
      const std::size_t first = static_cast<std::size_t>(c) * chunk_size;
      const std::size_t length = std::min(chunk_size, n - first);
      accumulate_chunk(streams, odd, even, first, sum_odd.data() + first, sum_even.data() + first,
                       std::span<double>(scratch.data(), length));
    }
  }
}

}  // namespace varopt::kernels::VAROPT_KERNEL_ISA
