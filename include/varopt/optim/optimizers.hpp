#pragma once
// Ready-made optimizers as chains of transformations (see transformations.hpp). With `sgd`,
// the solver performs exactly the lecture's Algorithm 1 step ψ ← ψ − γ ∇ψJ.
#include <optional>
#include <string>

#include "varopt/optim/transformations.hpp"

namespace varopt {

struct OptimizerOptions {
  std::string kind = "adam";          // "sgd" | "momentum" | "nesterov" | "adam"
  Schedule learning_rate{};           // γ_t
  double momentum = 0.9;              // momentum and nesterov
  AdamOptions adam{};
  std::optional<double> clip_norm;    // clip ĝ to this norm first
  void validate() const;
};

// Throws InvalidArgument on an unknown kind or bad values.
Chain make_optimizer(const OptimizerOptions& options);

}  // namespace varopt
