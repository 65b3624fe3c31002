// Evaluations to reach f ≤ 1e-8 on sphere and Rosenbrock (d = 10) for every built-in continuous
// method (preset), median over 5 seeds with a budget of 200000 evaluations. The peers (pagmo2's
// CMA-ES and xNES on the same problems, in the same table) are bench/pagmo/pagmo_methods_bench,
// built when pagmo is installed.
//
// Usage: methods_bench [--dim D=10] [--target T=1e-8] [--budget B=200000] [--seeds S=5]
#include "methods_table.hpp"

int main(int argc, char** argv) {
  bench::Settings settings;
  if (!settings.parse(argc, argv, "methods_bench")) return 2;
  bench::print_header(settings);
  for (const std::string& problem : settings.problems) {
    for (const std::string& preset : bench::continuous_presets(settings)) {
      bench::print_row(bench::run_varopt(preset, problem, settings));
    }
  }
  return 0;
}
