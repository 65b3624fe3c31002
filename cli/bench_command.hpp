#pragma once
#include <CLI/CLI.hpp>

namespace varopt::cli {

// `varopt bench`: varopt's presets (and pagmo2's CMA-ES and xNES when built) on the shifted and
// rotated benchmark functions; ERT, success rates, ratios to the peers, the runtime ECDF.
void add_bench_command(CLI::App& app);

}  // namespace varopt::cli
