#include "varopt/dist/search_distribution.hpp"

#include "varopt/core/error.hpp"
#include "varopt/dist/population.hpp"

namespace varopt {

void SearchDistribution::set_params(const Vec& psi) {
  Vec next = psi;
  swap_params(next);
}

void SearchDistribution::swap_params(Vec& psi) {
  // The messages are formatted only on failure (this runs every generation).
  require_size(psi.size(), params_.size(), "set_params", "a parameter vector of size");
  if (!psi.allFinite())
    require(false, name() + "::set_params", "finite parameters", "a NaN or inf entry");
  // Transactional: a ψ the distribution rejects (e.g. log σ out of range) leaves it unchanged.
  params_.swap(psi);
  try {
    on_params_changed();
  } catch (...) {
    params_.swap(psi);
    on_params_changed();
    throw;
  }
}

void SearchDistribution::require_size(Index got, Index expected, const char* method,
                                      const char* what) const {
  if (got != expected)
    require(false, name() + "::" + method, std::string(what) + " " + std::to_string(expected), got);
}

void SearchDistribution::params_after_step(ConstVecRef step, Vec& next) const {
  require_size(step.size(), num_params(), "params_after_step", "a step of size");
  next = params_ + step;
}

Vec SearchDistribution::params_after_step(ConstVecRef step) const {
  Vec next;
  params_after_step(step, next);
  return next;
}

void SearchDistribution::sample_mirrored(Stream&, VecRef) const {
  throw InvalidArgument(name() + "::sample_mirrored: expected a distribution with mirrored "
                        "sampling, got one without");
}

Vec SearchDistribution::weighted_score_sum(const Population& population,
                                           ConstVecRef weights) const {
  require_size(weights.size(), population.size(), "weighted_score_sum",
               "weights, one per member:");
  Vec grad = Vec::Zero(num_params());
  Vec x(dim());
  for (Index i = 0; i < population.size(); ++i) {
    if (weights[i] == 0.0) continue;
    population.sample(i, x);
    add_score(x, weights[i], grad);
  }
  return grad;
}

Vec SearchDistribution::natural_gradient(ConstVecRef) const {
  throw InvalidArgument(name() + "::natural_gradient: expected a distribution with a closed-form "
                        "Fisher matrix, got one without");
}

void SearchDistribution::natural_weighted_score_sum(const Population& population,
                                                    ConstVecRef weights, Vec& natural) const {
  natural = natural_gradient(weighted_score_sum(population, weights));
}

Vec SearchDistribution::natural_weighted_score_sum(const Population& population,
                                                   ConstVecRef weights) const {
  Vec natural;
  natural_weighted_score_sum(population, weights, natural);
  return natural;
}

void SearchDistribution::add_pathwise(ConstVecRef, ConstVecRef, double, VecRef) const {
  throw InvalidArgument(name() + "::add_pathwise: expected a reparameterizable distribution, got "
                        "one without");
}

}  // namespace varopt
