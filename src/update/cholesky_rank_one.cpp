#include "varopt/update/cholesky_rank_one.hpp"

#include <cmath>

#include "varopt/core/error.hpp"

namespace varopt {

bool cholesky_rank_updates(Mat& lower, const Mat& vectors, ConstVecRef betas) {
  const Index n = lower.rows(), terms = vectors.cols();
  require(lower.cols() == n && vectors.rows() == n && betas.size() == terms,
          "cholesky_rank_updates", "an n x n factor, n x k vectors and k coefficients",
          std::to_string(vectors.rows()) + " x " + std::to_string(terms) + " vectors, " +
              std::to_string(betas.size()) + " coefficients");
  Mat x = vectors * betas.cwiseAbs().cwiseSqrt().asDiagonal();
  for (Index k = 0; k < n; ++k) {
    const Index m = n - 1 - k;
    auto column = lower.col(k).tail(m);
    for (Index j = 0; j < terms; ++j) {
      if (betas[j] == 0.0) continue;
      const double sign = betas[j] > 0 ? 1.0 : -1.0;
      const double diagonal = lower(k, k), xk = x(k, j);
      const double r2 = diagonal * diagonal + sign * xk * xk;
      if (!(r2 > 0)) return false;
      const double r = std::sqrt(r2);
      const double c = r / diagonal, t = xk / diagonal;
      lower(k, k) = r;
      auto xj = x.col(j).tail(m);
      column = (column + (sign * t) * xj) / c;
      xj = c * xj - t * column;
    }
  }
  return true;
}

}  // namespace varopt
