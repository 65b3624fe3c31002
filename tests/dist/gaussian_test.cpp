// Gaussian search distributions: closed forms, the distribution contract, the natural gradient
// against an independently assembled Fisher matrix, pathwise gradients, sample moments and input
// validation.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numbers>
#include <string>

#include "support/vectors.hpp"
#include "dist/distribution_contract.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_full.hpp"
#include "varopt/dist/gaussian_isotropic.hpp"
#include "varopt/dist/population.hpp"

namespace varopt {
namespace {

using testing::check_distribution_contract;
using testing::ContractOptions;
using testing::expect_mean_near;
using testing::MonteCarloMean;

const double pi = std::numbers::pi;

using testing::vec;

// A correlated SPD matrix: A Aᵀ + n I for a fixed A.
Mat correlated_covariance(Index n) {
  Mat a(n, n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) a(i, j) = std::sin(1.3 * static_cast<double>(i + 1) + 0.7 * j);
  }
  return 0.3 * (a * a.transpose()) + 0.5 * Mat::Identity(n, n);
}

// The covariance of any of the three, from its public accessors.
Mat covariance_of(const SearchDistribution& d) {
  if (const auto* full = dynamic_cast<const GaussianFull*>(&d)) return full->covariance();
  if (const auto* diagonal = dynamic_cast<const GaussianDiagonal*>(&d)) {
    return diagonal->sigma().array().square().matrix().asDiagonal();
  }
  const auto& isotropic = dynamic_cast<const GaussianIsotropic&>(d);
  return isotropic.sigma() * isotropic.sigma() * Mat::Identity(d.dim(), d.dim());
}

// log N(x; μ, Σ) written from the density, with an LU determinant and inverse (not Cholesky).
double gaussian_log_density(const Vec& x, const Vec& mean, const Mat& covariance) {
  const Eigen::FullPivLU<Mat> lu(covariance);
  const Vec r = x - mean;
  const double n = static_cast<double>(x.size());
  return -0.5 * n * std::log(2 * pi) - 0.5 * std::log(lu.determinant()) -
         0.5 * r.dot(lu.inverse() * r);
}

// ½ log det(2π e Σ).
double gaussian_entropy(const Mat& covariance) {
  return 0.5 * std::log((2 * pi * std::numbers::e * covariance).determinant());
}

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InvalidArgument& e) {
    return e.what();
  }
  return "no InvalidArgument thrown";
}

// ---- closed forms ------------------------------------------------------------------------------

TEST(GaussianIsotropic, LogProbAndEntropyMatchClosedForm) {
  const Vec mean = vec({0.5, -1.0, 2.0});
  const double sigma = 0.7;
  const GaussianIsotropic d(mean, sigma);
  const Vec x = vec({0.1, -0.2, 2.5});
  const double expected = -1.5 * std::log(2 * pi) - 3 * std::log(sigma) -
                          (x - mean).squaredNorm() / (2 * sigma * sigma);
  EXPECT_NEAR(d.log_prob(x), expected, 1e-12);
  EXPECT_NEAR(d.entropy(), 1.5 * std::log(2 * pi * std::numbers::e * sigma * sigma), 1e-12);
  EXPECT_EQ(d.num_params(), 4);
  EXPECT_DOUBLE_EQ(d.sigma(), sigma);
  EXPECT_EQ(d.center(), mean);
  EXPECT_DOUBLE_EQ(d.spread(), sigma);
}

TEST(GaussianDiagonal, LogProbAndEntropyMatchClosedForm) {
  const Vec mean = vec({0.5, -1.0, 2.0, 0.0});
  const Vec sigma = vec({0.7, 1.5, 0.2, 3.0});
  const GaussianDiagonal d(mean, sigma);
  const Vec x = vec({0.1, -0.2, 2.5, -4.0});
  double expected = 0;
  for (Index i = 0; i < 4; ++i) {
    const double r = (x[i] - mean[i]) / sigma[i];
    expected += -0.5 * std::log(2 * pi) - std::log(sigma[i]) - 0.5 * r * r;
  }
  EXPECT_NEAR(d.log_prob(x), expected, 1e-12);
  double entropy = 0;
  for (Index i = 0; i < 4; ++i)
    entropy += 0.5 * std::log(2 * pi * std::numbers::e * sigma[i] * sigma[i]);
  EXPECT_NEAR(d.entropy(), entropy, 1e-12);
  EXPECT_EQ(d.num_params(), 8);
  EXPECT_TRUE(d.sigma().isApprox(sigma, 1e-15));
  EXPECT_DOUBLE_EQ(d.spread(), 3.0);
}

