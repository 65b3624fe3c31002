#include "varopt/optim/scale_masked.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "varopt/core/error.hpp"

namespace varopt {

ScaleMasked::ScaleMasked(std::vector<Index> indices, double factor, std::string what)
    : factor_(factor), what_(std::move(what)) {
  require(std::isfinite(factor_) && factor_ >= 0, "ScaleMasked", "a finite factor >= 0", factor_);
  for (Index i : indices) {
    require(i >= 0, "ScaleMasked", "indices >= 0", i);
    largest_ = std::max(largest_, i);
    if (!runs_.empty() && runs_.back().begin + runs_.back().size == i) {
      ++runs_.back().size;
    } else {
      runs_.push_back({.begin = i, .size = 1});
    }
  }
}

std::string ScaleMasked::name() const {
  std::ostringstream out;
  out << "scale_" << what_ << "(" << factor_ << ")";
  return out.str();
}

void ScaleMasked::update(VecRef g) {
  if (largest_ >= g.size())
    require(false, "ScaleMasked::update",
            "a gradient with more than " + std::to_string(largest_) + " entries", g.size());
  for (const Run& run : runs_) g.segment(run.begin, run.size) *= factor_;
}

}  // namespace varopt
