// The threshold of the discrete-convergence stop (StopOptions::discrete_convergence): for each ε,
// how many runs of the discrete presets reach max_j P(θ_j ≠ m_j) < ε, how many of those improve
// their best f after that point (a stop there would have cut them short), and the share of their
// evaluations that a stop there saves. Runs: 7 binary problems (onemax, leadingones, trap, nk,
// knapsack, maxcut, toy) × n ∈ {20, 60} × seeds 1..S (problem instance = run seed) × the presets
// rloo-vo, disarm-vo, pbil, cem, with the budget and without the optimum or convergence stops.
//
// Usage: convergence_bench [seeds = 4] [budget = 100000]
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "varopt/problems/problem.hpp"
#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

namespace {

using namespace varopt;

struct Tally {
  double epsilon;
  int reached = 0, improved_after = 0;
  double saved_share = 0;  // summed over the runs that reached it
};

}  // namespace

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 4;
  const Index budget = argc > 2 ? std::atoll(argv[2]) : 100000;
  std::vector<Tally> tallies = {{1e-2}, {1e-3}, {1e-4}, {1e-6}};
  int runs = 0;
  for (const char* name : {"onemax", "leadingones", "trap", "nk", "knapsack", "maxcut", "toy"}) {
    for (const Index n : {20, 60}) {
      for (int seed = 1; seed <= seeds; ++seed) {
        const auto s = static_cast<std::uint64_t>(seed);
        const Problem problem = make_problem(name, {.dim = n, .seed = s});
        for (const char* method : {"rloo-vo", "disarm-vo", "pbil", "cem"}) {
          Solver solver = make_solver(
              method_preset(method, problem.space), problem.space, problem.initial_center, 1.0,
              {.seed = s, .stop = {.max_evaluations = budget, .discrete_convergence = {}}});
          Index last_improvement = 0;
          double best = INFINITY;
          std::vector<Index> reached_at(tallies.size(), -1);
          minimize(problem.objective, solver, [&](const GenerationRecord& r, const Solver& now) {
            if (r.best_f < best) {
              best = r.best_f;
              last_improvement = r.evaluations;
            }
            const double off_mode = *now.distribution().off_mode_probability();
            for (std::size_t k = 0; k < tallies.size(); ++k)
              if (reached_at[k] < 0 && off_mode < tallies[k].epsilon) reached_at[k] = r.evaluations;
            return true;
          });
          ++runs;
          for (std::size_t k = 0; k < tallies.size(); ++k) {
            if (reached_at[k] < 0) continue;
            Tally& t = tallies[k];
            ++t.reached;
            t.saved_share += static_cast<double>(solver.evaluations() - reached_at[k]) /
                             static_cast<double>(solver.evaluations());
            if (last_improvement > reached_at[k]) {
              ++t.improved_after;
              std::printf("  ε = %g: %s n = %lld seed %d %s improved at %lld, after %lld\n",
                          t.epsilon, name, static_cast<long long>(n), seed, method,
                          static_cast<long long>(last_improvement),
                          static_cast<long long>(reached_at[k]));
            }
          }
        }
      }
    }
  }
  std::printf("%d runs, budget %lld\n%8s %8s %15s %12s\n", runs, static_cast<long long>(budget),
              "ε", "reached", "improved after", "mean saved");
  for (const Tally& t : tallies)
    std::printf("%8g %8d %15d %11.0f%%\n", t.epsilon, t.reached, t.improved_after,
                t.reached ? 100 * t.saved_share / t.reached : 0.0);
}
