#pragma once
// libtorch autograd operations over varopt's fused relaxation kernels (relax/*.hpp):
//   gumbel_softmax   y = softmax((θ + G)/τ) along `dim`; hard: one_hot(argmax y) forward, the
//                    soft path's gradient backward (Jang et al. 2017; torch's semantics:
//                    torch.nn.functional.gumbel_softmax(logits, tau, hard, dim))
//   gumbel_max       argmax(θ + G) along `dim`, an exact categorical sample (no gradient)
//   relaxed_bernoulli  y = sigmoid((φ + L)/τ), element-wise; hard: 1[φ + L > 0] with the soft
//                    gradient (binary Concrete, Maddison et al. 2017)
//   straight_through_bernoulli  b = 1[φ + L > 0] forward, ∂/∂φ = p(1 − p) backward
//                    (Bengio et al. 2013)
// Differences from torch's gumbel_softmax: τ ≤ 0 (or non-finite) is rejected with a c10::Error
// instead of returning NaN; hard outputs are exactly 0 or 1; the noise comes from a counter-based
// Philox stream, so one forward and backward cost one fused pass each.
//
// Randomness: each call draws one 64-bit seed from `generator` (the default CPU generator when
// none is given, so torch::manual_seed makes runs reproducible) and uses the noise stream
// StreamId{seed, 0, 0}: element e of the contiguous tensor with `dim` moved last takes noise
// number e (relax/noise.hpp). Results do not depend on the number of threads.
//
// CPU tensors of float32 or float64, any shape; `dim` may be negative. Double backward
// (create_graph = true) is not supported and raises a c10::Error.
#include <ATen/ATen.h>

#include <cstdint>

namespace varopt::nn {

// The seed a call with this generator uses (advances the generator as the call would).
std::uint64_t draw_seed(c10::optional<at::Generator> generator = c10::nullopt);

at::Tensor gumbel_softmax(const at::Tensor& logits, double tau = 1.0, bool hard = false,
                          std::int64_t dim = -1,
                          c10::optional<at::Generator> generator = c10::nullopt);

// The same with caller-supplied Gumbel noise `gumbels` (the shape of logits), e.g. to reproduce
// another implementation's draw or to share noise between calls.
at::Tensor gumbel_softmax_with_noise(const at::Tensor& logits, const at::Tensor& gumbels,
                                     double tau = 1.0, bool hard = false, std::int64_t dim = -1);

// int64 indices, `dim` removed (like argmax); the same draw as gumbel_softmax's arg-max for the
// same generator state.
at::Tensor gumbel_max(const at::Tensor& logits, std::int64_t dim = -1,
                      c10::optional<at::Generator> generator = c10::nullopt);

at::Tensor relaxed_bernoulli(const at::Tensor& logits, double tau = 1.0, bool hard = false,
                             c10::optional<at::Generator> generator = c10::nullopt);

at::Tensor straight_through_bernoulli(const at::Tensor& logits,
                                      c10::optional<at::Generator> generator = c10::nullopt);

}  // namespace varopt::nn