TEST(GaussianFull, LogProbAndEntropyMatchClosedForm) {
  const Vec mean = vec({0.5, -1.0, 2.0, 0.25});
  const Mat covariance = correlated_covariance(4);
  const GaussianFull d(mean, covariance);
  EXPECT_EQ(d.num_params(), 4 + 10);
  EXPECT_TRUE(d.covariance().isApprox(covariance, 1e-13));
  for (const Vec& x : {vec({0.1, -0.2, 2.5, -4.0}), vec({3.0, 1.0, -2.0, 0.5}), Vec(mean)}) {
    EXPECT_NEAR(d.log_prob(x), gaussian_log_density(x, mean, covariance), 1e-11);
  }
  EXPECT_NEAR(d.entropy(), gaussian_entropy(covariance), 1e-11);
  EXPECT_NEAR(d.spread(), std::sqrt(covariance.diagonal().maxCoeff()), 1e-13);
}

TEST(GaussianFull, FromCholeskyAndFromSigma) {
  const Vec mean = vec({1.0, 2.0, 3.0});
  const Mat covariance = correlated_covariance(3);
  const Mat lower = Eigen::LLT<Mat>(covariance).matrixL();
  const GaussianFull from_l = GaussianFull::from_cholesky(mean, lower);
  const GaussianFull from_sigma(mean, covariance);
  EXPECT_TRUE(from_l.cholesky().isApprox(lower, 1e-15));
  EXPECT_TRUE(from_l.params().isApprox(from_sigma.params(), 1e-14));
  // ψ layout: μ, log L_ii, then L(1,0), L(2,0), L(2,1).
  const Vec& psi = from_l.params();
  EXPECT_NEAR(psi[3], std::log(lower(0, 0)), 1e-15);
  EXPECT_NEAR(psi[5], std::log(lower(2, 2)), 1e-15);
  EXPECT_EQ(psi[6], lower(1, 0));
  EXPECT_EQ(psi[7], lower(2, 0));
  EXPECT_EQ(psi[8], lower(2, 1));
  const GaussianFull isotropic(mean, 0.5);
  EXPECT_TRUE(isotropic.covariance().isApprox(0.25 * Mat::Identity(3, 3), 1e-15));
}

TEST(GaussianFull, AgreesWithDiagonalWhenCovarianceIsDiagonal) {
  const Vec mean = vec({0.5, -1.0, 2.0});
  const Vec sigma = vec({0.7, 1.5, 0.2});
  const GaussianDiagonal diagonal(mean, sigma);
  const GaussianFull full(mean, Mat(sigma.array().square().matrix().asDiagonal()));
  const Vec x = vec({0.1, -0.2, 2.5});
  EXPECT_NEAR(full.log_prob(x), diagonal.log_prob(x), 1e-12);
  EXPECT_NEAR(full.entropy(), diagonal.entropy(), 1e-12);
  // The same stream gives the same point.
  Stream a = Rng(3).stream(0, 0), b = Rng(3).stream(0, 0);
  Vec xa(3), xb(3);
  full.sample(a, xa);
  diagonal.sample(b, xb);
  EXPECT_TRUE(xa.isApprox(xb, 1e-14));
}

// ---- the contract ------------------------------------------------------------------------------

ContractOptions gaussian_contract_options() {
  return {.seed = 11,
          .center_is_mean = true,
          .mirror_relation = [](const SearchDistribution& d, const Vec& x, const Vec& y) {
            // θ₋ = μ − T ε = 2μ − θ₊.
            EXPECT_TRUE(((x + y) / 2 - d.center()).cwiseAbs().maxCoeff() <=
                        1e-12 * (1 + x.cwiseAbs().maxCoeff()));
          }};
}

