#pragma once
// Points of a SearchSpace by block name. A point θ of the whole space is one Vec (the blocks'
// values concatenated in order; discrete values as integer-valued doubles); these helpers check a
// space, check a point against it, and split a point into named block values for summaries, where
// discrete values are written as JSON integers:
//   {"x": [0.12, -1.5], "layers": [3], "mask": [1, 0, 1]}.
#include <string>
#include <vector>

#include "varopt/core/json.hpp"
#include "varopt/dist/search_space.hpp"

namespace varopt {

// Throws InvalidArgument on: no block, an empty or duplicate name, a block of size < 1, a
// categorical block without one count ≥ 2 per variable, an integer block whose bounds are not
// integers with lower ≤ upper, or fields that belong to another kind.
void validate_space(const SearchSpace& space);

std::string name_of(VariableKind kind);  // "continuous" | "binary" | "categorical" | "integer"

struct BlockValue {
  std::string name;
  VariableKind kind = VariableKind::continuous;
  Vec values;
};

// Throws InvalidArgument naming the block and coordinate when x has the wrong size, a continuous
// value is not finite, or a discrete value is not an integer within the variable's range.
void check_point(const SearchSpace& space, ConstVecRef x);
// The block values of x (checked with check_point).
std::vector<BlockValue> split_point(const SearchSpace& space, ConstVecRef x);
// {"<block name>": [values]}, discrete values as integers.
Json point_to_json(const SearchSpace& space, ConstVecRef x);

}  // namespace varopt
