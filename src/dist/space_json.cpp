#include "varopt/dist/space_json.hpp"

#include <algorithm>
#include <limits>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <set>

#include "varopt/core/error.hpp"
#include "varopt/dist/space_distribution.hpp"
#include "varopt/dist/space_point.hpp"

namespace varopt {
namespace {

[[noreturn]] void fail(const std::string& expected, const std::string& got) {
  throw InvalidArgument("space: expected " + expected + ", got " + got);
}

std::string in_block(const std::string& name) { return " in block '" + excerpt(name) + "'"; }

double number(const Json& block, const char* key, const std::string& name) {
  const Json& v = block.at(key);
  if (!v.is_number())
    fail(std::string("'") + key + "' to be a number" + in_block(name), json_excerpt(v));
  const double x = v.get<double>();
  if (!std::isfinite(x))
    fail(std::string("'") + key + "' to be finite" + in_block(name), json_excerpt(v));
  return x;
}

// A real block's per-variable value: one number for every variable, or an array of `size` finite
// numbers. open: the value of a null entry (a side without a bound: ∓∞; ±1e308 and beyond on
// that side too, as in the run options' lower/upper), or NaN where every entry must be finite.
Vec numbers_per_variable(const Json& block, const char* key, const std::string& name, Index size,
                         double open = std::numeric_limits<double>::quiet_NaN()) {
  const Json& v = block.at(key);
  const std::string quoted = std::string("'") + key + "'";
  Vec out(size);
  if (v.is_number()) {
    out.setConstant(number(block, key, name));
  } else {
    if (!v.is_array())
      fail(quoted + " to be a number or an array of numbers" + in_block(name), json_excerpt(v));
    if (static_cast<Index>(v.size()) != size)
      fail(quoted + " with 1 or dim = " + std::to_string(size) + " values" + in_block(name),
           std::to_string(v.size()) + " values");
    for (Index i = 0; i < size; ++i) {
      const Json& e = v[static_cast<std::size_t>(i)];
      if (e.is_null() && !std::isnan(open)) {
        out[i] = open;
      } else if (e.is_number() && std::isfinite(e.get<double>())) {
        out[i] = e.get<double>();
      } else {
        fail(quoted + (std::isnan(open) ? " of finite numbers" : " of finite numbers or null") +
                 in_block(name),
             detail::concat(json_excerpt(e), " at index ", i));
      }
    }
  }
  if (!std::isnan(open))
    for (double& x : out)
      if (std::abs(x) >= 1e308 && std::signbit(x) == std::signbit(open)) x = open;
  return out;
}

// A number when every entry is the same (the form a user most often writes), else an array;
// an infinite entry (a side without a bound) as null.
Json compact_numbers(const Vec& v) {
  if (v.size() > 0 && (v.array() == v[0]).all() && std::isfinite(v[0])) return v[0];
  Json out = Json::array();
  for (const double x : v) out.push_back(std::isfinite(x) ? Json(x) : Json(nullptr));
  return out;
}

Index read_dim(const Json& block, const std::string& name) {
  if (!block.contains("dim")) return 1;
  const Json& v = block.at("dim");
  if (!v.is_number_integer()) fail("'dim' to be an integer" + in_block(name), json_excerpt(v));
  if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxBlockDim)
                             : v.get<std::int64_t>() > kMaxBlockDim)
    fail("'dim' <= " + std::to_string(kMaxBlockDim) + in_block(name), json_excerpt(v));
  const auto dim = v.get<std::int64_t>();
  if (dim < 1) fail("'dim' >= 1" + in_block(name), json_excerpt(v));
  return static_cast<Index>(dim);
}

void check_keys(const Json& block, const std::set<std::string>& allowed, const std::string& type,
                const std::string& name) {
  for (const auto& [key, value] : block.items()) {
    if (allowed.count(key)) continue;
    std::string list;
    for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
    fail("a key of a block of type '" + type + "' among {" + list + "}" + in_block(name),
         "'" + excerpt(key) + "'");
  }
}

