#include "varopt/optim/scale_masked.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "varopt/core/error.hpp"

namespace varopt {

ScaleMasked::ScaleMasked(std::vector<Index> indices, double factor, std::string what)
    : indices_(std::move(indices)), factor_(factor), what_(std::move(what)) {
  require(std::isfinite(factor_) && factor_ >= 0, "ScaleMasked", "a finite factor >= 0", factor_);
  for (Index i : indices_) require(i >= 0, "ScaleMasked", "indices >= 0", i);
  if (!indices_.empty()) largest_ = *std::max_element(indices_.begin(), indices_.end());
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
  for (Index i : indices_) g[i] *= factor_;
}

}  // namespace varopt
