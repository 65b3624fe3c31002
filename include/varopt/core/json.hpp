#pragma once
// JSON helpers for state files: Eigen vectors as arrays. Doubles are written by nlohmann-json
// in shortest round-trip form, so a saved state restores bit-identically.
#include <string>

#include <nlohmann/json.hpp>

#include "varopt/core/error.hpp"

#include "varopt/core/types.hpp"

namespace varopt {

using Json = nlohmann::json;

Json to_json(ConstVecRef v);
// Throws FileError naming `what` when j is not an array of numbers (of `expected_size`, if ≥ 0).
Vec vec_from_json(const Json& j, const char* what, Index expected_size = -1);

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
    throw InvalidArgument(std::string("config: expected '") + key + "' of another type, got " +
                          j.at(key).dump().substr(0, 80));
  }
}

}  // namespace varopt