TEST(GaussianIsotropic, Contract) {
  check_distribution_contract(GaussianIsotropic(vec({0.5, -1.0, 2.0}), 0.7),
                              gaussian_contract_options());
  check_distribution_contract(GaussianIsotropic(vec({-3.0}), 2.5), gaussian_contract_options());
}

TEST(GaussianDiagonal, Contract) {
  check_distribution_contract(
      GaussianDiagonal(vec({0.5, -1.0, 2.0, 0.0}), vec({0.7, 1.5, 0.2, 3.0})),
      gaussian_contract_options());
  check_distribution_contract(GaussianDiagonal(vec({1.0}), 0.1), gaussian_contract_options());
}

TEST(GaussianFull, Contract) {
  check_distribution_contract(GaussianFull(vec({0.5, -1.0, 2.0, 0.25}), correlated_covariance(4)),
                              gaussian_contract_options());
  check_distribution_contract(
      GaussianFull(vec({0.0, 1.0, 2.0, -1.0, 0.5}), correlated_covariance(5)),
      gaussian_contract_options());  // odd n: the pairwise sweep's tail
  check_distribution_contract(GaussianFull(vec({1.0}), 0.4), gaussian_contract_options());
}

// ---- natural gradient against an independently assembled Fisher matrix ------------------------

// F_ij = ∂_iμᵀ Σ⁻¹ ∂_jμ + ½ tr(Σ⁻¹ ∂_iΣ Σ⁻¹ ∂_jΣ) (the Fisher matrix of any Gaussian family),
// with ∂_iμ and ∂_iΣ taken by central differences of center() and the covariance in ψ.
Mat fisher_by_finite_differences(const SearchDistribution& d) {
  const Index p = d.num_params();
  const Index n = d.dim();
  const auto probe = d.clone();
  std::vector<Vec> d_mean(static_cast<std::size_t>(p));
  std::vector<Mat> d_cov(static_cast<std::size_t>(p));
  for (Index j = 0; j < p; ++j) {
    const double h = 1e-5;
    Vec psi = d.params();
    psi[j] += h;
    probe->set_params(psi);
    const Vec mean_plus = probe->center();
    const Mat cov_plus = covariance_of(*probe);
    psi[j] -= 2 * h;
    probe->set_params(psi);
    d_mean[static_cast<std::size_t>(j)] = (mean_plus - probe->center()) / (2 * h);
    d_cov[static_cast<std::size_t>(j)] = (cov_plus - covariance_of(*probe)) / (2 * h);
  }
  const Mat inverse = covariance_of(d).inverse();
  Mat fisher(p, p);
  for (Index i = 0; i < p; ++i) {
    for (Index j = 0; j < p; ++j) {
      const auto a = static_cast<std::size_t>(i), b = static_cast<std::size_t>(j);
      fisher(i, j) = d_mean[a].dot(inverse * d_mean[b]) +
                     0.5 * (inverse * d_cov[a] * inverse * d_cov[b]).trace();
    }
  }
  (void)n;
  return fisher;
}

void expect_natural_gradient_solves_fisher(const SearchDistribution& d) {
  SCOPED_TRACE(d.name());
  const Mat fisher = fisher_by_finite_differences(d);
  Vec g(d.num_params());
  for (Index j = 0; j < g.size(); ++j) g[j] = std::cos(1.7 * static_cast<double>(j) + 0.3);
  const Vec expected = fisher.ldlt().solve(g);
  const Vec natural = d.natural_gradient(g);
  // Central differences are accurate to ~1e-10 relative; F is well conditioned here.
  EXPECT_LE((natural - expected).cwiseAbs().maxCoeff(), 1e-6 * expected.cwiseAbs().maxCoeff())
      << "natural: " << natural.transpose() << "\nF⁻¹g:    " << expected.transpose();
}

TEST(GaussianIsotropic, NaturalGradientIsInverseFisherTimesGradient) {
  expect_natural_gradient_solves_fisher(GaussianIsotropic(vec({0.5, -1.0, 2.0}), 0.7));
}

