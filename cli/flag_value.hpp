#pragma once
// The values of the command's flags, read strictly: the whole text is one value of the flag's
// type, or a usage error names the flag and what it expects (never a silent 0, false, wrapped or
// saturated number).
#include <string>
#include <string_view>
#include <type_traits>

namespace varopt::cli {

// T is an integer type (decimal digits, with '-' for a signed type, within T's range), double (a
// number, not NaN), bool (true | false) or std::string (non-empty UTF-8). Throws InvalidArgument
// "<flag>: expected <what>, got '<text>'".
template <class T>
T parse_flag_value(std::string_view flag, std::string_view text);

// CLI11's name for the values of T in --help.
template <class T>
constexpr const char* flag_type_name() {
  if constexpr (std::is_same_v<T, bool>) {
    return "BOOLEAN";
  } else if constexpr (std::is_floating_point_v<T>) {
    return "FLOAT";
  } else if constexpr (std::is_integral_v<T>) {
    return std::is_signed_v<T> ? "INT" : "UINT";
  } else {
    return "TEXT";
  }
}

// Throws InvalidArgument "<flag>: expected UTF-8 text, got byte 0xNN at offset K" unless text is
// valid UTF-8 (everything that enters the run's JSON: configs, checkpoints, the summary).
void require_utf8(std::string_view flag, std::string_view text);

}  // namespace varopt::cli
