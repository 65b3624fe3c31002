// Kept noise (dist/population.hpp): a Gaussian population whose noise fits max_kept_noise keeps
// the ε it draws at construction; every member, noise vector, score sum and update computed from
// it is bit-identical to the regenerating path's, below and above the bound.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <span>

#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_full.hpp"
#include "varopt/dist/gaussian_isotropic.hpp"
#include "varopt/dist/gaussian_noise.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/eval/evaluations.hpp"
#include "varopt/update/cma_update.hpp"

namespace varopt {
namespace {

// Bitwise equality (EXPECT_EQ on doubles would also accept −0 == +0).
bool same_bits(ConstVecRef a, ConstVecRef b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// Distinct weights of both signs, some zero (those terms are left out of the sums).
Vec weights_for(Index size) {
  Vec w(size);
  for (Index i = 0; i < size; ++i) w[i] = (i % 3 == 2) ? 0.0 : 0.3 * static_cast<double>(i) - 1.1;
  return w;
}

Population make(const SearchDistribution& d, Index size, bool antithetic, Index max_kept,
                std::shared_ptr<const Box> box = nullptr, EvaluationRepeats repeats = {}) {
  return Population(d, 42, 3, size, antithetic, std::move(box), repeats, max_kept);
}

// Everything that reads a population's noise, from the kept and the regenerating population.
void expect_same_results(const Population& kept, const Population& regenerated) {
  ASSERT_TRUE(kept.keeps_noise());
  ASSERT_FALSE(regenerated.keeps_noise());
  const Index n = kept.dim();
  Vec a(n), b(n);
  for (Index i = 0; i < kept.size(); ++i) {
    kept.sample(i, a);
    regenerated.sample(i, b);
    EXPECT_TRUE(same_bits(a, b)) << "sample " << i;
    kept.member(i, a);
    regenerated.member(i, b);
    EXPECT_TRUE(same_bits(a, b)) << "member " << i;
    gaussian_noise(kept, i, a);
    gaussian_noise(regenerated, i, b);
    EXPECT_TRUE(same_bits(a, b)) << "noise " << i;
  }
  for (Index e = 0; e < kept.evaluation_count(); ++e) {
    kept.evaluation_point(e, a);
    regenerated.evaluation_point(e, b);
    EXPECT_TRUE(same_bits(a, b)) << "evaluation " << e;
  }
  const Vec w = weights_for(kept.size());
  const SearchDistribution& d = kept.distribution();
  EXPECT_TRUE(same_bits(d.weighted_score_sum(kept, w), d.weighted_score_sum(regenerated, w)));
  EXPECT_TRUE(same_bits(d.natural_weighted_score_sum(kept, w),
                        d.natural_weighted_score_sum(regenerated, w)));
}

// CMA-ES's step (it reads the noise of the ranked members) from both populations.
void expect_same_cma_step(const Population& kept, const Population& regenerated) {
  const CmaUpdate rule(kept.distribution(), kept.size());
  CmaUpdate first = rule, second = rule;
  Evaluations evaluations;
  evaluations.fitness = weights_for(kept.size()).array().square();
  Vec a, b;
  first.update(kept, evaluations, a);
  second.update(regenerated, evaluations, b);
  EXPECT_TRUE(same_bits(a, b));
}

TEST(KeptNoise, KeptUpToTheBoundInValuesOfNoise) {
  // At the default bound 2^20 values: 8 streams of 2^17 are kept, 8 of 2^17 + 2 are not; with
  // antithetic pairs 16 members have 8 streams.
  const Index n = Index{1} << 17;
  const GaussianDiagonal at_bound(Vec::Zero(n), 1.0), above(Vec::Zero(n + 2), 1.0);
  EXPECT_TRUE(Population(at_bound, 1, 0, 8, false).keeps_noise());
  EXPECT_TRUE(Population(at_bound, 1, 0, 16, true).keeps_noise());
  EXPECT_FALSE(Population(at_bound, 1, 0, 10, false).keeps_noise());
  EXPECT_FALSE(Population(above, 1, 0, 8, false).keeps_noise());
  // A bound of 0 never keeps; a negative bound is refused.
  const GaussianFull small(Vec::Zero(3), 1.0);
  EXPECT_TRUE(make(small, 4, false, kMaxKeptNoise).keeps_noise());
  EXPECT_FALSE(make(small, 4, false, 0).keeps_noise());
  EXPECT_THROW(make(small, 4, false, -1), InvalidArgument);
  // A distribution that does not draw from normal noise never keeps (nothing to keep).
  const Bernoulli bits(Vec::Constant(5, -0.4));
  EXPECT_FALSE(Population(bits, 1, 0, 8, false).keeps_noise());
  EXPECT_EQ(Population(bits, 1, 0, 8, false).kept_noise(0), nullptr);
}

TEST(KeptNoise, TheKeptNoiseIsTheStreamsFirstNormals) {
  const GaussianIsotropic d(Vec::Zero(7), 0.5);
  const Population p = make(d, 6, true, kMaxKeptNoise);
  Vec expected(7);
  for (Index i = 0; i < 6; ++i) {
    fill_normal(p.stream_of(i), 0, std::span<double>(expected.data(), 7));
    ASSERT_NE(p.kept_noise(i), nullptr);
    EXPECT_TRUE(same_bits(Eigen::Map<const Vec>(p.kept_noise(i), 7), expected)) << i;
  }
  Vec wrong(6);
  EXPECT_THROW(p.sample(0, wrong), InvalidArgument);
}

TEST(KeptNoise, AxisGaussiansGiveTheSameResultsJustBelowAndAboveTheBound) {
  // n · λ = 120: kept with a bound of 120, regenerated with 119 (and with 0).
  const Index n = 12;
  const Vec mean = Vec::LinSpaced(n, -1.0, 2.0);
  const GaussianDiagonal diagonal(mean, Vec::LinSpaced(n, 0.2, 1.5));
  const GaussianIsotropic isotropic(mean, 0.7);
  for (const SearchDistribution* d : {static_cast<const SearchDistribution*>(&diagonal),
                                      static_cast<const SearchDistribution*>(&isotropic)}) {
    SCOPED_TRACE(d->name());
    expect_same_results(make(*d, 10, false, 120), make(*d, 10, false, 119));
    expect_same_results(make(*d, 20, true, 120), make(*d, 20, true, 0));
  }
  expect_same_cma_step(make(diagonal, 10, false, 120), make(diagonal, 10, false, 119));
  // More coordinates than one chunk of the moments kernel (2048).
  const GaussianDiagonal wide(Vec::Zero(5000), Vec::LinSpaced(5000, 0.5, 2.0));
  expect_same_results(make(wide, 6, true, 15000), make(wide, 6, true, 14999));
}

TEST(KeptNoise, FullGaussianGivesTheSameResultsJustBelowAndAboveTheBound) {
  const Index n = 9;
  Mat lower = Mat::Identity(n, n) * 0.8;
  lower.triangularView<Eigen::StrictlyLower>().setConstant(0.15);
  const GaussianFull full = GaussianFull::from_cholesky(Vec::LinSpaced(n, 1.0, -1.0), lower);
  expect_same_results(make(full, 11, false, 99), make(full, 11, false, 98));
  expect_same_results(make(full, 12, true, 54), make(full, 12, true, 53));
  expect_same_cma_step(make(full, 11, false, 99), make(full, 11, false, 98));
}

TEST(KeptNoise, BoxAndPerturbedRepeatsReadTheSameMembers) {
  const Index n = 5;
  const GaussianDiagonal d(Vec::Zero(n), 2.0);
  const auto box = std::make_shared<const Box>(
      Box{.lower = Vec::Constant(n, -1.0), .upper = Vec::Constant(n, 1.5)});
  const EvaluationRepeats repeats{.per_member = 2, .reevaluated = 3, .perturbation = 0.1};
  expect_same_results(make(d, 8, false, kMaxKeptNoise, box, repeats),
                      make(d, 8, false, 0, box, repeats));
}

}  // namespace
}  // namespace varopt
