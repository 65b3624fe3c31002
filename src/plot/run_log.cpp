#include "varopt/plot/run_log.hpp"

#include "varopt/core/error.hpp"

namespace varopt::plot {

const std::vector<std::string>& run_log_fields() {
  static const std::vector<std::string> fields = {"generation", "evaluations", "best_f", "mean_f",
                                                  "spread"};
  return fields;
}

Table read_run_log(const std::filesystem::path& path) {
  Table table = read_json_lines(path, run_log_fields(), "generation");
  if (table.rows() == 0)
    throw FileError("read_run_log: " + path.string() + ": expected records with \"generation\", got none");
  for (const char* field : {"generation", "evaluations", "best_f", "spread"}) {
    if (table.column(field).array().isNaN().all()) {
      throw FileError("read_run_log: " + path.string() + ": expected a number in field \"" +
                      field + "\", got none in any record");
    }
  }
  return table;
}

Table run_table(const std::vector<GenerationRecord>& records) {
  const Index n = static_cast<Index>(records.size());
  Vec generation(n), evaluations(n), best_f(n), mean_f(n), spread(n);
  for (Index i = 0; i < n; ++i) {
    const auto& r = records[static_cast<std::size_t>(i)];
    generation[i] = static_cast<double>(r.generation);
    evaluations[i] = static_cast<double>(r.evaluations);
    best_f[i] = r.best_f;
    mean_f[i] = r.mean_f;
    spread[i] = r.spread;
  }
  Table table;
  for (auto [name, column] : {std::pair{"generation", &generation}, {"evaluations", &evaluations},
                              {"best_f", &best_f}, {"mean_f", &mean_f}, {"spread", &spread}})
    table.add(name, std::move(*column));
  return table;
}

}  // namespace varopt::plot
