// A plain ask/tell loop, as a user writes it: ask(), evaluate the sphere at every member, tell().
// xnes, cma and sep-cma (the presets the command uses) at n = 1000, λ = 24, from x0 = 1, σ0 = 1.
// After the warm-up generations, prints per method the median wall time and process CPU time
// of a generation (ask + evaluation + tell) and the heap allocations per generation (every
// malloc of the process, tests/support/allocation_counter.hpp); the goal is 0 in steady state.
//
// Usage: ask_tell_loop_bench [--warmup W] [--generations G] [--threads T] [--dim N] [--only M]
//   defaults: W = 5, G = 50, T = 1 (OpenMP threads of the library), N = 1000; --only: one of
//   the three methods
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/allocation_counter.hpp"
#include "varopt/solve/presets.hpp"

#ifdef VAROPT_BENCH_HAVE_OPENMP
#include <omp.h>
#endif

namespace {

using varopt::Index;
using varopt::Vec;
using Clock = std::chrono::steady_clock;

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 == 1 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

struct Options {
  int warmup = 5;
  int generations = 50;
  int threads = 1;
  Index dim = 1000;
  std::string only;  // empty: all three
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "ask_tell_loop_bench: %s needs a value\n", flag.c_str());
      std::exit(2);
    }
    const std::string text = argv[++i];
    const long value = std::strtol(text.c_str(), nullptr, 10);
    if (flag == "--only" && (text == "xnes" || text == "cma" || text == "sep-cma")) {
      o.only = text;
    } else if (flag == "--warmup") {
      o.warmup = static_cast<int>(value);
    } else if (flag == "--generations" && value >= 1) {
      o.generations = static_cast<int>(value);
    } else if (flag == "--threads" && value >= 1) {
      o.threads = static_cast<int>(value);
    } else if (flag == "--dim" && value >= 1) {
      o.dim = value;
    } else {
      std::fprintf(stderr,
                   "usage: ask_tell_loop_bench [--warmup W] [--generations G] [--threads T] "
                   "[--dim N] [--only xnes|cma|sep-cma]\n");
      std::exit(2);
    }
  }
  return o;
}

void run(const std::string& method, const Options& o) {
  const varopt::SearchSpace space = varopt::SearchSpace::continuous(o.dim);
  varopt::MethodSpec spec = varopt::method_preset(method, space);
  spec.sampling.population_size = 24;
  varopt::Solver solver = varopt::make_solver(spec, space, Vec::Ones(o.dim), 1.0,
                                              {.seed = 1, .stop = {.max_evaluations = 1 << 30}});
  Vec x(o.dim);
  Vec fitness(spec.sampling.population_size);
  const auto generation = [&] {
    const varopt::Population population = solver.ask();
    for (Index i = 0; i < population.size(); ++i) {
      population.member(i, x);
      fitness[i] = x.squaredNorm();
    }
    solver.tell(fitness);
  };
  for (int g = 0; g < o.warmup; ++g) generation();
  std::vector<double> wall, cpu;
  wall.reserve(static_cast<std::size_t>(o.generations));
  cpu.reserve(static_cast<std::size_t>(o.generations));
  varopt::testing::AllocationCount allocations;
  for (int g = 0; g < o.generations; ++g) {
    const auto start = Clock::now();
    const double cpu_start = process_cpu_seconds();
    generation();
    cpu.push_back(process_cpu_seconds() - cpu_start);
    wall.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  const std::uint64_t counted = allocations.allocations();
  std::printf(
      "%-8s  n = %lld  lambda = %lld  wall %8.3f ms/gen  cpu %8.3f ms/gen  "
      "allocations %9.1f /gen  (%s)\n",
      method.c_str(), static_cast<long long>(o.dim),
      static_cast<long long>(spec.sampling.population_size), 1e3 * median(wall), 1e3 * median(cpu),
      static_cast<double>(counted) / o.generations, solver.done() ? "stopped early" : "running");
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
#ifdef VAROPT_BENCH_HAVE_OPENMP
  omp_set_num_threads(o.threads);
#endif
  if (!varopt::testing::AllocationCount::available())
    std::printf("(allocations are not counted in this build)\n");
  std::printf("ask/tell loop on the sphere: %d warm-up, %d timed generations, %d thread(s)\n",
              o.warmup, o.generations, o.threads);
  for (const char* method : {"xnes", "cma", "sep-cma"})
    if (o.only.empty() || o.only == method) run(method, o);
}
