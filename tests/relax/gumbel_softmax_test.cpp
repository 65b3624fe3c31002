// Gumbel-max and Gumbel-softmax: sampling frequencies, the fused forward against the unfused
// formula on the same noise, the backward against finite differences and the explicit
// Jacobian, straight-through outputs, numerical safety, argument checks, reproducibility.
#include "support/vectors.hpp"
#include "varopt/relax/gumbel_softmax.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/relax/gumbel_max.hpp"

namespace varopt::relax {
namespace {

const StreamId stream{.seed = 20240917, .generation = 3, .member = 1};

using testing::random_logits;

// softmax((logits + G)/τ) in double, from the noise the kernels use.
template <class T>
std::vector<double> reference_soft(const std::vector<T>& logits, std::size_t cols, double tau,
                                   const std::vector<T>& gumbel) {
  std::vector<double> y(logits.size());
  for (std::size_t r = 0; r < logits.size() / cols; ++r) {
    double m = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < cols; ++k) {
      // The kernels perturb in precision T; so does the reference, then it is exact.
      const T s = logits[r * cols + k] + gumbel[r * cols + k];
      y[r * cols + k] = s;
      m = std::max(m, static_cast<double>(s));
    }
    double sum = 0.0;
    for (std::size_t k = 0; k < cols; ++k) {
      double& e = y[r * cols + k];
      e = std::exp((e - m) / tau);
      sum += e;
    }
    for (std::size_t k = 0; k < cols; ++k) y[r * cols + k] /= sum;
  }
  return y;
}

template <class T>
class GumbelSoftmaxTest : public ::testing::Test {};
using Precisions = ::testing::Types<float, double>;
TYPED_TEST_SUITE(GumbelSoftmaxTest, Precisions);

TYPED_TEST(GumbelSoftmaxTest, GumbelMaxFrequenciesMatchTheSoftmax) {
  using T = TypeParam;
  const std::vector<double> theta = {-1.0, 0.0, 0.5, 1.2, 2.0, -3.0};
  const std::size_t k = theta.size();
  const std::size_t n = 200000;
  std::vector<T> logits(n * k);
  for (std::size_t i = 0; i < logits.size(); ++i) logits[i] = static_cast<T>(theta[i % k]);
  std::vector<std::int64_t> index(n);
  gumbel_max<T>(logits, static_cast<Index>(k), stream, index);
  std::vector<double> count(k, 0.0);
  for (const std::int64_t i : index) count[static_cast<std::size_t>(i)] += 1.0;
  double z = 0.0;
  for (const double t : theta) z += std::exp(t);
  double chi_square = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const double expected = n * std::exp(theta[i]) / z;
    chi_square += (count[i] - expected) * (count[i] - expected) / expected;
  }
  // χ² with 5 degrees of freedom exceeds 20.515 with probability 10⁻³ (the false-positive
  // rate of this check for a random seed); the smallest expected count is 1.6·10³.
  EXPECT_LT(chi_square, 20.515);
}

TYPED_TEST(GumbelSoftmaxTest, SoftMatchesTheUnfusedFormulaOnTheSameNoise) {
  using T = TypeParam;
  const double eps = std::numeric_limits<T>::epsilon();
  // Short rows, rows of one class, tiles of whole rows, one-row tiles, long rows in segments,
  // and enough elements for the parallel path; 16 and 17 classes on either side of the packed
  // rows of the AVX-512 kernels, whose groups of 16 rows end partly filled.
  const std::vector<std::pair<std::size_t, std::size_t>> shapes = {
      {3, 1}, {257, 10}, {40, 600}, {3, 1500}, {5, 3000}, {4000, 10}, {37, 16}, {21, 17}, {99, 5}};
  for (const auto& [rows, cols] : shapes) {
    for (const double tau : {0.1, 1.0, 3.0}) {
      const auto logits = random_logits<T>(rows * cols, 2.0, rows + cols);
      std::vector<T> gumbel(logits.size()), soft(logits.size());
      fill_gumbel_noise<T>(stream, 0, gumbel);
      gumbel_softmax<T>(logits, static_cast<Index>(cols), tau, stream, soft);
      const auto ref = reference_soft(logits, cols, tau, gumbel);
      for (std::size_t i = 0; i < soft.size(); ++i) {
        // Relative error: 3ε|x| from rounding the argument x = (s − m)/τ of exp (|x| ≤
        // |log y|), a few ulp from exp and the division, and cols·ε from the row sum (the
        // classical bound for any summation order); entries below e^−87 relative to the row
        // maximum may be flushed to 0.
        const double x = std::abs(std::log(std::max(ref[i], 1e-300)));
        const double tol = eps * (6.0 + 3.0 * x + static_cast<double>(cols)) * ref[i] + 1e-37;
        ASSERT_NEAR(soft[i], ref[i], tol) << rows << "x" << cols << " tau " << tau << " i " << i;
      }
    }
  }
}

