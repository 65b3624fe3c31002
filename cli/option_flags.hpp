#pragma once
// The command's flags of an option table (solve/option_table.hpp): each row with a flag sets its
// key in a JSON object of overrides, the flag's text read strictly as the row's type
// (flag_value.hpp); --help lists it under the row's group with its type, help and default.
#include <CLI/CLI.hpp>
#include <string>

#include "varopt/solve/option_table.hpp"

namespace varopt::cli {

// One flag: `names` as CLI11 takes them, setting overrides[key]; default_text: shown in --help
// (empty: none).
void add_option_flag(CLI::App& cmd, const std::string& names, const std::string& key,
                     OptionType type, const std::string& help, const std::string& group,
                     const std::string& default_text, Json& overrides);

// The flags of every row of `table` that has one; the defaults are those of a T{}.
template <class T>
void add_option_flags(CLI::App& cmd, const OptionTable<T>& table, Json& overrides) {
  Json defaults = Json::object();
  for (const auto& row : table) row.write(T{}, defaults);
  for (const auto& row : table) {
    if (row.flag.empty()) continue;
    const Json value = defaults.value(row.key, Json());
    const std::string shown = value.is_null()     ? ""
                              : value.is_string() ? value.get<std::string>()
                                                  : value.dump();
    add_option_flag(cmd, row.flag, row.key, row.type, row.help, row.group, shown, overrides);
  }
}

}  // namespace varopt::cli
