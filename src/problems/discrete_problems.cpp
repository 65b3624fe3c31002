// The discrete and mixed benchmark problems (formulas in varopt/problems/discrete.hpp). Binary
// problems live on one binary block "b" of size dim; "mixed" on the blocks x (continuous, dim),
// kind (categorical, dim variables with 3 categories) and count (integer in [0, 10]). Random
// instances (nk, maxcut, knapsack) are functions of (dim, seed). initial_center is zero (only its
// continuous coordinates are used) and initial_spread 1: discrete blocks start at maximum entropy.
#include <memory>
#include <string>

#include "problem_table.hpp"
#include "varopt/core/error.hpp"
#include "varopt/problems/discrete.hpp"

namespace varopt::detail {
namespace {

using namespace varopt::problems;

constexpr double kToyTarget = 0.45;  // the formula sheet's t: DisARM vs score function at t = 0.45
constexpr Index kTrapSize = 5;       // Deb & Goldberg's deceptive 5-bit trap
constexpr Index kNkNeighbours = 4;   // K of the NK landscape
constexpr double kEdgeProbability = 0.5;  // G(n, ½)

void check_options(const std::string& name, const ProblemOptions& options, Index min_dim) {
  const std::string where = "make_problem('" + name + "')";
  require(options.dim >= min_dim, where, "dim >= " + std::to_string(min_dim), options.dim);
  require(options.noise == 0.0, where, "noise = 0 (the discrete problems are noise-free)",
          options.noise);
}

Problem binary_problem(const std::string& name, const ProblemOptions& options, Objective f,
                       std::optional<double> optimum, bool uses_seed = false) {
  Problem problem;
  problem.name = name;
  problem.space = {{{"b", VariableKind::binary, options.dim, {}, 0, 0}}};
  problem.objective = std::move(f);
  problem.initial_center = Vec::Zero(options.dim);
  problem.initial_spread = 1.0;
  problem.optimum = optimum;
  problem.stop_at_optimum = optimum.has_value();
  problem.uses_seed = uses_seed;
  return problem;
}

std::vector<ProblemEntry> build_entries() {
  std::vector<ProblemEntry> entries;
  const auto add = [&](const char* name, const char* description, Index min_dim,
                       std::function<Problem(const std::string&, const ProblemOptions&)> make) {
    entries.push_back(
        {{name, description}, [name = std::string(name), min_dim, make](const ProblemOptions& o) {
           check_options(name, o, min_dim);
           return make(name, o);
         }});
  };
  add("two-point",
      "Σ f(b_i), f(0) = 0.45, f(1) = 0.53 (the lecture's example: J(p) = 0.08p + 0.45, b ~ "
      "Bernoulli(p)); min 0.45n at 0",
      1, [](const std::string& name, const ProblemOptions& o) {
        return binary_problem(name, o, two_point, 0.45 * static_cast<double>(o.dim));
      });
  add("toy", "Σ (b_i − 0.45)² (the estimators' toy, t = 0.45); min 0.2025n at 0", 1,
      [](const std::string& name, const ProblemOptions& o) {
        return binary_problem(
            name, o, [](ConstVecRef b) { return toy(b, kToyTarget); },
            kToyTarget * kToyTarget * static_cast<double>(o.dim));
      });
  add("onemax", "n − Σ b_i; min 0 at all ones", 1,
      [](const std::string& name, const ProblemOptions& o) {
        return binary_problem(name, o, onemax, 0.0);
      });
  add("leadingones", "n − (number of leading ones); min 0 at all ones", 1,
      [](const std::string& name, const ProblemOptions& o) {
        return binary_problem(name, o, leading_ones, 0.0);
      });
  add("trap",
      "deceptive 5-bit traps (Deb & Goldberg 1993), Σ_blocks 5 − trap(u); min 0 at all ones", 1,
      [](const std::string& name, const ProblemOptions& o) {
        return binary_problem(
            name, o, [](ConstVecRef b) { return trap(b, kTrapSize); }, 0.0);
      });
  add("nk", "NK landscape, K = 4, adjacent ring neighbourhoods, f = −F; exact optimum by DP; n ≥ 5",
      kNkNeighbours + 1, [](const std::string& name, const ProblemOptions& o) {
        auto nk = std::make_shared<const NkLandscape>(o.dim, kNkNeighbours, o.seed);
        return binary_problem(
            name, o, [nk](ConstVecRef b) { return -nk->fitness(b); }, -nk->max_fitness(), true);
      });
  add("maxcut", "max-cut on G(n, ½), f = −cut size; n ≥ 2", 2,
      [](const std::string& name, const ProblemOptions& o) {
        auto graph = std::make_shared<const MaxCutGraph>(o.dim, kEdgeProbability, o.seed);
        return binary_problem(
            name, o, [graph](ConstVecRef b) { return -graph->cut(b); }, std::nullopt, true);
      });
  add("knapsack",
      "0/1 knapsack, weights and values in {1..100}, capacity ⌊Σw/2⌋; f = −value if feasible, else "
      "the excess "
      "weight; exact optimum by DP",
      1, [](const std::string& name, const ProblemOptions& o) {
        auto items = std::make_shared<const Knapsack>(o.dim, o.seed);
        return binary_problem(
            name, o, [items](ConstVecRef b) { return items->objective(b); }, items->optimum(),
            true);
      });
  add("mixed",
      "x ∈ R^n, kind ∈ {0,1,2}^n, count ∈ {0..10}: Σ (x_i − a_kind)² + c_kind + 0.1(count − 7)², a "
      "= (−1, 1, 2.5), "
      "c = (0.5, 0, 0.2); dimension 2n + 1; min 0",
      1, [](const std::string& name, const ProblemOptions& o) {
        Problem problem;
        problem.name = name;
        problem.space = {{{"x", VariableKind::continuous, o.dim, {}, 0, 0},
                          {"kind", VariableKind::categorical, o.dim,
                           std::vector<Index>(static_cast<std::size_t>(o.dim), 3), 0, 0},
                          {"count", VariableKind::integer, 1, {}, 0, 10}}};
        problem.objective = mixed;
        problem.initial_center = Vec::Zero(problem.space.dim());
        problem.initial_spread = 1.0;
        problem.optimum = 0.0;
        return problem;
      });
  return entries;
}

}  // namespace

const std::vector<ProblemEntry>& discrete_problem_entries() {
  static const std::vector<ProblemEntry> entries = build_entries();
  return entries;
}

}  // namespace varopt::detail
