#include "list_command.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "run_config.hpp"
#include "varopt/problems/problem.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt::cli {
namespace {

template <class Info>
void print_table(const std::vector<Info>& rows) {
  for (const auto& row : rows) std::printf("%-20s %s\n", row.name.c_str(), row.description.c_str());
}

// The keys of a config file (varopt minimize --config), each with its flag and help: the rows of
// the option table the config is read by.
void print_config_keys() {
  for (const auto& row : RunConfig::options()) {
    // A row without a generic flag (space, objective_cmd) has a flag of its own of that name.
    std::string flag = row.flag.substr(row.flag.rfind(',') + 1);
    if (flag.empty()) {
      flag = "--" + row.key;
      std::replace(flag.begin(), flag.end(), '_', '-');
    }
    std::printf("%-28s %-26s %s\n", row.key.c_str(), flag.c_str(), row.help.c_str());
  }
}

}  // namespace

void add_list_command(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("list", "List the built-in problems and components");
  cmd->add_option("what", *what,
                  "problems | methods | distributions | estimators | config-keys (the keys of a "
                  "--config file, with their flags)")
      ->required()
      ->check(CLI::IsMember({"problems", "methods", "distributions", "estimators", "config-keys"}));
  cmd->callback([what] {
    if (*what == "problems") print_table(problem_list());
    if (*what == "methods") print_table(preset_list());
    if (*what == "distributions") print_table(distribution_list());
    if (*what == "estimators") print_table(estimator_list());
    if (*what == "config-keys") print_config_keys();
  });
}

}  // namespace varopt::cli
