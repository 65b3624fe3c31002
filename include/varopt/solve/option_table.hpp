#pragma once
// A table of options: one row per option of a struct T (its config key, the command's flag, the
// type of its values, its help and its group in --help) with how the row reads its value from a
// JSON object into T, writes it back, and which of T's other settings make it ignored. Each
// option is described once, and everything else derives from its row: config files and
// checkpoints (read_options, write_options), the refusal of unknown and of ignored keys, the
// command's flags and their --help (cli/option_flags.hpp), the Python package's keywords.
// The method's fields are MethodSpec::options() (presets.hpp), the run's RunOptions::options()
// (run_options.hpp, the method's among them), the command's RunConfig::options() (cli/).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "varopt/core/closest_name.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/core/json.hpp"

namespace varopt {

// How a flag's text is read: an integer in the range of int, unsigned, Index or std::uint64_t, a
// number, true | false, nothing (the flag alone sets true), non-empty text, or numbers
// (comma-separated or one per argument); json: a row that no generic flag sets.
enum class OptionType {
  int32, uint32, int64, uint64, number, boolean, presence, text, numbers, json
};

template <class T>
struct Option {
  std::string key;    // the config key, and the Python package's keyword
  std::string flag;   // the command's names for it, as CLI11 takes them ("-n,--population")
  OptionType type = OptionType::json;
  std::string help;
  std::string group;  // the heading it is listed under in --help
  // j[key] into t when j has the key (null: the default, for an optional value). Throws
  // InvalidArgument naming the key on a value of the wrong type.
  std::function<void(const Json& j, T& t)> read;
  // t's value into j[key] (null for an unset optional value; nothing for a value t does not
  // hold, as a method field left to the preset).
  std::function<void(const T& t, Json& j)> write;
  // What in t makes the option ignored ("schedule 'constant' (...)"), or "" when it applies.
  std::function<std::string(const T& t)> ignored_with = [](const T&) { return std::string(); };
  // A saved run may continue with another value (a budget, a stopping rule, how the evaluations
  // run); any other option of a resumed run must keep the saved one.
  bool may_change_on_resume = false;
};

template <class T>
using OptionTable = std::vector<Option<T>>;

namespace detail {

template <class V>
inline constexpr OptionType option_type = OptionType::json;
template <class V>
inline constexpr OptionType option_type<std::optional<V>> = option_type<V>;
template <>
inline constexpr OptionType option_type<int> = OptionType::int32;
template <>
inline constexpr OptionType option_type<unsigned> = OptionType::uint32;
template <>
inline constexpr OptionType option_type<Index> = OptionType::int64;
template <>
inline constexpr OptionType option_type<std::uint64_t> = OptionType::uint64;
template <>
inline constexpr OptionType option_type<double> = OptionType::number;
template <>
inline constexpr OptionType option_type<bool> = OptionType::boolean;
template <>
inline constexpr OptionType option_type<std::string> = OptionType::text;

template <class V>
void read_value(const Json& j, const std::string& key, V& out) {
  read_config_value(j, key.c_str(), out);
}
template <class V>
void read_value(const Json& j, const std::string& key, std::optional<V>& out) {
  if (!j.contains(key)) return;
  if (j.at(key).is_null()) return out.reset();
  V value{};
  read_config_value(j, key.c_str(), value);
  out = value;
}

template <class V>
Json value_json(const V& value) {
  return value;
}
template <class V>
Json value_json(const std::optional<V>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// name_of(e), found by argument-dependent lookup: the name function of most enums.
struct NameOf {
  template <class E>
  std::string operator()(E e) const {
    return name_of(e);
  }
};

}  // namespace detail

// The row of the value that get (a pointer to a member of T, or a function of T& returning a
// reference) designates: a number, an integer, bool, text, or an optional one (null in a config
// unsets it).
template <class T, class Get>
Option<T> option(std::string key, std::string flag, std::string help, Get get) {
  using V = std::remove_cvref_t<std::invoke_result_t<Get, T&>>;
  Option<T> row{.key = key, .flag = std::move(flag), .type = detail::option_type<V>,
                .help = std::move(help)};
  row.read = [key, get](const Json& j, T& t) { detail::read_value(j, key, std::invoke(get, t)); };
  row.write = [key, get](const T& t, Json& j) { j[key] = detail::value_json(std::invoke(get, t)); };
  return row;
}

// The row of a bool that the flag alone sets (--maximize); a config takes true or false.
template <class T, class Get>
Option<T> switch_option(std::string key, std::string flag, std::string help, Get get) {
  Option<T> row = option<T>(std::move(key), std::move(flag), std::move(help), get);
  row.type = OptionType::presence;
  return row;
}

// The row of an enum value designated by get (as for option()), one of `value_list`, named by
// name(e) in configs and flags; its help ends with the names.
template <class T, class Get, class E, class Name = detail::NameOf>
Option<T> choice(std::string key, std::string flag, std::string help, Get get,
                 std::initializer_list<E> value_list, Name name = {}) {
  const std::vector<E> values(value_list);
  std::string names;
  for (E e : values) names += (names.empty() ? "" : " | ") + name(e);
  Option<T> row{.key = key, .flag = std::move(flag), .type = OptionType::text,
                .help = help.empty() ? names : help + ": " + names};
  row.read = [key, get, values, name](const Json& j, T& t) {
    if (!j.contains(key) || j.at(key).is_null()) return;
    std::string known;
    for (E e : values) known += (known.empty() ? "" : ", ") + name(e);
    if (!j.at(key).is_string())  // true (pycma's noise_handling=True), a number, ...
      throw InvalidArgument(key + ": expected one of {" + known + "}, got " +
                            json_excerpt(j.at(key)));
    const std::string text = j.at(key).template get<std::string>();
    std::vector<std::string> names;
    for (E e : values) {
      if (name(e) == text) {
        std::invoke(get, t) = e;
        return;
      }
      names.push_back(name(e));
    }
    throw InvalidArgument(key + ": expected one of {" + known + "}, got '" + excerpt(text) + "'" +
                          did_you_mean(text, names));
  };
  row.write = [key, get, name](const T& t, Json& j) { j[key] = name(std::invoke(get, t)); };
  return row;
}

// `row`, ignored when why(t) says why (the ignored_with of Option).
template <class T, class Why>
Option<T> ignored_with(Option<T> row, Why why) {
  row.ignored_with = std::move(why);
  return row;
}

// `row`, which a resumed run may change (Option::may_change_on_resume).
template <class T>
Option<T> changeable_on_resume(Option<T> row) {
  row.may_change_on_resume = true;
  return row;
}

// Whether a resumed run may set `key` to another value than the saved run's.
template <class T>
bool resumed_run_may_change(const OptionTable<T>& table, const std::string& key) {
  for (const auto& row : table)
    if (row.key == key) return row.may_change_on_resume;
  return false;
}

// Appends `rows` to `table` under the heading `group`.
template <class T>
void add_options(OptionTable<T>& table, const std::string& group, OptionTable<T> rows) {
  for (auto& row : rows) {
    row.group = group;
    table.push_back(std::move(row));
  }
}

// The rows of `table` for a struct whose T get designates (as for option()).
template <class Outer, class T, class Get>
OptionTable<Outer> nested_options(const OptionTable<T>& table, Get get) {
  OptionTable<Outer> out;
  for (const auto& row : table)
    out.push_back({row.key, row.flag, row.type, row.help, row.group,
                   [read = row.read, get](const Json& j, Outer& o) {
                     read(j, std::invoke(get, o));
                   },
                   [write = row.write, get](const Outer& o, Json& j) {
                     write(std::invoke(get, o), j);
                   },
                   [ignored = row.ignored_with, get](const Outer& o) {
                     return ignored(std::invoke(get, o));
                   },
                   row.may_change_on_resume});
  return out;
}

// Throws InvalidArgument "<what>: expected a key among {...}, got '<key>'" for a key of the
// object j that no row has.
template <class T>
void refuse_unknown_keys(const OptionTable<T>& table, const Json& j, const char* what) {
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const auto& row : table) known = known || row.key == key;
    if (known) continue;
    std::string keys;
    for (const auto& row : table) keys += (keys.empty() ? "" : ", ") + row.key;
    throw InvalidArgument(std::string(what) + ": expected a key among {" + keys + "}, got '" +
                          excerpt(key) + "'");
  }
}

template <class T>
void read_options(const OptionTable<T>& table, const Json& j, T& t) {
  for (const auto& row : table) row.read(j, t);
}

// Writes the rows that apply to t (a config holds no option that its other settings ignore).
template <class T>
void write_options(const OptionTable<T>& table, const T& t, Json& j) {
  for (const auto& row : table)
    if (row.ignored_with(t).empty()) row.write(t, j);
}

// Throws InvalidArgument "<what>: expected no '<key>' with <what ignores it>" for a key that j
// sets (not to null) and that t's other settings make ignored.
template <class T>
void refuse_ignored(const OptionTable<T>& table, const Json& j, const T& t, const char* what) {
  for (const auto& row : table) {
    if (!j.contains(row.key) || j.at(row.key).is_null()) continue;
    const std::string ignored = row.ignored_with(t);
    if (!ignored.empty())
      throw InvalidArgument(std::string(what) + ": expected no '" + row.key + "' with " + ignored);
  }
}

}  // namespace varopt
