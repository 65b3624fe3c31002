#pragma once
#include <CLI/CLI.hpp>

namespace varopt::cli {

// `varopt minimize`: registers the subcommand, its flags and its action on `app`.
void add_minimize_command(CLI::App& app);

}  // namespace varopt::cli
