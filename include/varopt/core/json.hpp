#pragma once
// JSON helpers for state files: Eigen vectors as arrays. Doubles are written by nlohmann-json
// in shortest round-trip form, so a saved state restores bit-identically.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "varopt/core/error.hpp"

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
// "<what>: not valid JSON (...)" on a syntax error, a number out of range, or nesting deeper than
// kMaxJsonDepth; the message quotes no more than a short excerpt of the input.
Json parse_json(std::string_view text, const char* what);

// Throws InvalidArgument "<what>: expected a JSON object, got <type>" unless j is an object.
void require_json_object(const Json& j, const char* what);

// out = j[key] when j has the key with a non-null value (else out is left as it is). Throws
// InvalidArgument "config: expected 'key' of another type, got <value>" on a value of the wrong
// type (the config files, flags and keyword arguments of solve/run_options.hpp).
template <class T>
void read_config_value(const Json& j, const char* key, T& out);

template <class T>
void read_config_value(const Json& j, const char* key, T& out) {
  if (!j.contains(key) || j.at(key).is_null()) return;
  try {
    out = j.at(key).template get<T>();
  } catch (const Json::exception&) {
    throw InvalidArgument(std::string("config: expected '") + key + "' of another type, got a " +
                          j.at(key).type_name());
  }
}

}  // namespace varopt
