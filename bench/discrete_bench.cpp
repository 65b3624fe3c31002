// Discrete methods and estimators, the two tables of the discrete issue:
//  1. evaluations to solve OneMax (n = 100, 1000) and LeadingOnes (n = 100) for each discrete
//     preset (defaults), plus PBIL and CEM with smaller smoothing: median over the seeds that
//     reached the optimum within the budget, and how many did;
//  2. variance per evaluation of every estimator on the toy f(b) = (b − t)² at several (t, p),
//     measured (R repetitions) next to its closed form (grad/toy_variance.hpp), and the ratio of
//     the plain score function's to each estimator's.
//
// Usage: discrete_bench [seeds = 5] [budget = 1000000] [repetitions = 200000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "varopt/dist/bernoulli.hpp"
#include "varopt/grad/arm.hpp"
#include "varopt/grad/disarm.hpp"
#include "varopt/grad/rloo.hpp"
#include "varopt/grad/score_function.hpp"
#include "varopt/grad/toy_variance.hpp"
#include "varopt/grad/variance_study.hpp"
#include "varopt/problems/discrete.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace {

using namespace varopt;

struct Method {
  std::string label;
  std::string preset;
  std::optional<double> smoothing;  // α of pbil/cem, overriding the preset's
};

struct Outcome {
  Index solved = 0;
  std::vector<Index> evaluations;  // of the solved runs
  double seconds = 0;
};

Outcome solve(const Method& method, const Problem& problem, int seeds, Index budget) {
  Outcome out;
  MethodSpec spec = method_preset(method.preset, problem.space);
  if (method.smoothing) spec.smoothing = *method.smoothing;
  const auto start = std::chrono::steady_clock::now();
  for (int seed = 1; seed <= seeds; ++seed) {
    Solver solver = make_solver(spec, problem.space, problem.initial_center, problem.initial_spread,
                                {.seed = static_cast<std::uint64_t>(seed),
                                 .stop = {.max_evaluations = budget, .target = *problem.optimum}});
    const Summary s = minimize(problem.objective, solver);
    if (s.termination == Termination::target_reached) {
      ++out.solved;
      out.evaluations.push_back(s.evaluations);
    }
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

std::string median(std::vector<Index> v) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  const std::size_t k = v.size() / 2;
  const double m =
      v.size() % 2 ? static_cast<double>(v[k]) : 0.5 * static_cast<double>(v[k - 1] + v[k]);
  return std::to_string(static_cast<long long>(m));
}

void evaluations_to_solve(int seeds, Index budget) {
  const std::vector<Method> methods = {{"rloo-vo", "rloo-vo", {}},   {"disarm-vo", "disarm-vo", {}},
                                       {"score-vo", "score-vo", {}}, {"pbil", "pbil", {}},
                                       {"cem", "cem", {}},           {"pbil α=0.01", "pbil", 0.01},
                                       {"cem α=0.1", "cem", 0.1}};
  const std::vector<std::pair<std::string, Index>> problems = {
      {"onemax", 100}, {"onemax", 1000}, {"leadingones", 100}};
  std::printf(
      "## Evaluations to reach the optimum (median over solved runs; solved/%d seeds; budget "
      "%lld)\n\n",
      seeds, static_cast<long long>(budget));
  std::printf("| method | OneMax 100 | OneMax 1000 | LeadingOnes 100 |\n|---|---|---|---|\n");
  for (const auto& method : methods) {
    std::printf("| %s |", method.label.c_str());
    for (const auto& [name, dim] : problems) {
      const Problem problem = make_problem(name, {.dim = dim});
      const Outcome o = solve(method, problem, seeds, budget);
      std::printf(" %s (%lld/%d, %.1f s) |", median(o.evaluations).c_str(),
                  static_cast<long long>(o.solved), seeds, o.seconds);
      std::fflush(stdout);
    }
    std::printf("\n");
  }
  std::printf("\n");
}

void toy_variances(Index repetitions) {
  struct Row {
    const char* label;
    std::shared_ptr<const GradientEstimator> estimator;
    Index population;
    double (*closed)(double t, double p, Index k);
  };
  const std::vector<Row> rows = {
      {"score (plain)",
       std::make_shared<ScoreFunction>(ScoreFunctionOptions{.baseline = Baseline::none}), 1,
       [](double t, double p, Index) { return toy_variance::score(t, p); }},
      {"rloo K=2", make_rloo(), 2,
       [](double t, double p, Index k) { return toy_variance::rloo(t, p, k); }},
      {"rloo K=4", make_rloo(), 4,
       [](double t, double p, Index k) { return toy_variance::rloo(t, p, k); }},
      {"arm", std::make_shared<Arm>(), 2,
       [](double t, double p, Index) { return toy_variance::arm(t, p); }},
      {"disarm", std::make_shared<Disarm>(), 2,
       [](double t, double p, Index) { return toy_variance::disarm(t, p); }},
  };
  const std::vector<std::pair<double, double>> points = {{0.45, 0.3}, {0.45, 0.5}, {0.49, 0.1},
                                                         {0.4, 0.9},  {0.1, 0.3},  {0.25, 0.02}};
  std::printf(
      "## Variance per evaluation on the toy f(b) = (b − t)², one variable, gradient in the "
      "logit\n");
  std::printf("measured with R = %lld estimates [closed form] (score/estimator ratio)\n\n",
              static_cast<long long>(repetitions));
  std::printf("| t, p |");
  for (const auto& r : rows) std::printf(" %s |", r.label);
  std::printf("\n|---|");
  for (std::size_t i = 0; i < rows.size(); ++i) std::printf("---|");
  std::printf("\n");
  for (const auto& [t, p] : points) {
    const Bernoulli d = Bernoulli::with_probability(1, p);
    const Objective f = [t = t](ConstVecRef b) { return problems::toy(b, t); };
    std::printf("| %.2f, %.2f |", t, p);
    const double score_per_eval = rows[0].closed(t, p, 1);
    for (const auto& r : rows) {
      const auto m =
          estimator_moments(r.label, *r.estimator, d, f, r.population, repetitions, 2024);
      const double closed = static_cast<double>(r.population) * r.closed(t, p, r.population);
      if (closed > 0) {
        std::printf(" %.3e [%.3e] (%.1fx) |", m.variance_per_evaluation(), closed,
                    score_per_eval / closed);
      } else {
        std::printf(" %.3e [0] (exact) |", m.variance_per_evaluation());
      }
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 5;
  const auto budget = static_cast<Index>(argc > 2 ? std::atoll(argv[2]) : 1000000);
  const auto repetitions = static_cast<Index>(argc > 3 ? std::atoll(argv[3]) : 200000);
  if (seeds < 1 || budget < 1 || repetitions < 2) {
    std::fprintf(stderr, "usage: discrete_bench [seeds >= 1] [budget >= 1] [repetitions >= 2]\n");
    return 2;
  }
  toy_variances(repetitions);
  evaluations_to_solve(seeds, budget);
  return 0;
}
