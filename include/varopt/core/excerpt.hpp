#pragma once
// Messages quote user input through excerpt(): a value of any size (a 100 MB string in a config
// file) makes a message of one short line.
#include <cstddef>
#include <string>
#include <string_view>

namespace varopt {

inline constexpr std::size_t kExcerptLength = 80;

// text itself when it has at most `limit` bytes, else its first `limit` bytes (a UTF-8 sequence
// is never cut) and "..."; control characters (newlines, escapes) shown as spaces.
std::string excerpt(std::string_view text, std::size_t limit = kExcerptLength);

}  // namespace varopt
