#pragma once
// What `varopt bench` prints and writes: the table (per function, dimension and method at the
// smallest target: success rate, ERT, median evaluations of the successful runs, and for each
// varopt method its ERT divided by each peer's on the same row), and the per-run records as JSON
// or CSV. ERT as in COCO (varopt/bench/ert.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "varopt/bench/run_record.hpp"
#include "varopt/bench/suite.hpp"
#include "varopt/core/json.hpp"

namespace varopt::cli {

struct BenchTableRow {
  std::string function;
  Index dim = 0;
  std::string method, library;
  Index runs = 0, successes = 0;
  double ert = 0;                // +inf when no run succeeded
  double median_successful = 0;  // NaN when no run succeeded
  std::vector<double>
      ert_ratios;  // varopt rows: ERT / ERT of each peer (NaN: both ∞); peers: empty
};

// Rows in the order function, dimension, method (methods in `methods` order), at target index
// `target` of the runs; `peers` are the methods whose ERT divides the varopt rows'.
std::vector<BenchTableRow> bench_table(const std::vector<bench::RunRecord>& runs,
                                       const std::vector<std::string>& methods,
                                       const std::vector<std::string>& peers, std::size_t target);

std::string format_bench_table(const std::vector<BenchTableRow>& rows,
                               const std::vector<std::string>& peers);

Json bench_json(const bench::BenchSettings& settings, const std::vector<bench::RunRecord>& runs,
                const std::vector<BenchTableRow>& rows, const std::vector<std::string>& peers);

// One line per run: method, library, function, dim, seed, evaluations, best_f, stopped_by, then
// evals_<Δf> per target (empty when not reached).
std::string bench_csv(const std::vector<bench::RunRecord>& runs);

}  // namespace varopt::cli
