// A plain ask/tell loop allocates nothing on the heap once it is warm: the solver, its update
// rule and the population keep their storage from one generation to the next (issue 13).
//
// n = 100, above the path that still allocates: xNES at n ≤ 64 takes its exact step
// (GaussianFull::exact_step: an eigen solver and a Cholesky factorization on n × n temporaries,
// 16 allocations per generation at n = 50). On main before issue 13 this loop made 36 (xnes),
// 28 (cma) and 25 (sep-cma) allocations per generation at n = 100.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/allocation_counter.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt {
namespace {

using testing::AllocationCount;

// The heap allocations of one generation (ask, the sphere at every member, tell), after
// `warmup` generations.
std::uint64_t allocations_per_generation(const std::string& method, Index dim, int warmup,
                                         Index population = 0) {
  const SearchSpace space = SearchSpace::continuous(dim);
  MethodSpec spec = method_preset(method, space);
  if (population > 0) spec.sampling.population_size = population;
  Solver solver = make_solver(spec, space, Vec::Ones(dim), 1.0,
                              {.seed = 7, .stop = {.max_evaluations = 1 << 30}});
  Vec x(dim);
  Vec fitness(solver.sampling().population_size);
  const auto generation = [&] {
    const Population population = solver.ask();
    for (Index i = 0; i < population.size(); ++i) {
      population.member(i, x);
      fitness[i] = x.squaredNorm();
    }
    solver.tell(fitness);
  };
  for (int g = 0; g < warmup; ++g) generation();
  const int measured = 5;
  AllocationCount count;
  for (int g = 0; g < measured; ++g) generation();
  EXPECT_FALSE(solver.done()) << method;
  return count.allocations() / measured;
}

TEST(SteadyState, AskTellLoopAllocatesNothingPerGeneration) {
  if (!AllocationCount::available()) GTEST_SKIP() << "allocations are not counted here (ASan)";
  for (const char* method : {"xnes", "cma", "sep-cma"})
    EXPECT_EQ(allocations_per_generation(method, 100, 3), 0u) << method;
  // λ = 512 at n = 10: cma forms C' itself (its decay of C is below 0.1).
  EXPECT_EQ(allocations_per_generation("cma", 10, 3, 512), 0u) << "cma, n = 10, lambda = 512";
}

TEST(SteadyState, TheCounterSeesHeapAllocations) {
  if (!AllocationCount::available()) GTEST_SKIP() << "allocations are not counted here (ASan)";
  AllocationCount count;
  Vec v = Vec::Ones(1000);                              // Eigen's malloc
  auto text = std::make_unique<std::string>(100, 'x');  // operator new
  EXPECT_GE(count.allocations(), 3u);
  EXPECT_EQ(v.sum(), 1000.0);
  EXPECT_EQ(text->size(), 100u);
}

}  // namespace
}  // namespace varopt
