#include "varopt/eval/worker_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <optional>

#include "varopt/core/error.hpp"
#include "varopt/dist/space_json.hpp"
#include "varopt/dist/space_point.hpp"
#include "worker_process.hpp"

namespace varopt {
namespace {

using Clock = std::chrono::steady_clock;

// A part of the population sent as one request line.
struct Task {
  Index begin = 0, count = 0;
  int attempts = 0;            // failed attempts so far
  bool excused = false;        // a failure not counted in attempts (see `broken`)
  std::uint64_t first_id = 0;  // member begin + k of the request in flight has id first_id + k
};

std::string seconds(double s) { return detail::concat(s, " s"); }

}  // namespace

struct WorkerPool::Slot {
  std::unique_ptr<detail::WorkerProcess> process;
  std::optional<std::size_t> task;  // the task in flight
  std::optional<Clock::time_point> deadline;
  bool answered = false;  // its worker has answered a request
  Clock::time_point sent;  // when the task in flight was sent
};

void WorkerPoolOptions::validate() const {
  require(!command.empty() && !command.front().empty(), "WorkerPool", "a worker command",
          "an empty one");
  require(workers >= 1 && workers <= 1024, "WorkerPool", "1 to 1024 workers", workers);
  require(std::isfinite(timeout) && timeout >= 0, "WorkerPool", "a timeout >= 0 seconds (0: none)",
          timeout);
  require(batch >= 0, "WorkerPool", "a batch size >= 0 (0: one point per line)", batch);
  require(max_retries >= 0, "WorkerPool", "max_retries >= 0", max_retries);
  require(max_line_bytes > 0, "WorkerPool", "max_line_bytes > 0", max_line_bytes);
  require(grace_ms >= 0, "WorkerPool", "grace_ms >= 0", grace_ms);
}

WorkerPool::WorkerPool(SearchSpace space, WorkerPoolOptions options)
    : space_(std::move(space)), options_(std::move(options)) {
  options_.validate();
  validate_space(space_);
  const std::string log = options_.log_file.empty() ? "/dev/null" : options_.log_file;
  log_fd_ = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd_ < 0)
    throw FileError("cannot open the worker log '" + log + "': " + std::strerror(errno));
  try {
    for (unsigned w = 0; w < options_.workers; ++w) {
      slots_.push_back(std::make_unique<Slot>());
      slots_.back()->process = std::make_unique<detail::WorkerProcess>(options_.command, log_fd_);
    }
  } catch (...) {
    slots_.clear();
    ::close(log_fd_);
    throw;
  }
}

WorkerPool::~WorkerPool() {
  shutdown();
  if (log_fd_ >= 0) ::close(log_fd_);
}

std::string WorkerPool::name() const {
  return "workers(" + std::to_string(options_.workers) +
         (options_.batch > 0 ? ", batch " + std::to_string(options_.batch) : std::string()) + ")";
}

void WorkerPool::shutdown() {
  // EOF to all first, then one grace period for all of them together.
  for (auto& slot : slots_)
    if (slot->process) ::shutdown(slot->process->input_fd(), SHUT_WR);
  const auto deadline = Clock::now() + std::chrono::milliseconds(options_.grace_ms);
  for (auto& slot : slots_) {
    if (!slot->process) continue;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    slot->process->stop(static_cast<int>(std::max<std::int64_t>(0, left.count())));
    slot->process.reset();
    slot->task.reset();
  }
}

