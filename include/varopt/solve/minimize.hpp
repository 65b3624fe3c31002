#pragma once
// minimize(): the thin loop over ask/evaluate/tell that most users want.
//   while not done: P = ask(); E = evaluator.evaluate(P); tell(E); callback(record)
// A callback returning false stops the run (Termination::user_stop). Members that failed are
// handled by the solver's NonFinitePolicy (under `error`, tell throws ObjectiveError with the
// member's message and the solver keeps its last state).
#include <functional>

#include "varopt/eval/evaluator.hpp"
#include "varopt/solve/restarts.hpp"
#include "varopt/solve/solver.hpp"

namespace varopt {

// Called after every generation with its record and the solver (with restarts: the current
// run's solver, and a record whose counters cover the whole sequence).
using ProgressCallback = std::function<bool(const GenerationRecord&, const Solver&)>;

Summary minimize(Solver& solver, Evaluator& evaluator, const ProgressCallback& callback = {});
Summary minimize(RestartSolver& solver, Evaluator& evaluator,
                 const ProgressCallback& callback = {});
// Serial evaluation of f alone.
Summary minimize(const Objective& f, Solver& solver, const ProgressCallback& callback = {});

}  // namespace varopt
