#include "varopt/update/gradient_step.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

GradientStep::GradientStep(std::unique_ptr<GradientEstimator> estimator,
                           std::unique_ptr<GradientTransformation> transformation)
    : estimator_(std::move(estimator)), transformation_(std::move(transformation)) {
  require(estimator_ != nullptr, "GradientStep", "a gradient estimator", "null");
  require(transformation_ != nullptr, "GradientStep", "a gradient transformation", "null");
}

GradientStep::GradientStep(const GradientStep& other)
    : estimator_(other.estimator_->clone()), transformation_(other.transformation_->clone()) {}

GradientStep& GradientStep::operator=(const GradientStep& other) {
  if (this != &other) {
    estimator_ = other.estimator_->clone();
    transformation_ = other.transformation_->clone();
  }
  return *this;
}

std::string GradientStep::name() const {
  return estimator_->name() + " + " + transformation_->name();
}

UpdateStep GradientStep::update(const Population& population, const Evaluations& evaluations,
                                Vec& next) {
  estimator_->gradient(population, evaluations, gradient_);
  step_ = gradient_;
  transformation_->update(step_);
  population.distribution().params_after_step(step_, next);
  return {.gradient_norm = gradient_.norm(), .step_norm = step_.norm()};
}

}  // namespace varopt
