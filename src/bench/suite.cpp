#include "varopt/bench/suite.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"

namespace varopt::bench {

std::vector<std::string> default_functions() {
  return {"shifted-sphere",
          "shifted-ellipsoid",
          "shifted-rotated-ellipsoid",
          "shifted-rotated-discus",
          "shifted-rotated-bent-cigar",
          "shifted-rotated-schwefel",
          "shifted-rotated-rosenbrock",
          "shifted-rotated-rastrigin",
          "shifted-rotated-ackley",
          "shifted-rotated-griewank"};
}

// Throws InvalidArgument when a list names a value twice (its runs would be counted twice).
template <class T>
void require_distinct(const std::vector<T>& values, const char* where, const std::string& what) {
  for (std::size_t i = 0; i < values.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      require(!(values[i] == values[j]), where, "distinct " + what,
              detail::concat(excerpt(detail::concat(values[i])), " twice"));
}

void BenchSettings::validate() const {
  const char* where = "BenchSettings";
  require(!functions.empty(), where, "at least one function", "none");
  require(!dims.empty(), where, "at least one dimension", "none");
  for (const Index d : dims) require(d >= 2, where, "dimensions ≥ 2", d);
  require_distinct(functions, where, "functions");
  require_distinct(dims, where, "dimensions");
  require(seeds >= 1, where, "seeds ≥ 1", seeds);
  require(std::isfinite(budget_multiplier) && budget_multiplier >= 1.0, where,
          "a budget multiplier ≥ 1", budget_multiplier);
  const double largest_budget =
      budget_multiplier * static_cast<double>(*std::max_element(dims.begin(), dims.end()));
  require(largest_budget <= kMaxBenchBudget, where,
          detail::concat("a budget multiplier × dimension ≤ ", kMaxBenchBudget, " evaluations"),
          largest_budget);
  limits(dims.front()).validate();
  for (const std::string& name : functions) {
    for (const Index d : dims) {
      const Problem problem = make_problem(name, {.dim = d, .seed = 1});  // throws on unknown
      require(problem.space.is_continuous() && problem.optimum.has_value(), where,
              "a continuous function with a known optimum", name);
    }
  }
}

RunLimits BenchSettings::limits(Index dim) const {
  return {.targets = targets,
          .budget = static_cast<Index>(std::floor(budget_multiplier * static_cast<double>(dim)))};
}

std::vector<RunRecord> run_suite(const BenchSettings& settings, const std::vector<Method>& methods,
                                 const RunCallback& on_run) {
  settings.validate();
  require(!methods.empty(), "run_suite", "at least one method", "none");
  std::vector<std::string> names;
  for (const Method& m : methods) names.push_back(m.name);
  require_distinct(names, "run_suite", "methods");
  std::vector<RunRecord> records;
  for (const std::string& function : settings.functions) {
    for (const Index dim : settings.dims) {
      const RunLimits limits = settings.limits(dim);
      for (const Method& method : methods) {
        for (int s = 1; s <= settings.seeds; ++s) {
          const auto seed = static_cast<std::uint64_t>(s);
          const Problem problem = make_problem(function, {.dim = dim, .seed = seed});
          RunRecord record = method.run(problem, seed, limits);
          record.method = method.name;
          record.library = method.library;
          record.function = function;
          record.dim = dim;
          record.seed = seed;
          if (on_run) on_run(record);
          records.push_back(std::move(record));
        }
      }
    }
  }
  return records;
}

}  // namespace varopt::bench
