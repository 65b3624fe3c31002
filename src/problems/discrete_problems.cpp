#include "problem_table.hpp"

namespace varopt::detail {

const std::vector<ProblemEntry>& discrete_problem_entries() {
  static const std::vector<ProblemEntry> entries;
  return entries;
}

}  // namespace varopt::detail
