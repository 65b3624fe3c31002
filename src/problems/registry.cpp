#include "problem_table.hpp"
#include "varopt/core/closest_name.hpp"
#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/dist/space_json.hpp"

namespace varopt {
namespace {

std::vector<const detail::ProblemEntry*> all_entries() {
  std::vector<const detail::ProblemEntry*> all;
  for (const auto* table : {&detail::continuous_problem_entries(), &detail::discrete_problem_entries()})
    for (const auto& entry : *table) all.push_back(&entry);
  return all;
}

}  // namespace

std::vector<ProblemInfo> problem_list() {
  std::vector<ProblemInfo> list;
  for (const auto* entry : all_entries()) list.push_back(entry->info);
  return list;
}

Problem make_problem(const std::string& name, const ProblemOptions& options) {
  std::string known;
  std::vector<std::string> names;
  for (const auto* entry : all_entries()) {
    if (entry->info.name == name) {
      // A problem's space is a space: no block larger than a space file may declare (D19).
      require(options.dim <= kMaxBlockDim, "make_problem('" + name + "')",
              "dim <= " + std::to_string(kMaxBlockDim) + " (the most variables of a space)",
              options.dim);
      return entry->make(options);
    }
    known += (known.empty() ? "" : ", ") + entry->info.name;
    names.push_back(entry->info.name);
  }
  throw InvalidArgument("make_problem: expected one of {" + known + "}, got '" + excerpt(name) +
                        "'" + did_you_mean(name, names));
}

}  // namespace varopt
