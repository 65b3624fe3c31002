#pragma once
// JSON helpers for state files: Eigen vectors as arrays. Doubles are written by nlohmann-json
// in shortest round-trip form, so a saved state restores bit-identically.
#include <nlohmann/json.hpp>

#include "varopt/core/types.hpp"

namespace varopt {

using Json = nlohmann::json;

Json to_json(ConstVecRef v);
// Throws FileError naming `what` when j is not an array of numbers (of `expected_size`, if ≥ 0).
Vec vec_from_json(const Json& j, const char* what, Index expected_size = -1);

}  // namespace varopt
