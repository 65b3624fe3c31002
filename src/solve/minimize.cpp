#include "varopt/solve/minimize.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

Summary minimize(const ObjectiveFunctions& objective, Solver& solver, Evaluator& evaluator,
                 const ProgressCallback& callback) {
  const bool with_gradients = solver.update_rule().needs_objective_gradient();
  while (!solver.done()) {
    const Population population = solver.ask();
    const Evaluations evaluations = evaluator.evaluate(population, objective, with_gradients);
    if (!evaluator.last_objective_error().empty() &&
        solver.options().non_finite == NonFinitePolicy::error) {
      throw ObjectiveError("minimize: the objective threw in generation " +
                           std::to_string(solver.generation()) + ": " +
                           evaluator.last_objective_error());
    }
    solver.tell(evaluations);
    if (callback && !callback(solver.last_record(), solver)) solver.stop();
  }
  return solver.summary();
}

Summary minimize(const Objective& f, Solver& solver, const ProgressCallback& callback) {
  SerialEvaluator evaluator;
  return minimize(ObjectiveFunctions{f, {}}, solver, evaluator, callback);
}

}  // namespace varopt
