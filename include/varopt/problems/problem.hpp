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
  std::optional<double> optimum;     // min f where known (a noisy problem: min of E f)
  // Whether a run stops once its best f reaches `optimum` (StopOptions::optimum): set for the
  // binary problems, whose f is exact and whose optimum is a point the search samples. Not for
  // noisy problems (a noisy value goes below the optimum by chance) nor for the continuous and
  // mixed ones, which reach theirs only in the limit (their stops are a target and σ collapse).
  bool stop_at_optimum = false;
  bool uses_seed = false;            // the instance depends on ProblemOptions::seed
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
// Throws InvalidArgument naming the known problems when `name` is unknown, or on a bad dim (among
// them a dim above kMaxBlockDim, dist/space_json.hpp, or one whose instance would not fit in
// memory: maxcut above kMaxCutMaxVertices, a rotation above kMaxRotationDim).
Problem make_problem(const std::string& name, const ProblemOptions& options);

}  // namespace varopt
