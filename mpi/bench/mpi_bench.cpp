// The MPI evaluator's costs, run under mpirun:
//   mpirun --oversubscribe -np N build/mpi/mpi_bench
// prints, for N ranks,
//   1. bytes exchanged per generation (all ranks together) at n = 10³ and n = 10⁶ (sep-CMA-ES,
//      λ = 16): they must not depend on n, since ranks regenerate the points themselves;
//   2. the parallel efficiency with an objective that sleeps 20 ms per evaluation (λ = 16):
//      (λ · 20 ms) / (N · time per generation); sleeping needs no core, so this holds on a
//      2-core machine for N up to 8.
#include <chrono>
#include <cstdio>
#include <thread>

#include <mpi.h>

#include "varopt/mpi/mpi_evaluator.hpp"
#include "varopt/mpi/mpi_world.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace {

using namespace varopt;

Solver sep_cma(Index n, Index generations) {
  const SearchSpace space = SearchSpace::continuous(n);
  MethodSpec spec = method_preset("sep-cma", space);
  spec.sampling.population_size = 16;
  return make_solver(spec, space, Vec::Zero(n), 1.0,
                     {.seed = 1, .stop = {.max_generations = generations}});
}

// Bytes per generation of all ranks together, at dimension n.
double bytes_per_generation(Index n) {
  const Index generations = 5;
  Solver solver = sep_cma(n, generations);
  SerialEvaluator local(ObjectiveFunctions{.f = [](ConstVecRef x) { return x.squaredNorm(); }});
  mpi::MpiEvaluator shared(local);
  minimize(solver, shared);
  unsigned long long mine = shared.bytes_sent(), all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
  return static_cast<double>(all) / static_cast<double>(generations);
}

// Seconds per generation with a 20 ms objective (λ = 16).
double seconds_per_generation(Index generations) {
  Solver solver = sep_cma(10, generations);
  SerialEvaluator local(ObjectiveFunctions{.f = [](ConstVecRef x) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return x.squaredNorm();
  }});
  mpi::MpiEvaluator shared(local);
  MPI_Barrier(MPI_COMM_WORLD);
  const auto start = std::chrono::steady_clock::now();
  minimize(solver, shared);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
         static_cast<double>(generations);
}

}  // namespace

int main(int argc, char** argv) {
  mpi::MpiSession session(argc, argv);
  if (!mpi::active()) {
    std::fprintf(stderr, "mpi_bench: run it under mpirun (mpirun -np N %s)\n", argv[0]);
    return 2;
  }
  const double small = bytes_per_generation(1000);
  const double large = bytes_per_generation(1'000'000);
  const double seconds = seconds_per_generation(10);
  const int ranks = mpi::size();
  const double ideal = 16 * 0.020 / ranks;
  if (mpi::rank() == 0) {
    std::printf("ranks %d: bytes/generation n=1e3 %.0f, n=1e6 %.0f (ratio %.3f); "
                "20 ms objective, lambda 16: %.1f ms/generation, efficiency %.0f%%\n",
                ranks, small, large, large / small, seconds * 1e3,
                100.0 * (16 * 0.020) / (ranks * seconds));
    if (16 % ranks != 0)
      std::printf("  (16 members do not split evenly over %d ranks: the best possible is %.0f%%)\n",
                  ranks, 100.0 * ideal / (0.020 * ((16 + ranks - 1) / ranks)));
  }
  return 0;
}
