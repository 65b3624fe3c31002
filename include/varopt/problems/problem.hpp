#pragma once
// A benchmark problem: an objective to minimize on a search space, with what is known about it.
// Problems are made by name (make_problem) so the command line and tests share one registry.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "varopt/core/types.hpp"
#include "varopt/dist/search_space.hpp"
#include "varopt/eval/objective.hpp"

namespace varopt {

struct Problem {
  std::string name;
  SearchSpace space;
  Objective objective;
  ObjectiveGradient gradient;        // empty when ∇f is not known
  Vec initial_center;                // a sensible starting mean (continuous parts)
  double initial_spread = 1.0;       // a sensible starting σ
  std::optional<double> optimum;     // min f where known
  Index dim() const { return space.dim(); }
};

struct ProblemOptions {
  Index dim = 10;
  double noise = 0.0;          // standard deviation of additive Gaussian noise ("noisy-*" problems)
  std::uint64_t seed = 0;      // instance seed (noise, random graphs, NK tables, knapsack items)
};

struct ProblemInfo {
  std::string name;
  std::string description;
};

// All registered problems, continuous and discrete.
std::vector<ProblemInfo> problem_list();
// Throws InvalidArgument naming the known problems when `name` is unknown, or on a bad dim.
Problem make_problem(const std::string& name, const ProblemOptions& options);

}  // namespace varopt
