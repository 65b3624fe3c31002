// Time per generation of the `cma` preset and of pagmo2's cmaes in one run, on the sphere, with
// the same λ = 4 + ⌊3 ln n⌋ (24 at n = 1000): the goal is `cma` at n = 1000 at least 50×
// below pagmo's cmaes and under 5 ms. A generation is what a user's loop pays for: varopt's
// ask(), the λ members formed and evaluated, tell(); pagmo's evolve() of one generation (gen = 1,
// memory = true, so the adapted distribution carries over), which evaluates its λ members inside.
// The sphere costs λ·n multiply-adds (24 000 at n = 1000, microseconds), the same on both sides.
// Each side runs its warm-up generations first; medians of wall and CPU time per generation.
//
// Usage: pagmo_overhead_bench [--dims 100,1000] [--generations G=15] [--pagmo-generations P=3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <pagmo/algorithms/cmaes.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <pagmo/types.hpp>
#include <string>
#include <utility>
#include <vector>

#include "varopt/peers/pagmo.hpp"
#include "varopt/solve/presets.hpp"

namespace {

using varopt::Index;
using varopt::Vec;

struct Timing {
  double wall = 0, cpu = 0;  // seconds
};

// Median wall and CPU time of `generations` calls of step() after `warmup` untimed ones.
template <class Step>
Timing median_generation(int warmup, int generations, Step step) {
  for (int g = 0; g < warmup; ++g) step();
  std::vector<double> wall, cpu;
  for (int g = 0; g < generations; ++g) {
    const auto w0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    step();
    cpu.push_back(static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
  }
  const auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  return {median(wall), median(cpu)};
}

Timing varopt_cma(Index n, int generations) {
  const auto space = varopt::SearchSpace::continuous(n);
  varopt::Solver solver = varopt::make_solver(
      varopt::method_preset("cma", space), space, Vec::Constant(n, 1.0), 0.5,
      {.seed = 7,
       .stop = {.max_evaluations = std::numeric_limits<Index>::max() / 2, .min_spread = std::nullopt}});
  Vec x(n);
  return median_generation(3, generations, [&] {
    const varopt::Population population = solver.ask();
    Vec fitness(population.size());
    for (Index i = 0; i < population.size(); ++i) {
      population.member(i, x);
      fitness[i] = x.squaredNorm();
    }
    solver.tell(fitness);
  });
}

struct Sphere {
  std::size_t n = 0;
  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    double f = 0;
    for (const double v : x) f += v * v;
    return {f};
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    return {pagmo::vector_double(n, -5.0), pagmo::vector_double(n, 5.0)};
  }
};

Timing pagmo_cmaes(Index n, int generations) {
  const auto lambda = static_cast<pagmo::population::size_type>(varopt::peers::pagmo_population_size(n));
  pagmo::population population(pagmo::problem(Sphere{static_cast<std::size_t>(n)}), lambda, 7u);
  // gen = 1 per evolve(), default rates, σ₀ = 0.05 of the box width (0.5), ftol = xtol = 0,
  // memory = true, no bound forcing.
  pagmo::cmaes algorithm(1, -1, -1, -1, -1, 0.05, 0.0, 0.0, true, false, 7u);
  return median_generation(1, generations, [&] { population = algorithm.evolve(population); });
}

std::vector<Index> parse_dims(const std::string& text) {
  std::vector<Index> dims;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    dims.push_back(std::stol(text.substr(start, comma - start)));
    start = comma + 1;
  }
  return dims;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Index> dims = {100, 1000};
  int generations = 15, pagmo_generations = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    try {
      if (flag == "--dims") {
        dims = parse_dims(value);
      } else if (flag == "--generations") {
        generations = std::stoi(value);
      } else if (flag == "--pagmo-generations") {
        pagmo_generations = std::stoi(value);
      } else {
        std::fprintf(stderr, "pagmo_overhead_bench: unknown flag %s\n", flag.c_str());
        return 2;
      }
    } catch (const std::exception&) {
      std::fprintf(stderr, "pagmo_overhead_bench: %s expects a number (list), got '%s'\n",
                   flag.c_str(), value.c_str());
      return 2;
    }
  }
  const bool dims_ok = std::all_of(dims.begin(), dims.end(), [](Index n) { return n >= 2; });
  if ((argc - 1) % 2 != 0 || !dims_ok || generations < 1 || pagmo_generations < 1) {
    std::fprintf(stderr,
                 "usage: pagmo_overhead_bench [--dims 100,1000 (each >= 2)] [--generations G>=1] "
                 "[--pagmo-generations P>=1]\n");
    return 2;
  }
  std::printf("Time per generation on the sphere, 1 thread: varopt cma (ask, evaluate, tell) and "
              "pagmo2 cmaes (evolve, gen = 1); medians, wall/CPU\n");
  std::printf("%6s %4s %21s %21s %16s\n", "n", "lam", "varopt cma", "pagmo cmaes",
              "pagmo / varopt");
  for (const Index n : dims) {
    const Timing ours = varopt_cma(n, generations);
    const Timing peer = pagmo_cmaes(n, pagmo_generations);
    std::printf("%6ld %4ld %9.3f/%8.3f ms %9.1f/%8.1f ms %7.0f× wall %5.0f× CPU\n",
                static_cast<long>(n), static_cast<long>(varopt::peers::pagmo_population_size(n)),
                1e3 * ours.wall, 1e3 * ours.cpu, 1e3 * peer.wall, 1e3 * peer.cpu,
                peer.wall / ours.wall, peer.cpu / ours.cpu);
    std::fflush(stdout);
  }
  return 0;
}
