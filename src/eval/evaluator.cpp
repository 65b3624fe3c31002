#include "varopt/eval/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Evaluates members [begin, end) into out; returns the first objective error message.
std::string evaluate_range(const Population& population, const ObjectiveFunctions& objective,
                           bool with_gradients, Index begin, Index end, Evaluations& out) {
  std::string first_error;
  Vec x(population.dim());
  for (Index i = begin; i < end; ++i) {
    population.member(i, x);
    try {
      out.fitness[i] = objective.f(x);
      if (with_gradients) objective.gradient(x, out.gradients.col(i));
    } catch (const std::exception& e) {
      out.fitness[i] = kNaN;
      if (first_error.empty()) first_error = e.what();
    }
  }
  return first_error;
}

Evaluations prepare(const Population& population, const ObjectiveFunctions& objective,
                    bool with_gradients, const std::string& where) {
  require(static_cast<bool>(objective.f), where, "an objective function", "none");
  if (with_gradients)
    require(static_cast<bool>(objective.gradient), where,
            "an objective gradient for this estimator", "none");
  Evaluations out;
  out.fitness = Vec::Constant(population.size(), kNaN);
  if (with_gradients) out.gradients = Mat::Zero(population.dim(), population.size());
  return out;
}

}  // namespace

Evaluations SerialEvaluator::evaluate(const Population& population,
                                      const ObjectiveFunctions& objective, bool with_gradients) {
  Evaluations out = prepare(population, objective, with_gradients, "SerialEvaluator::evaluate");
  last_objective_error_ =
      evaluate_range(population, objective, with_gradients, 0, population.size(), out);
  return out;
}

ThreadedEvaluator::ThreadedEvaluator(unsigned threads)
    : threads_(threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads) {}

Evaluations ThreadedEvaluator::evaluate(const Population& population,
                                        const ObjectiveFunctions& objective,
                                        bool with_gradients) {
  Evaluations out = prepare(population, objective, with_gradients, "ThreadedEvaluator::evaluate");
  const Index n = population.size();
  const Index workers = std::min<Index>(threads_, n);
  std::vector<std::string> errors(static_cast<std::size_t>(workers));
  {
    std::vector<std::jthread> pool;
    for (Index w = 0; w < workers; ++w) {
      pool.emplace_back([&, w] {
        errors[static_cast<std::size_t>(w)] = evaluate_range(
            population, objective, with_gradients, n * w / workers, n * (w + 1) / workers, out);
      });
    }
  }
  last_objective_error_.clear();
  for (const auto& e : errors)
    if (last_objective_error_.empty()) last_objective_error_ = e;
  return out;
}

}  // namespace varopt
