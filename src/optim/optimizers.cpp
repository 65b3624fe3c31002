#include "varopt/optim/optimizers.hpp"

#include <sstream>

#include "varopt/core/error.hpp"

namespace varopt {

std::string name_of(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::sgd:
      return "sgd";
    case OptimizerKind::momentum:
      return "momentum";
    case OptimizerKind::nesterov:
      return "nesterov";
    case OptimizerKind::adam:
      return "adam";
  }
  return "?";
}

void OptimizerOptions::validate() const {
  learning_rate.validate();
  if (with_momentum())
    require(momentum >= 0 && momentum < 1, "Optimizer", "a momentum in [0, 1)", momentum);
  if (kind == OptimizerKind::adam) adam.validate();
  if (clip_norm) require(*clip_norm > 0, "Optimizer", "a clip norm > 0", *clip_norm);
}

Chain make_optimizer(const OptimizerOptions& options) {
  options.validate();
  Chain chain;
  if (options.clip_norm) chain.then(std::make_unique<ClipByNorm>(*options.clip_norm));
  if (options.with_momentum())
    chain.then(std::make_unique<Trace>(options.momentum, options.kind == OptimizerKind::nesterov));
  if (options.kind == OptimizerKind::adam) chain.then(std::make_unique<ScaleByAdam>(options.adam));
  chain.then(std::make_unique<ScaleBySchedule>(options.learning_rate));
  std::ostringstream label;
  label << name_of(options.kind) << "(lr=" << options.learning_rate.initial << ", "
        << Schedule::name_of(options.learning_rate.kind);
  if (options.with_momentum()) label << ", momentum=" << options.momentum;
  if (options.clip_norm) label << ", clip=" << *options.clip_norm;
  label << ")";
  chain.label(label.str());
  return chain;
}

}  // namespace varopt
