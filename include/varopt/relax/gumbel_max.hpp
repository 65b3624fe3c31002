#pragma once
// Gumbel-max sampling (Gumbel 1954; Luce 1959; Maddison et al. 2014, "A* sampling"):
//   k = argmax_i (θ_i + G_i),  G_i = −log(−log u_i) i.i.d.  ⇒  P(k = i) = softmax(θ)_i,
// one exact categorical sample per row of logits θ, without normalizing them. With the same
// noise it is the arg-max of the Gumbel-softmax sample (relax/gumbel_softmax.hpp) at every τ.
#include <cstdint>
#include <span>

#include "varopt/core/types.hpp"
#include "varopt/relax/noise.hpp"

namespace varopt::relax {

// index[r] = argmax_k (logits[r, k] + G[r, k]) (the first on ties) for the row-major
// rows × classes logits; index.size() = rows. T is float or double; write the call as
// gumbel_max<float>(...) to pass vectors directly. `noise` is a StreamId or the caller's G, one
// value per logit (a std::vector<T>, span or Eigen vector: relax/noise.hpp).
// Throws InvalidArgument on mismatched sizes (given noise included) or classes < 1.
template <class T>
void gumbel_max(std::span<const T> logits, Index classes, const GumbelNoise<T>& noise,
                std::span<std::int64_t> index);

}  // namespace varopt::relax
