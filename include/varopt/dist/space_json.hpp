#pragma once
// User-defined search spaces as JSON, and points of them in the user's types.
//
// A space is an object from block name to block (JSON objects are unordered: the blocks are laid
// out in θ in the order of their names):
//   {"x":      {"type": "real", "dim": 5, "lower": -5, "upper": 5, "x0": 0, "sigma0": 1},
//    "solver": {"type": "categorical", "choices": ["gmres", "cg", "bicgstab"]},
//    "n":      {"type": "integer", "lower": 0, "upper": 10},
//    "mask":   {"type": "binary", "dim": 8}}
//   real         dim ≥ 1 (default 1); lower/upper optional box bounds (stored, see SpaceBlock);
//                x0 a number or one per variable (default: the middle of the box, or 0 clipped
//                into it); sigma0 > 0 optional
//   integer      lower ≤ upper integers, required (at most kMaxIntegerLevels values); dim ≥ 1
//   categorical  choices: ≥ 2 distinct non-empty strings; dim ≥ 1 (each variable picks one)
//   binary       dim ≥ 1
// A block of one variable is a scalar in points, a larger block an array:
//   {"x": [0.1, -2.0, ...], "solver": "cg", "n": 3, "mask": [0, 1, 1, 0, ...]}
// (real → double, integer → int, binary → 0/1, categorical → the choice string).
// The flat point θ (a Vec, blocks concatenated) is what the solver sees; categorical variables
// hold the choice's index there.
#include "varopt/core/json.hpp"
#include "varopt/dist/search_space.hpp"

namespace varopt {

// The largest dim a block may declare, and the most variables, and distribution parameters
// (values × variables of discrete blocks), a space may have: more is refused, not allocated.
inline constexpr Index kMaxBlockDim = 10'000'000;

// Parses and validates a space. Throws InvalidArgument "space: expected X, got Y" on any
// malformed input (unknown key or type, bad dim, bounds, numbers, choices, x0, sigma0, names);
// messages never echo more than a short excerpt of the input.
SearchSpace space_from_json(const Json& j);
// The inverse of space_from_json (for checkpoints and logs).
Json space_to_json(const SearchSpace& space);

// x by block name in the user's types (see above). Throws InvalidArgument when x is not a point
// of the space (check_point).
Json point_to_user_json(const SearchSpace& space, ConstVecRef x);

// Writes points as the JSON text of point_to_user_json, fast (no JSON tree; names and choices
// escaped once): what the worker protocol sends per evaluation. Doubles in shortest round-trip
// form. append() throws InvalidArgument when x is not a point of the space.
class PointWriter {
 public:
  explicit PointWriter(const SearchSpace& space);  // validates the space
  void append(ConstVecRef x, std::string& out) const;

 private:
  struct Block {
    std::string key;  // "\"name\":"
    VariableKind kind;
    Index size;
    double lower, upper;               // the discrete range
    std::vector<std::string> choices;  // escaped, quoted
  };
  std::vector<Block> blocks_;
  Index dim_ = 0;
};

// The start θ₀ of a space: continuous blocks at their x0 (or the default above), discrete
// coordinates 0 (their distributions start at maximum entropy anyway).
Vec space_start(const SearchSpace& space);
// The initial σ the continuous blocks ask for: their common sigma0, or none when no block gives
// one. Throws InvalidArgument when blocks give different values (one σ₀ per run).
std::optional<double> space_sigma0(const SearchSpace& space);

}  // namespace varopt