SpaceBlock parse_real(const Json& j, const std::string& name) {
  check_keys(j, {"type", "dim", "lower", "upper", "x0", "sigma0"}, "real", name);
  SpaceBlock b{name, VariableKind::continuous, read_dim(j, name), {}, 0, 0};
  // null entries: variables without a bound on that side
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (j.contains("lower")) b.box_lower = numbers_per_variable(j, "lower", name, b.size, -kInf);
  if (j.contains("upper")) b.box_upper = numbers_per_variable(j, "upper", name, b.size, kInf);
  if (b.box_lower && b.box_upper) {
    for (Index i = 0; i < b.size; ++i)
      if (!((*b.box_lower)[i] <= (*b.box_upper)[i]))  // equal: a fixed variable, as scipy's
        fail("lower <= upper" + in_block(name),
             detail::concat("lower ", (*b.box_lower)[i], ", upper ", (*b.box_upper)[i],
                            " at index ", i));
  }
  if (j.contains("sigma0")) {
    b.sigma0 = number(j, "sigma0", name);
    if (!(*b.sigma0 > 0)) fail("sigma0 > 0" + in_block(name), json_excerpt(j.at("sigma0")));
  }
  if (j.contains("x0")) {
    Vec x0 = numbers_per_variable(j, "x0", name, b.size);
    for (Index i = 0; i < b.size; ++i) {
      if ((b.box_lower && x0[i] < (*b.box_lower)[i]) || (b.box_upper && x0[i] > (*b.box_upper)[i]))
        fail("x0 inside [lower, upper]" + in_block(name), detail::concat(x0[i], " at index ", i));
    }
    b.x0 = std::move(x0);
  }
  return b;
}

SpaceBlock parse_integer(const Json& j, const std::string& name) {
  check_keys(j, {"type", "dim", "lower", "upper", "ordered"}, "integer", name);
  SpaceBlock b{name, VariableKind::integer, read_dim(j, name), {}, 0, 0};
  for (const char* key : {"lower", "upper"}) {
    if (!j.contains(key)) fail(std::string("'") + key + "'" + in_block(name), "none");
    if (!j.at(key).is_number_integer())
      fail(std::string("'") + key + "' to be an integer" + in_block(name), json_excerpt(j.at(key)));
  }
  // Bounds beyond ±2^53 would not survive the trip through double.
  constexpr std::int64_t kMaxExact = std::int64_t{1} << 53;
  std::int64_t bound[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    const Json& v = j.at(k == 0 ? "lower" : "upper");
    const bool huge = v.is_number_unsigned() ? v.get<std::uint64_t>() > std::uint64_t{kMaxExact}
                                             : (v.get<std::int64_t>() > kMaxExact ||
                                                v.get<std::int64_t>() < -kMaxExact);
    if (huge) fail("integer bounds within ±2^53" + in_block(name), json_excerpt(v));
    bound[k] = v.get<std::int64_t>();
  }
  const std::int64_t lo = bound[0], hi = bound[1];
  if (!(lo <= hi))
    fail("lower <= upper" + in_block(name),
         json_excerpt(j.at("lower")) + ", " + json_excerpt(j.at("upper")));
  b.lower = static_cast<double>(lo);
  b.upper = static_cast<double>(hi);
  if (j.contains("ordered") && !j.at("ordered").is_boolean())
    fail("'ordered' to be true or false" + in_block(name), json_excerpt(j.at("ordered")));
  // One value (lower == upper) fixes the block; as an ordered block it needs no categorical of a
  // single category.
  if ((j.contains("ordered") && j.at("ordered").get<bool>()) || lo == hi) {
    // Real variables rounded (SpaceBlock::integral): any range, no table of values. The box
    // [lower − ½, upper + ½] must hold its halves: k ± ½ is a double for |k| < 2^52 (doubles are
    // 1 apart from 2^52 on).
    constexpr std::int64_t kOrderedLimit = std::int64_t{1} << 52;
    if (lo <= -kOrderedLimit || hi >= kOrderedLimit)
      fail("ordered integer bounds strictly within ±2^52" + in_block(name),
           json_excerpt(j.at("lower")) + ", " + json_excerpt(j.at("upper")));
    b.kind = VariableKind::continuous;
    b.integral = true;
    b.box_lower = Vec::Constant(b.size, b.lower - 0.5);
    b.box_upper = Vec::Constant(b.size, b.upper + 0.5);
    return b;
  }
  if (static_cast<double>(hi) - static_cast<double>(lo) + 1 >
      static_cast<double>(kMaxIntegerLevels))
    fail("an integer block with at most " + std::to_string(kMaxIntegerLevels) +
             " values, or \"ordered\": true (real variables rounded; any range)" +
             in_block(name),
         json_excerpt(j.at("lower")) + " to " + json_excerpt(j.at("upper")));
  return b;
}

