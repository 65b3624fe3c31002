#pragma once
// The worker protocol "varopt-worker/1": JSON lines between varopt and an external objective
// program (docs/workers.md is the full description). One request per line on the worker's
// stdin, one answer per line on its stdout:
//   plain  → {"protocol": "varopt-worker/1", "id": 17,
//             "key": {"generation": 3, "member": 5, "repeat": 0}, "x": {<point by block name>}}
//          ← {"id": 17, "f": 0.25}   or   {"id": 17, "error": "text"}
//   batch  → {"protocol": "varopt-worker/1", "batch": [{"id", "key", "x"}, ...]}
//          ← {"batch": [{"id": 17, "f": 0.25}, {"id": 18, "error": "text"}, ...]}
// Fields a side does not know are ignored (later minor additions stay compatible); a change that
// breaks a worker gets a new protocol string. "f" may be a number, null, or the non-standard
// tokens NaN / Infinity / -Infinity that Python's json module writes: anything but a finite
// number is a non-finite value. Encoding and decoding are pure functions (no I/O), so they can be
// tested and fuzzed apart from the processes.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "varopt/core/json.hpp"
#include "varopt/eval/evaluations.hpp"
#include "varopt/eval/objective.hpp"

namespace varopt {

inline constexpr std::string_view kWorkerProtocol = "varopt-worker/1";
// The longest answer line accepted (bytes, without the newline); a longer one is garbage.
inline constexpr std::size_t kMaxWorkerLine = std::size_t{16} << 20;

struct WorkerRequest {
  std::uint64_t id = 0;  // unique within a run: an answer is matched to its request by id
  EvaluationKey key;
  std::string x;  // the point by block name as JSON text (dist/space_json.hpp: PointWriter)
};

// One request line, newline included.
std::string encode_request(const WorkerRequest& request);
// One batch request line for all of `requests`, newline included.
std::string encode_batch(std::span<const WorkerRequest> requests);

struct WorkerAnswer {
  std::uint64_t id = 0;
  EvaluationStatus status = EvaluationStatus::failed;  // ok, non_finite or failed ("error")
  double f = 0;                                        // when ok
  std::string message;                                 // when not ok
};

// The answers of one line, or why the line is not a valid answer (a protocol error: the worker
// is treated as broken).
struct DecodedAnswers {
  std::vector<WorkerAnswer> answers;
  std::string error;  // empty when the line is valid
  bool ok() const { return error.empty(); }
};

// Decodes one answer line (without its newline): a single answer object, or with batch = true a
// {"batch": [...]} object. Never throws; never echoes more than a short excerpt of the line.
// The common shapes ({"id": N, "f": number} and batches of them) take a fast path without a
// JSON tree; anything else is read by the full JSON parser, with the same result.
DecodedAnswers decode_answers(std::string_view line, bool batch);

}  // namespace varopt
