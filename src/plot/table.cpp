#include "varopt/plot/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/core/json.hpp"

namespace varopt::plot {
namespace {

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += std::isnan(value) ? "NaN" : (value > 0 ? "Inf" : "-Inf");
    return;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

}  // namespace

void Table::add(const std::string& name, Vec values) {
  require(!name.empty() && name.find_first_of(",\"\n\r") == std::string::npos, "Table::add",
          "a non-empty column name without commas, quotes or newlines", "'" + name + "'");
  require(!has(name), "Table::add", "a new column name", "'" + name + "' twice");
  names_.push_back(name);
  columns_.push_back(std::move(values));
}

bool Table::has(const std::string& name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

Index Table::position(const std::string& name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) {
    std::string known;
    for (const auto& n : names_) known += (known.empty() ? "" : ", ") + n;
    throw InvalidArgument("Table::column: expected one of {" + known + "}, got '" + excerpt(name) +
                          "'");
  }
  return static_cast<Index>(it - names_.begin()) + 1;
}

const Vec& Table::column(const std::string& name) const {
  return columns_[static_cast<std::size_t>(position(name) - 1)];
}

Index Table::rows() const {
  Index rows = 0;
  for (const auto& c : columns_) rows = std::max(rows, c.size());
  return rows;
}

std::string Table::to_csv() const {
  std::string out;
  for (std::size_t j = 0; j < names_.size(); ++j) out += (j ? "," : "") + names_[j];
  out += '\n';
  for (Index i = 0; i < rows(); ++i) {
    for (std::size_t j = 0; j < columns_.size(); ++j) {
      if (j) out += ',';
      append_number(out, i < columns_[j].size() ? columns_[j][i]
                                               : std::numeric_limits<double>::quiet_NaN());
    }
    out += '\n';
  }
  return out;
}

void write_csv(const Table& table, const std::filesystem::path& path) {
  write_file_atomically(path, table.to_csv());
}

Table read_json_lines(const std::filesystem::path& path, const std::vector<std::string>& fields,
                      const std::string& row_key) {
  std::istringstream in(read_file(path));
  std::vector<std::vector<double>> values(fields.size());
  std::string line;
  for (Index number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto where = [&] { return path.string() + ":" + std::to_string(number) + ": "; };
    const Json record = parse_json(line, (where() + "expected one JSON object per line").c_str());
    if (!record.is_object()) throw FileError(where() + "expected one JSON object per line");
    if (!record.contains(row_key)) continue;
    for (std::size_t j = 0; j < fields.size(); ++j) {
      const auto it = record.find(fields[j]);
      if (it == record.end() || it->is_null()) {
        values[j].push_back(std::numeric_limits<double>::quiet_NaN());
      } else if (it->is_number()) {
        values[j].push_back(it->get<double>());
      } else {
        throw FileError(where() + "expected field '" + fields[j] + "' to be a number, got " +
                        json_excerpt(*it));
      }
    }
  }
  Table table;
  for (std::size_t j = 0; j < fields.size(); ++j)
    table.add(fields[j], Eigen::Map<const Vec>(values[j].data(), static_cast<Index>(values[j].size())));
  return table;
}

}  // namespace varopt::plot
