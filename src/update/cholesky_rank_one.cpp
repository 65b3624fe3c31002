#include "varopt/update/cholesky_rank_one.hpp"

#include <cmath>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// One sweep over the columns with x = √|β| u and s = sign β; false when r² ≤ 0 at some column
// (then `lower` is partly modified).
bool sweep(Mat& lower, Vec x, double sign) {
  const Index n = lower.rows();
  for (Index k = 0; k < n; ++k) {
    const double r2 = lower(k, k) * lower(k, k) + sign * x[k] * x[k];
    if (!(r2 > 0)) return false;
    const double r = std::sqrt(r2);
    const double c = r / lower(k, k), t = x[k] / lower(k, k);
    lower(k, k) = r;
    const Index m = n - 1 - k;
    lower.col(k).tail(m) = (lower.col(k).tail(m) + (sign * t) * x.tail(m)) / c;
    x.tail(m) = c * x.tail(m) - t * lower.col(k).tail(m);
  }
  return true;
}

}  // namespace

bool cholesky_rank_one_update(Mat& lower, ConstVecRef u, double beta) {
  const Index n = lower.rows();
  require(lower.cols() == n && u.size() == n, "cholesky_rank_one_update",
          "an n x n factor and a vector of size n", u.size());
  if (beta == 0.0) return true;
  const Vec x = std::sqrt(std::abs(beta)) * u;
  if (beta > 0) return sweep(lower, x, 1.0);  // an update never fails
  Mat trial = lower;  // a refused downdate leaves L unchanged
  if (!sweep(trial, x, -1.0)) return false;
  lower = std::move(trial);
  return true;
}

}  // namespace varopt
