#include "varopt/grad/baseline.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

Baseline baseline_from_name(const std::string& name) {
  if (name == "none") return Baseline::none;
  if (name == "mean") return Baseline::mean;
  if (name == "leave-one-out") return Baseline::leave_one_out;
  throw InvalidArgument("baseline: expected one of {none, mean, leave-one-out}, got '" + name + "'");
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

Vec subtract_baseline(ConstVecRef f, Baseline baseline) {
  const Index lambda = f.size();
  switch (baseline) {
    case Baseline::none:
      return f;
    case Baseline::mean:
      return f.array() - f.mean();
    case Baseline::leave_one_out: {
      require(lambda >= 2, "subtract_baseline", "a population >= 2 for leave-one-out", lambda);
      const double l = static_cast<double>(lambda);
      return (l / (l - 1.0)) * (f.array() - f.mean());
    }
  }
  return f;
}

}  // namespace varopt
