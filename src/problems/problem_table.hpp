#pragma once
// Internal: each family of problems lists its entries in its own file; registry.cpp joins them.
#include <functional>
#include <vector>

#include "varopt/problems/problem.hpp"

namespace varopt::detail {

struct ProblemEntry {
  ProblemInfo info;
  std::function<Problem(const ProblemOptions&)> make;
};

const std::vector<ProblemEntry>& continuous_problem_entries();  // continuous_problems.cpp
const std::vector<ProblemEntry>& discrete_problem_entries();    // discrete_problems.cpp

}  // namespace varopt::detail