TEST(GaussianDiagonal, NaturalGradientIsInverseFisherTimesGradient) {
  expect_natural_gradient_solves_fisher(
      GaussianDiagonal(vec({0.5, -1.0, 2.0, 0.0}), vec({0.7, 1.5, 0.2, 3.0})));
}

TEST(GaussianFull, NaturalGradientIsInverseFisherTimesGradient) {
  expect_natural_gradient_solves_fisher(
      GaussianFull(vec({0.5, -1.0, 2.0, 0.25}), correlated_covariance(4)));
  expect_natural_gradient_solves_fisher(
      GaussianFull(vec({0.5, -1.0, 2.0, 0.25, 1, 2}), correlated_covariance(6)));
  expect_natural_gradient_solves_fisher(GaussianFull(vec({0.5}), 1.7));
}

// ---- pathwise gradient against finite differences of J ----------------------------------------

// f(θ) = ‖θ‖² ⇒ J(ψ) = ‖μ‖² + tr Σ(ψ); the mean of the pathwise estimates must equal ∇J, taken
// here by central differences of that closed form. Tolerance 5 SE (false-positive rate 5.7e-7 per
// component) plus the O(h²) difference error.
void expect_pathwise_mean_is_gradient_of_j(const SearchDistribution& d) {
  SCOPED_TRACE(d.name());
  const auto j_of = [](const SearchDistribution& at) {
    return at.center().squaredNorm() + covariance_of(at).trace();
  };
  const Index p = d.num_params();
  Vec gradient_j(p);
  const auto probe = d.clone();
  for (Index k = 0; k < p; ++k) {
    const double h = 1e-6;
    Vec psi = d.params();
    psi[k] += h;
    probe->set_params(psi);
    const double plus = j_of(*probe);
    psi[k] -= 2 * h;
    probe->set_params(psi);
    gradient_j[k] = (plus - j_of(*probe)) / (2 * h);
  }
  MonteCarloMean estimate(p);
  const Rng rng(21);
  Vec x(d.dim());
  for (Index i = 0; i < 20000; ++i) {
    Stream stream = rng.stream(0, static_cast<std::uint32_t>(i));
    d.sample(stream, x);
    Vec grad = Vec::Zero(p);
    d.add_pathwise(x, 2 * x, 1.0, grad);
    estimate.add(grad);
  }
  const Vec mean = estimate.mean();
  const Vec se = estimate.standard_error();
  for (Index k = 0; k < p; ++k) {
    EXPECT_LE(std::abs(mean[k] - gradient_j[k]), 5 * se[k] + 1e-6 * (1 + std::abs(gradient_j[k])))
        << "ψ_" << k << ": pathwise " << mean[k] << " ± " << se[k] << ", ∇J " << gradient_j[k];
  }
}

TEST(GaussianIsotropic, PathwiseGradientMatchesFiniteDifferencesOfJ) {
  expect_pathwise_mean_is_gradient_of_j(GaussianIsotropic(vec({0.5, -1.0, 2.0}), 0.7));
}

TEST(GaussianDiagonal, PathwiseGradientMatchesFiniteDifferencesOfJ) {
  expect_pathwise_mean_is_gradient_of_j(
      GaussianDiagonal(vec({0.5, -1.0, 2.0, 0.0}), vec({0.7, 1.5, 0.2, 3.0})));
}

TEST(GaussianFull, PathwiseGradientMatchesFiniteDifferencesOfJ) {
  expect_pathwise_mean_is_gradient_of_j(
      GaussianFull(vec({0.5, -1.0, 2.0, 0.25}), correlated_covariance(4)));
}

// A single pathwise estimate is exact for the spread parameters in one case that is easy to
// write down: θ = μ + σ ε, f = ‖θ‖² ⇒ ∂/∂s_i = 2 θ_i σ_i ε_i.
TEST(GaussianDiagonal, PathwiseSingleSampleClosedForm) {
  const Vec mean = vec({0.5, -1.0});
  const Vec sigma = vec({0.7, 1.5});
  const GaussianDiagonal d(mean, sigma);
  const Vec x = vec({0.9, 0.5});
  Vec grad = Vec::Zero(4);
  d.add_pathwise(x, 2 * x, 0.5, grad);
  EXPECT_NEAR(grad[0], x[0], 1e-15);
  EXPECT_NEAR(grad[2], 0.5 * 2 * x[0] * (x[0] - mean[0]), 1e-15);
  EXPECT_NEAR(grad[3], 0.5 * 2 * x[1] * (x[1] - mean[1]), 1e-15);
}

