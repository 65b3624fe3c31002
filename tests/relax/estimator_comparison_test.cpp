// The estimator comparison (relax/estimator_comparison.hpp): the model's loss and gradient, the
// unbiased estimators' means against the exact gradient, the plain straight-through mean against
// its own closed form, and what is guaranteed about the Gumbel-softmax relaxation as τ falls:
// its bias shrinks (the relaxed objective E L(y_τ) and its gradient tend to J and ∇J) while its
// variance grows (the VJP carries a 1/τ). Reproducibility and argument checks.
#include "varopt/relax/estimator_comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "varopt/core/error.hpp"
#include "varopt/dist/categorical.hpp"
#include "varopt/grad/enumeration.hpp"
#include "varopt/relax/gumbel_softmax.hpp"

namespace varopt::relax {
namespace {

Vec one_hot(const CategoricalModel& model, ConstVecRef categories) {
  Vec z = Vec::Zero(model.size());
  for (Index k = 0; k < model.variables(); ++k)
    z[k * model.categories() + static_cast<Index>(categories[k])] = 1.0;
  return z;
}

TEST(CategoricalModel, LossAtCategoriesIsTheLossAtTheOneHotPoint) {
  const CategoricalModel model({.variables = 3, .categories = 4, .outputs = 2, .power = 1.5});
  EXPECT_EQ(model.size(), 12);
  for (const Vec& x : {Vec{{0., 1., 3.}}, Vec{{2., 2., 0.}}, Vec{{3., 0., 1.}}}) {
    const Vec z = one_hot(model, x);
    EXPECT_DOUBLE_EQ(model.loss_at_categories(x), model.loss(z));
    EXPECT_NEAR(model.loss(z), std::pow((model.matrix() * z - model.target()).squaredNorm(), 1.5),
                1e-12 * model.loss(z));
  }
}

TEST(CategoricalModel, GradientMatchesCentralDifferences) {
  for (const double power : {1.0, 2.0, 2.5}) {
    const CategoricalModel model({.variables = 3, .categories = 4, .outputs = 3, .power = power});
    const Vec y = model.probabilities();  // an interior point of the simplices
    Vec grad(model.size());
    model.loss_gradient(y, grad);
    const double h = 1e-6;
    for (Index j = 0; j < model.size(); ++j) {
      Vec up = y, down = y;
      up[j] += h;
      down[j] -= h;
      const double numeric = (model.loss(up) - model.loss(down)) / (2 * h);
      // Central differences err by O(h²·L''') plus rounding O(ε·L/h): well below 1e-6 relative.
      EXPECT_NEAR(grad[j], numeric, 1e-6 * (1 + std::abs(numeric)))
          << "power " << power << ", j " << j;
    }
  }
}

TEST(CategoricalModel, ProbabilitiesAreTheRowSoftmax) {
  const CategoricalModel model({.variables = 2, .categories = 3, .logit_scale = 2.0});
  const Vec pi = model.probabilities();
  for (Index k = 0; k < 2; ++k) {
    EXPECT_NEAR(pi.segment(3 * k, 3).sum(), 1.0, 1e-15);
    for (Index i = 0; i < 3; ++i) {
      EXPECT_NEAR(std::log(pi[3 * k + i] / pi[3 * k]),
                  model.logits()[3 * k + i] - model.logits()[3 * k], 1e-12);
    }
  }
}

TEST(CategoricalModel, RejectsBadInput) {
  EXPECT_THROW(CategoricalModel({.categories = 1}), InvalidArgument);
  EXPECT_THROW(CategoricalModel({.variables = 0}), InvalidArgument);
  EXPECT_THROW(CategoricalModel({.outputs = 0}), InvalidArgument);
  EXPECT_THROW(CategoricalModel({.power = 0.5}), InvalidArgument);
  EXPECT_THROW(CategoricalModel({.logit_scale = -1}), InvalidArgument);
  const CategoricalModel model({.variables = 2, .categories = 3});
  EXPECT_THROW((void)model.loss(Vec::Zero(5)), InvalidArgument);
  EXPECT_THROW((void)model.loss_at_categories(Vec{{0., 3.}}), InvalidArgument);
  EXPECT_THROW((void)model.loss_at_categories(Vec{{0., 0.5}}), InvalidArgument);
  try {
    (void)model.loss_at_categories(Vec{{0.}});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()),
              "CategoricalModel::loss_at_categories: expected K = 2 category indices, got 1");
  }
  EXPECT_THROW(compare_estimators({.taus = {}}), InvalidArgument);
  EXPECT_THROW(compare_estimators({.taus = {0.0}}), InvalidArgument);
  EXPECT_THROW(compare_estimators({.repetitions = 1}), InvalidArgument);
  EXPECT_THROW(compare_estimators({.rloo_samples = 1}), InvalidArgument);
}

