#include "varopt/core/closest_name.hpp"

#include <algorithm>
#include <cctype>

namespace varopt {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // d[i][j]: the distance of a's first i letters and b's first j, three rows kept.
  const std::size_t columns = b.size() + 1;
  std::vector<std::size_t> before(columns), previous(columns), row(columns);
  for (std::size_t j = 0; j < columns; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j < columns; ++j) {
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1,
                         previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);  // a swap of neighbours
    }
    before.swap(previous);
    previous.swap(row);
  }
  return previous[b.size()];
}

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  const auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string wanted = lower(name);
  std::string closest;
  std::size_t best = wanted.size() <= 3 ? 2 : 3;  // at most 1 edit for a short name, else 2
  for (const std::string& candidate : candidates) {
    const std::size_t d = edit_distance(wanted, lower(candidate));
    if (d < best) {
      best = d;
      closest = candidate;
    }
  }
  return closest;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string closest = closest_name(name, candidates);
  return closest.empty() ? "" : " (did you mean '" + closest + "'?)";
}

}  // namespace varopt
