#pragma once
#include <CLI/CLI.hpp>

namespace varopt::cli {

// `varopt list problems|methods|distributions|estimators`.
void add_list_command(CLI::App& app);

}  // namespace varopt::cli
