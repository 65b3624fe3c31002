#pragma once
// ScaleMasked(I, c): g_i ← c · g_i for the indices i ∈ I, the other entries unchanged.
// The σ controls of a solver are such masks over the distribution's spread parameters (log σ,
// the Cholesky factor):
//   hold σ (the lecture's fixed-σ trade-off): c = 0 before the optimizer, so that neither the
//     step nor the optimizer's moments see a spread gradient;
//   the spread learning rate η_σ/η_μ of NES (Wierstra et al. 2014): c = η_σ after the optimizer.
// Stateless. The indices are kept as runs of consecutive ones (the spread parameters of a
// Gaussian are one or two runs), so update() scales segments instead of gathering n²/2 entries.
#include <vector>

#include "varopt/optim/transformation.hpp"

namespace varopt {

class ScaleMasked final : public GradientTransformation {
 public:
  // `what` names the masked entries in name() (e.g. "spread"). Throws InvalidArgument for a
  // negative or non-finite factor or a negative index.
  ScaleMasked(std::vector<Index> indices, double factor, std::string what);
  std::string name() const override;
  // Throws InvalidArgument when an index lies outside g.
  void update(VecRef g) override;
  Json state() const override { return Json::object(); }
  void restore(const Json&) override {}
  std::unique_ptr<GradientTransformation> clone() const override {
    return std::make_unique<ScaleMasked>(*this);
  }

 private:
  struct Run {
    Index begin, size;
  };
  std::vector<Run> runs_;  // the indices in their order, consecutive ones merged
  Index largest_ = -1;     // the largest index, −1 for none
  double factor_;
  std::string what_;
};

}  // namespace varopt