// ---- the lecture's quiz: E[sin(θ) (θ − μ)/σ²] = ∂/∂μ E[sin θ] = cos μ e^{−σ²/2} ---------------

TEST(GaussianIsotropic, ScoreFunctionEstimateOfLectureQuiz) {
  const double mu = 0.8, sigma = 0.6;
  const GaussianIsotropic d(vec({mu}), sigma);
  MonteCarloMean estimate(1);
  const Rng rng(5);
  Vec x(1);
  for (Index i = 0; i < 40000; ++i) {
    Stream stream = rng.stream(0, static_cast<std::uint32_t>(i));
    d.sample(stream, x);
    Vec grad = Vec::Zero(2);
    d.add_score(x, std::sin(x[0]), grad);
    estimate.add(grad.head(1));
  }
  // 5 SE: false-positive rate 5.7e-7.
  expect_mean_near(estimate, Vec::Constant(1, std::cos(mu) * std::exp(-sigma * sigma / 2)), 5.0,
                   "∂J/∂μ");
}

// ---- sample moments
// ------------------------------------------------------------------------------

// Sample mean vs μ and E[(θ_i − μ_i)(θ_j − μ_j)] vs Σ_ij, each with 5 SE (false-positive rate
// 5.7e-7 per entry, < 1e-4 for the ≤ 30 entries of a distribution here).
void expect_sample_moments(const SearchDistribution& d, const Mat& covariance) {
  SCOPED_TRACE(d.name());
  const Index n = d.dim();
  MonteCarloMean first(n), second(n * n);
  const Population population(d, 77, 0, 20000, true);
  const Vec mean = d.center();
  for (Index i = 0; i < population.size(); ++i) {
    const Vec r = population.member(i) - mean;
    first.add(r);
    second.add(Eigen::Map<const Vec>(Mat(r * r.transpose()).data(), n * n));
  }
  // Antithetic pairs: the mean of each pair is exactly μ, so the sample mean is μ to rounding.
  EXPECT_LE(first.mean().cwiseAbs().maxCoeff(), 1e-12);
  // Pairs give identical second moments, so the estimate is over 10000 independent values; the
  // standard error computed over all 20000 underestimates it by √2: use 5√2 SE.
  expect_mean_near(second, Eigen::Map<const Vec>(covariance.data(), n * n), 5.0 * std::sqrt(2.0),
                   "second moments");
  MonteCarloMean plain(n);
  for (Index i = 0; i < 20000; ++i) {
    Stream stream = Rng(78).stream(0, static_cast<std::uint32_t>(i));
    Vec x(n);
    d.sample(stream, x);
    plain.add(x);
  }
  expect_mean_near(plain, mean, 5.0, "sample mean");
}

TEST(GaussianSamples, MeanAndCovarianceByMonteCarlo) {
  expect_sample_moments(GaussianIsotropic(vec({0.5, -1.0, 2.0, 0.0}), 0.7),
                        0.49 * Mat::Identity(4, 4));
  const Vec sigma = vec({0.7, 1.5, 0.2, 3.0});
  expect_sample_moments(GaussianDiagonal(vec({0.5, -1.0, 2.0, 0.0}), sigma),
                        sigma.array().square().matrix().asDiagonal());
  expect_sample_moments(GaussianFull(vec({0.5, -1.0, 2.0, 0.0, 1.0}), correlated_covariance(5)),
                        correlated_covariance(5));
}

// ---- the fast weighted score sums at sizes that exercise their blocking ------------------------

