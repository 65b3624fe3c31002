#include "option_flags.hpp"

#include <cstdint>
#include <iterator>
#include <vector>

#include "flag_value.hpp"

namespace varopt::cli {
namespace {

// The flag's text as a value of the row's type.
Json flag_json(OptionType type, const std::string& flag, const std::string& text) {
  switch (type) {
    case OptionType::int32:
      return parse_flag_value<int>(flag, text);
    case OptionType::uint32:
      return parse_flag_value<unsigned>(flag, text);
    case OptionType::int64:
      return parse_flag_value<Index>(flag, text);
    case OptionType::uint64:
      return parse_flag_value<std::uint64_t>(flag, text);
    case OptionType::number:
      return parse_flag_value<double>(flag, text);
    case OptionType::boolean:
    case OptionType::presence:
      return parse_flag_value<bool>(flag, text);
    default:
      break;
  }
  return parse_flag_value<std::string>(flag, text);
}

}  // namespace

void add_option_flag(CLI::App& cmd, const std::string& names, const std::string& key,
                     OptionType type, const std::string& help, const std::string& group,
                     const std::string& default_text, Json& overrides) {
  const std::string flag = names.substr(names.rfind(',') + 1);  // "--dim" of "-d,--dim"
  CLI::Option* option = nullptr;
  if (type == OptionType::presence) {
    option = cmd.add_flag_function(
        names, [&overrides, key](std::int64_t) { overrides[key] = true; }, help);
  } else if (type == OptionType::numbers) {  // comma-separated, or one per argument
    option = cmd.add_option_function<std::vector<std::string>>(
                    names,
                    [&overrides, key, flag](const std::vector<std::string>& texts) {
                      Json values = Json::array();
                      for (const auto& text : texts)
                        values.push_back(parse_flag_value<double>(flag, text));
                      overrides[key] = values;
                    },
                    help)
                 ->delimiter(',');
  } else {
    option = cmd.add_option_function<std::string>(
        names,
        [&overrides, key, flag, type](const std::string& text) {
          overrides[key] = flag_json(type, flag, text);
        },
        help);
  }
  option->group(group);
  // CLI11's names of the values, by OptionType (presence: a flag without a value).
  constexpr const char* kTypeNames[] = {"INT",     "UINT", "INT",  "UINT",  "FLOAT",
                                        "BOOLEAN", "",     "TEXT", "FLOAT", "JSON"};
  static_assert(std::size(kTypeNames) == static_cast<std::size_t>(OptionType::json) + 1);
  if (type != OptionType::presence)
    option->type_name(kTypeNames[static_cast<int>(type)])->default_str(default_text);
}

}  // namespace varopt::cli
