// varopt's built-in continuous methods and pagmo2's CMA-ES and xNES (the peers) on the same
// problems with the same target, in one table: evaluations to f ≤ 1e-8 on sphere and Rosenbrock
// at d = 10, median over 5 seeds, budget 200000 evaluations.
//
// pagmo is driven one generation per evolve() call (gen = 1, memory = true, so the adapted
// distribution carries over), and stops after the generation in which the best f seen reaches
// the target, or before a generation that would overrun the budget. Evaluations are counted by
// the problem (a counting user-defined problem; every fitness call counts, the initial
// population's included).
//
// Start: as close as pagmo allows to varopt's N(initial_center, initial_spread² I).
//   - pagmo starts its mean at the best individual of the population it is given, so the
//     population is λ points drawn from N(initial_center, initial_spread² I) (these λ evaluations
//     count); varopt starts its mean at initial_center itself.
//   - pagmo scales its initial step by the box: σ_init = sigma0 · (ub − lb). The box is
//     initial_center ± 5·initial_spread (it holds the optimum of both problems) with
//     sigma0 = 0.1, so σ_init = initial_spread. The box is not enforced (force_bounds = false).
//   - ftol = xtol = 0: pagmo's flatness exits would otherwise end a run near the optimum before
//     1e-8 (|f_best − f_worst| < 1e-6); the stopping rule is the target, as for varopt.
//   - λ = 4 + ⌊3 ln d⌋ (10 at d = 10), the default of CMA-ES and of varopt's NES presets;
//     learning rates are pagmo's defaults (xNES: η_σ = η_B = 0.6 (3 + ln d)/(d√d), the same
//     η_σ as varopt's xnes preset).
//
// Usage: pagmo_methods_bench [--dim D=10] [--target T=1e-8] [--budget B=200000] [--seeds S=5]
#include <cmath>
#include <memory>
#include <pagmo/algorithms/cmaes.hpp>
#include <pagmo/algorithms/xnes.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <pagmo/types.hpp>
#include <random>
#include <string>

#include "methods_table.hpp"

namespace {

using varopt::Index;

struct Counter {
  Index evaluations = 0;
  double best_f = std::numeric_limits<double>::infinity();
};

// A pagmo user-defined problem around a varopt objective that counts its calls.
struct CountingProblem {
  varopt::Objective objective;
  pagmo::vector_double lower, upper;
  std::shared_ptr<Counter> counter;

  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    const Eigen::Map<const varopt::Vec> point(x.data(), static_cast<Index>(x.size()));
    const double f = objective(point);
    ++counter->evaluations;
    counter->best_f = std::min(counter->best_f, f);
    return {f};
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    return {lower, upper};
  }
  std::string get_name() const { return "counting varopt objective"; }
};

constexpr double kBoxHalfWidth = 5.0;  // in units of initial_spread
constexpr double kSigma0 = 1.0 / (2.0 * kBoxHalfWidth);

template <class Algorithm>
bench::Run run_pagmo(Algorithm algorithm, const varopt::Problem& problem, Index lambda,
                     unsigned seed, const bench::Settings& s) {
  const auto counter = std::make_shared<Counter>();
  const auto n = static_cast<std::size_t>(problem.dim());
  CountingProblem udp{problem.objective, pagmo::vector_double(n), pagmo::vector_double(n), counter};
  for (std::size_t i = 0; i < n; ++i) {
    udp.lower[i] =
        problem.initial_center[static_cast<Index>(i)] - kBoxHalfWidth * problem.initial_spread;
    udp.upper[i] =
        problem.initial_center[static_cast<Index>(i)] + kBoxHalfWidth * problem.initial_spread;
  }
  pagmo::population population(pagmo::problem(udp), 0u, seed);
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal;
  for (Index k = 0; k < lambda; ++k) {
    pagmo::vector_double x(n);
    for (std::size_t i = 0; i < n; ++i)
      x[i] =
          problem.initial_center[static_cast<Index>(i)] + problem.initial_spread * normal(engine);
    population.push_back(x);
  }
  std::string stopped_by = "max_evaluations";
  while (counter->best_f > s.target && counter->evaluations + lambda <= s.budget) {
    const Index before = counter->evaluations;
    population = algorithm.evolve(population);
    if (counter->evaluations == before) {  // the algorithm ended the run by itself
      stopped_by = "pagmo_exit";
      break;
    }
  }
  if (counter->best_f <= s.target) stopped_by = "target_reached";
  return {counter->best_f <= s.target, counter->evaluations, counter->best_f, stopped_by};
}

bench::Row run_peer(const std::string& method, const std::string& problem_name,
                    const bench::Settings& s) {
  const varopt::Problem problem = bench::problem_of(problem_name, s);
  const Index lambda = 4 + static_cast<Index>(std::floor(3.0 * std::log(double(s.dim))));
  bench::Row row{"pagmo2", method, problem_name, lambda, {}};
  for (int seed = 1; seed <= s.seeds; ++seed) {
    const auto u = static_cast<unsigned>(seed);
    if (method == "cmaes") {
      row.runs.push_back(
          run_pagmo(pagmo::cmaes(1, -1, -1, -1, -1, kSigma0, 0.0, 0.0, true, false, u), problem,
                    lambda, u, s));
    } else {
      row.runs.push_back(run_pagmo(pagmo::xnes(1, -1, -1, -1, kSigma0, 0.0, 0.0, true, false, u),
                                   problem, lambda, u, s));
    }
  }
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  bench::Settings settings;
  if (!settings.parse(argc, argv, "pagmo_methods_bench")) return 2;
  bench::print_header(settings);
  for (const std::string& problem : settings.problems) {
    for (const std::string& preset : bench::continuous_presets(settings))
      bench::print_row(bench::run_varopt(preset, problem, settings));
    for (const std::string& method : {"cmaes", "xnes"})
      bench::print_row(run_peer(method, problem, settings));
  }
  return 0;
}
