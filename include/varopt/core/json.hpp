#pragma once
// JSON helpers for state files: Eigen vectors as arrays. Doubles are written by nlohmann-json
// in shortest round-trip form, so a saved state restores bit-identically.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/core/types.hpp"

namespace varopt {

using Json = nlohmann::json;

Json to_json(ConstVecRef v);
// Throws FileError naming `what` when j is not an array of numbers (of `expected_size`, if ≥ 0).
Vec vec_from_json(const Json& j, const char* what, Index expected_size = -1);

// The deepest nesting parse_json accepts: configs, spaces, checkpoints and logs are shallow, and
// the recursive parts of nlohmann-json (dump, comparisons) must never meet an input that could
// overflow the stack (an 85 000-level array crashed `varopt minimize --config`).
inline constexpr int kMaxJsonDepth = 64;

// Parses outside input (a file, a line, a string from Python). Throws FileError
// "<what>: not valid JSON (...)" on a syntax error, a number out of range, nesting deeper than
// kMaxJsonDepth, or a key given twice in one object (which would otherwise keep its last value
// silently); the message quotes no more than a short excerpt of the input.
Json parse_json(std::string_view text, const char* what);

// Reading saved state (checkpoints, Solver.load): every access is checked, so a corrupt or
// crafted file is refused with FileError "<what>: ..." instead of undefined behaviour.
// The member `key` of the object j; throws when j is not an object or lacks the key.
const Json& state_member(const Json& j, const char* key, const char* what);
// An integer in [0, max] stored under `key`.
Index state_count(const Json& j, const char* key, const char* what,
                  Index max = Index{1} << 53);
// A number (finite unless allow_null_as_infinity and the value is null: then +∞).
double state_number(const Json& j, const char* key, const char* what,
                    bool allow_null_as_infinity = false);

// The JSON text of a value cut by excerpt() (invalid UTF-8 replaced), for messages.
std::string json_excerpt(const Json& value);

// A checksum of j's text (FNV-1a, 64 bits, as 16 hex digits): a checkpoint stores the one of its
// content, so a flipped bit or an edit is refused on resume instead of restored.
std::string json_checksum(const Json& j);

// Throws InvalidArgument "<what>: expected a JSON object, got <type>" unless j is an object.
void require_json_object(const Json& j, const char* what);

// out = j[key] when j has the key with a non-null value (else out is left as it is): an integer
// type takes an integer in its range, a floating-point type a number (never true). Throws
// InvalidArgument "config: expected 'key' ..., got <value>" on a value of the wrong type (the
// config files, flags and keyword arguments of solve/run_options.hpp).
template <class T>
void read_config_value(const Json& j, const char* key, T& out);

namespace detail {
// An integer config value: a JSON integer, or a number with an integral value, within T's range
// (never a truncated 2.7 or a wrapped −1). Throws InvalidArgument naming the key.
template <class T>
T config_integer(const Json& value, const char* key) {
  const auto refuse = [&] {
    throw InvalidArgument(std::string("config: expected '") + key + "' to be an integer in [" +
                          std::to_string(std::numeric_limits<T>::min()) + ", " +
                          std::to_string(std::numeric_limits<T>::max()) + "], got " +
                          json_excerpt(value));
  };
  if (value.is_number_unsigned()) {
    const auto v = value.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) refuse();
    return static_cast<T>(v);
  }
  if (value.is_number_integer()) {
    const auto v = value.get<std::int64_t>();
    if constexpr (std::is_unsigned_v<T>) {
      if (v < 0 || static_cast<std::uint64_t>(v) > std::numeric_limits<T>::max()) refuse();
    } else {
      if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) refuse();
    }
    return static_cast<T>(v);
  }
  if (!value.is_number_float()) refuse();
  const double v = value.get<double>();
  // 2^63 and 2^64 are exact doubles: compare below them, never convert an out-of-range double.
  const double upper = static_cast<double>(std::numeric_limits<T>::max()) + 1.0;
  if (!(v == std::floor(v)) || v < static_cast<double>(std::numeric_limits<T>::min()) ||
      v >= upper)
    refuse();
  return static_cast<T>(v);
}

// What a config value of type T is, for messages.
template <class T>
constexpr const char* expected_json_type() {
  if constexpr (std::is_same_v<T, std::string>) return "a string";
  if constexpr (std::is_same_v<T, bool>) return "true or false";
  if constexpr (std::is_same_v<T, std::vector<double>>) return "an array of numbers";
  if constexpr (std::is_same_v<T, std::vector<std::string>>) return "an array of strings";
  return "of another type";
}
}  // namespace detail

template <class T>
void read_config_value(const Json& j, const char* key, T& out) {
  if (!j.contains(key) || j.at(key).is_null()) return;
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    out = detail::config_integer<T>(j.at(key), key);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!j.at(key).is_number())  // nlohmann-json would read true as 1
      throw InvalidArgument(std::string("config: expected '") + key + "' to be a number, got " +
                            json_excerpt(j.at(key)));
    out = j.at(key).template get<T>();
  } else {
    try {
      out = j.at(key).template get<T>();
    } catch (const Json::exception&) {
      const std::string expected = detail::expected_json_type<T>();
      throw InvalidArgument(std::string("config: expected '") + key + "'" +
                            (expected.rfind("of ", 0) == 0 ? " " : " to be ") + expected +
                            ", got " + json_excerpt(j.at(key)));
    }
  }
}

}  // namespace varopt