TYPED_TEST(GumbelSoftmaxTest, HardIsExactlyOneHotAtTheGumbelMaxAndKeepsTheSoftSample) {
  using T = TypeParam;
  for (const std::size_t cols : {std::size_t{1}, std::size_t{7}, std::size_t{16},
                                 std::size_t{17}, std::size_t{100}, std::size_t{2500}}) {
    const std::size_t rows = 300;
    const auto logits = random_logits<T>(rows * cols, 1.0, cols);
    std::vector<T> hard(logits.size()), soft_of_hard(logits.size()), soft(logits.size());
    std::vector<std::int64_t> index(rows);
    const auto classes = static_cast<Index>(cols);
    gumbel_softmax_hard<T>(logits, classes, 0.7, stream, hard, soft_of_hard);
    gumbel_softmax<T>(logits, classes, 0.7, stream, soft);
    gumbel_max<T>(logits, classes, stream, index);
    EXPECT_EQ(soft_of_hard, soft);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t k = 0; k < cols; ++k) {
        const T expected = static_cast<std::int64_t>(k) == index[r] ? T(1) : T(0);
        ASSERT_EQ(hard[r * cols + k], expected) << "row " << r << " class " << k;
      }
      // The arg-max of the soft sample is the hard one.
      const auto row = soft.begin() + static_cast<std::ptrdiff_t>(r * cols);
      EXPECT_EQ(std::max_element(row, row + static_cast<std::ptrdiff_t>(cols)) - row, index[r]);
    }
    // Without the soft output the hard one is the same.
    std::vector<T> hard_only(logits.size());
    gumbel_softmax_hard<T>(logits, classes, 0.7, stream, hard_only);
    EXPECT_EQ(hard_only, hard);
  }
}

TEST(GumbelSoftmaxGradientTest, BackwardMatchesCentralFiniteDifferences) {
  // L(θ) = Σ w ⊙ y(θ) with the noise held fixed (same stream). Step h = 10⁻⁵: truncation
  // h²|L'''|/6 ≲ 10⁻⁹ for τ ≥ 0.5, round-off ε|L|/h ≲ 10⁻¹⁰; tolerance 10⁻⁷.
  for (const std::size_t cols : {std::size_t{1}, std::size_t{5}, std::size_t{40}}) {
    for (const double tau : {0.5, 2.0}) {
      const std::size_t rows = 3;
      auto theta = random_logits<double>(rows * cols, 1.0, 7 + cols);
      const auto w = random_logits<double>(rows * cols, 1.0, 11 + cols);
      const auto classes = static_cast<Index>(cols);
      std::vector<double> y(theta.size()), grad(theta.size());
      gumbel_softmax<double>(theta, classes, tau, stream, y);
      gumbel_softmax_backward<double>(y, w, classes, tau, grad);
      const auto loss = [&](const std::vector<double>& t) {
        std::vector<double> out(t.size());
        gumbel_softmax<double>(t, classes, tau, stream, out);
        double l = 0.0;
        for (std::size_t i = 0; i < t.size(); ++i) l += w[i] * out[i];
        return l;
      };
      const double h = 1e-5;
      for (std::size_t i = 0; i < theta.size(); ++i) {
        const double keep = theta[i];
        theta[i] = keep + h;
        const double up = loss(theta);
        theta[i] = keep - h;
        const double down = loss(theta);
        theta[i] = keep;
        EXPECT_NEAR(grad[i], (up - down) / (2 * h), 1e-7) << "cols " << cols << " i " << i;
      }
    }
  }
}

