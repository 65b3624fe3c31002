// The README's C++ example: minimize a black-box function with separable NES, once with
// minimize() and once with the ask/tell loop that puts you in charge of evaluation.
#include <cstdio>

#include "varopt/solve/minimize.hpp"
#include "varopt/solve/presets.hpp"

int main() {
  // Any callable double(ConstVecRef) works; varopt never asks for its gradient.
  const auto f = [](varopt::ConstVecRef x) {
    double sum = 0;
    for (varopt::Index i = 0; i < x.size(); ++i) sum += (i + 1.0) * (x[i] - 0.1 * i) * (x[i] - 0.1 * i);
    return sum;
  };
  const auto space = varopt::SearchSpace::continuous(8);
  const varopt::MethodSpec method = varopt::method_preset("snes", space);
  const varopt::SolverOptions options{.seed = 42,
                                      .stop = {.max_evaluations = 20000, .target = 1e-8}};

  varopt::Solver solver = varopt::make_solver(method, space, varopt::Vec::Zero(8), 1.0, options);
  const varopt::Summary result = varopt::minimize(f, solver);
  std::printf("minimize: %s after %lld evaluations, f = %.3g\n",
              varopt::name_of(result.termination).c_str(),
              static_cast<long long>(result.evaluations), result.best_f);

  varopt::Solver same = varopt::make_solver(method, space, varopt::Vec::Zero(8), 1.0, options);
  while (!same.done()) {
    const varopt::Population population = same.ask();  // members regenerate on demand
    varopt::Vec fitness(population.size());
    for (varopt::Index i = 0; i < population.size(); ++i) fitness[i] = f(population.member(i));
    same.tell(fitness);
  }
  std::printf("ask/tell: %s after %lld evaluations, f = %.3g (the same run, bit for bit: %s)\n",
              varopt::name_of(same.termination()).c_str(),
              static_cast<long long>(same.evaluations()), same.summary().best_f,
              same.summary().best_x == result.best_x ? "yes" : "no");
  return result.best_f <= 1e-8 && same.summary().best_x == result.best_x ? 0 : 1;
}
