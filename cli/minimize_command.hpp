#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace varopt::cli {

// `varopt minimize`: registers the subcommand, its flags and its action on `app`; objective_cmd
// is what take_objective_command removed from the command line.
void add_minimize_command(CLI::App& app, std::vector<std::string> objective_cmd = {});

// Removes `--objective-cmd PROGRAM [ARGS...]` (or `--objective-cmd=PROGRAM ARGS...`), the rest of
// the command line, from argv and returns it (empty when absent). Throws InvalidArgument when no
// program follows, or on a word that is not UTF-8.
std::vector<std::string> take_objective_command(int& argc, char** argv);

// The exit code of the last run: 0, or 128 + the signal (SIGINT 130, SIGTERM 143) that stopped it.
int minimize_exit_code();

}  // namespace varopt::cli
