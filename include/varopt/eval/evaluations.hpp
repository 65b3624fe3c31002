#pragma once
// The outcome of evaluating one population: a value and a status per member. Evaluators report
// what happened (an exception, a NaN, a worker that timed out) and never decide what it means;
// the solver's NonFinitePolicy does, in one place (Solver::tell): count the member as the
// generation's worst finite value, or stop with ObjectiveError and keep the last state.
//   ok          a finite value
//   non_finite  the objective returned NaN or ±inf
//   failed      the objective threw (or a worker answered with an error)
//   timed_out   no answer within the evaluation's time limit
#include <optional>
#include <string>
#include <vector>

#include "varopt/core/types.hpp"

namespace varopt {

enum class EvaluationStatus : std::uint8_t { ok, non_finite, failed, timed_out };
std::string name_of(EvaluationStatus status);

struct Evaluations {
  Vec fitness;    // f(θ_i), one per member (NaN where the status is failed or timed_out)
  Mat gradients;  // ∇f(θ_i) as columns (dim × size); empty unless the estimator asked for it
  // One per member, or empty: then a finite value is ok and any other non_finite.
  std::vector<EvaluationStatus> status;
  std::vector<std::string> messages;  // one per member (empty for ok), or empty
  // The generation of the population these values belong to, where the evaluator knows it;
  // Solver::tell refuses the values of another generation.
  std::optional<std::uint32_t> generation;

  // Evaluations of `size` members, all failed until set (fitness NaN).
  static Evaluations pending(Index size, std::optional<std::uint32_t> generation);
  // Records member i's outcome: ok or non_finite from the value.
  void set_value(Index i, double value);
  void set_failure(Index i, EvaluationStatus status, std::string message);
  // The status of member i (derived from fitness when `status` is empty).
  EvaluationStatus status_of(Index i) const;
  // The message of member i ("" when none).
  std::string message_of(Index i) const;
};

}  // namespace varopt
