// CMA-ES as an update rule: the Cholesky rank-one update, the default parameters, convergence of
// the cma and sep-cma presets (rotated problems included), and the rule's state.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <string>
#include <vector>

#include "support/vectors.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_full.hpp"
#include "varopt/dist/gaussian_isotropic.hpp"
#include "support/convergence.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"
#include "varopt/update/cholesky_rank_one.hpp"
#include "varopt/update/cma_update.hpp"

namespace varopt {
namespace {

using testing::expect_solves;

Mat spd_factor(Index n) {
  Mat m = Mat::Random(n, n);
  const Mat c = m * m.transpose() + Mat::Identity(n, n);
  return c.llt().matrixL();
}

// A dense lower-triangular matrix in the packed storage of cholesky_rank_updates, and back.
struct Packed {
  explicit Packed(const Mat& lower) : diagonal(lower.diagonal()) {
    for (Index j = 0; j < lower.cols(); ++j)
      for (Index i = j + 1; i < lower.rows(); ++i) strictly_lower.push_back(lower(i, j));
  }
  PackedLower view() {
    return {
        .n = diagonal.size(), .diagonal = diagonal.data(), .strictly_lower = strictly_lower.data()};
  }
  Mat dense() const {
    const Index n = diagonal.size();
    Mat lower = Mat::Zero(n, n);
    lower.diagonal() = diagonal;
    std::size_t k = 0;
    for (Index j = 0; j < n; ++j)
      for (Index i = j + 1; i < n; ++i) lower(i, j) = strictly_lower[k++];
    return lower;
  }
  Vec diagonal;
  std::vector<double> strictly_lower;
};

// L Lᵀ + Σ β_j u_j u_jᵀ through the packed update, as a dense factor (false: refused).
bool updated_factor(const Mat& lower, const Mat& u, const Vec& betas, Mat& out) {
  Packed packed(lower);
  Mat work = u;
  const bool ok = cholesky_rank_updates(packed.view(), work, betas);
  out = packed.dense();
  return ok;
}

TEST(CholeskyRankUpdates, UpdateAndDowndateTheFactorTermByTerm) {
  for (Index n : {1, 2, 7, 30}) {
    const Mat lower = spd_factor(n);
    const Mat c = lower * lower.transpose();
    Mat u(n, 3);
    u.col(0) = Vec::LinSpaced(n, -1.0, 2.0);
    u.col(1) = Vec::LinSpaced(n, 0.5, -0.3);
    u.col(2) = Vec::Ones(n);
    const Vec betas = testing::vec({0.7, -0.05, 0.2});
    Mat updated;
    ASSERT_TRUE(updated_factor(lower, u, betas, updated)) << n;
    Mat expected = c;
    for (Index j = 0; j < 3; ++j) expected += betas[j] * u.col(j) * u.col(j).transpose();
    EXPECT_LT((updated * updated.transpose() - expected).cwiseAbs().maxCoeff(),
              1e-12 * expected.cwiseAbs().maxCoeff())
        << n;
    EXPECT_GT(updated.diagonal().minCoeff(), 0.0);
    // The same as one term after another.
    Mat one_by_one = lower;
    for (Index j = 0; j < 3; ++j)
      ASSERT_TRUE(updated_factor(one_by_one, u.col(j), betas.segment(j, 1), one_by_one));
    EXPECT_LT((one_by_one - updated).cwiseAbs().maxCoeff(), 1e-12 * lower.cwiseAbs().maxCoeff());
    // A downdate past positive definiteness is refused.
    Mat refused;
    EXPECT_FALSE(updated_factor(lower, u.col(0), testing::vec({-1e6}), refused));
  }
  Mat lower = Mat::Identity(2, 2), ones = Mat::Ones(3, 1), out;
  EXPECT_THROW(updated_factor(lower, ones, testing::vec({1.0}), out), InvalidArgument);
  EXPECT_THROW(updated_factor(lower, Mat::Ones(2, 1), testing::vec({1.0, 2.0}), out),
               InvalidArgument);
}

// Several blocks of columns (16 each), strips of rows and their remainders, and more terms than
// one group (32): the factor of C + Σ β u uᵀ, and the same as one term after another up to
// rounding (the order of the operations on each entry is the same; only the grouping differs).
TEST(CholeskyRankUpdates, BlocksAndGroupsOfTermsGiveTheFactorOfTheSum) {
  for (Index n : {17, 100, 203}) {
    const Mat lower = spd_factor(n);
    const Index terms = 40;
    Mat u = Mat::Random(n, terms);
    Vec betas = Vec::Constant(terms, 0.3 / static_cast<double>(terms));
    betas[3] = 0.0;                                   // a term that does not apply
    for (Index j = 30; j < terms; ++j) betas[j] = -1e-3;  // small downdates, also in group 2
    Mat updated;
    ASSERT_TRUE(updated_factor(lower, u, betas, updated)) << n;
    Mat expected = lower * lower.transpose();
    for (Index j = 0; j < terms; ++j) expected += betas[j] * u.col(j) * u.col(j).transpose();
    EXPECT_LT((updated * updated.transpose() - expected).cwiseAbs().maxCoeff(),
              1e-12 * expected.cwiseAbs().maxCoeff())
        << n;
    Mat one_by_one = lower;
    for (Index j = 0; j < terms; ++j)
      ASSERT_TRUE(updated_factor(one_by_one, u.col(j), betas.segment(j, 1), one_by_one)) << n;
    EXPECT_LT((one_by_one - updated).cwiseAbs().maxCoeff(), 1e-12 * lower.cwiseAbs().maxCoeff())
        << n;
  }
}

// pycma prints "(5_w,10)-aCMA-ES (mu_w=3.2,w_1=46%) in dimension 10" for its defaults.
TEST(CmaParameters, MatchTheTutorialDefaults) {
  const CmaParameters p = CmaParameters::defaults(10, 10, false);
  EXPECT_EQ(p.parents, 5);
  EXPECT_NEAR(p.mu_eff, 3.2, 0.05);
  EXPECT_NEAR(p.weights[0], 0.46, 0.005);
  EXPECT_NEAR(p.weights.head(5).sum(), 1.0, 1e-15);
  EXPECT_LT(p.weights.tail(5).maxCoeff(), 0.0);
  // The negative weights keep C positive definite: 1 − c_1 − c_μ Σ w ≥ 1 − c_1 − c_μ(1 − α⁻).
  const double alpha = -p.weights.tail(5).sum();
  EXPECT_LE(alpha * p.c_mu * 10, 1 - p.c_1 - p.c_mu + 1e-15);
  EXPECT_NEAR(p.c_1, 2.0 / (11.3 * 11.3 + p.mu_eff), 1e-15);
  EXPECT_NEAR(p.c_sigma, (p.mu_eff + 2) / (15 + p.mu_eff), 1e-15);
  EXPECT_NEAR(p.expected_norm, std::sqrt(10.0) * (1 - 1 / 40.0 + 1 / 2100.0), 1e-15);
  const CmaParameters sep = CmaParameters::defaults(10, 10, true);
  EXPECT_NEAR(sep.c_1, p.c_1 * 4.0, 1e-15);  // (n + 2)/3 = 4
  EXPECT_EQ(sep.weights.tail(5).norm(), 0.0);
  EXPECT_THROW(CmaParameters::defaults(0, 10, false), InvalidArgument);
  EXPECT_THROW(CmaParameters::defaults(3, 1, false), InvalidArgument);
}


// Budgets are 2–3× the evaluations measured for these seeds (cma at d = 10: sphere ≈ 1 500,
// ellipsoid and rotated ellipsoid ≈ 4 000–4 600, Rosenbrock 5 000–6 200; sep-cma: sphere ≈ 1 300,
// ellipsoid ≈ 2 900).
TEST(Cma, SolvesSphereEllipsoidAndTheirRotationsAtDimension10) {
  for (const char* problem : {"sphere", "rotated-sphere", "ellipsoid", "rotated-ellipsoid"})
    expect_solves("cma", problem, 10, 12000);
  expect_solves("cma", "rosenbrock", 10, 15000);
}

TEST(Cma, LearnsTheRotatedEllipsoidAtSmallDimensions) {
  expect_solves("cma", "rotated-ellipsoid", 2, 3000);
  expect_solves("cma", "rotated-ellipsoid", 5, 6000);
}

// A population large against n² (IPOP's restarts reach one in low dimension) makes c_1 + c_μ
// close to 1: at d = 2, λ = 64 exactly c_μ = 1 − c_1, so C' keeps nothing of C. The rank-one
// updates of the scaled factor divided by 0 there, and every such run ended in numerical_error
// within 2–4 generations (d = 2: λ = 64…512; d = 5: λ = 256, 512).
TEST(Cma, LargePopulationsInSmallDimensions) {
  const CmaParameters p = CmaParameters::defaults(2, 64, false);
  EXPECT_EQ(p.c_mu, 1 - p.c_1);
  for (const auto& [dim, lambda] : std::vector<std::pair<Index, Index>>{
           {2, 64}, {2, 100}, {2, 512}, {5, 256}, {5, 512}, {3, 2000}}) {
    const Problem problem = make_problem("rotated-ellipsoid", {.dim = dim, .seed = 4});
    MethodSpec spec = method_preset("cma", problem.space);
    spec.sampling.population_size = lambda;
    Solver solver = make_solver(spec, problem.space, problem.initial_center, 1.0,
                                {.seed = 4, .stop = {.max_evaluations = 400 * lambda,
                                                     .target = 1e-8}});
    const Summary s = minimize(problem.objective, solver);
    EXPECT_EQ(s.termination, Termination::target_reached)
        << "d = " << dim << ", lambda = " << lambda << ": " << name_of(s.termination)
        << " at f = " << s.best_f << " after " << s.generations << " generations";
  }
}

TEST(SepCma, SolvesSeparableProblemsAndScalesLinearly) {
  for (const char* problem : {"sphere", "rotated-sphere", "ellipsoid"})
    expect_solves("sep-cma", problem, 10, 8000);
  // n = 2000, λ = 26: progress on the sphere is slow at this ratio (about a factor 2 in f per
  // 200 generations, measured), but steady, and the run stays O(n) per member.
  const Problem p = make_problem("sphere", {.dim = 2000});
  Solver solver = make_solver(method_preset("sep-cma", p.space), p.space, p.initial_center, 1.0,
                              {.seed = 1, .stop = {.max_generations = 400}});
  const Summary s = minimize(p.objective, solver);
  EXPECT_LT(s.best_f, 0.5 * p.objective(p.initial_center));
}

TEST(Cma, StateSurvivesSaveAndRestoreBitIdentically) {
  const Problem p = make_problem("rotated-ellipsoid", {.dim = 6, .seed = 3});
  for (const char* method : {"cma", "sep-cma"}) {
    const auto make = [&] {
      return make_solver(method_preset(method, p.space), p.space, p.initial_center, 1.0,
                         {.seed = 5, .stop = {.max_generations = 80}});
    };
    Solver straight = make();
    minimize(p.objective, straight);
    Solver first = make();
    int generations = 0;
    minimize(p.objective, first, [&](const GenerationRecord&, const Solver&) {
      return ++generations < 37;
    });
    Solver resumed = make();
    resumed.restore_state(Json::parse(first.state().dump()));
    minimize(p.objective, resumed);
    EXPECT_EQ(resumed.distribution().params(), straight.distribution().params()) << method;
    EXPECT_EQ(resumed.summary().best_x, straight.summary().best_x) << method;
    EXPECT_EQ(resumed.update_rule().state(), straight.update_rule().state()) << method;
  }
}

TEST(Cma, RefusesWhatItCannotWorkWith) {
  const GaussianIsotropic isotropic(Vec::Zero(3), 1.0);
  EXPECT_THROW(CmaUpdate(isotropic, 8), InvalidArgument);
  const GaussianFull full(Vec::Zero(3), 1.0);
  EXPECT_THROW(CmaUpdate(full, 1), InvalidArgument);
  CmaUpdate rule(full, 8);
  EXPECT_EQ(rule.name(), "cma(lambda=8, active)");
  EXPECT_EQ(rule.sigma(), 1.0);
  const Population wrong_size(full, 1, 0, 6, false);
  Vec next;
  EXPECT_THROW(rule.update(wrong_size, {Vec::Zero(6), Mat()}, next), InvalidArgument);
  const GaussianDiagonal diagonal(Vec::Zero(3), 1.0);
  const Population wrong_kind(diagonal, 1, 0, 8, false);
  EXPECT_THROW(rule.update(wrong_kind, {Vec::Zero(8), Mat()}, next), InvalidArgument);
  Json state = rule.state();
  state["sigma"] = -1.0;
  EXPECT_THROW(rule.restore(state), FileError);
  state = rule.state();
  state["path_c"] = Json::array({1.0});
  EXPECT_THROW(rule.restore(state), FileError);
  EXPECT_THROW(rule.restore(Json::array()), FileError);
  // The elite-fit field and the optimizer's are refused for cma, not ignored.
  const SearchSpace space = SearchSpace::continuous(3);
  EXPECT_THROW(MethodSpec::from_json({{"optimizer", "adam"}}, method_preset("cma", space)),
               InvalidArgument);
  EXPECT_THROW(MethodSpec::from_json({{"smoothing", 0.5}}, method_preset("cma", space)),
               InvalidArgument);
}

}  // namespace
}  // namespace varopt
