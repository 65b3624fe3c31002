#include "varopt/dist/space_point.hpp"

#include <cmath>
#include <cstdint>
#include <set>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// The inclusive integer range of variable j of a discrete block.
std::pair<double, double> level_range(const SpaceBlock& block, Index j) {
  switch (block.kind) {
    case VariableKind::binary:
      return {0, 1};
    case VariableKind::categorical:
      return {0, static_cast<double>(block.categories[static_cast<std::size_t>(j)] - 1)};
    case VariableKind::integer:
      return {block.lower, block.upper};
    case VariableKind::continuous:
      if (block.integral) return {block.lower, block.upper};
      break;
  }
  return {-INFINITY, INFINITY};
}

}  // namespace

std::string name_of(VariableKind kind) {
  switch (kind) {
    case VariableKind::continuous:
      return "continuous";
    case VariableKind::binary:
      return "binary";
    case VariableKind::categorical:
      return "categorical";
    case VariableKind::integer:
      return "integer";
  }
  return "?";
}

void validate_space(const SearchSpace& space) {
  require(!space.blocks.empty(), "SearchSpace", "at least one block", 0);
  std::set<std::string> names;
  for (const auto& block : space.blocks) {
    const std::string where = "SearchSpace block '" + block.name + "'";
    require(!block.name.empty(), "SearchSpace", "a non-empty block name", "''");
    require(names.insert(block.name).second, "SearchSpace", "distinct block names",
            "'" + block.name + "' twice");
    require(block.size >= 1, where, "a size >= 1", block.size);
    if (block.kind == VariableKind::categorical) {
      require(static_cast<Index>(block.categories.size()) == block.size, where,
              "one category count per variable (" + std::to_string(block.size) + ")",
              block.categories.size());
      for (std::size_t j = 0; j < block.categories.size(); ++j)
        require(block.categories[j] >= 2, where, "at least 2 categories per variable",
                detail::concat(block.categories[j], " for variable ", j));
    } else {
      require(
          block.categories.empty(), where, "category counts only on a categorical block",
          detail::concat(block.categories.size(), " counts on a ", name_of(block.kind), " block"));
    }
    if (block.kind == VariableKind::integer) {
      require(std::isfinite(block.lower) && std::isfinite(block.upper) &&
                  block.lower == std::floor(block.lower) &&
                  block.upper == std::floor(block.upper) && block.lower <= block.upper,
              where, "integer bounds lower <= upper",
              detail::concat("[", block.lower, ", ", block.upper, "]"));
    }
  }
}

void check_point(const SearchSpace& space, ConstVecRef x) {
  validate_space(space);
  require(x.size() == space.dim(), "check_point",
          "a point of dimension " + std::to_string(space.dim()), x.size());
  Index start = 0;
  for (const auto& block : space.blocks) {
    for (Index j = 0; j < block.size; ++j) {
      const double v = x[start + j];
      const auto [lo, hi] = level_range(block, j);
      const bool continuous = !block.holds_integers();
      const bool ok = continuous ? std::isfinite(v) : (v >= lo && v <= hi && v == std::floor(v));
      if (!ok) {
        throw InvalidArgument(detail::concat(
            "check_point: expected coordinate ", j, " of block '", block.name, "' to be ",
            continuous ? std::string("finite")
                       : detail::concat("an integer in [", lo, ", ", hi, "]"),
            ", got ", v));
      }
    }
    start += block.size;
  }
}

std::vector<BlockValue> split_point(const SearchSpace& space, ConstVecRef x) {
  check_point(space, x);
  std::vector<BlockValue> out;
  Index start = 0;
  for (const auto& block : space.blocks) {
    out.push_back({block.name, block.kind, x.segment(start, block.size)});
    start += block.size;
  }
  return out;
}

Json point_to_json(const SearchSpace& space, ConstVecRef x) {
  Json j = Json::object();
  const std::vector<BlockValue> blocks = split_point(space, x);
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    const BlockValue& block = blocks[k];
    Json values = Json::array();
    for (Index i = 0; i < block.values.size(); ++i) {
      if (!space.blocks[k].holds_integers()) {
        values.push_back(block.values[i]);
      } else {
        values.push_back(static_cast<std::int64_t>(block.values[i]));
      }
    }
    j[block.name] = std::move(values);
  }
  return j;
}

}  // namespace varopt
