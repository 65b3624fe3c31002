#include "varopt/problems/rotation.hpp"

#include <Eigen/QR>
#include <span>

#include "varopt/core/error.hpp"
#include "varopt/core/memory_size.hpp"
#include "varopt/core/rng.hpp"

namespace varopt::problems {
namespace {

// Keeps the rotations' streams apart from the solvers' and the noisy problems' streams.
constexpr std::uint64_t kRotationTag = 0x726f746174696f6eULL;  // "rotation"

}  // namespace

Mat random_rotation(Index n, std::uint64_t seed) {
  require(n >= 1, "random_rotation", "a dimension >= 1", n);
  if (n > kMaxRotationDim) {
    const double bytes = 3.0 * static_cast<double>(n) * static_cast<double>(n) * sizeof(double);
    throw InvalidArgument(detail::concat(
        "random_rotation: expected a dimension <= ", kMaxRotationDim,
        " (an n × n rotation takes about ", memory_size(bytes), " to make at n = ", n, "), got ",
        n));
  }
  Mat gaussian(n, n);
  fill_normal(StreamId{.seed = seed ^ kRotationTag}, 0,
              std::span<double>(gaussian.data(), static_cast<std::size_t>(n * n)));
  const Eigen::HouseholderQR<Mat> qr(gaussian);
  Mat q = qr.householderQ();
  const Vec r_diagonal = qr.matrixQR().diagonal();
  for (Index j = 0; j < n; ++j)
    if (r_diagonal[j] < 0) q.col(j) = -q.col(j);
  return q;
}

}  // namespace varopt::problems
