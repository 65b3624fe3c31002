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

// sum_odd[i] = Σ_k odd[k] ε_k[i], sum_even[i] = Σ_k even[k] (ε_k[i]² − 1) over the chunk's
// coordinates [first, first + length); noise(k, first, length, scratch) returns ε_k's values
// there (written to scratch, or in place).
template <class Noise>
void accumulate_chunk(std::size_t count, const Noise& noise, std::span<const double> odd,
                      std::span<const double> even, std::size_t first, std::size_t length,
                      double* sum_odd, double* sum_even, double* scratch) {
  std::fill_n(sum_odd, length, 0.0);
  std::fill_n(sum_even, length, 0.0);
  for (std::size_t k = 0; k < count; ++k) {
    const double* eps = noise(k, first, length, scratch);
    const double a = odd[k];
    const double b = even[k];
    for (std::size_t i = 0; i < length; ++i) {
      const double e = eps[i];
      sum_odd[i] += a * e;
      sum_even[i] += b * (e * e - 1.0);
    }
  }
}

// The chunks of the coordinates, on the library's threads; each thread has a scratch of
// scratch_size values (0 for noise that is read in place).
template <class Noise>
void moments_in_chunks(std::size_t count, const Noise& noise, std::size_t scratch_size,
                       std::span<const double> odd, std::span<const double> even,
                       std::span<double> sum_odd, std::span<double> sum_even) {
  const std::size_t n = sum_odd.size();
  const auto chunks = static_cast<std::int64_t>((n + chunk_size - 1) / chunk_size);
  const auto run_chunk = [&](std::int64_t c, double* scratch) {
    const std::size_t first = static_cast<std::size_t>(c) * chunk_size;
    accumulate_chunk(count, noise, odd, even, first, std::min(chunk_size, n - first),
                     sum_odd.data() + first, sum_even.data() + first, scratch);
  };
  if (chunks <= 1) {
    // One chunk runs here: a parallel region, even one that an `if` clause makes serial, costs
    // libgomp an allocation per call (a quarter of a small generation's time).
    std::vector<double> scratch(scratch_size);
    for (std::int64_t c = 0; c < chunks; ++c) run_chunk(c, scratch.data());
    return;
  }
#ifdef VAROPT_HAVE_OPENMP
#pragma omp parallel
#endif
  {
    std::vector<double> scratch(scratch_size);
#ifdef VAROPT_HAVE_OPENMP
#pragma omp for schedule(static)
#endif
    for (std::int64_t c = 0; c < chunks; ++c) run_chunk(c, scratch.data());
  }
}

}  // namespace

void noise_moments(std::span<const StreamId> streams, std::span<const double> odd,
                   std::span<const double> even, std::span<double> sum_odd,
                   std::span<double> sum_even) {
  const auto regenerated = [&](std::size_t k, std::size_t first, std::size_t length,
                               double* scratch) {
    fill_normal(streams[k], first, std::span<double>(scratch, length));
    return static_cast<const double*>(scratch);
  };
  moments_in_chunks(streams.size(), regenerated, std::min(chunk_size, sum_odd.size()), odd, even,
                    sum_odd, sum_even);
}

void kept_noise_moments(std::span<const double* const> noise, std::span<const double> odd,
                        std::span<const double> even, std::span<double> sum_odd,
                        std::span<double> sum_even) {
  const auto kept = [&](std::size_t k, std::size_t first, std::size_t, double*) {
    return noise[k] + first;
  };
  moments_in_chunks(noise.size(), kept, 0, odd, even, sum_odd, sum_even);
}

}  // namespace varopt::kernels::VAROPT_KERNEL_ISA
