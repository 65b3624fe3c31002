#include "flag_value.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/core/types.hpp"

namespace varopt::cli {
namespace {

[[noreturn]] void refuse(std::string_view flag, std::string_view expected, std::string_view text) {
  throw InvalidArgument(
      detail::concat(flag, ": expected ", expected, ", got '", excerpt(text), "'"));
}

// The offset of the first byte of text that does not start a valid UTF-8 sequence (no overlong
// forms, surrogates or code points past U+10FFFF); text.size() when there is none.
std::size_t invalid_utf8_offset(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t code = lead;
    if (lead >= 0xF0 && lead < 0xF8) {
      length = 4, code = lead & 0x07;
    } else if (lead >= 0xE0 && lead < 0xF0) {
      length = 3, code = lead & 0x0F;
    } else if (lead >= 0xC0 && lead < 0xE0) {
      length = 2, code = lead & 0x1F;
    } else if (lead >= 0x80) {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};  // by length: no overlong form
    if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return text.size();
}

// text without one leading '+' before a digit or '.' ("+1e-8", as strtod and CLI11 read it;
// std::from_chars takes no sign but '-').
std::string_view without_plus(std::string_view text) {
  if (text.size() >= 2 && text[0] == '+' && text[1] != '+' && text[1] != '-')
    text.remove_prefix(1);
  return text;
}

template <class T>
T parse_integer(std::string_view flag, std::string_view text) {
  T value{};
  const std::string_view digits = without_plus(text);
  const char* end = digits.data() + digits.size();
  const auto [stop, error] = std::from_chars(digits.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end)
    refuse(flag,
           detail::concat("an integer in [", +std::numeric_limits<T>::min(), ", ",
                          +std::numeric_limits<T>::max(), "]"),
           text);
  return value;
}

}  // namespace

void require_utf8(std::string_view flag, std::string_view text) {
  const std::size_t offset = invalid_utf8_offset(text);
  if (offset == text.size()) return;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[offset]));
  throw InvalidArgument(
      detail::concat(flag, ": expected UTF-8 text, got byte ", byte, " at offset ", offset));
}

template <>
Index parse_flag_value<Index>(std::string_view flag, std::string_view text) {
  return parse_integer<Index>(flag, text);
}
template <>
int parse_flag_value<int>(std::string_view flag, std::string_view text) {
  return parse_integer<int>(flag, text);
}
template <>
unsigned parse_flag_value<unsigned>(std::string_view flag, std::string_view text) {
  return parse_integer<unsigned>(flag, text);
}
template <>
std::uint64_t parse_flag_value<std::uint64_t>(std::string_view flag, std::string_view text) {
  return parse_integer<std::uint64_t>(flag, text);
}

template <>
double parse_flag_value<double>(std::string_view flag, std::string_view text) {
  double value = 0;
  const std::string_view number = without_plus(text);
  const char* end = number.data() + number.size();
  const auto [stop, error] = std::from_chars(number.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || std::isnan(value))
    refuse(flag, "a number", text);
  return value;
}

template <>
bool parse_flag_value<bool>(std::string_view flag, std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  refuse(flag, "true or false", text);
}

template <>
std::string parse_flag_value<std::string>(std::string_view flag, std::string_view text) {
  if (text.empty()) refuse(flag, "a non-empty value", text);
  require_utf8(flag, text);
  return std::string(text);
}

}  // namespace varopt::cli
