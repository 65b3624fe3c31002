#pragma once
// What every fuzz target shares: outside input may only ever fail with varopt's own exceptions
// (core/error.hpp), each with a message. Anything else — another exception, a crash, a leak, a
// sanitizer report — is a finding that libFuzzer reports with the input that caused it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "varopt/core/error.hpp"

namespace varopt::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs f(); the refusals varopt documents are the expected outcome of garbage.
template <class F>
void expect_only_varopt_errors(F&& f) {
  try {
    f();
  } catch (const InvalidArgument&) {
  } catch (const FileError&) {
  } catch (const ObjectiveError&) {
  }
}

}  // namespace varopt::fuzz