// One comparison at the default options (20000 estimates per row, ~1 s), shared by the tests.
class EstimatorComparisonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    options_ = EstimatorComparisonOptions{.taus = {0.1, 1.0}};
    result_ = new EstimatorComparison(compare_estimators(options_));
  }
  static void TearDownTestSuite() { delete result_; }
  static const ComparisonRow& row(const std::string& estimator, double tau = std::nan("")) {
    for (const auto& r : result_->rows)
      if (r.estimator == estimator && (std::isnan(tau) ? std::isnan(r.tau) : r.tau == tau))
        return r;
    throw std::out_of_range("no row " + estimator);
  }
  // With probability ≥ 1 − 3.7e-6, ‖mean − E ĝ‖ ≤ 6·noise_floor: the mean is (by the CLT)
  // Gaussian with E‖mean − E ĝ‖ ≤ √(Σ SE²) = floor, and a Gaussian vector's norm exceeds its
  // expectation by t·σ_max (σ_max² ≤ tr Cov = floor²) with probability ≤ exp(−t²/2), here t = 5.
  // So the true bias norm lies in [bias − 6 floor, bias + 6 floor] (triangle inequality).
  static double bias_lower(const ComparisonRow& r) { return r.bias_norm - 6 * r.noise_floor; }
  static double bias_upper(const ComparisonRow& r) { return r.bias_norm + 6 * r.noise_floor; }

  static EstimatorComparisonOptions options_;
  static EstimatorComparison* result_;
};
EstimatorComparisonOptions EstimatorComparisonTest::options_;
EstimatorComparison* EstimatorComparisonTest::result_ = nullptr;

TEST_F(EstimatorComparisonTest, RowsComeInTheDocumentedOrder) {
  const std::vector<std::pair<std::string, double>> expected = {{"score-function", NAN},
                                                                {"rloo", NAN},
                                                                {"arm", NAN},
                                                                {"disarm", NAN},
                                                                {"straight-through", NAN},
                                                                {"gumbel-softmax", 0.1},
                                                                {"gumbel-softmax", 1.0},
                                                                {"st-gumbel-softmax", 0.1},
                                                                {"st-gumbel-softmax", 1.0}};
  ASSERT_EQ(result_->rows.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(result_->rows[i].estimator, expected[i].first);
    if (std::isnan(expected[i].second))
      EXPECT_TRUE(std::isnan(result_->rows[i].tau));
    else
      EXPECT_EQ(result_->rows[i].tau, expected[i].second);
    EXPECT_EQ(result_->rows[i].moments.repetitions, options_.repetitions);
  }
  EXPECT_EQ(row("rloo").moments.evaluations, options_.rloo_samples);
  EXPECT_EQ(row("disarm").moments.evaluations, 2);
  EXPECT_EQ(row("gumbel-softmax", 0.1).moments.evaluations, 1);
}

TEST_F(EstimatorComparisonTest, ExactGradientIsTheEnumeratedScoreIdentity) {
  const CategoricalModel& model = result_->model;
  const Categorical distribution(std::vector<Index>(4, 5), model.logits());
  const ExactExpectation exact =
      exact_expectation(distribution, [&](ConstVecRef x) { return model.loss_at_categories(x); });
  EXPECT_EQ(exact.points, 625U);
  EXPECT_DOUBLE_EQ(result_->exact_value, exact.value);
  EXPECT_TRUE(result_->exact_gradient.isApprox(exact.gradient, 1e-14));
  // Logits are shift-invariant per variable, so each variable's block of ∇J sums to 0.
  for (Index k = 0; k < 4; ++k)
    EXPECT_NEAR(result_->exact_gradient.segment(5 * k, 5).sum(), 0.0, 1e-9);
}

// 4 estimators × 20 components, each |mean − exact| < 5 SE: per component a two-sided 5σ
// Gaussian event (false failure 5.7e-7), about 5e-5 for the whole test (union bound).
TEST_F(EstimatorComparisonTest, UnbiasedEstimatorsMatchTheExactGradient) {
  for (const std::string name : {"score-function", "rloo", "arm", "disarm"}) {
    const ComparisonRow& r = row(name);
    for (Index j = 0; j < r.moments.mean.size(); ++j) {
      EXPECT_LT(std::abs(r.moments.mean[j] - result_->exact_gradient[j]),
                5 * r.moments.standard_error[j])
          << name << ", component " << j;
    }
    EXPECT_LT(bias_lower(r), 0.0) << name;  // consistent with a zero bias norm
  }
}

