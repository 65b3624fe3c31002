#include "varopt/grad/baseline.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

std::string name_of(Baseline baseline) {
  switch (baseline) {
    case Baseline::none:
      return "none";
    case Baseline::mean:
      return "mean";
    case Baseline::leave_one_out:
      return "leave-one-out";
  }
  return "?";
}

namespace {

// w_k = f_k − (mean of f over the groups other than k's).
void minus_other_groups_mean(ConstVecRef f, Index group, Vec& w) {
  const Index lambda = f.size();
  const double total = f.sum();
  const double others = static_cast<double>(lambda - group);
  w.resize(lambda);
  for (Index start = 0; start < lambda; start += group) {
    const double own = f.segment(start, group).sum();
    for (Index k = start; k < start + group; ++k) w[k] = f[k] - (total - own) / others;
  }
}

}  // namespace

void subtract_baseline(ConstVecRef f, Baseline baseline, Index group, Vec& w) {
  const Index lambda = f.size();
  // The messages are formatted only on failure (this runs every generation).
  if (!(group >= 1 && lambda % group == 0))
    require(false, "subtract_baseline",
            "a population made of whole groups of " + std::to_string(group), lambda);
  if (baseline == Baseline::none) {
    w = f;
    return;
  }
  if (lambda < 2 * group)
    require(false, "subtract_baseline",
            "a population >= " + std::to_string(2 * group) + " for the " + name_of(baseline) +
                " baseline (two or more groups of " + std::to_string(group) +
                ": it is taken from the other groups)",
            lambda);
  minus_other_groups_mean(f, group, w);
  if (baseline == Baseline::mean)
    w *= static_cast<double>(lambda - group) / static_cast<double>(lambda);
}

Vec subtract_baseline(ConstVecRef f, Baseline baseline, Index group) {
  Vec w;
  subtract_baseline(f, baseline, group, w);
  return w;
}

}  // namespace varopt
