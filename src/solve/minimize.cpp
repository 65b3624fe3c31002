#include "varopt/solve/minimize.hpp"

namespace varopt {
namespace {

const Solver& current_run(const Solver& solver) { return solver; }
const Solver& current_run(const RestartSolver& solver) { return solver.current(); }

template <class AskTell>
Summary run(AskTell& solver, Evaluator& evaluator, const ProgressCallback& callback) {
  while (!solver.done()) {
    const Population population = solver.ask();
    const bool with_gradients = current_run(solver).update_rule().needs_objective_gradient();
    solver.tell(evaluator.evaluate(population, with_gradients));
    if (callback && !callback(solver.last_record(), current_run(solver))) solver.stop();
  }
  return solver.summary();
}

}  // namespace

Summary minimize(Solver& solver, Evaluator& evaluator, const ProgressCallback& callback) {
  return run(solver, evaluator, callback);
}

Summary minimize(RestartSolver& solver, Evaluator& evaluator, const ProgressCallback& callback) {
  return run(solver, evaluator, callback);
}

Summary minimize(const Objective& f, Solver& solver, const ProgressCallback& callback) {
  SerialEvaluator evaluator({.f = f});
  return minimize(solver, evaluator, callback);
}

}  // namespace varopt
