// natural_weighted_score_sum: the natural gradient of a weighted score sum, computed by
// GaussianFull from the noise vectors in O(n² λ), equals natural_gradient(weighted_score_sum(...))
// (the O(n³) composition, itself tested against an assembled Fisher matrix in gaussian_test).
// Both are exact formulas, so the comparison is deterministic: the tolerance is a rounding bound,
// 1e-10 relative to the largest entry (the sums have at most a few thousand terms of size O(1)).
#include <gtest/gtest.h>

#include <cmath>

#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_full.hpp"
#include "varopt/dist/population.hpp"

namespace varopt {
namespace {

// A correlated SPD matrix with a spread of scales: (A Aᵀ)/n + I for a fixed A.
Mat covariance_of_size(Index n) {
  Mat a(n, n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) a(i, j) = std::sin(1.3 * static_cast<double>(i + 1) + 0.7 * j);
  }
  return a * a.transpose() / static_cast<double>(n) + Mat::Identity(n, n);
}

// Weights with both signs and some exact zeros (skipped terms), as shaped fitness has.
Vec weights_of_size(Index size) {
  Vec w(size);
  for (Index i = 0; i < size; ++i) w[i] = i % 5 == 3 ? 0.0 : std::cos(2.1 * static_cast<double>(i));
  return w;
}

void expect_same(const Vec& got, const Vec& expected) {
  ASSERT_EQ(got.size(), expected.size());
  const double scale = std::max(1.0, expected.cwiseAbs().maxCoeff());
  EXPECT_LE((got - expected).cwiseAbs().maxCoeff(), 1e-10 * scale);
}

void expect_matches_composition(const SearchDistribution& d, const Population& population) {
  const Vec w = weights_of_size(population.size());
  expect_same(d.natural_weighted_score_sum(population, w),
              d.natural_gradient(d.weighted_score_sum(population, w)));
}

TEST(NaturalScoreSum, GaussianFullMatchesTheComposition) {
  // n across the 4/8-row blocks (1, 2, 7, 13, 37) and λ across the 8-vector batches, with and
  // without antithetic pairs (a pair is one noise vector with odd and even coefficients).
  for (const Index n : {1, 2, 7, 13, 37}) {
    const GaussianFull d(Vec::LinSpaced(n, -1, 2), covariance_of_size(n));
    for (const Index lambda : {1, 5, 8, 24, 29}) {
      SCOPED_TRACE(testing::Message() << "n = " << n << ", lambda = " << lambda);
      expect_matches_composition(d, Population(d, 3, 7, lambda, false));
      expect_matches_composition(d, Population(d, 3, 7, 2 * lambda, true));
    }
  }
}

TEST(NaturalScoreSum, GaussianFullLargeEnoughToRunInParallel) {
  // n² λ = 601² · 200 is above the kernel's parallel threshold (2^26); n is not a multiple of 8.
  const Index n = 601, lambda = 200;
  const GaussianFull d(Vec::LinSpaced(n, -1, 1), covariance_of_size(n));
  expect_matches_composition(d, Population(d, 11, 2, lambda, false));
  // Deterministic: a second call gives the same bits.
  const Population population(d, 11, 3, lambda, false);
  const Vec w = weights_of_size(lambda);
  EXPECT_EQ(d.natural_weighted_score_sum(population, w),
            d.natural_weighted_score_sum(population, w));
}

TEST(NaturalScoreSum, GaussianFullZeroWeightsAndForeignPopulation) {
  const GaussianFull d(Vec::LinSpaced(5, 0, 1), covariance_of_size(5));
  const Population own(d, 1, 0, 6, true);
  EXPECT_EQ(d.natural_weighted_score_sum(own, Vec::Zero(6)), Vec::Zero(d.num_params()));
  // A population drawn from another ψ cannot reuse its noise: the generic path (regenerated
  // members) must still give F⁻¹ of the score sum under d.
  const GaussianFull other(Vec::Constant(5, 0.5), 2.0);
  expect_matches_composition(d, Population(other, 1, 0, 6, false));
}

TEST(NaturalScoreSum, DefaultIsTheComposition) {
  const GaussianDiagonal d(Vec::LinSpaced(6, -1, 1), Vec::LinSpaced(6, 0.5, 2));
  const Population population(d, 4, 1, 10, true);
  const Vec w = weights_of_size(10);
  EXPECT_EQ(d.natural_weighted_score_sum(population, w),
            d.natural_gradient(d.weighted_score_sum(population, w)));
}

}  // namespace
}  // namespace varopt
