// Noise handling (solve/noise_handling.hpp): the rank-change measure tells noise from none, a
// population asks for the repeats it announces, evaluations per point grow only under noise, a
// noisy sphere converges in mean where plain CMA-ES stalls, the σ treatment widens σ under pure
// noise, and the handler's state survives save/restore bit-identically.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"
#include "varopt/solve/restarts.hpp"

namespace varopt {
namespace {

TEST(RankChangeMeasure, IsNegativeWithoutNoiseAndPositiveForARandomRanking) {
  const Index lambda = 20, m = 4;
  Vec all(lambda);
  for (Index i = 0; i < lambda; ++i) all[i] = static_cast<double>((i * 7) % lambda);
  // Re-evaluation gives the same values: no rank moves, s = −(Δlim + Δlim) < 0.
  EXPECT_LT(rank_change_measure(all, all.head(m), 0.5), 0);
  // Re-evaluation gives unrelated values: the mean of s over many draws is clearly positive
  // (the expected |ΔR| of two random ranks among N = 24 is about 8, Δlim about 1).
  Stream stream({7, 0, 0});
  double sum = 0;
  const int draws = 200;
  for (int d = 0; d < draws; ++d) {
    Vec first(lambda), second(m);
    for (Index i = 0; i < lambda; ++i) first[i] = stream.normal();
    for (Index i = 0; i < m; ++i) second[i] = stream.normal();
    sum += rank_change_measure(first, second, 0.5);
  }
  EXPECT_GT(sum / draws, 5.0);
  EXPECT_THROW(rank_change_measure(all, Vec(), 0.5), InvalidArgument);
  EXPECT_THROW(rank_change_measure(all.head(2), all.head(3), 0.5), InvalidArgument);
}

TEST(NoiseHandlingOptions, RefusesValuesOutOfRange) {
  for (const NoiseHandlingOptions& bad :
       {NoiseHandlingOptions{.treatment = NoiseTreatment::evaluations, .reevaluations = 0.5},
        NoiseHandlingOptions{.treatment = NoiseTreatment::evaluations, .theta = 1},
        NoiseHandlingOptions{.treatment = NoiseTreatment::evaluations, .smoothing = 0},
        NoiseHandlingOptions{.treatment = NoiseTreatment::evaluations,
                             .max_evaluations_per_point = 0},
        NoiseHandlingOptions{.treatment = NoiseTreatment::evaluations, .perturbation = -1}})
    EXPECT_THROW(bad.validate(), InvalidArgument);
}

TEST(Population, AsksForTheRepeatsItAnnounces) {
  const Problem p = make_problem("sphere", {.dim = 3});
  auto dist = make_distribution("diagonal", p.space, p.initial_center, 0.5);
  const Population pop(*dist, 5, 2, 6, false, nullptr,
                       {.per_member = 2, .reevaluated = 3, .perturbation = 1e-7});
  ASSERT_EQ(pop.evaluation_count(), (6 + 3) * 2);
  std::vector<int> seen(6 * 4, 0);  // (member, repeat)
  Vec x(3);
  for (Index e = 0; e < pop.evaluation_count(); ++e) {
    const EvaluationKey key = pop.key(e);
    EXPECT_EQ(key.generation, 2u);
    ASSERT_LT(key.member, 6);
    ASSERT_LT(key.repeat, key.member < 3 ? 4 : 2) << e;
    ++seen[static_cast<std::size_t>(key.member * 4 + key.repeat)];
    pop.evaluation_point(e, x);
    const Vec member = pop.member(key.member);
    if (key.repeat == 0) {
      EXPECT_EQ(x, member);
    } else {  // perturbed by ε·σ: distinct, and within 10 standard deviations of 1e-7·0.5
      EXPECT_NE(x, member);
      EXPECT_LT((x - member).cwiseAbs().maxCoeff(), 10 * 0.5e-7);
    }
  }
  for (Index i = 0; i < 6; ++i)
    for (Index r = 0; r < (i < 3 ? 4 : 2); ++r)
      EXPECT_EQ(seen[static_cast<std::size_t>(i * 4 + r)], 1) << i << " " << r;
  EXPECT_EQ(pop.matrix().cols(), pop.evaluation_count());
}

// A binary member is evaluated again unchanged (no perturbation of a discrete point).
TEST(Population, RepeatsADiscreteMemberUnchanged) {
  const Problem p = make_problem("onemax", {.dim = 8});
  auto dist = make_distribution("bernoulli", p.space, Vec::Constant(8, 0.5), 1);
  const Population pop(*dist, 5, 0, 4, false, nullptr,
                       {.per_member = 1, .reevaluated = 4, .perturbation = 1e-7});
  Vec x(8);
  for (Index e = 4; e < 8; ++e) {
    pop.evaluation_point(e, x);
    EXPECT_EQ(x, pop.member(pop.key(e).member));
  }
}

// The σ treatment's tool: scale_spread(c) multiplies every standard deviation by c (the
// covariance by c²) and keeps the mean.
TEST(ScaleSpread, MultipliesTheStandardDeviationsOfEveryGaussian) {
  const Problem p = make_problem("rotated-ellipsoid", {.dim = 3, .seed = 1});
  for (const char* name : {"isotropic", "diagonal", "full"}) {
    auto dist = make_distribution(name, p.space, Vec::Constant(3, 0.5), 0.7);
    if (std::string(name) == "full") {  // give L off-diagonal entries first
      Vec step = Vec::Zero(dist->num_params());
      step.tail(3) << 0.2, -0.1, 0.3;
      dist->set_params(dist->params_after_step(step));
    }
    Mat before(3, 400), after(3, 400);
    for (Index i = 0; i < 400; ++i) {
      Stream a({3, 0, static_cast<std::uint32_t>(i)});
      dist->sample(a, before.col(i));
    }
    const double spread = dist->spread();
    const Vec mean = dist->center();
    dist->scale_spread(1.5);
    EXPECT_NEAR(dist->spread(), 1.5 * spread, 1e-12) << name;
    EXPECT_EQ(dist->center(), mean) << name;
    for (Index i = 0; i < 400; ++i) {
      Stream a({3, 0, static_cast<std::uint32_t>(i)});
      dist->sample(a, after.col(i));
    }
    // Same random numbers: every sample moves 1.5× as far from the mean.
    EXPECT_LT(((after.colwise() - mean) - 1.5 * (before.colwise() - mean)).cwiseAbs().maxCoeff(),
              1e-12)
        << name;
  }
}

Solver noisy_solver(const Problem& p, NoiseTreatment treatment, Index budget,
                    std::uint64_t seed, const std::string& method = "cma") {
  return make_solver(method_preset(method, p.space), p.space, p.initial_center,
                     p.initial_spread,
                     {.seed = seed,
                      .stop = {.max_evaluations = budget},
                      .noise = {.treatment = treatment}});
}

double true_sphere(ConstVecRef x) { return x.squaredNorm(); }

TEST(NoiseHandling, KeepsOneEvaluationPerPointWithoutNoise) {
  const Problem p = make_problem("sphere", {.dim = 5});
  Solver solver = noisy_solver(p, NoiseTreatment::evaluations, 3000, 1);
  const Summary s = minimize(p.objective, solver);
  // No rank ever moves on re-evaluation (a perturbation of 1e-7σ changes f by ~1e-7 relative):
  // the measure stays negative, k stays 1, and the run converges as plain CMA-ES does.
  const Population last = solver.ask();
  EXPECT_EQ(last.repeats().per_member, 1);
  EXPECT_LT(solver.summary().best_f, 1e-8);
  EXPECT_LE(s.evaluations, 3000);
}

// Noisy sphere, d = 5, additive N(0, 1) noise. Without noise handling CMA-ES selects on noise once
// the spread of f over its population is below 1: σ collapses with the center at f ≈ 0.1–1
// (measured over seeds 1–12 in two builds that differ only in rounding: mean 0.48 and 0.33, sd
// ≈ 0.28), whatever the budget. With the evaluations treatment the mean of k ≤ 100 evaluations
// has noise ≥ 0.1, so the center gets to f ≈ 0.01–0.2 in 40 000 evaluations (means 0.047 and
// 0.062, sd ≈ 0.045), and on with the budget: the needed k grows as the spread of f shrinks, so
// f(center) falls like budget^(-1/2) at best (4× less for 16× the budget; measured over seeds
// 1–16 with k ≤ 10 000: the ratio f(160 000)/f(10 000) has geometric mean 0.31, ln-ratio sd 0.5).
// A single run's end point is chaotic in the rounding (one run of 12 ended at 0.18), so the test
// compares means over 8 seeds. Mean handled ≈ 0.055 ± 0.016 (standard error): "< 0.1" is 2.8
// standard errors above. Mean plain ≈ 0.4 ± 0.1: "handled < plain/2" fails only when both means
// are ~2 standard errors off in opposite directions. The ln of the geometric-mean budget ratio is
// −1.2 ± 0.18: "< ln 0.5" is 2.8 standard errors above. Together below 1 % false failures.
TEST(NoiseHandling, ANoisySphereConvergesInMean) {
  const Problem p = make_problem("noisy-sphere", {.dim = 5, .noise = 1.0, .seed = 3});
  constexpr int kSeeds = 8;
  double plain_sum = 0, handled_sum = 0, log_budget_ratio_sum = 0;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    Solver plain = noisy_solver(p, NoiseTreatment::none, 40000, seed);
    Solver handled = noisy_solver(p, NoiseTreatment::evaluations, 40000, seed);
    minimize(p.objective, plain);
    minimize(p.objective, handled);
    plain_sum += true_sphere(plain.summary().center);
    handled_sum += true_sphere(handled.summary().center);
    EXPECT_GT(handled.ask().repeats().per_member, 1) << seed;
    double f_at[2] = {};
    for (int large = 0; large < 2; ++large) {
      Solver s = make_solver(method_preset("cma", p.space), p.space, p.initial_center,
                             p.initial_spread,
                             {.seed = seed,
                              .stop = {.max_evaluations = large ? 160000 : 10000},
                              .noise = {.treatment = NoiseTreatment::evaluations,
                                        .max_evaluations_per_point = 10000}});
      minimize(p.objective, s);
      f_at[large] = true_sphere(s.summary().center);
    }
    log_budget_ratio_sum += std::log(f_at[1] / f_at[0]);
  }
  EXPECT_LT(handled_sum / kSeeds, 0.1);
  EXPECT_LT(handled_sum, 0.5 * plain_sum);
  EXPECT_LT(log_budget_ratio_sum / kSeeds, std::log(0.5));
}

// Pure noise (f = N(0, 1) whatever x): plain CMA-ES shrinks σ (selection on noise), the σ
// treatment measures s̄ > 0 and widens σ by α_σ each generation.
TEST(NoiseHandling, SigmaTreatmentWidensSigmaUnderPureNoise) {
  const Problem p = make_problem("noisy-sphere", {.dim = 4, .noise = 1.0, .seed = 5});
  const Objective pure_noise = [&p](ConstVecRef x) { return p.objective(x) - x.squaredNorm(); };
  Solver plain = noisy_solver(p, NoiseTreatment::none, 2000, 4);
  Solver handled = noisy_solver(p, NoiseTreatment::sigma, 2000, 4);
  minimize(pure_noise, plain);
  minimize(pure_noise, handled);
  EXPECT_GT(handled.summary().spread, 3 * plain.summary().spread);
}

// Under multiplicative noise, which σ cannot outgrow, the σ treatment widens σ until log σ
// leaves its range: the run ends with numerical_error and its last good state (the overflow
// escaped tell as an exception, and a Python minimize lost its result).
TEST(NoiseHandling, SigmaTreatmentThatOverflowsEndsTheRunWithItsState) {
  const Problem p = make_problem("sphere", {.dim = 10});
  std::mt19937_64 engine(1001);
  std::normal_distribution<double> normal;
  const Objective multiplicative = [&](ConstVecRef x) {
    return x.squaredNorm() * std::exp(normal(engine));
  };
  Solver handled = noisy_solver(p, NoiseTreatment::sigma, 10000000, 1);
  Summary s;
  ASSERT_NO_THROW(s = minimize(multiplicative, handled));
  EXPECT_EQ(s.termination, Termination::numerical_error);
  EXPECT_TRUE(handled.distribution().params().allFinite());
  EXPECT_GT(s.spread, 1e100);
  EXPECT_LT(s.evaluations, 10000000);
}

TEST(NoiseHandling, StateSurvivesSaveAndRestoreBitIdentically) {
  const Problem p = make_problem("noisy-sphere", {.dim = 4, .noise = 0.3, .seed = 2});
  Solver a = noisy_solver(p, NoiseTreatment::evaluations, 20000, 9);
  SerialEvaluator evaluator({.f = p.objective});
  for (int g = 0; g < 40; ++g) a.tell(evaluator.evaluate(a.ask(), false));
  const Json state = a.state();
  ASSERT_TRUE(state.contains("noise_handling"));
  Solver b = noisy_solver(p, NoiseTreatment::evaluations, 20000, 9);
  b.restore_state(state);
  for (int g = 0; g < 30; ++g) {
    a.tell(evaluator.evaluate(a.ask(), false));
    b.tell(evaluator.evaluate(b.ask(), false));
  }
  EXPECT_EQ(a.state().dump(), b.state().dump());
  // A state saved without noise handling belongs to another configuration.
  Solver c = noisy_solver(p, NoiseTreatment::none, 20000, 9);
  EXPECT_THROW(c.restore_state(state), FileError);
}

TEST(NoiseHandling, WorksWithRestartsAndADiscretePreset) {
  const Problem p = make_problem("noisy-sphere", {.dim = 3, .noise = 0.5, .seed = 1});
  RestartSolver restarts(method_preset("cma", p.space), p.space, p.initial_center,
                         p.initial_spread,
                         {.seed = 1,
                          .stop = {.max_evaluations = 5000},
                          .noise = {.treatment = NoiseTreatment::evaluations}},
                         {.strategy = RestartStrategy::ipop});
  SerialEvaluator evaluator({.f = p.objective});
  const Summary s = minimize(restarts, evaluator);
  EXPECT_LE(s.evaluations, 5000);
  EXPECT_EQ(s.evaluations, restarts.evaluations());

  const Problem onemax = make_problem("onemax", {.dim = 20});
  Solver discrete = make_solver(method_preset("pbil", onemax.space), onemax.space,
                                Vec::Constant(20, 0.5), 1,
                                {.seed = 2,
                                 .stop = {.max_evaluations = 4000},
                                 .noise = {.treatment = NoiseTreatment::evaluations}});
  const Population pop = discrete.ask();
  EXPECT_GT(pop.evaluation_count(), pop.size());
  minimize(onemax.objective, discrete);
  EXPECT_LE(discrete.summary().best_f, 2);  // onemax: n − Σ b, 0 at the optimum
}

TEST(NoiseHandling, RefusesTheWrongNumberOfValues) {
  const Problem p = make_problem("sphere", {.dim = 3});
  Solver solver = noisy_solver(p, NoiseTreatment::evaluations, 1000, 1);
  const Population pop = solver.ask();
  EXPECT_THROW(solver.tell(Vec::Zero(pop.size())), InvalidArgument);
  solver.tell(Vec::Zero(pop.evaluation_count()));
}

}  // namespace
}  // namespace varopt
