#pragma once
// Evaluators compute f (and ∇f when asked) for every member of a population; the solver never
// knows how. Members are regenerated from the counter-based RNG inside the worker that
// evaluates them, so memory stays O(workers × n), and results do not depend on the schedule.
//   SerialEvaluator    one member after another, in this thread
//   ThreadedEvaluator  members split over T threads (the objective must be thread-safe)
// An objective that throws, or returns NaN/inf, yields NaN for that member; the solver's
// NonFinitePolicy then decides (count it as worst, or stop with ObjectiveError).
#include <exception>
#include <memory>
#include <string>

#include "varopt/grad/estimator.hpp"
#include "varopt/problems/problem.hpp"

namespace varopt {

// What to evaluate: f, and ∇f for estimators that need it.
struct ObjectiveFunctions {
  Objective f;
  ObjectiveGradient gradient;  // may be empty
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual std::string name() const = 0;
  // Throws InvalidArgument when gradients are requested but objective.gradient is empty.
  virtual Evaluations evaluate(const Population& population, const ObjectiveFunctions& objective,
                               bool with_gradients) = 0;
  // The message of the first exception an objective threw in the last evaluate(), if any.
  const std::string& last_objective_error() const { return last_objective_error_; }

 protected:
  std::string last_objective_error_;
};

class SerialEvaluator final : public Evaluator {
 public:
  std::string name() const override { return "serial"; }
  Evaluations evaluate(const Population& population, const ObjectiveFunctions& objective,
                       bool with_gradients) override;
};

class ThreadedEvaluator final : public Evaluator {
 public:
  // threads ≥ 1; 0 means std::thread::hardware_concurrency().
  explicit ThreadedEvaluator(unsigned threads = 0);
  std::string name() const override { return "threads(" + std::to_string(threads_) + ")"; }
  Evaluations evaluate(const Population& population, const ObjectiveFunctions& objective,
                       bool with_gradients) override;

 private:
  unsigned threads_;
};

}  // namespace varopt
