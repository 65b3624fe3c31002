#pragma once
// "Did you mean …?" for a name nobody declared: the nearest candidate, ignoring case, within
// two edits (insertions, deletions, substitutions, transpositions of neighbours: the optimal
// string alignment distance), or one edit for a name of at most 3 letters (where two would
// reach almost anything: 'x' is two edits from 'nk').
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace varopt {

// The optimal string alignment distance of a and b (Levenshtein's edits, and a swap of two
// neighbouring letters as one).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to name (case ignored) within the edits above, else "".
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for closest_name's x, else "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace varopt
