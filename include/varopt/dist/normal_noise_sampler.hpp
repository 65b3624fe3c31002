#pragma once
// A search distribution whose draw is a fixed map of standard normal noise:
//   θ = T(ε),  mirrored θ = T(−ε),  ε = the first dim() normals of the member's stream,
// as every Gaussian search distribution draws (T(ε) = μ + σ ⊙ ε, μ + L ε). Its sample() is, bit
// for bit, "fill x with the stream's first dim() normals, then map_noise(x, x, mirrored)", so a
// Population that keeps a generation's ε from ask to tell (dist/population.hpp) rebuilds the
// same members from them without drawing again.
#include "varopt/core/types.hpp"

namespace varopt {

class NormalNoiseSampler {
 public:
  virtual ~NormalNoiseSampler() = default;
  // x = T(eps), or T(−eps) when mirrored; both of size dim(). x may be eps itself.
  virtual void map_noise(ConstVecRef eps, VecRef x, bool mirrored) const = 0;
};

}  // namespace varopt