void expect_score_sum_matches_members(const SearchDistribution& d, Index size, bool antithetic) {
  SCOPED_TRACE(d.name() + (antithetic ? " antithetic" : " plain"));
  const Population population(d, 99, 3, size, antithetic);
  Vec weights(size);
  for (Index i = 0; i < size; ++i) weights[i] = std::sin(0.37 * static_cast<double>(i) + 0.1);
  Vec expected = Vec::Zero(d.num_params());
  Vec scale = Vec::Zero(d.num_params());
  for (Index i = 0; i < size; ++i) {
    Vec s = Vec::Zero(d.num_params());
    d.add_score(population.member(i), 1.0, s);
    expected += weights[i] * s;
    scale += std::abs(weights[i]) * s.cwiseAbs();
  }
  const Vec got = d.weighted_score_sum(population, weights);
  EXPECT_LE(((got - expected).array().abs() - 1e-9 * scale.array()).maxCoeff(), 0.0);
  // Regeneration is deterministic: a second call gives the same bits.
  EXPECT_EQ(d.weighted_score_sum(population, weights), got);
}

TEST(GaussianDiagonal, WeightedScoreSumAcrossChunks) {
  const Index n = 5001;  // not a multiple of the 2048-coordinate chunks
  Vec sigma(n);
  for (Index i = 0; i < n; ++i) sigma[i] = 0.5 + 0.001 * static_cast<double>(i);
  const GaussianDiagonal d(Vec::LinSpaced(n, -1, 1), sigma);
  expect_score_sum_matches_members(d, 9, false);
  expect_score_sum_matches_members(d, 12, true);
  expect_score_sum_matches_members(GaussianIsotropic(Vec::LinSpaced(n, -1, 1), 0.3), 12, true);
}

TEST(GaussianFull, WeightedScoreSumAcrossBlocks) {
  // 13 and 11 noise vectors: the 8-wide solve and the 4-wide product both have remainders;
  // n = 300 is above the size where the kernels go parallel.
  const Index n = 300;
  Mat covariance = correlated_covariance(n) / static_cast<double>(n);
  covariance.diagonal().array() += 1.0;
  const GaussianFull d(Vec::LinSpaced(n, -1, 1), covariance);
  expect_score_sum_matches_members(d, 13, false);
  expect_score_sum_matches_members(d, 22, true);
}

// ---- spread
// --------------------------------------------------------------------------------------

TEST(GaussianDiagonal, ClampSpreadRaisesOnlyNarrowCoordinates) {
  GaussianDiagonal d(vec({0.0, 0.0, 0.0}), vec({0.1, 2.0, 0.5}));
  d.clamp_spread(0.6);
  EXPECT_NEAR(d.sigma()[0], 0.6, 1e-15);
  EXPECT_EQ(d.sigma()[1], 2.0);
  EXPECT_NEAR(d.sigma()[2], 0.6, 1e-15);
  const std::vector<Index> expected{3, 4, 5};
  EXPECT_EQ(d.spread_params(), expected);
}

TEST(GaussianIsotropic, ClampSpread) {
  GaussianIsotropic d(vec({0.0, 0.0}), 0.1);
  d.clamp_spread(0.25);
  EXPECT_NEAR(d.sigma(), 0.25, 1e-15);
  d.clamp_spread(0.2);
  EXPECT_NEAR(d.sigma(), 0.25, 1e-15);
  EXPECT_EQ(d.spread_params(), std::vector<Index>{2});
}

TEST(GaussianFull, ClampSpreadRaisesDiagonalOfNarrowRows) {
  const Mat covariance = correlated_covariance(4) * 0.01;
  GaussianFull d(vec({0, 0, 0, 0}), covariance);
  const Mat before = d.cholesky();
  const double floor = std::sqrt(covariance.diagonal().maxCoeff()) * 0.9;
  d.clamp_spread(floor);
  const Mat after = d.cholesky();
  const Vec variances = d.covariance().diagonal();
  for (Index i = 0; i < 4; ++i) {
    EXPECT_GE(std::sqrt(variances[i]), floor * (1 - 1e-14)) << i;
    if (covariance(i, i) >= floor * floor) {
      EXPECT_EQ(after.row(i), before.row(i)) << "a wide row was changed";
    } else {
      EXPECT_NEAR(std::sqrt(variances[i]), floor, 1e-14) << i;
    }
  }
  // Off-diagonal entries of L are never changed.
  EXPECT_EQ(after.triangularView<Eigen::StrictlyLower>().toDenseMatrix(),
            before.triangularView<Eigen::StrictlyLower>().toDenseMatrix());
  EXPECT_EQ(d.spread_params().size(), 10u);
  EXPECT_EQ(d.spread_params().front(), 4);
}

