#pragma once
// Y = L·Z for a lower-triangular L (its lower triangle read) and a dense Z, computed as Eigen
// computes `Y.noalias() = L.triangularView<Eigen::Lower>() * Z` (the same kernel, blocking and
// bits), but with the packing buffers kept between calls: Eigen's expression allocates them on
// the heap on every call once they pass its stack limit (n = 1000, λ = 24). The implementation
// calls Eigen 3.4's internal triangular product (checked at compile time there).
#include <memory>

#include "varopt/core/types.hpp"

namespace varopt {

class LowerProduct {
 public:
  LowerProduct();
  // A copy starts without buffers (they are scratch).
  LowerProduct(const LowerProduct&);
  LowerProduct& operator=(const LowerProduct&);
  ~LowerProduct();

  // Y ← L Z (Y resized to L.rows() × Z.cols(); L square).
  void multiply(const Mat& lower, const Mat& z, Mat& y);

 private:
  struct Buffers;
  std::unique_ptr<Buffers> buffers_;  // for the last sizes
};

}  // namespace varopt
