#pragma once
// A benchmark suite in the manner of COCO (Hansen et al. 2021, "COCO: a platform for comparing
// continuous optimizers in a black-box setting", Optim. Methods Softw. 36(1)): every method runs
// on every (function, dimension) pair once per seed s = 1..seeds; seed s is both the problem
// instance (the random shift x* and rotation R of the "shifted-rotated-*" problems) and the
// method's seed, so that all methods meet the same instances. Each run ends at the smallest
// target f − f* ≤ min Δf or after budget_multiplier · d evaluations.
#include <functional>
#include <string>
#include <vector>

#include "varopt/bench/run_record.hpp"

namespace varopt::bench {

// The default functions: sphere, separable and rotated ellipsoid, discus, bent cigar, Schwefel
// 1.2, Rosenbrock, Rastrigin, Ackley and Griewank, all shifted (the rotated ones also rotated).
std::vector<std::string> default_functions();

// The largest budget of one run (2^53: every count below it is exact in a double).
inline constexpr double kMaxBenchBudget = 9007199254740992.0;

struct BenchSettings {
  std::vector<std::string> functions = default_functions();
  std::vector<Index> dims = {2, 5, 10, 20, 40};
  int seeds = 15;
  std::vector<double> targets = {1e-8};
  double budget_multiplier = 1e4;  // budget = ⌊budget_multiplier · d⌋ evaluations
  // InvalidArgument on no function, no dimension, a dimension < 2, a function or dimension
  // listed twice, seeds < 1, a bad target, a budget multiplier < 1 or one whose budget exceeds
  // kMaxBenchBudget, or a function the registry does not know or that is not continuous with a
  // known optimum in one of the dimensions.
  void validate() const;
  RunLimits limits(Index dim) const;
};

// Called after every run (progress output; the CLI prints it).
using RunCallback = std::function<void(const RunRecord&)>;

// All runs, ordered by function, dimension, method, seed.
std::vector<RunRecord> run_suite(const BenchSettings& settings, const std::vector<Method>& methods,
                                 const RunCallback& on_run = {});

}  // namespace varopt::bench
