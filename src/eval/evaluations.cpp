#include "varopt/eval/evaluations.hpp"

#include <cmath>
#include <limits>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// Messages are kept to this many bytes (an objective's message may echo any input).
constexpr std::size_t kMaxMessage = 2000;

}  // namespace

std::string name_of(EvaluationStatus status) {
  switch (status) {
    case EvaluationStatus::ok: return "ok";
    case EvaluationStatus::non_finite: return "non-finite";
    case EvaluationStatus::failed: return "failed";
    case EvaluationStatus::timed_out: return "timed out";
  }
  return "?";
}

Evaluations Evaluations::pending(Index size, std::optional<std::uint32_t> generation) {
  Evaluations out;
  out.fitness = Vec::Constant(size, std::numeric_limits<double>::quiet_NaN());
  out.status.assign(static_cast<std::size_t>(size), EvaluationStatus::failed);
  out.messages.assign(static_cast<std::size_t>(size), "not evaluated");
  out.generation = generation;
  return out;
}

void Evaluations::set_value(Index i, double value) {
  fitness[i] = value;
  const auto k = static_cast<std::size_t>(i);
  if (status.empty()) return;
  status[k] = std::isfinite(value) ? EvaluationStatus::ok : EvaluationStatus::non_finite;
  messages[k].clear();
}

void Evaluations::set_failure(Index i, EvaluationStatus failure, std::string message) {
  require(failure != EvaluationStatus::ok, "Evaluations::set_failure", "a failure status", "ok");
  fitness[i] = std::numeric_limits<double>::quiet_NaN();
  const auto k = static_cast<std::size_t>(i);
  if (status.empty()) status.assign(static_cast<std::size_t>(fitness.size()), EvaluationStatus::ok);
  if (messages.empty()) messages.assign(static_cast<std::size_t>(fitness.size()), "");
  status[k] = failure;
  if (message.size() > kMaxMessage) {
    std::size_t end = kMaxMessage;  // not inside a UTF-8 sequence
    while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) --end;
    message = message.substr(0, end) + "... (cut)";
  }
  messages[k] = std::move(message);
}

EvaluationStatus Evaluations::status_of(Index i) const {
  if (status.empty())
    return std::isfinite(fitness[i]) ? EvaluationStatus::ok : EvaluationStatus::non_finite;
  const EvaluationStatus s = status[static_cast<std::size_t>(i)];
  // A finite value reported as ok stays ok; an ok status with a non-finite value is non_finite.
  if (s == EvaluationStatus::ok && !std::isfinite(fitness[i])) return EvaluationStatus::non_finite;
  return s;
}

std::string Evaluations::message_of(Index i) const {
  return messages.empty() ? std::string() : messages[static_cast<std::size_t>(i)];
}

}  // namespace varopt
