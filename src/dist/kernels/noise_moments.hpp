#pragma once
// Internal hot kernel: the first and second moments of a set of regenerated noise vectors,
//   sum_odd[i]  = Σ_k odd[k]  ε_k[i],
//   sum_even[i] = Σ_k even[k] (ε_k[i]² − 1),
// where ε_k[i] is normal number i of stream k (core/rng.hpp). This is the whole per-coordinate
// work of an axis-aligned Gaussian's weighted score sum (see dist/gaussian_axis.hpp).
//
// The coordinates are cut into fixed chunks; each chunk regenerates its part of every ε_k with
// random access and accumulates over k in order, so the result is bit-identical for any number
// of threads. Memory: O(n) plus one chunk of scratch per thread. kept_noise_moments reads the
// ε_k of a population that keeps its noise (dist/population.hpp) through the same chunks.
#include <span>

#include "../../core/kernels/variants.hpp"
#include "varopt/core/rng.hpp"

namespace varopt::kernels {

VAROPT_KERNEL_FUNCTIONS(
    // Overwrites sum_odd and sum_even (same size n). streams, odd and even have the same size.
    void noise_moments(std::span<const StreamId> streams, std::span<const double> odd,
                       std::span<const double> even, std::span<double> sum_odd,
                       std::span<double> sum_even);
    // The same sums, bit for bit, of noise vectors held in memory: noise[k] points to ε_k.
    void kept_noise_moments(std::span<const double* const> noise, std::span<const double> odd,
                            std::span<const double> even, std::span<double> sum_odd,
                            std::span<double> sum_even);)

}  // namespace varopt::kernels