TYPED_TEST(GumbelSoftmaxTest, BackwardMatchesTheExplicitJacobian) {
  using T = TypeParam;
  const double eps = std::numeric_limits<T>::epsilon();
  // ∂y_i/∂θ_j = (y_i δ_ij − y_i y_j)/τ, so (vᵀJ)_j = y_j (v_j − Σ_i v_i y_i)/τ, evaluated in
  // double from the same y.
  const std::vector<std::pair<std::size_t, std::size_t>> shapes = {
      {3, 1}, {257, 10}, {40, 600}, {5, 3000}, {4000, 10}, {37, 16}, {21, 17}, {99, 5}};
  for (const auto& [rows, cols] : shapes) {
    const double tau = 0.3;
    const auto logits = random_logits<T>(rows * cols, 1.0, 3 * cols);
    const auto v = random_logits<T>(rows * cols, 1.0, 5 * cols);
    std::vector<T> y(logits.size()), grad(logits.size());
    const auto classes = static_cast<Index>(cols);
    gumbel_softmax<T>(logits, classes, tau, stream, y);
    gumbel_softmax_backward<T>(y, v, classes, tau, grad);
    for (std::size_t r = 0; r < rows; ++r) {
      double dot = 0.0, scale = 0.0;
      for (std::size_t k = 0; k < cols; ++k) {
        dot += static_cast<double>(v[r * cols + k]) * y[r * cols + k];
        scale = std::max(scale, std::abs(static_cast<double>(v[r * cols + k])));
      }
      for (std::size_t k = 0; k < cols; ++k) {
        const std::size_t i = r * cols + k;
        const double exact = y[i] * (v[i] - dot) / tau;
        // Rounding of ⟨v, y⟩ (at most (cols + 4) ε max|v|, as Σ y = 1) and of the products.
        const double tol = 4 * eps * (static_cast<double>(cols) + 4) * scale * y[i] / tau + 1e-300;
        ASSERT_NEAR(grad[i], exact, tol) << rows << "x" << cols << " i " << i;
      }
    }
  }
}

TYPED_TEST(GumbelSoftmaxTest, NoNanOrInfAtTinyTemperatureOrHugeLogits) {
  using T = TypeParam;
  const T inf = std::numeric_limits<T>::infinity();
  for (const std::size_t cols : {std::size_t{10}, std::size_t{3000}}) {
    for (const double tau : {1e-3, 1e-2, 1.0}) {
      const std::size_t rows = 64;
      auto logits = random_logits<T>(rows * cols, 1e4, cols);
      std::fill_n(logits.begin(), cols, T(1e4));  // a row of equal huge logits
      logits[cols] = -inf;                        // masked classes
      logits[cols + 2] = -inf;
      const auto v = random_logits<T>(rows * cols, 1e3, 2 * cols);
      std::vector<T> soft(logits.size()), hard(logits.size()), grad(logits.size());
      const auto classes = static_cast<Index>(cols);
      gumbel_softmax_hard<T>(logits, classes, tau, stream, hard, soft);
      gumbel_softmax_backward<T>(soft, v, classes, tau, grad);
      for (std::size_t r = 0; r < rows; ++r) {
        double sum = 0.0, hard_sum = 0.0;
        for (std::size_t k = 0; k < cols; ++k) {
          const std::size_t i = r * cols + k;
          ASSERT_TRUE(std::isfinite(soft[i]) && soft[i] >= 0 && soft[i] <= 1) << soft[i];
          ASSERT_TRUE(std::isfinite(grad[i])) << "tau " << tau << " i " << i;
          sum += soft[i];
          hard_sum += hard[i];
        }
        EXPECT_NEAR(sum, 1.0, 2 * (static_cast<double>(cols) + 2) * std::numeric_limits<T>::epsilon());
        EXPECT_EQ(hard_sum, 1.0);
      }
      EXPECT_EQ(soft[cols], T(0));
      EXPECT_EQ(hard[cols + 2], T(0));
    }
  }
}

TYPED_TEST(GumbelSoftmaxTest, RejectsNonPositiveOrNonFiniteTemperatures) {
  using T = TypeParam;
  std::vector<T> logits(6, T(0)), out(6), out2(6);
  for (const double tau : {0.0, -0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity()}) {
    EXPECT_THROW(gumbel_softmax<T>(logits, 3, tau, stream, out), InvalidArgument);
    EXPECT_THROW(gumbel_softmax_hard<T>(logits, 3, tau, stream, out, out2), InvalidArgument);
    EXPECT_THROW(gumbel_softmax_backward<T>(logits, out, 3, tau, out2), InvalidArgument);
  }
  try {
    gumbel_softmax<T>(logits, 3, 0.0, stream, out);
    FAIL() << "tau = 0 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()),
              "relax::gumbel_softmax: expected temperature tau > 0 and finite, got 0");
  }
}

