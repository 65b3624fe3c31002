#include "varopt/core/excerpt.hpp"

#include <algorithm>

namespace varopt {

std::string excerpt(std::string_view text, std::size_t limit) {
  std::string shown;
  if (text.size() <= limit) {
    shown = text;
  } else {
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    shown = std::string(text.substr(0, end)) + "...";
  }
  // One line, and nothing that a terminal would execute (escape sequences, carriage returns).
  std::replace_if(
      shown.begin(), shown.end(),
      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '\x7f'; }, ' ');
  return shown;
}

}  // namespace varopt
