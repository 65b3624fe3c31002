#include "varopt/mpi/mpi_evaluator.hpp"

#include <mpi.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/eval/worker_pool.hpp"
#include "varopt/mpi/mpi_world.hpp"

namespace varopt::mpi {
namespace {

// How a rank's local evaluation ended.
enum Outcome : std::int64_t { evaluated = 0, interrupted = 1, invalid_argument = 2, failed = 3 };

void check(int code, const char* call) {
  if (code != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw std::runtime_error(std::string("MpiEvaluator: ") + call + " failed: " +
                             std::string(text, static_cast<std::size_t>(length)));
  }
}

bool has_message(EvaluationStatus status) {
  return status == EvaluationStatus::failed || status == EvaluationStatus::timed_out;
}

// Gathers every rank's block of T (counts[r] elements each) into one vector, in rank order.
template <class T>
std::vector<T> gather_all(const std::vector<T>& mine, const std::vector<int>& counts,
                          MPI_Datatype type) {
  std::vector<int> displacements(counts.size(), 0);
  for (std::size_t r = 1; r < counts.size(); ++r)
    displacements[r] = displacements[r - 1] + counts[r - 1];
  std::vector<T> all(static_cast<std::size_t>(displacements.back() + counts.back()));
  check(MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), type, all.data(),
                       counts.data(), displacements.data(), type, MPI_COMM_WORLD),
        "MPI_Allgatherv");
  return all;
}

}  // namespace

MpiEvaluator::MpiEvaluator(Evaluator& local) : local_(local), rank_(rank()), size_(size()) {
  require(active(), "MpiEvaluator", "an active MPI session (a program started by mpirun)",
          "none");
}

std::string MpiEvaluator::name() const {
  return "mpi(" + std::to_string(size_) + " ranks × " + local_.name() + ")";
}

MemberRange MpiEvaluator::share(MemberRange range, int rank, int ranks) {
  const Index m = range.end - range.begin;
  return {range.begin + m * rank / ranks, range.begin + m * (rank + 1) / ranks};
}

Evaluations MpiEvaluator::evaluate(const Population& population, bool with_gradients,
                                   MemberRange range) {
  require(!with_gradients, "MpiEvaluator::evaluate",
          "no objective gradients (ranks exchange values only)", "a request for them");
  range = range.within(population.evaluation_count());
  const MemberRange mine = share(range, rank_, size_);
  const Index count = mine.end - mine.begin;

  // This rank's values and statuses (two doubles per member) and the messages of its failed
  // members, or the message of the exception that ended its evaluation.
  std::vector<double> packed(static_cast<std::size_t>(2 * count),
                             std::numeric_limits<double>::quiet_NaN());
  std::string messages;
  Outcome outcome = evaluated;
  try {
    const Evaluations local = local_.evaluate(population, false, mine);
    for (Index k = 0; k < count; ++k) {
      const Index i = mine.begin + k;
      const EvaluationStatus status = local.status_of(i);
      packed[static_cast<std::size_t>(2 * k)] = local.fitness[i];
      packed[static_cast<std::size_t>(2 * k + 1)] = static_cast<double>(status);
      if (has_message(status)) messages += local.message_of(i) + '\0';
    }
  } catch (const EvaluationInterrupted& e) {
    outcome = interrupted;
    messages = e.what();
  } catch (const InvalidArgument& e) {
    outcome = invalid_argument;
    messages = e.what();
  } catch (const std::exception& e) {
    outcome = failed;
    messages = e.what();
  } catch (...) {
    outcome = failed;
    messages = "an exception that is not a std::exception";
  }
  if (outcome != evaluated) packed.assign(packed.size(), 0.0);

  const std::vector<std::int64_t> header = {outcome, static_cast<std::int64_t>(messages.size())};
  std::vector<std::int64_t> headers(2 * static_cast<std::size_t>(size_));
  check(MPI_Allgather(header.data(), 2, MPI_INT64_T, headers.data(), 2, MPI_INT64_T,
                      MPI_COMM_WORLD),
        "MPI_Allgather");
  std::vector<int> value_counts(static_cast<std::size_t>(size_)),
      message_counts(static_cast<std::size_t>(size_));
  bool any_messages = false;
  for (int r = 0; r < size_; ++r) {
    const MemberRange theirs = share(range, r, size_);
    value_counts[static_cast<std::size_t>(r)] = static_cast<int>(2 * (theirs.end - theirs.begin));
    message_counts[static_cast<std::size_t>(r)] = static_cast<int>(headers[2 * r + 1]);
    any_messages = any_messages || headers[2 * r + 1] > 0;
  }
  const std::vector<double> values = gather_all(packed, value_counts, MPI_DOUBLE);
  std::vector<char> text;
  if (any_messages)
    text = gather_all(std::vector<char>(messages.begin(), messages.end()), message_counts,
                      MPI_CHAR);
  bytes_sent_ += sizeof(std::int64_t) * header.size() + sizeof(double) * packed.size() +
                 (any_messages ? messages.size() : 0);

  // Every rank throws the same exception: an interrupt anywhere first, else the first failure.
  std::size_t text_offset = 0;
  int first_failure = -1;
  for (int r = 0; r < size_; ++r) {
    const auto rank_outcome = static_cast<Outcome>(headers[2 * r]);
    if (rank_outcome == interrupted) throw EvaluationInterrupted("interrupted on rank " + std::to_string(r));
    if (rank_outcome != evaluated && first_failure < 0) first_failure = r;
  }
  if (first_failure >= 0) {
    for (int r = 0; r < first_failure; ++r) text_offset += static_cast<std::size_t>(headers[2 * r + 1]);
    const std::string message = "rank " + std::to_string(first_failure) + ": " +
                                std::string(text.data() + text_offset,
                                            static_cast<std::size_t>(headers[2 * first_failure + 1]));
    if (headers[2 * first_failure] == invalid_argument) throw InvalidArgument(message);
    throw ObjectiveError(message);
  }

  Evaluations out = Evaluations::pending(population.evaluation_count(), population.generation());
  const char* next_message = text.data();
  for (Index k = 0; k < range.end - range.begin; ++k) {
    const Index i = range.begin + k;
    const auto status = static_cast<EvaluationStatus>(static_cast<int>(values[2 * k + 1]));
    if (has_message(status)) {
      const std::string message = next_message;
      next_message += message.size() + 1;
      out.set_failure(i, status, message);
    } else {
      out.set_value(i, values[2 * k]);
    }
  }
  return out;
}

}  // namespace varopt::mpi
