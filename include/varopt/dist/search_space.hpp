#pragma once
// The description of a search space as named blocks of variables, so that a problem can say what
// it is defined on (continuous, binary, categorical, integer) and a solver can report a solution
// by name. A point of the whole space is one Vec: the blocks' values concatenated in order
// (discrete values as integer-valued doubles: 0/1, category index, integer).
#include <optional>
#include <string>
#include <vector>

#include "varopt/core/types.hpp"

namespace varopt {

enum class VariableKind { continuous, binary, categorical, integer };

struct SpaceBlock {
  std::string name;
  VariableKind kind = VariableKind::continuous;
  Index size = 0;                  // number of variables in the block
  std::vector<Index> categories;   // categorical: categories per variable (each ≥ 2)
  double lower = 0, upper = 0;     // integer: inclusive bounds
  // What a user-defined space (dist/space_json.hpp) adds; empty for the built-in problems.
  std::vector<std::string> choices;  // categorical: the names of the categories (same for every
                                     // variable), reported instead of the index
  std::optional<Vec> box_lower;      // continuous: box bounds, one per variable (enforced
  std::optional<Vec> box_upper;      // through Box::of)
  std::optional<Vec> x0;             // continuous: the start, one value per variable
  std::optional<double> sigma0;      // continuous: the initial σ
  // continuous: an ordered integer block ("integer" with "ordered": true in a space file),
  // searched as real variables in the box [lower − ½, upper + ½] whose points round them to the
  // nearest integer in [lower, upper] (Box::reflect): a Gaussian follows the order of the values
  // (f(round(x)); CMA-ES with integer variables), where an integer block is a categorical.
  bool integral = false;

  // Whether the block's values are integers: every discrete block, and an integral one.
  bool holds_integers() const { return kind != VariableKind::continuous || integral; }
};

struct SearchSpace {
  std::vector<SpaceBlock> blocks;
  Index dim() const {
    Index n = 0;
    for (const auto& b : blocks) n += b.size;
    return n;
  }
  bool is_continuous() const {
    for (const auto& b : blocks)
      if (b.kind != VariableKind::continuous) return false;
    return true;
  }
  static SearchSpace continuous(Index n, std::string name = "x") {
    SpaceBlock block;
    block.name = std::move(name);
    block.kind = VariableKind::continuous;
    block.size = n;
    return {{std::move(block)}};
  }
};

}  // namespace varopt
