#include "list_command.hpp"

#include <cstdio>
#include <memory>

#include "varopt/problems/problem.hpp"
#include "varopt/solve/presets.hpp"

namespace varopt::cli {
namespace {

template <class Info>
void print_table(const std::vector<Info>& rows) {
  for (const auto& row : rows) std::printf("%-20s %s\n", row.name.c_str(), row.description.c_str());
}

}  // namespace

void add_list_command(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("list", "List the built-in problems and components");
  cmd->add_option("what", *what, "problems | methods | distributions | estimators")
      ->required()
      ->check(CLI::IsMember({"problems", "methods", "distributions", "estimators"}));
  cmd->callback([what] {
    if (*what == "problems") print_table(problem_list());
    if (*what == "methods") print_table(preset_list());
    if (*what == "distributions") print_table(distribution_list());
    if (*what == "estimators") print_table(estimator_list());
  });
}

}  // namespace varopt::cli
