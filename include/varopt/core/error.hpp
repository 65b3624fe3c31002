#pragma once
// Errors. Bad user input throws a varopt exception at the boundary with a message of the form
// "Component::method: expected X, got Y". The core never aborts and never prints, but for one
// warning on stderr: a VAROPT_SIMD value it cannot honour (core/simd.hpp; read at the first
// kernel call, which may be inside a parallel region, where an exception would end the process).
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace varopt {

// A value given by the user is outside what the component accepts (sizes, σ ≤ 0, names...).
class InvalidArgument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The objective returned a non-finite value (or threw) and the policy says stop.
class ObjectiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file could not be read or written, or its content is malformed.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <class... Parts>
std::string concat(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}
}  // namespace detail

// Throws InvalidArgument("where: expected what, got got") unless condition holds.
template <class Got>
void require(bool condition, std::string_view where, std::string_view expected, const Got& got) {
  if (!condition) {
    throw InvalidArgument(detail::concat(where, ": expected ", expected, ", got ", got));
  }
}

}  // namespace varopt
