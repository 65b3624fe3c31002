#include "varopt/optim/optimizers.hpp"

#include <sstream>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"

namespace varopt {

void OptimizerOptions::validate() const {
  require(kind == "sgd" || kind == "momentum" || kind == "nesterov" || kind == "adam", "Optimizer",
          "one of {sgd, momentum, nesterov, adam}", detail::concat("'", excerpt(kind), "'"));
  learning_rate.validate();
  if (kind == "momentum" || kind == "nesterov")
    require(momentum >= 0 && momentum < 1, "Optimizer", "a momentum in [0, 1)", momentum);
  if (kind == "adam") adam.validate();
  if (clip_norm) require(*clip_norm > 0, "Optimizer", "a clip norm > 0", *clip_norm);
}

Chain make_optimizer(const OptimizerOptions& options) {
  options.validate();
  Chain chain;
  if (options.clip_norm) chain.then(std::make_unique<ClipByNorm>(*options.clip_norm));
  if (options.kind == "momentum" || options.kind == "nesterov")
    chain.then(std::make_unique<Trace>(options.momentum, options.kind == "nesterov"));
  if (options.kind == "adam") chain.then(std::make_unique<ScaleByAdam>(options.adam));
  chain.then(std::make_unique<ScaleBySchedule>(options.learning_rate));
  std::ostringstream label;
  label << options.kind << "(lr=" << options.learning_rate.initial << ", "
        << Schedule::name_of(options.learning_rate.kind);
  if (options.kind == "momentum" || options.kind == "nesterov")
    label << ", momentum=" << options.momentum;
  if (options.clip_norm) label << ", clip=" << *options.clip_norm;
  label << ")";
  chain.label(label.str());
  return chain;
}

}  // namespace varopt
