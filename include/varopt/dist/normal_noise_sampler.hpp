#pragma once
// A search distribution whose draw is a fixed map of standard normal noise:
//   θ = T(ε),  mirrored θ = T(−ε),  ε = the first dim() normals of the member's stream,
// as every Gaussian search distribution draws (T(ε) = μ + σ ⊙ ε, μ + L ε). Its sample() is, bit
// for bit, "fill x with the stream's first dim() normals, then map_noise(x, x, mirrored)", so a
// Population that keeps a generation's ε from ask to tell (dist/population.hpp) rebuilds the
// same members from them without drawing again; where the sampler maps many ε at once faster
// than one by one (GaussianFull: one pass over its factor for all of them), it keeps the members
// too, mapped at ask in one map_noise_columns.
#include "varopt/core/types.hpp"

namespace varopt {

class NormalNoiseSampler {
 public:
  virtual ~NormalNoiseSampler() = default;
  // x = T(eps), or T(−eps) when mirrored; both of size dim(). x may be eps itself.
  virtual void map_noise(ConstVecRef eps, VecRef x, bool mirrored) const = 0;
  // Whether map_noise_columns is faster than one map_noise per column.
  virtual bool maps_columns_at_once() const { return false; }
  // x_t ← T(x_t) for every column x_t of x (dim() rows), bit for bit as map_noise(x_t, x_t,
  // false).
  virtual void map_noise_columns(Eigen::Ref<Mat> x) const {
    for (Index t = 0; t < x.cols(); ++t) map_noise(x.col(t), x.col(t), false);
  }
};

}  // namespace varopt
