#include "figure_support.hpp"

#include <cmath>
#include <cstdio>

#include "varopt/core/error.hpp"
#include "varopt/problems/problem.hpp"

namespace varopt::plot::detail {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

ScalarFunction one_d_function(const std::string& name) {
  const Problem problem = make_problem(name, {.dim = 1});
  return [f = problem.objective](double x) { return f(Vec::Constant(1, x)); };
}

std::string function_label(const std::string& name) {
  for (const auto& info : problem_list()) {
    if (info.name == name) {
      return name + ": " + info.description.substr(0, info.description.find_first_of(";,"));
    }
  }
  return name;
}

void require_sigmas(const char* where, const std::vector<double>& sigmas) {
  require(!sigmas.empty(), where, "at least one σ", "none");
  for (double sigma : sigmas) require(std::isfinite(sigma) && sigma > 0, where, "every σ > 0", sigma);
}

void require_grid(const char* where, double x_min, double x_max, long points) {
  require(std::isfinite(x_min) && std::isfinite(x_max) && x_min < x_max, where,
          "finite x_min < x_max", number(x_min) + " ≥ " + number(x_max));
  require(points >= 2, where, "points ≥ 2", points);
}

}  // namespace varopt::plot::detail
