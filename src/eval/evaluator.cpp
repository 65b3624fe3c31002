#include "varopt/eval/evaluator.hpp"

#include <algorithm>
#include <vector>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

void require_objective(const ObjectiveFunctions& objective, const char* where) {
  require(static_cast<bool>(objective.f), where, "an objective function", "none");
}

Evaluations prepare(const Population& population, bool with_gradients, bool has_gradient,
                    const std::string& where) {
  if (with_gradients)
    require(has_gradient, where, "an objective gradient for this estimator", "none");
  Evaluations out = Evaluations::pending(population.evaluation_count(), population.generation());
  if (with_gradients) out.gradients = Mat::Zero(population.dim(), population.evaluation_count());
  return out;
}

// Evaluates evaluation i of the population (a member, or a repeat of one: Population::key) into
// out (x: scratch of size dim). Every exception becomes the evaluation's failure; none escapes (a
// throw from a worker thread would terminate the program).
void evaluate_member(const Population& population, const ObjectiveFunctions& objective,
                     bool with_gradients, Index i, Vec& x, Evaluations& out) {
  population.evaluation_point(i, x);
  try {
    const double value = objective.f(x);
    if (with_gradients) objective.gradient(x, out.gradients.col(i));
    out.set_value(i, value);
  } catch (const std::exception& e) {
    out.set_failure(i, EvaluationStatus::failed, e.what());
  } catch (...) {
    out.set_failure(i, EvaluationStatus::failed, "an exception that is not a std::exception");
  }
}

}  // namespace

MemberRange MemberRange::within(Index size) const {
  const Index last = end < 0 ? size : end;
  require(begin >= 0 && begin <= last && last <= size, "MemberRange",
          detail::concat("members within [0, ", size, ")"),
          detail::concat("[", begin, ", ", last, ")"));
  return {begin, last};
}

SerialEvaluator::SerialEvaluator(ObjectiveFunctions objective) : objective_(std::move(objective)) {
  require_objective(objective_, "SerialEvaluator");
}

Evaluations SerialEvaluator::evaluate(const Population& population, bool with_gradients,
                                      MemberRange range) {
  range = range.within(population.evaluation_count());
  Evaluations out =
      prepare(population, with_gradients, has_gradient(), "SerialEvaluator::evaluate");
  Vec x(population.dim());
  for (Index i = range.begin; i < range.end; ++i)
    evaluate_member(population, objective_, with_gradients, i, x, out);
  return out;
}

ThreadedEvaluator::ThreadedEvaluator(ObjectiveFunctions objective, unsigned threads)
    : objective_(std::move(objective)),
      threads_(threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads) {
  require_objective(objective_, "ThreadedEvaluator");
  pool_.reserve(threads_);
  for (unsigned t = 0; t < threads_; ++t) pool_.emplace_back([this] { work(); });
}

ThreadedEvaluator::~ThreadedEvaluator() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  pool_.clear();  // joins, while the mutex and the condition variables still exist
}

void ThreadedEvaluator::work() {
  std::uint64_t seen = 0;
  Vec x;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || job_ != seen; });
    if (stopping_) return;
    seen = job_;
    x.resize(population_->dim());
    while (next_ < end_) {
      const Index i = next_++;
      lock.unlock();
      evaluate_member(*population_, objective_, with_gradients_, i, x, *out_);
      lock.lock();
    }
    if (--busy_ == 0) finished_.notify_one();
  }
}

Evaluations ThreadedEvaluator::evaluate(const Population& population, bool with_gradients,
                                        MemberRange range) {
  range = range.within(population.evaluation_count());
  Evaluations out =
      prepare(population, with_gradients, has_gradient(), "ThreadedEvaluator::evaluate");
  const std::lock_guard one_call(call_mutex_);  // a second caller overwrote the job: both hung
  std::unique_lock lock(mutex_);
  population_ = &population;
  out_ = &out;
  with_gradients_ = with_gradients;
  next_ = range.begin;
  end_ = range.end;
  busy_ = threads_;
  ++job_;
  wake_.notify_all();
  finished_.wait(lock, [&] { return busy_ == 0; });
  population_ = nullptr;
  out_ = nullptr;
  return out;
}

BatchEvaluator::BatchEvaluator(BatchObjective objective, BatchEvaluatorOptions options)
    : objective_(std::move(objective)), options_(options) {
  require(static_cast<bool>(objective_), "BatchEvaluator", "a batch objective", "none");
  require(options_.max_batch >= 0, "BatchEvaluator", "max_batch >= 0 (0: whole population)",
          options_.max_batch);
}

Evaluations BatchEvaluator::evaluate(const Population& population, bool with_gradients,
                                     MemberRange range) {
  range = range.within(population.evaluation_count());
  Evaluations out = prepare(population, with_gradients, false, "BatchEvaluator::evaluate");
  const Index size = range.end - range.begin;
  const Index chunk = options_.max_batch == 0 ? size : std::min(options_.max_batch, size);
  for (Index begin = range.begin; begin < range.end; begin += chunk) {
    const Index count = std::min(chunk, range.end - begin);
    Mat points(population.dim(), count);
    std::vector<EvaluationKey> keys(static_cast<std::size_t>(count));
    for (Index k = 0; k < count; ++k) {
      population.evaluation_point(begin + k, points.col(k));
      keys[static_cast<std::size_t>(k)] = population.key(begin + k);
    }
    const auto fail_batch = [&](const std::string& message) {
      for (Index k = 0; k < count; ++k)
        out.set_failure(begin + k, EvaluationStatus::failed, message);
    };
    Vec values;
    try {
      values = objective_(points, keys);
    } catch (const std::exception& e) {
      fail_batch(e.what());
      continue;
    } catch (...) {
      fail_batch("an exception that is not a std::exception");
      continue;
    }
    require(values.size() == count, "BatchEvaluator::evaluate",
            "one value per point of the batch (" + std::to_string(count) + ")", values.size());
    for (Index k = 0; k < count; ++k) out.set_value(begin + k, values[k]);
  }
  return out;
}

}  // namespace varopt
