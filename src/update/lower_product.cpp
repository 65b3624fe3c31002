#include "varopt/update/lower_product.hpp"

#include <Eigen/Core>

static_assert(EIGEN_WORLD_VERSION == 3 && EIGEN_MAJOR_VERSION == 4,
              "LowerProduct calls Eigen 3.4's internal triangular product");

namespace varopt {

struct LowerProduct::Buffers {
  using Blocking =
      Eigen::internal::gemm_blocking_space<Eigen::ColMajor, double, double, Eigen::Dynamic,
                                           Eigen::Dynamic, Eigen::Dynamic, 4, false>;
  // As Eigen's triangular_product_impl sizes it for a lower-triangular n × n left factor.
  Buffers(Index n, Index k) : rows(n), cols(k), blocking(n, k, n, 1, false) {
    blocking.allocateAll();
  }
  Index rows, cols;
  Blocking blocking;
};

LowerProduct::LowerProduct() = default;
LowerProduct::LowerProduct(const LowerProduct&) {}
LowerProduct& LowerProduct::operator=(const LowerProduct&) {
  buffers_.reset();
  return *this;
}
LowerProduct::~LowerProduct() = default;

void LowerProduct::multiply(const Mat& lower, const Mat& z, Mat& y) {
  const Index n = lower.rows(), k = z.cols();
  if (!buffers_ || buffers_->rows != n || buffers_->cols != k)
    buffers_ = std::make_unique<Buffers>(n, k);
  y.resize(n, k);
  y.setZero();  // Eigen's evalTo: setZero, then scaleAndAddTo with α = 1
  Eigen::internal::product_triangular_matrix_matrix<
      double, Index, Eigen::Lower, true, Eigen::ColMajor, false, Eigen::ColMajor, false,
      Eigen::ColMajor, 1>::run(n, k, n, lower.data(), lower.outerStride(), z.data(),
                               z.outerStride(), y.data(), y.innerStride(), y.outerStride(), 1.0,
                               buffers_->blocking);
}

}  // namespace varopt
