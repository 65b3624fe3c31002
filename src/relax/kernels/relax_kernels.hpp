#pragma once
// Internal interface of the relaxation kernels (src/relax/kernels/*.cpp, compiled once per
// instruction set: core/kernels/variants.hpp). Raw pointers, sizes already validated by the
// callers in src/relax/*.cpp; T is float or double. Work is split into fixed tiles of whole rows
// (or one row for long rows) and run in parallel with OpenMP when available; every output element
// depends only on its own row and noise index, so results are the same for any thread count.
#include <cstddef>
#include <cstdint>

#include "../../core/kernels/variants.hpp"
#include "varopt/core/rng.hpp"

namespace varopt::relax::kernels {

// Noise of the Gumbel-softmax family: generated from `stream` (relax/noise.hpp addressing)
// when `given` is null, else read from `given` (same layout as the logits).
template <class T>
struct GumbelSource {
  StreamId stream;
  const T* given = nullptr;
};

VAROPT_KERNEL_FUNCTIONS(
    template <class T>
    void uniform_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n);
    template <class T>
    void gumbel_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n);
    template <class T>
    void logistic_noise(const StreamId& id, std::uint64_t first, T* out, std::size_t n);

    // Rows of s = logits + G. Writes, for each non-null output:
    //   index[r] = argmax_k s[r,k] (first on ties), hard = one_hot(index),
    //   soft = softmax(s / tau) row-wise.
    template <class T>
    void gumbel_softmax_forward(const T* logits, std::size_t rows, std::size_t cols,
                                const GumbelSource<T>& noise, T tau, T* soft, T* hard,
                                std::int64_t* index);

    // grad[r,k] = y[r,k] (v[r,k] − ⟨v[r,·], y[r,·]⟩) / tau.
    template <class T>
    void softmax_vjp(const T* y, const T* v, std::size_t rows, std::size_t cols, T tau, T* grad);

    // x = logits + L (logistic noise of stream); soft = sigmoid(x / tau), hard = 1[x > 0].
    template <class T>
    void relaxed_bernoulli_forward(const T* logits, std::size_t n, const StreamId& stream, T tau,
                                   T* soft, T* hard);

    // grad = v · y (1 − y) / tau.
    template <class T>
    void sigmoid_vjp(const T* y, const T* v, std::size_t n, T tau, T* grad);

    // grad = v · σ(logits) (1 − σ(logits)).
    template <class T>
    void sigmoid_of_logits_vjp(const T* logits, const T* v, std::size_t n, T* grad);)

}  // namespace varopt::relax::kernels
