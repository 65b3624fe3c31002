#pragma once
// Internal helpers shared by the figure builders.
#include <string>
#include <vector>

#include "varopt/plot/quadrature.hpp"

namespace varopt::plot::detail {

// A number for legends and titles: shortest of %g with 3 significant digits.
std::string number(double value);
// The registry problem `name` at dim = 1 as a scalar function (throws InvalidArgument when it is
// unknown or not defined in one dimension).
ScalarFunction one_d_function(const std::string& name);
// "name: formula" from the registry's description (up to its first ';' or ',').
std::string function_label(const std::string& name);
// Throws InvalidArgument unless every σ is finite and > 0 and there is at least one.
void require_sigmas(const char* where, const std::vector<double>& sigmas);
// Throws InvalidArgument unless x_min < x_max are finite and points ≥ 2.
void require_grid(const char* where, double x_min, double x_max, long points);

}  // namespace varopt::plot::detail
