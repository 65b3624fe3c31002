#pragma once
// minimize(): the thin loop over ask/evaluate/tell that most users want.
//   while not done: P = ask(); E = evaluator.evaluate(P, f); tell(E); callback(record)
// A callback returning false stops the run (Termination::user_stop). Under
// NonFinitePolicy::error an objective exception is rethrown as ObjectiveError with its message.
#include <functional>

#include "varopt/eval/evaluator.hpp"
#include "varopt/solve/solver.hpp"

namespace varopt {

using ProgressCallback = std::function<bool(const GenerationRecord&, const Solver&)>;

Summary minimize(const ObjectiveFunctions& objective, Solver& solver, Evaluator& evaluator,
                 const ProgressCallback& callback = {});
// Serial evaluation of f alone.
Summary minimize(const Objective& f, Solver& solver, const ProgressCallback& callback = {});

}  // namespace varopt