// A floor per coordinate (the ordered integers' margin, solve/integer_margin.hpp): only the
// coordinates with a floor > 0 and narrower than it are raised.
TEST(Gaussians, ClampCoordinateSpreadRaisesOnlyTheNarrowFlooredCoordinates) {
  const Vec floors = vec({0.3, 0.0, 0.3, 0.3});
  GaussianDiagonal diagonal(Vec::Zero(4), vec({0.1, 0.01, 0.5, 0.2}));
  diagonal.clamp_coordinate_spread(floors);
  EXPECT_TRUE(diagonal.sigma().isApprox(vec({0.3, 0.01, 0.5, 0.3}), 1e-14)) << diagonal.sigma();
  const Mat covariance = correlated_covariance(4) * 0.01;  // σ_i of about 0.1
  GaussianFull full(Vec::Zero(4), covariance);
  const Mat before = full.cholesky();
  full.clamp_coordinate_spread(floors);
  const Vec variances = full.covariance().diagonal();
  for (Index i = 0; i < 4; ++i) {
    if (floors[i] > 0 && covariance(i, i) < floors[i] * floors[i]) {
      EXPECT_NEAR(std::sqrt(variances[i]), floors[i], 1e-14) << i;
    } else {
      EXPECT_EQ(full.cholesky().row(i), before.row(i)) << i;
    }
  }
  GaussianIsotropic isotropic(Vec::Zero(4), 0.1);  // one σ: no coordinate has its own
  isotropic.clamp_coordinate_spread(floors);
  EXPECT_NEAR(isotropic.sigma(), 0.1, 1e-16);
  EXPECT_THROW(diagonal.clamp_coordinate_spread(vec({0.3})), InvalidArgument);
}

// ---- input validation
// ----------------------------------------------------------------------------

TEST(GaussianValidation, IsotropicMessages) {
  EXPECT_EQ(message_of([] {
              GaussianIsotropic(vec({0.0, 1.0}), -1.0);
            }),
            "GaussianIsotropic: expected σ > 0, got -1");
  EXPECT_EQ(message_of([] { GaussianIsotropic(vec({0.0}), 0.0); }),
            "GaussianIsotropic: expected σ > 0, got 0");
  EXPECT_EQ(message_of([] { GaussianIsotropic(vec({0.0}), std::nan("")); }),
            "GaussianIsotropic: expected σ > 0, got nan");
  EXPECT_EQ(
      message_of([] { GaussianIsotropic(vec({0.0}), std::numeric_limits<double>::infinity()); }),
      "GaussianIsotropic: expected a finite σ, got inf");
  EXPECT_EQ(message_of([] { GaussianIsotropic(Vec(), 1.0); }),
            "GaussianIsotropic: expected a mean of dimension n >= 1, got 0");
  EXPECT_EQ(message_of([] {
              GaussianIsotropic(vec({0.0, std::nan("")}), 1.0);
            }),
            "GaussianIsotropic: expected a finite mean, got nan at index 1");
  EXPECT_EQ(message_of([] { GaussianIsotropic(vec({0.0}), 1e-200); }),
            "GaussianIsotropic: expected σ in [e^-300, e^300], got 1e-200");
}

TEST(GaussianValidation, DiagonalMessages) {
  EXPECT_EQ(message_of([] {
              GaussianDiagonal(vec({0.0, 1.0}), vec({1.0, -1.0}));
            }),
            "GaussianDiagonal: expected σ_1 > 0, got -1");
  EXPECT_EQ(message_of([] {
              GaussianDiagonal(vec({0.0, 1.0}), -1.0);
            }),
            "GaussianDiagonal: expected σ_0 > 0, got -1");
  EXPECT_EQ(message_of([] {
              GaussianDiagonal(vec({0.0, 1.0}), vec({1.0}));
            }),
            "GaussianDiagonal: expected one σ per coordinate (2), got 1");
}

