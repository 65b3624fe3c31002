#pragma once
// "Did you mean …?" for a name nobody declared: the candidate within two edits (insertions,
// deletions, substitutions: the Levenshtein distance) of it, the nearest first.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace varopt {

// The Levenshtein distance of a and b.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to name if it is at most two edits away, else "".
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for closest_name's x, else "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace varopt