// Plain straight-through: E ĝ = J_softmax(θ)ᵀ E_z[∇L(z)], the expectation by enumeration;
// 20 components within 5 SE (false failure ~1e-5). It is not ∇J: the bias is tens of SE.
TEST_F(EstimatorComparisonTest, StraightThroughMeanIsItsClosedFormAndBiased) {
  const CategoricalModel& model = result_->model;
  const Index size = model.size();
  const Categorical distribution(std::vector<Index>(4, 5), model.logits());
  Vec expected_grad_z(size);
  for (Index j = 0; j < size; ++j) {
    expected_grad_z[j] = exact_expectation(distribution, [&](ConstVecRef x) {
                           Vec g(size);
                           model.loss_gradient(one_hot(model, x), g);
                           return g[j];
                         }).value;
  }
  const Vec pi = model.probabilities();
  Vec expected(size);
  gumbel_softmax_backward<double>({pi.data(), static_cast<std::size_t>(size)},
                                  {expected_grad_z.data(), static_cast<std::size_t>(size)}, 5, 1.0,
                                  {expected.data(), static_cast<std::size_t>(size)});
  const ComparisonRow& r = row("straight-through");
  for (Index j = 0; j < size; ++j)
    EXPECT_LT(std::abs(r.moments.mean[j] - expected[j]), 5 * r.moments.standard_error[j]) << j;
  EXPECT_GT(bias_lower(r), 0.0);
}

// The guaranteed trend of the Gumbel-softmax relaxation on this model: its true bias at τ = 0.1
// lies below its true bias at τ = 1. Both intervals hold with probability ≥ 1 − 3.7e-6 each,
// so a false failure has probability below 1e-5 (measured: ~17 ± 58 against ~145 ± 6).
TEST_F(EstimatorComparisonTest, GumbelSoftmaxBiasShrinksAsTemperatureFalls) {
  const ComparisonRow& cold = row("gumbel-softmax", 0.1);
  const ComparisonRow& warm = row("gumbel-softmax", 1.0);
  EXPECT_LT(bias_upper(cold), bias_lower(warm));
  EXPECT_GT(bias_lower(warm), 0.0);  // and at τ = 1 it is clearly biased
}

// ... while its variance grows (the VJP carries 1/τ). variance_standard_error bounds the standard
// error of the trace from above; 5 of them on each side: false failure below 1e-6 each by the
// Gaussian approximation of the sample variance (measured: 1.8e6 ± 1.7e5 against 2.0e4 ± 6e2).
TEST_F(EstimatorComparisonTest, GumbelSoftmaxVarianceGrowsAsTemperatureFalls) {
  const ComparisonRow& cold = row("gumbel-softmax", 0.1);
  const ComparisonRow& warm = row("gumbel-softmax", 1.0);
  EXPECT_GT(cold.variance_per_evaluation - 5 * cold.variance_standard_error,
            warm.variance_per_evaluation + 5 * warm.variance_standard_error);
  const ComparisonRow& st_cold = row("st-gumbel-softmax", 0.1);
  const ComparisonRow& st_warm = row("st-gumbel-softmax", 1.0);
  EXPECT_GT(st_cold.variance_per_evaluation - 5 * st_cold.variance_standard_error,
            st_warm.variance_per_evaluation + 5 * st_warm.variance_standard_error);
}

TEST_F(EstimatorComparisonTest, SummariesAreConsistentWithTheMoments) {
  const double norm = result_->exact_gradient.norm();
  for (const auto& r : result_->rows) {
    EXPECT_NEAR(r.bias_norm, (r.moments.mean - result_->exact_gradient).norm(),
                1e-12 * (1 + r.bias_norm));
    EXPECT_NEAR(r.relative_bias, r.bias_norm / norm, 1e-15);
    EXPECT_NEAR(r.noise_floor, r.moments.standard_error.norm(), 1e-12 * r.noise_floor);
    EXPECT_NEAR(r.variance_per_evaluation, r.moments.variance_per_evaluation(),
                1e-9 * r.variance_per_evaluation);
    EXPECT_GE(r.mean_cosine, -1.0);
    EXPECT_LE(r.mean_cosine, 1.0);
    EXPECT_GT(r.cosine_standard_error, 0.0);
  }
}

TEST(EstimatorComparison, IsReproducibleAndSeeded) {
  const EstimatorComparisonOptions options{
      .model = {.variables = 2, .categories = 3}, .taus = {0.5}, .repetitions = 200};
  const EstimatorComparison a = compare_estimators(options);
  const EstimatorComparison b = compare_estimators(options);
  EstimatorComparisonOptions other = options;
  other.seed = 2;
  const EstimatorComparison c = compare_estimators(other);
  ASSERT_EQ(a.rows.size(), 7U);
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].moments.mean, b.rows[i].moments.mean) << a.rows[i].estimator;
    EXPECT_NE(a.rows[i].moments.mean, c.rows[i].moments.mean) << a.rows[i].estimator;
  }
  EXPECT_EQ(a.exact_gradient, c.exact_gradient);  // the model has its own seed
}

}  // namespace
}  // namespace varopt::relax
