#include "varopt/grad/fitness_shaping.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// Weight of rank position r (0 = best) for a rank-based shaping.
Vec rank_weights(Index lambda, Shaping shaping) {
  Vec w(lambda);
  if (shaping == Shaping::centered_ranks) {
    for (Index r = 0; r < lambda; ++r)
      w[r] = lambda == 1 ? 0.0 : static_cast<double>(r) / static_cast<double>(lambda - 1) - 0.5;
    return w;
  }
  const double top = std::log(static_cast<double>(lambda) / 2.0 + 1.0);
  double total = 0;
  for (Index r = 0; r < lambda; ++r) {
    w[r] = std::max(0.0, top - std::log(static_cast<double>(r + 1)));
    total += w[r];
  }
  const double l = static_cast<double>(lambda);
  for (Index r = 0; r < lambda; ++r) w[r] = -l * (w[r] / total - 1.0 / l);
  return w;
}

Vec rank_based(ConstVecRef f, Shaping shaping) {
  const Index lambda = f.size();
  std::vector<Index> order(static_cast<std::size_t>(lambda));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return f[a] < f[b]; });
  const Vec by_rank = rank_weights(lambda, shaping);
  Vec w(lambda);
  for (Index start = 0; start < lambda;) {  // ties share the mean weight of their ranks
    Index end = start + 1;
    while (end < lambda && f[order[end]] == f[order[start]]) ++end;
    const double shared = by_rank.segment(start, end - start).mean();
    for (Index r = start; r < end; ++r) w[order[r]] = shared;
    start = end;
  }
  return w;
}

}  // namespace

std::string name_of(Shaping shaping) {
  switch (shaping) {
    case Shaping::none:
      return "none";
    case Shaping::centered_ranks:
      return "centered-ranks";
    case Shaping::nes_utilities:
      return "nes";
    case Shaping::z_score:
      return "z-score";
  }
  return "?";
}

Vec shape_fitness(ConstVecRef f, Shaping shaping) {
  require(f.size() >= 1, "shape_fitness", "at least one fitness value", f.size());
  switch (shaping) {
    case Shaping::none:
      return f;
    case Shaping::z_score: {
      const double mean = f.mean();
      const double sd = std::sqrt((f.array() - mean).square().mean());
      if (sd == 0) return Vec::Zero(f.size());
      return (f.array() - mean) / sd;
    }
    case Shaping::centered_ranks:
    case Shaping::nes_utilities:
      return rank_based(f, shaping);
  }
  return f;
}

}  // namespace varopt
