#include "varopt/solve/minimize.hpp"

namespace varopt {

Summary minimize(Solver& solver, Evaluator& evaluator, const ProgressCallback& callback) {
  const bool with_gradients = solver.update_rule().needs_objective_gradient();
  while (!solver.done()) {
    const Population population = solver.ask();
    solver.tell(evaluator.evaluate(population, with_gradients));
    if (callback && !callback(solver.last_record(), solver)) solver.stop();
  }
  return solver.summary();
}

Summary minimize(const Objective& f, Solver& solver, const ProgressCallback& callback) {
  SerialEvaluator evaluator({.f = f});
  return minimize(solver, evaluator, callback);
}

}  // namespace varopt
