#pragma once
#include <CLI/CLI.hpp>

namespace varopt::cli {

// `varopt plot <figure> [--out DIR]`: the lecture's figures, and convergence curves of logs.
void add_plot_command(CLI::App& app);

}  // namespace varopt::cli
