// Fuzz target: one answer line of an external worker (protocol varopt-worker/1,
// eval/worker_protocol.hpp), single or batch (the first byte chooses). A line is either decoded
// or refused with a message; nothing else may happen.
#include <cstdint>

#include "fuzz_input.hpp"
#include "varopt/eval/worker_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool batch = (data[0] & 1) != 0;
  const varopt::DecodedAnswers decoded =
      varopt::decode_answers(varopt::fuzz::text_of(data + 1, size - 1), batch);
  if (!decoded.ok() && decoded.error.size() > 4096) __builtin_trap();  // messages stay short
  return 0;
}