Evaluations WorkerPool::evaluate(const Population& population, bool with_gradients,
                                 MemberRange range) {
  require(!with_gradients, "WorkerPool::evaluate",
          "no objective gradients (an external program gives values only)", "a request for them");
  require(population.dim() == space_.dim(), "WorkerPool::evaluate",
          "a population of the space's dimension " + std::to_string(space_.dim()),
          population.dim());
  range = range.within(population.evaluation_count());
  const Index size = range.end - range.begin;
  Evaluations out = Evaluations::pending(population.evaluation_count(), population.generation());
  const bool batch = options_.batch > 0;
  const auto workers = static_cast<Index>(slots_.size());
  const Index per_task =
      batch ? std::max<Index>(1, std::min(options_.batch, (size + workers - 1) / workers)) : 1;
  std::vector<Task> tasks;
  for (Index begin = range.begin; begin < range.end; begin += per_task)
    tasks.push_back({.begin = begin, .count = std::min(per_task, range.end - begin)});
  std::deque<std::size_t> queue;
  for (std::size_t t = 0; t < tasks.size(); ++t) queue.push_back(t);
  std::size_t remaining = tasks.size();
  Vec x(population.dim());
  const PointWriter writer(space_);
  std::vector<WorkerRequest> requests;

  // Sends task t to the worker of `slot` (starting one where there is none); the reason it broke,
  // or "" when sent.
  const auto send = [&](Slot& slot, std::size_t t) -> std::string {
    Task& task = tasks[t];
    slot.task = t;
    slot.sent = Clock::now();
    if (!slot.process) {
      try {
        slot.process = std::make_unique<detail::WorkerProcess>(options_.command, log_fd_);
      } catch (const std::exception& e) {
        // The program cannot be started again (removed or replaced during the run, no processes
        // left): the task fails as on a broken worker, and the run goes on by its policy.
        return std::string("could not be started: ") + e.what();
      }
    }
    slot.process->discard_input();
    requests.resize(static_cast<std::size_t>(task.count));
    task.first_id = next_id_;
    for (Index k = 0; k < task.count; ++k) {
      population.evaluation_point(task.begin + k, x);
      auto& r = requests[static_cast<std::size_t>(k)];
      r.id = next_id_++;
      r.key = population.key(task.begin + k);
      r.x.clear();
      writer.append(x, r.x);
    }
    slot.process->send(batch ? encode_batch({requests.data(), requests.size()})
                             : encode_request(requests.front()));
    ++stats_.requests;
    slot.deadline.reset();
    if (options_.timeout > 0) {
      // Capped at 10⁹ s (32 years), far inside the clock's range (2⁶³ ns ≈ 292 years).
      const double limit = std::min(options_.timeout * static_cast<double>(task.count), 1e9);
      slot.deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(limit));
    }
    return slot.process->flush() ? "" : "stopped reading its input";
  };

  // The worker of `slot` is broken: end it (it restarts on its next task) and retry or fail its
  // task.
  const auto broken = [&](Slot& slot, EvaluationStatus status, const std::string& reason,
                          int grace_ms) {
    // A worker that had answered before and breaks (exits, writes a stray line) within a quarter
    // second of this request may be ending the previous one (a program that answers once and
    // exits, a line after the answer): the task is not to blame.
    const bool aftermath = slot.answered && status == EvaluationStatus::failed &&
                           Clock::now() - slot.sent < std::chrono::milliseconds(250);
    slot.answered = false;
    std::string ended;
    if (slot.process) {
      slot.process->stop(grace_ms);
      ended = slot.process->exit_description();
      slot.process.reset();
    }
    ++stats_.restarts;
    if (!slot.task) return;
    const std::size_t t = *slot.task;
    slot.task.reset();
    Task& task = tasks[t];
    if (aftermath && !task.excused) {  // sent again, once, without counting as a retry
      task.excused = true;
      queue.push_front(t);
      return;
    }
    ++task.attempts;
    if (task.attempts <= options_.max_retries) {
      ++stats_.retries;
      queue.push_front(t);
      return;
    }
    const int sent = task.attempts + (task.excused ? 1 : 0);
    const std::string message = "worker " + reason + " (" + (ended.empty() ? "" : ended + "; ") +
                                std::to_string(sent) + " attempt" + (sent == 1 ? "" : "s") + ")";
    for (Index k = 0; k < task.count; ++k) out.set_failure(task.begin + k, status, message);
    stats_.last_failure = message;
    --remaining;
  };

  // Takes one answer line for the task of `slot`; false when the line broke the worker.
  const auto accept = [&](Slot& slot, const std::string& line) {
    Task& task = tasks[*slot.task];
    DecodedAnswers decoded = decode_answers(line, batch);
    std::string problem = decoded.error;
    if (problem.empty()) {
      if (decoded.answers.size() != static_cast<std::size_t>(task.count)) {
        problem =
            detail::concat("expected ", task.count, " answer(s), got ", decoded.answers.size());
      } else {
        // Every id of the request exactly once, in any order.
        std::vector<bool> seen(static_cast<std::size_t>(task.count), false);
        for (const auto& a : decoded.answers) {
          const std::uint64_t k = a.id - task.first_id;  // wraps for ids below first_id
          if (k >= seen.size() || seen[k]) {
            problem = detail::concat(
                "an answer to request id ",
                task.count == 1 ? std::to_string(task.first_id) : std::string("of the batch"),
                ", got id ", a.id);
            break;
          }
          seen[k] = true;
        }
      }
    }
    if (!problem.empty()) {
      ++stats_.protocol_errors;
      broken(slot, EvaluationStatus::failed, "broke the protocol: " + problem, 0);
      return false;
    }
    for (const auto& a : decoded.answers) {
      const auto k = static_cast<Index>(a.id - task.first_id);
      if (a.status != EvaluationStatus::ok) {
        out.set_failure(task.begin + k, a.status, a.message);
        stats_.last_failure =
            a.message.empty() ? "worker answered " + name_of(a.status) : a.message;
      } else {
        out.set_value(task.begin + k, a.f);
      }
    }
    slot.task.reset();
    slot.deadline.reset();
    slot.answered = true;
    --remaining;
    return true;
  };

  // Takes what the worker of `slot` wrote: answers, protocol errors, its end (`exited`: the
  // process has ended, whatever its stdout says).
  const auto take_output = [&](Slot& slot, bool exited) {
    const auto read = slot.process->read_available();
    if (!slot.task) {  // an idle worker that exited or speaks out of turn: replace it
      if (read != detail::WorkerProcess::Read::again || exited) {
        if (read == detail::WorkerProcess::Read::data) ++stats_.protocol_errors;
        broken(slot, EvaluationStatus::failed, "", 0);
      }
      return;
    }
    while (slot.task) {
      const auto line = slot.process->next_line();
      if (!line) break;
      if (line->size() > options_.max_line_bytes) {
        ++stats_.protocol_errors;
        broken(slot, EvaluationStatus::failed,
               "broke the protocol: a line longer than " +
                   std::to_string(options_.max_line_bytes) + " bytes",
               0);
        break;
      }
      if (accept(slot, *line) && slot.process->buffered() > 0) {
        // More than one line for one request: the answer stands, the worker is replaced.
        ++stats_.protocol_errors;
        broken(slot, EvaluationStatus::failed, "", 0);
      }
    }
    if (!slot.task || !slot.process) return;
    if (slot.process->buffered() > options_.max_line_bytes) {
      ++stats_.protocol_errors;
      broken(slot, EvaluationStatus::failed,
             "broke the protocol: a line longer than " +
                 std::to_string(options_.max_line_bytes) + " bytes",
             0);
    } else if (read == detail::WorkerProcess::Read::eof || exited) {
      broken(slot, EvaluationStatus::failed, "exited before answering", 50);
    }
  };

  std::vector<pollfd> fds;
  std::vector<std::pair<Slot*, bool>> owners;  // (slot, is the input side)
  try {
    while (remaining > 0) {
      if (options_.interrupted && options_.interrupted()) {
        shutdown();
        throw EvaluationInterrupted("WorkerPool::evaluate: interrupted");
      }
      // Idle slots without a process (a fresh worker starts there) take the queue in order, retried
      // tasks first; slots with a running worker take first-time tasks only, so a retry always
      // runs on a fresh worker.
      for (const bool fresh : {true, false}) {
        for (auto& slot : slots_) {
          if (slot->task || queue.empty() || (slot->process != nullptr) == fresh) continue;
          auto it = queue.begin();
          if (!fresh)
            it = std::find_if(queue.begin(), queue.end(),
                              [&](std::size_t t) { return tasks[t].attempts == 0; });
          if (it == queue.end()) continue;
          const std::size_t t = *it;
          queue.erase(it);
          if (const std::string failure = send(*slot, t); !failure.empty())
            broken(*slot, EvaluationStatus::failed, failure, 50);
        }
      }
      fds.clear();
      owners.clear();
      auto wait = std::chrono::milliseconds(50);
      const auto now = Clock::now();
      for (auto& slot : slots_) {
        if (!slot->process) continue;
        fds.push_back({slot->process->output_fd(), POLLIN, 0});
        owners.emplace_back(slot.get(), false);
        if (slot->process->wants_write()) {
          fds.push_back({slot->process->input_fd(), POLLOUT, 0});
          owners.emplace_back(slot.get(), true);
        }
        if (slot->deadline)
          wait = std::min(
              wait, std::max(std::chrono::milliseconds(0),
                             std::chrono::ceil<std::chrono::milliseconds>(*slot->deadline - now)));
      }
      if (::poll(fds.data(), fds.size(), static_cast<int>(wait.count())) < 0 && errno != EINTR)
        throw std::runtime_error(std::string("WorkerPool::evaluate: poll: ") +
                                 std::strerror(errno));
      for (std::size_t i = 0; i < fds.size(); ++i) {
        Slot& slot = *owners[i].first;
        if (fds[i].revents == 0 || !slot.process) continue;
        if (owners[i].second) {
          if (!slot.process->flush())
            broken(slot, EvaluationStatus::failed, "stopped reading its input", 50);
          continue;
        }
        take_output(slot, false);
      }
      // A worker that exited while something it started keeps its stdout open never reaches end
      // of file: what it wrote is taken, then it counts as gone.
      for (auto& slot : slots_)
        if (slot->process && slot->process->has_exited()) take_output(*slot, true);
      const auto after = Clock::now();
      for (auto& slot : slots_) {
        if (slot->task && slot->deadline && after >= *slot->deadline) {
          ++stats_.timeouts;
          broken(*slot, EvaluationStatus::timed_out,
                 "did not answer within " +
                     seconds(options_.timeout * static_cast<double>(tasks[*slot->task].count)),
                 0);
        }
      }
    }
  } catch (...) {
    shutdown();  // no worker keeps a request of this population
    throw;
  }
  return out;
}

}  // namespace varopt
