#pragma once
// Ready-made optimizers as chains of transformations (see transformations.hpp). With `sgd`,
// the solver performs exactly the lecture's Algorithm 1 step ψ ← ψ − γ ∇ψJ.
#include <optional>
#include <string>

#include "varopt/optim/transformations.hpp"

namespace varopt {

enum class OptimizerKind { sgd, momentum, nesterov, adam };
std::string name_of(OptimizerKind kind);  // "sgd" | "momentum" | "nesterov" | "adam"

struct OptimizerOptions {
  OptimizerKind kind = OptimizerKind::adam;
  Schedule learning_rate{};           // γ_t
  double momentum = 0.9;              // momentum and nesterov
  AdamOptions adam{};
  std::optional<double> clip_norm;    // clip ĝ to this norm first
  bool with_momentum() const {  // a momentum trace: momentum and nesterov
    return kind == OptimizerKind::momentum || kind == OptimizerKind::nesterov;
  }
  void validate() const;
};

// Throws InvalidArgument on bad values.
Chain make_optimizer(const OptimizerOptions& options);

}  // namespace varopt
