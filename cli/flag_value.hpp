#pragma once
// The values of the command's flags, read strictly: the whole text is one value of the flag's
// type, or a usage error names the flag and what it expects (never a silent 0, false, wrapped or
// saturated number).
#include <string>
#include <string_view>

namespace varopt::cli {

// T is an integer type (decimal digits, with '-' for a signed type, within T's range), double (a
// number, not NaN), bool (true | false) or std::string (non-empty UTF-8). Throws InvalidArgument
// "<flag>: expected <what>, got '<text>'".
template <class T>
T parse_flag_value(std::string_view flag, std::string_view text);

// Throws InvalidArgument "<flag>: expected UTF-8 text, got byte 0xNN at offset K" unless text is
// valid UTF-8 (everything that enters the run's JSON: configs, checkpoints, the summary).
void require_utf8(std::string_view flag, std::string_view text);

}  // namespace varopt::cli