TYPED_TEST(GumbelSoftmaxTest, RejectsMismatchedShapes) {
  using T = TypeParam;
  std::vector<T> logits(6, T(0)), out(6), short_out(5);
  std::vector<std::int64_t> index(2), short_index(1);
  EXPECT_THROW(gumbel_softmax<T>(logits, 0, 1.0, stream, out), InvalidArgument);
  EXPECT_THROW(gumbel_softmax<T>(logits, 4, 1.0, stream, out), InvalidArgument);
  EXPECT_THROW(gumbel_softmax<T>(logits, 3, 1.0, stream, short_out), InvalidArgument);
  EXPECT_THROW(gumbel_softmax<T>(logits, 3, 1.0, std::span<const T>(short_out), out),
               InvalidArgument);
  EXPECT_THROW(gumbel_softmax_hard<T>(logits, 3, 1.0, stream, out, short_out), InvalidArgument);
  EXPECT_THROW(gumbel_max<T>(logits, 3, stream, short_index), InvalidArgument);
  EXPECT_NO_THROW(gumbel_max<T>(logits, 3, stream, index));
}

TYPED_TEST(GumbelSoftmaxTest, CallerNoiseCanBeAVector) {
  // Issue 11: the caller's Gumbel noise passed as a std::vector (and an Eigen vector), one value
  // per logit; the noise decides the arg-max against the logits.
  using T = TypeParam;
  using EigenVector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  const std::vector<T> logits = {T(0), T(1), T(2), T(0), T(1), T(2)};  // 2 rows, K = 3
  const std::vector<T> noise = {T(5), T(0), T(0), T(0), T(0), T(-5)};
  std::vector<std::int64_t> index(2);
  gumbel_max<T>(logits, 3, noise, index);
  EXPECT_EQ(index, (std::vector<std::int64_t>{0, 1}));
  const EigenVector eigen_noise = Eigen::Map<const EigenVector>(noise.data(), 6);
  std::vector<std::int64_t> from_eigen(2);
  gumbel_max<T>(logits, 3, eigen_noise, from_eigen);
  EXPECT_EQ(from_eigen, index);
  const Eigen::Ref<const EigenVector> eigen_ref = eigen_noise;  // ConstVecRef for T = double
  std::vector<std::int64_t> from_ref(2);
  gumbel_max<T>(logits, 3, eigen_ref, from_ref);
  EXPECT_EQ(from_ref, index);
  // The soft sample is softmax(logits + G) row-wise, the same from a vector as from a span.
  std::vector<T> soft(6), from_span(6);
  gumbel_softmax<T>(logits, 3, 1.0, noise, soft);
  gumbel_softmax<T>(logits, 3, 1.0, std::span<const T>(noise), from_span);
  EXPECT_EQ(soft, from_span);
  const std::vector<double> expected = reference_soft<T>(logits, 3, 1.0, noise);
  for (std::size_t i = 0; i < soft.size(); ++i) EXPECT_NEAR(soft[i], expected[i], 1e-6);
  // One value per logit: K values for a 2-row call are refused.
  const std::vector<T> one_row(3, T(0));
  EXPECT_THROW(gumbel_max<T>(logits, 3, one_row, index), InvalidArgument);
  EXPECT_THROW(gumbel_softmax<T>(logits, 3, 1.0, one_row, soft), InvalidArgument);
}

TYPED_TEST(GumbelSoftmaxTest, SameStreamSameSamplesAnyTiling) {
  using T = TypeParam;
  // 5·10⁴ elements in short rows (tiles of whole rows, the parallel path) and long rows.
  for (const auto& [rows, cols] : {std::pair<std::size_t, std::size_t>{5000, 10}, {40, 1500}}) {
    const auto logits = random_logits<T>(rows * cols, 1.0, 99);
    std::vector<T> a(logits.size()), b(logits.size()), other(logits.size());
    const auto classes = static_cast<Index>(cols);
    gumbel_softmax<T>(logits, classes, 0.5, stream, a);
    gumbel_softmax<T>(logits, classes, 0.5, stream, b);
    EXPECT_EQ(a, b);
    StreamId next = stream;
    next.generation += 1;
    gumbel_softmax<T>(logits, classes, 0.5, next, other);
    EXPECT_NE(a, other);
    // Row by row (one-row calls, on the calling thread) with each row's slice of the noise:
    // the same bits as the tiled, multi-threaded call.
    std::vector<T> gumbel(logits.size());
    fill_gumbel_noise<T>(stream, 0, gumbel);
    for (std::size_t r = 0; r < rows; ++r) {
      const auto slice = [&](const std::vector<T>& x) {
        return std::span<const T>(x).subspan(r * cols, cols);
      };
      std::vector<T> row(cols);
      gumbel_softmax<T>(slice(logits), classes, 0.5, slice(gumbel), row);
      ASSERT_TRUE(std::equal(row.begin(), row.end(), a.begin() + static_cast<std::ptrdiff_t>(r * cols)))
          << rows << "x" << cols << " row " << r;
    }
  }
}

}  // namespace
}  // namespace varopt::relax