SpaceBlock parse_categorical(const Json& j, const std::string& name) {
  check_keys(j, {"type", "dim", "choices"}, "categorical", name);
  if (!j.contains("choices")) fail("'choices'" + in_block(name), "none");
  const Json& c = j.at("choices");
  if (!c.is_array()) fail("'choices' to be an array of strings" + in_block(name), json_excerpt(c));
  if (c.size() < 2) fail("at least 2 choices" + in_block(name), std::to_string(c.size()));
  if (c.size() > static_cast<std::size_t>(kMaxIntegerLevels))
    fail("at most " + std::to_string(kMaxIntegerLevels) + " choices" + in_block(name),
         std::to_string(c.size()));
  SpaceBlock b{name, VariableKind::categorical, read_dim(j, name), {}, 0, 0};
  std::set<std::string> seen;
  for (const auto& e : c) {
    if (!e.is_string() || e.get<std::string>().empty())
      fail("choices that are non-empty strings" + in_block(name), json_excerpt(e));
    if (!seen.insert(e.get<std::string>()).second)
      fail("distinct choices" + in_block(name), json_excerpt(e) + " twice");
    b.choices.push_back(e.get<std::string>());
  }
  b.categories.assign(static_cast<std::size_t>(b.size), static_cast<Index>(c.size()));
  return b;
}

SpaceBlock parse_binary(const Json& j, const std::string& name) {
  check_keys(j, {"type", "dim"}, "binary", name);
  return {name, VariableKind::binary, read_dim(j, name), {}, 0, 0};
}

}  // namespace

SearchSpace space_from_json(const Json& j) {
  if (!j.is_object()) fail("an object from block name to block", j.type_name());
  if (j.empty()) fail("at least one block", "an empty object");
  SearchSpace space;
  Index total = 0;
  double parameters = 0;
  for (const auto& [name, block] : j.items()) {
    if (name.empty()) fail("non-empty block names", "''");
    if (!block.is_object()) fail("a block object" + in_block(name), std::string(block.type_name()));
    if (!block.contains("type")) fail("'type'" + in_block(name), "none");
    const Json& type = block.at("type");
    const std::string t = type.is_string() ? type.get<std::string>() : "";
    SpaceBlock b;
    if (t == "real") {
      b = parse_real(block, name);
    } else if (t == "integer") {
      b = parse_integer(block, name);
    } else if (t == "categorical") {
      b = parse_categorical(block, name);
    } else if (t == "binary") {
      b = parse_binary(block, name);
    } else {
      fail("'type' among {real, integer, categorical, binary}" + in_block(name),
           json_excerpt(type));
    }
    total += b.size;
    if (total > kMaxBlockDim)
      fail("a space of at most " + std::to_string(kMaxBlockDim) + " variables",
           "more at block '" + excerpt(name) + "'");
    // The default distribution holds one logit per category (or integer value) and variable.
    const double levels = b.kind == VariableKind::categorical ? static_cast<double>(b.categories[0])
                          : b.kind == VariableKind::integer   ? b.upper - b.lower + 1
                                                              : 1.0;
    parameters += levels * static_cast<double>(b.size);
    if (parameters > static_cast<double>(kMaxBlockDim))
      fail("a space of at most " + std::to_string(kMaxBlockDim) +
               " distribution parameters (values × variables of the discrete blocks)",
           "more at block '" + excerpt(name) + "'");
    space.blocks.push_back(std::move(b));
  }
  validate_space(space);
  return space;
}

Json space_to_json(const SearchSpace& space) {
  Json j = Json::object();
  for (const auto& b : space.blocks) {
    Json block;
    block["dim"] = b.size;
    switch (b.kind) {
      case VariableKind::continuous:
        if (b.integral) {
          block["type"] = "integer";
          block["lower"] = static_cast<std::int64_t>(b.lower);
          block["upper"] = static_cast<std::int64_t>(b.upper);
          block["ordered"] = true;
          break;
        }
        block["type"] = "real";
        if (b.box_lower) block["lower"] = compact_numbers(*b.box_lower);
        if (b.box_upper) block["upper"] = compact_numbers(*b.box_upper);
        if (b.x0) block["x0"] = to_json(*b.x0);
        if (b.sigma0) block["sigma0"] = *b.sigma0;
        break;
      case VariableKind::integer:
        block["type"] = "integer";
        block["lower"] = static_cast<std::int64_t>(b.lower);
        block["upper"] = static_cast<std::int64_t>(b.upper);
        break;
      case VariableKind::categorical: {
        block["type"] = "categorical";
        if (!b.choices.empty()) {
          block["choices"] = b.choices;
        } else {  // a built-in space: the categories' indices as names
          Json choices = Json::array();
          for (Index k = 0; k < b.categories.front(); ++k) choices.push_back(std::to_string(k));
          block["choices"] = choices;
        }
        break;
      }
      case VariableKind::binary:
        block["type"] = "binary";
        break;
    }
    j[b.name] = std::move(block);
  }
  return j;
}

