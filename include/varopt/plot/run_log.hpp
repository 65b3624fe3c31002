#pragma once
// A run's progress as a table: one row per generation with the fields of
// solve/solver.hpp's GenerationRecord that the figures use,
//   generation, evaluations, best_f, mean_f, spread (σ),
// read from a JSON-lines log (one GenerationRecord::to_json() object per line; other records,
// those without "generation", are skipped) or taken from records collected by a callback.
#include <filesystem>
#include <string>
#include <vector>

#include "varopt/plot/table.hpp"
#include "varopt/solve/solver.hpp"

namespace varopt::plot {

// {"generation", "evaluations", "best_f", "mean_f", "spread"}.
const std::vector<std::string>& run_log_fields();

// Throws FileError (path in the message) when the file cannot be read or parsed, has no
// generation record, or lacks evaluations, best_f or spread in every record (mean_f may be
// missing: NaN).
Table read_run_log(const std::filesystem::path& path);

Table run_table(const std::vector<GenerationRecord>& records);

}  // namespace varopt::plot
