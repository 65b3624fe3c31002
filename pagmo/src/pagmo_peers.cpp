#include <cmath>
#include <memory>
#include <pagmo/algorithms/cmaes.hpp>
#include <pagmo/algorithms/xnes.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <pagmo/types.hpp>
#include <random>
#include <string>
#include <utility>

#include "varopt/core/error.hpp"
#include "varopt/peers/pagmo.hpp"

namespace varopt::peers {
namespace {

// A pagmo user-defined problem around a varopt objective; the tracker counts every call.
struct CountingProblem {
  Objective objective;
  pagmo::vector_double lower, upper;
  std::shared_ptr<bench::TargetTracker> tracker;

  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    const Eigen::Map<const Vec> point(x.data(), static_cast<Index>(x.size()));
    const double f = objective(point);
    tracker->record(f);
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
bench::RunRecord run_pagmo(const char* name, Algorithm algorithm, const Problem& problem,
                           std::uint64_t seed, const bench::RunLimits& limits) {
  limits.validate();
  const std::string where = std::string("run_") + name;
  require(problem.optimum.has_value(), where, "a problem with a known optimum", problem.name);
  require(problem.dim() >= 2, where, "a dimension ≥ 2", problem.dim());
  const Index lambda = pagmo_population_size(problem.dim());
  auto tracker = std::make_shared<bench::TargetTracker>(limits.targets, *problem.optimum);
  const auto n = static_cast<std::size_t>(problem.dim());
  CountingProblem udp{problem.objective, pagmo::vector_double(n), pagmo::vector_double(n), tracker};
  for (std::size_t i = 0; i < n; ++i) {
    const double c = problem.initial_center[static_cast<Index>(i)];
    udp.lower[i] = c - kBoxHalfWidth * problem.initial_spread;
    udp.upper[i] = c + kBoxHalfWidth * problem.initial_spread;
  }
  const auto pagmo_seed = static_cast<unsigned>(seed);
  pagmo::population population(pagmo::problem(udp), 0u, pagmo_seed);
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
  while (!tracker->all_reached() && tracker->evaluations() + lambda <= limits.budget) {
    const Index before = tracker->evaluations();
    population = algorithm.evolve(population);
    if (tracker->evaluations() == before) {  // the algorithm ended the run by itself
      stopped_by = "pagmo_exit";
      break;
    }
  }
  if (tracker->all_reached()) stopped_by = "target_reached";
  bench::RunRecord record = bench::record_of(*tracker, stopped_by);
  record.method = std::string("pagmo-") + name;
  record.library = "pagmo2";
  record.function = problem.name;
  record.dim = problem.dim();
  record.seed = seed;
  return record;
}

}  // namespace

Index pagmo_population_size(Index dim) {
  return 4 + static_cast<Index>(std::floor(3.0 * std::log(static_cast<double>(dim))));
}

bench::RunRecord run_pagmo_cmaes(const Problem& problem, std::uint64_t seed,
                                 const bench::RunLimits& limits) {
  const auto u = static_cast<unsigned>(seed);
  return run_pagmo("cmaes", pagmo::cmaes(1, -1, -1, -1, -1, kSigma0, 0.0, 0.0, true, false, u),
                   problem, seed, limits);
}

bench::RunRecord run_pagmo_xnes(const Problem& problem, std::uint64_t seed,
                                const bench::RunLimits& limits) {
  const auto u = static_cast<unsigned>(seed);
  return run_pagmo("xnes", pagmo::xnes(1, -1, -1, -1, kSigma0, 0.0, 0.0, true, false, u), problem,
                   seed, limits);
}

std::vector<bench::Method> pagmo_methods() {
  return {{"pagmo-cmaes", "pagmo2", run_pagmo_cmaes}, {"pagmo-xnes", "pagmo2", run_pagmo_xnes}};
}

}  // namespace varopt::peers