Json point_to_user_json(const SearchSpace& space, ConstVecRef x) {
  check_point(space, x);
  Json j = Json::object();
  Index start = 0;
  for (const auto& b : space.blocks) {
    Json values = Json::array();
    for (Index i = 0; i < b.size; ++i) {
      const double v = x[start + i];
      if (!b.holds_integers()) {
        values.push_back(v);
      } else if (b.kind == VariableKind::categorical && !b.choices.empty()) {
        values.push_back(b.choices[static_cast<std::size_t>(v)]);
      } else {
        values.push_back(static_cast<std::int64_t>(v));
      }
    }
    j[b.name] = b.size == 1 ? std::move(values[0]) : std::move(values);
    start += b.size;
  }
  return j;
}

PointWriter::PointWriter(const SearchSpace& space) {
  validate_space(space);
  dim_ = space.dim();
  for (const auto& b : space.blocks) {
    // An ordered integer block is written as the integers its points hold.
    Block w{Json(b.name).dump(-1, ' ', false, Json::error_handler_t::replace) + ":",
            b.integral ? VariableKind::integer : b.kind,
            b.size,
            b.lower,
            b.upper,
            {}};
    switch (b.kind) {
      case VariableKind::continuous:
        break;
      case VariableKind::binary:
        w.upper = 1;
        break;
      case VariableKind::integer:
        break;
      case VariableKind::categorical:
        w.upper = static_cast<double>(b.categories.front() - 1);
        for (const auto& c : b.choices)
          w.choices.push_back(Json(c).dump(-1, ' ', false, Json::error_handler_t::replace));
        break;
    }
    blocks_.push_back(std::move(w));
  }
}

void PointWriter::append(ConstVecRef x, std::string& out) const {
  require(x.size() == dim_, "PointWriter", "a point of dimension " + std::to_string(dim_),
          x.size());
  char buffer[32];
  out += '{';
  Index start = 0;
  for (std::size_t k = 0; k < blocks_.size(); ++k) {
    const Block& b = blocks_[k];
    if (k > 0) out += ',';
    out += b.key;
    if (b.size > 1) out += '[';
    for (Index i = 0; i < b.size; ++i) {
      if (i > 0) out += ',';
      const double v = x[start + i];
      if (b.kind == VariableKind::continuous) {
        if (!std::isfinite(v))
          throw InvalidArgument(
              detail::concat("PointWriter: expected finite values, got ", v, " in block ", b.key));
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
        out.append(buffer, r.ptr);
        continue;
      }
      if (!(v >= b.lower && v <= b.upper && v == std::floor(v)))
        throw InvalidArgument(detail::concat("PointWriter: expected an integer in [", b.lower, ", ",
                                             b.upper, "], got ", v, " in block ", b.key));
      if (!b.choices.empty()) {
        out += b.choices[static_cast<std::size_t>(v)];
      } else {
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(v));
        out.append(buffer, r.ptr);
      }
    }
    if (b.size > 1) out += ']';
    start += b.size;
  }
  out += '}';
}

Vec space_start(const SearchSpace& space) {
  validate_space(space);
  Vec x = Vec::Zero(space.dim());
  Index start = 0;
  for (const auto& b : space.blocks) {
    if (b.kind == VariableKind::continuous) {
      if (b.x0) {
        x.segment(start, b.size) = *b.x0;
      } else {  // the middle of the box, or 0 moved into it
        for (Index i = 0; i < b.size; ++i) {
          constexpr double kInf = std::numeric_limits<double>::infinity();
          const double lower = b.box_lower ? (*b.box_lower)[i] : -kInf;
          const double upper = b.box_upper ? (*b.box_upper)[i] : kInf;
          x[start + i] = std::isfinite(lower) && std::isfinite(upper)
                             ? 0.5 * (lower + upper)
                             : std::clamp(0.0, lower, upper);
        }
      }
    }
    start += b.size;
  }
  return x;
}

std::optional<double> space_sigma0(const SearchSpace& space) {
  std::optional<double> sigma;
  for (const auto& b : space.blocks) {
    if (!b.sigma0) continue;
    if (sigma && *sigma != *b.sigma0)
      fail("the same sigma0 on every real block (one initial σ per run)",
           detail::concat(*sigma, " and ", *b.sigma0, " (block '", excerpt(b.name), "')"));
    sigma = b.sigma0;
  }
  return sigma;
}

}  // namespace varopt
