#include "varopt/grad/baseline.hpp"

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"

namespace varopt {

Baseline baseline_from_name(const std::string& name) {
  if (name == "none") return Baseline::none;
  if (name == "mean") return Baseline::mean;
  if (name == "leave-one-out") return Baseline::leave_one_out;
  throw InvalidArgument("baseline: expected one of {none, mean, leave-one-out}, got '" +
                        excerpt(name) + "'");
}

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

Vec subtract_baseline(ConstVecRef f, Baseline baseline, Index group) {
  const Index lambda = f.size();
  require(group >= 1 && lambda % group == 0, "subtract_baseline",
          "a population made of whole groups of " + std::to_string(group), lambda);
  switch (baseline) {
    case Baseline::none:
      return f;
    case Baseline::mean:
      return f.array() - f.mean();
    case Baseline::leave_one_out: {
      require(lambda >= 2 * group, "subtract_baseline",
              "a population >= " + std::to_string(2 * group) + " for leave-one-out", lambda);
      const double total = f.sum();
      const double others = static_cast<double>(lambda - group);
      Vec w(lambda);
      for (Index start = 0; start < lambda; start += group) {
        const double own = f.segment(start, group).sum();
        for (Index k = start; k < start + group; ++k) w[k] = f[k] - (total - own) / others;
      }
      return w;
    }
  }
  return f;
}

}  // namespace varopt