TEST(GaussianValidation, FullMessages) {
  const Vec mean = vec({0.0, 1.0});
  EXPECT_EQ(message_of([&] { GaussianFull(mean, Mat::Identity(3, 3)); }),
            "GaussianFull: expected a 2 x 2 covariance matrix, got 3 x 3");
  Mat asymmetric = Mat::Identity(2, 2);
  asymmetric(0, 1) = 0.5;
  EXPECT_EQ(message_of([&] { GaussianFull(mean, asymmetric); }),
            "GaussianFull: expected a symmetric covariance matrix, got max |Σ − Σᵀ| = 0.5");
  Mat indefinite(2, 2);
  indefinite << 1, 2, 2, 1;
  EXPECT_EQ(message_of([&] { GaussianFull(mean, indefinite); }),
            "GaussianFull: expected a positive-definite covariance matrix, got a matrix without "
            "Cholesky factor");
  Mat with_nan = Mat::Identity(2, 2);
  with_nan(1, 1) = std::nan("");
  EXPECT_EQ(message_of([&] { GaussianFull(mean, with_nan); }),
            "GaussianFull: expected a finite covariance matrix, got a NaN or inf entry");
  Mat upper = Mat::Identity(2, 2);
  upper(0, 1) = 0.1;
  EXPECT_EQ(message_of([&] { GaussianFull::from_cholesky(mean, upper); }),
            "GaussianFull: expected a lower-triangular Cholesky factor, got L(0, 1) = 0.1");
  Mat negative = Mat::Identity(2, 2);
  negative(1, 1) = -2;
  EXPECT_EQ(message_of([&] { GaussianFull::from_cholesky(mean, negative); }),
            "GaussianFull: expected L(1, 1) > 0, got -2");
  EXPECT_EQ(message_of([&] { GaussianFull(mean, 0.0); }), "GaussianFull: expected σ > 0, got 0");
}

TEST(GaussianValidation, ArgumentSizes) {
  const GaussianDiagonal d(vec({0.0, 1.0}), 1.0);
  Vec grad = Vec::Zero(4);
  EXPECT_THROW(d.log_prob(vec({1.0})), InvalidArgument);
  EXPECT_THROW(d.add_score(vec({1.0, 2.0}), 1.0, grad.head(3)), InvalidArgument);
  EXPECT_THROW(d.natural_gradient(Vec::Zero(3)), InvalidArgument);
  EXPECT_THROW(d.add_pathwise(vec({1.0, 2.0}), vec({1.0}), 1.0, grad), InvalidArgument);
  const Population population(d, 1, 0, 4, true);
  Vec weights = Vec::Ones(4);
  weights[1] = std::nan("");
  EXPECT_EQ(message_of([&] { d.weighted_score_sum(population, weights); }),
            "GaussianDiagonal::weighted_score_sum: expected finite weights, got a NaN or inf "
            "weight");
  const GaussianFull full(vec({0.0, 1.0}), 1.0);
  EXPECT_THROW(full.log_prob(vec({1.0})), InvalidArgument);
  EXPECT_THROW(full.natural_gradient(Vec::Zero(4)), InvalidArgument);
}

TEST(GaussianValidation, LogScaleOutOfRangeIsRejectedAndPsiKept) {
  GaussianDiagonal d(vec({0.0, 1.0}), 1.0);
  const Vec before = d.params();
  EXPECT_EQ(message_of([&] {
              d.set_params(vec({0.0, 1.0, 0.0, 1000.0}));
            }),
            "GaussianDiagonal::set_params: expected log-scale parameters in [-300, 300], got 1000 "
            "at index 1");
  EXPECT_EQ(d.params(), before);
  EXPECT_EQ(d.sigma(), Vec::Ones(2));
  GaussianFull full(vec({0.0, 1.0}), 1.0);
  const Vec full_before = full.params();
  EXPECT_THROW(full.set_params(vec({0.0, 1.0, -400.0, 0.0, 0.5})), InvalidArgument);
  EXPECT_EQ(full.params(), full_before);
  EXPECT_TRUE(std::isfinite(full.log_prob(vec({0.0, 1.0}))));
}

}  // namespace
}  // namespace varopt
