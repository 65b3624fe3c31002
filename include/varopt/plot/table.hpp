#pragma once
// Named numeric columns: the data of a figure, written as CSV so that gnuplot — or any other
// tool — can plot it, and read back from a run's JSON-lines log.
//
// CSV: one header line with the column names, then one line per row, values in shortest
// round-trip form, missing cells (a column shorter than the longest one, or NaN) as "NaN".
#include <filesystem>
#include <string>
#include <vector>

#include "varopt/core/types.hpp"

namespace varopt::plot {

class Table {
 public:
  // Appends a column; throws InvalidArgument on an empty or duplicate name, or a name with a
  // comma, quote or newline (it would break the CSV header).
  void add(const std::string& name, Vec values);
  bool has(const std::string& name) const;
  // Throws InvalidArgument naming the known columns when `name` is absent.
  const Vec& column(const std::string& name) const;
  // 1-based position of the column (gnuplot's column numbering).
  Index position(const std::string& name) const;
  const std::vector<std::string>& names() const { return names_; }
  // Length of the longest column.
  Index rows() const;
  std::string to_csv() const;

 private:
  std::vector<std::string> names_;
  std::vector<Vec> columns_;
};

// Writes table.to_csv() atomically; FileError on failure.
void write_csv(const Table& table, const std::filesystem::path& path);

// Reads a JSON-lines file (one JSON object per line; blank lines skipped) into one column per
// field: a number, or NaN where the record lacks the field or holds null. Records without
// `row_key` (e.g. a header or summary record) are skipped. Throws FileError naming the path and
// line on unreadable files, malformed JSON, or a field holding something other than a number.
Table read_json_lines(const std::filesystem::path& path, const std::vector<std::string>& fields,
                      const std::string& row_key);

}  // namespace varopt::plot
