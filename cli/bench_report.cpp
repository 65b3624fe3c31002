#include "bench_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

#include "varopt/bench/ert.hpp"

namespace varopt::cli {
namespace {

// +inf, NaN → null (JSON has neither).
Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

std::string format_count(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return "inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 1e7 ? "%.0f" : "%.3g", v);
  return buf;
}

std::string format_ratio(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return "inf";
  if (v == 0) return "peer:none";  // solved here, never by the peer (ERT ∞); one word, as a column
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// ERT_a / ERT_b with ∞/∞ undefined (NaN), ∞/finite = ∞, finite/∞ = 0.
double ert_ratio(double a, double b) {
  if (std::isinf(a) && std::isinf(b)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(b)) return 0.0;
  return a / b;
}

}  // namespace

std::vector<BenchTableRow> bench_table(const std::vector<bench::RunRecord>& runs,
                                       const std::vector<std::string>& methods,
                                       const std::vector<std::string>& peers, std::size_t target) {
  // Group by (function order of appearance, dim, method).
  std::vector<std::pair<std::string, Index>> cells;
  std::map<std::tuple<std::string, Index, std::string>, std::vector<const bench::RunRecord*>>
      groups;
  for (const auto& run : runs) {
    const std::pair<std::string, Index> cell{run.function, run.dim};
    if (std::find(cells.begin(), cells.end(), cell) == cells.end()) cells.push_back(cell);
    groups[{run.function, run.dim, run.method}].push_back(&run);
  }
  std::vector<BenchTableRow> rows;
  for (const auto& [function, dim] : cells) {
    std::map<std::string, double> ert_of;
    std::vector<BenchTableRow> cell_rows;
    for (const std::string& method : methods) {
      const auto it = groups.find({function, dim, method});
      if (it == groups.end()) continue;
      const bench::TargetStatistics s = bench::target_statistics(it->second, target);
      cell_rows.push_back({function,
                           dim,
                           method,
                           it->second.front()->library,
                           s.runs,
                           s.successes,
                           s.ert,
                           s.median_successful,
                           {}});
      ert_of[method] = s.ert;
    }
    for (BenchTableRow& row : cell_rows) {
      if (row.library != "varopt") continue;
      for (const std::string& peer : peers) {
        const auto it = ert_of.find(peer);
        row.ert_ratios.push_back(it == ert_of.end() ? std::numeric_limits<double>::quiet_NaN()
                                                    : ert_ratio(row.ert, it->second));
      }
    }
    rows.insert(rows.end(), cell_rows.begin(), cell_rows.end());
  }
  return rows;
}

std::string format_bench_table(const std::vector<BenchTableRow>& rows,
                               const std::vector<std::string>& peers) {
  std::size_t function_width = 8, method_width = 6;
  for (const auto& row : rows) {
    function_width = std::max(function_width, row.function.size());
    method_width = std::max(method_width, row.method.size());
  }
  std::ostringstream out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-*s %4s %-*s %7s %10s %10s", static_cast<int>(function_width),
                "function", "d", static_cast<int>(method_width), "method", "success", "ERT",
                "median_ok");
  out << buf;
  for (const std::string& peer : peers) out << "  ERT/" << peer;
  out << "\n";
  for (const auto& row : rows) {
    const std::string success = std::to_string(row.successes) + "/" + std::to_string(row.runs);
    std::snprintf(buf, sizeof buf, "%-*s %4ld %-*s %7s %10s %10s", static_cast<int>(function_width),
                  row.function.c_str(), static_cast<long>(row.dim), static_cast<int>(method_width),
                  row.method.c_str(), success.c_str(), format_count(row.ert).c_str(),
                  format_count(row.median_successful).c_str());
    out << buf;
    for (std::size_t p = 0; p < peers.size(); ++p) {
      const std::string cell = p < row.ert_ratios.size() ? format_ratio(row.ert_ratios[p]) : "";
      std::snprintf(buf, sizeof buf, "  %*s", static_cast<int>(peers[p].size() + 4), cell.c_str());
      out << buf;
    }
    out << "\n";
  }
  return out.str();
}

Json bench_json(const bench::BenchSettings& settings, const std::vector<bench::RunRecord>& runs,
                const std::vector<BenchTableRow>& rows, const std::vector<std::string>& peers) {
  Json j;
  j["settings"] = {{"functions", settings.functions},
                   {"dims", settings.dims},
                   {"seeds", settings.seeds},
                   {"targets", settings.targets},
                   {"budget_multiplier", settings.budget_multiplier},
                   {"peers", peers}};
  Json records = Json::array();
  for (const auto& run : runs) {
    Json hits = Json::array();
    for (const auto& hit : run.evaluations_to_target)
      hits.push_back(hit ? Json(*hit) : Json(nullptr));
    records.push_back({{"method", run.method},
                       {"library", run.library},
                       {"function", run.function},
                       {"dim", run.dim},
                       {"seed", run.seed},
                       {"targets", run.targets},
                       {"evaluations_to_target", hits},
                       {"evaluations", run.evaluations},
                       {"best_f", number_or_null(run.best_f)},
                       {"optimum", run.optimum},
                       {"stopped_by", run.stopped_by}});
  }
  j["runs"] = records;
  Json table = Json::array();
  for (const auto& row : rows) {
    Json ratios = Json::object();
    for (std::size_t p = 0; p < row.ert_ratios.size(); ++p)
      ratios[peers[p]] = number_or_null(row.ert_ratios[p]);
    table.push_back({{"function", row.function},
                     {"dim", row.dim},
                     {"method", row.method},
                     {"library", row.library},
                     {"runs", row.runs},
                     {"successes", row.successes},
                     {"ert", number_or_null(row.ert)},
                     {"median_successful", number_or_null(row.median_successful)},
                     {"ert_ratio", ratios}});
  }
  j["table"] = table;
  return j;
}

std::string bench_csv(const std::vector<bench::RunRecord>& runs) {
  std::ostringstream out;
  out << "method,library,function,dim,seed,evaluations,best_f,stopped_by";
  if (!runs.empty()) {
    for (const double t : runs.front().targets) {
      char buf[32];
      std::snprintf(buf, sizeof buf, ",evals_%g", t);
      out << buf;
    }
  }
  out << "\n";
  for (const auto& run : runs) {
    char best[32];
    std::snprintf(best, sizeof best, "%.17g", run.best_f);
    out << run.method << ',' << run.library << ',' << run.function << ',' << run.dim << ','
        << run.seed << ',' << run.evaluations << ',' << best << ',' << run.stopped_by;
    for (const auto& hit : run.evaluations_to_target) {
      out << ',';
      if (hit) out << *hit;
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace varopt::cli
