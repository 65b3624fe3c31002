#include "varopt/grad/fitness_shaping.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/core/rank_order.hpp"

namespace varopt {
namespace {

// Weight of rank position r (0 = best) for a rank-based shaping, into w.
void rank_weights(Index lambda, Shaping shaping, Vec& w) {
  w.resize(lambda);
  if (shaping == Shaping::centered_ranks) {
    for (Index r = 0; r < lambda; ++r)
      w[r] = lambda == 1 ? 0.0 : static_cast<double>(r) / static_cast<double>(lambda - 1) - 0.5;
    return;
  }
  const double top = std::log(static_cast<double>(lambda) / 2.0 + 1.0);
  double total = 0;
  for (Index r = 0; r < lambda; ++r) {
    w[r] = std::max(0.0, top - std::log(static_cast<double>(r + 1)));
    total += w[r];
  }
  const double l = static_cast<double>(lambda);
  for (Index r = 0; r < lambda; ++r) w[r] = -l * (w[r] / total - 1.0 / l);
}

void rank_based(ConstVecRef f, Shaping shaping, Vec& w) {
  const Index lambda = f.size();
  // Scratch kept by the calling thread between generations (a steady run allocates nothing).
  thread_local std::vector<Index> order;
  thread_local Vec by_rank;
  thread_local Shaping by_rank_shaping = Shaping::none;  // what by_rank holds (none: nothing)
  rank_order(f, order);
  if (by_rank_shaping != shaping || by_rank.size() != lambda) {  // λ logarithms, once per run
    rank_weights(lambda, shaping, by_rank);
    by_rank_shaping = shaping;
  }
  w.resize(lambda);
  for (Index start = 0; start < lambda;) {  // ties share the mean weight of their ranks
    Index end = start + 1;
    while (end < lambda && f[order[end]] == f[order[start]]) ++end;
    const double shared = by_rank.segment(start, end - start).mean();
    for (Index r = start; r < end; ++r) w[order[r]] = shared;
    start = end;
  }
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

void shape_fitness(ConstVecRef f, Shaping shaping, Vec& w) {
  require(f.size() >= 1, "shape_fitness", "at least one fitness value", f.size());
  switch (shaping) {
    case Shaping::none:
      w = f;
      return;
    case Shaping::z_score: {
      const double mean = f.mean();
      const double sd = std::sqrt((f.array() - mean).square().mean());
      if (sd == 0) {
        w.setZero(f.size());
      } else {
        w = (f.array() - mean) / sd;
      }
      return;
    }
    case Shaping::centered_ranks:
    case Shaping::nes_utilities:
      rank_based(f, shaping, w);
      return;
  }
  w = f;
}

Vec shape_fitness(ConstVecRef f, Shaping shaping) {
  Vec w;
  shape_fitness(f, shaping, w);
  return w;
}

}  // namespace varopt
