#include "varopt/core/json.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "varopt/core/error.hpp"

namespace varopt {

Json to_json(ConstVecRef v) { return Json(std::vector<double>(v.data(), v.data() + v.size())); }

Vec vec_from_json(const Json& j, const char* what, Index expected_size) {
  if (!j.is_array()) throw FileError(std::string(what) + ": expected an array of numbers");
  if (expected_size >= 0 && static_cast<Index>(j.size()) != expected_size) {
    throw FileError(std::string(what) + ": expected " + std::to_string(expected_size) +
                    " numbers, got " + std::to_string(j.size()));
  }
  Vec v(static_cast<Index>(j.size()));
  for (Index i = 0; i < v.size(); ++i) {
    const auto& e = j[static_cast<std::size_t>(i)];
    if (!e.is_number())
      throw FileError(std::string(what) + ": expected numbers, got " + json_excerpt(e));
    v[i] = e.get<double>();
  }
  return v;
}

Json parse_json(std::string_view text, const char* what) {
  // The keys of each object being read, innermost last: a key given twice is refused (the parser
  // would keep the last value silently).
  std::vector<std::set<std::string>> keys;
  const Json::parser_callback_t check = [what, &keys](int depth, Json::parse_event_t event,
                                                      Json& parsed) {
    if (depth >= kMaxJsonDepth &&
        (event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start))
      throw FileError(std::string(what) + ": not valid JSON (nested deeper than " +
                      std::to_string(kMaxJsonDepth) + " levels)");
    if (event == Json::parse_event_t::object_start) keys.emplace_back();
    if (event == Json::parse_event_t::object_end) keys.pop_back();
    if (event == Json::parse_event_t::key && !keys.back().insert(parsed.get<std::string>()).second)
      throw FileError(std::string(what) + ": not valid JSON (the key '" +
                      excerpt(parsed.get<std::string>()) + "' given twice in one object)");
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), check);
  } catch (const Json::exception& e) {
    std::string message = e.what();
    if (message.size() > 200) message = message.substr(0, 200) + "...";
    throw FileError(std::string(what) + ": not valid JSON (" + message + ")");
  }
}

const Json& state_member(const Json& j, const char* key, const char* what) {
  if (!j.is_object()) throw FileError(std::string(what) + ": expected an object");
  const auto it = j.find(key);
  if (it == j.end()) throw FileError(std::string(what) + ": missing '" + key + "'");
  return *it;
}

Index state_count(const Json& j, const char* key, const char* what, Index max) {
  const Json& v = state_member(j, key, what);
  const bool in_range =
      (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)) ||
      (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() >= 0 &&
       v.get<std::int64_t>() <= max);
  if (!in_range)
    throw FileError(std::string(what) + ": expected '" + key + "' to be an integer in [0, " +
                    std::to_string(max) + "], got " + json_excerpt(v));
  return static_cast<Index>(v.get<std::int64_t>());
}

double state_number(const Json& j, const char* key, const char* what,
                    bool allow_null_as_infinity) {
  const Json& v = state_member(j, key, what);
  if (allow_null_as_infinity && v.is_null()) return std::numeric_limits<double>::infinity();
  if (!v.is_number() || !std::isfinite(v.get<double>()))
    throw FileError(std::string(what) + ": expected '" + key + "' to be a finite number, got " +
                    json_excerpt(v));
  return v.get<double>();
}

std::string json_excerpt(const Json& value) {
  return excerpt(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::string json_checksum(const Json& j) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a offset basis and prime
  for (const unsigned char c : j.dump()) hash = (hash ^ c) * 0x100000001b3ULL;
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[static_cast<std::size_t>(i)] = digits[hash & 15];
  return hex;
}

void require_json_object(const Json& j, const char* what) {
  if (!j.is_object())
    throw InvalidArgument(std::string(what) + ": expected a JSON object, got " + j.type_name());
}

}  // namespace varopt
