#include "varopt/dist/bernoulli.hpp"

#include <cfloat>
#include <cmath>

#include "discrete_checks.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/logistic.hpp"

namespace varopt {

Bernoulli::Bernoulli(Vec logits) : SearchDistribution(std::move(logits)) {
  require(params_.size() >= 1, "Bernoulli", "at least one variable", params_.size());
  require(params_.allFinite(), "Bernoulli", "finite logits", "a NaN or inf entry");
  on_params_changed();
}

Bernoulli Bernoulli::with_probability(Index n, double p) {
  require(p > 0 && p < 1, "Bernoulli::with_probability", "a probability in (0, 1)", p);
  return Bernoulli(Vec::Constant(n < 0 ? 0 : n, logit(p, 1 - p)));
}

void Bernoulli::on_params_changed() {
  p_ = params_.unaryExpr([](double phi) { return sigmoid(phi); });
  q_ = params_.unaryExpr([](double phi) { return sigmoid(-phi); });
}

void Bernoulli::check_point(ConstVecRef x, const char* where) const {
  detail::require_point_size(x, dim(), where);
  for (Index j = 0; j < x.size(); ++j) detail::require_level(x[j], 2, j, where);
}

void Bernoulli::stick_uniforms(Stream& stream, VecRef u) const {
  require(u.size() == dim(), "Bernoulli::stick_uniforms", "one uniform per variable", u.size());
  stream.fill_uniform({u.data(), static_cast<std::size_t>(u.size())});
}

void Bernoulli::sample(Stream& stream, VecRef x) const {
  detail::require_point_size(x, dim(), "Bernoulli::sample");
  stick_uniforms(stream, x);
  for (Index j = 0; j < x.size(); ++j) x[j] = x[j] < p_[j] ? 1.0 : 0.0;
}

void Bernoulli::sample_mirrored(Stream& stream, VecRef x) const {
  detail::require_point_size(x, dim(), "Bernoulli::sample_mirrored");
  stick_uniforms(stream, x);
  for (Index j = 0; j < x.size(); ++j) x[j] = x[j] > q_[j] ? 1.0 : 0.0;
}

double Bernoulli::log_prob(ConstVecRef x) const {
  check_point(x, "Bernoulli::log_prob");
  double total = 0;
  for (Index j = 0; j < x.size(); ++j) total -= softplus(x[j] == 1.0 ? -params_[j] : params_[j]);
  return total;
}

void Bernoulli::add_score(ConstVecRef x, double weight, VecRef grad) const {
  check_point(x, "Bernoulli::add_score");
  require_size(grad.size(), num_params(), "add_score", "a gradient of size");
  // θ − p, written as q for θ = 1 and −p for θ = 0 so that no cancellation occurs.
  for (Index j = 0; j < x.size(); ++j) grad[j] += weight * (x[j] == 1.0 ? q_[j] : -p_[j]);
}

double Bernoulli::entropy() const {
  double h = 0;
  for (Index j = 0; j < dim(); ++j)
    h += p_[j] * softplus(-params_[j]) + q_[j] * softplus(params_[j]);
  return h;
}

Vec Bernoulli::center() const {
  return params_.unaryExpr([](double phi) { return phi > 0 ? 1.0 : 0.0; });
}

Vec Bernoulli::natural_gradient(ConstVecRef g) const {
  require_size(g.size(), num_params(), "natural_gradient", "a gradient of size");
  Vec out(g.size());
  for (Index j = 0; j < g.size(); ++j) out[j] = g[j] / std::max(p_[j] * q_[j], DBL_MIN);
  return out;
}

double Bernoulli::spread() const { return std::sqrt((p_.array() * q_.array()).maxCoeff()); }

std::optional<double> Bernoulli::off_mode_probability() const {
  return p_.cwiseMin(q_).maxCoeff();
}

double Bernoulli::logit_bound(double floor) {
  require(floor >= 0, "Bernoulli::logit_bound", "a spread floor >= 0", floor);
  if (floor >= 0.5) return 0.0;
  if (floor == 0) return INFINITY;
  // The smaller root of p (1 − p) = floor², written without cancellation.
  const double f2 = floor * floor;
  const double p = 2 * f2 / (1 + std::sqrt(1 - 4 * f2));
  return logit(1 - p, p);
}

void Bernoulli::clamp_spread(double floor) {
  const double bound = logit_bound(floor);
  if (std::isinf(bound)) return;
  Vec psi = params_.cwiseMax(-bound).cwiseMin(bound);
  if (psi != params_) set_params(psi);
}

std::unique_ptr<SearchDistribution> Bernoulli::clone() const {
  return std::make_unique<Bernoulli>(*this);
}

std::vector<IntegerRange> Bernoulli::coordinate_ranges() const {
  return std::vector<IntegerRange>(static_cast<std::size_t>(dim()), IntegerRange{0.0, 2});
}

void Bernoulli::add_stick_gradient(ConstVecRef g_sticks, VecRef grad) const {
  require(g_sticks.size() == num_params() && grad.size() == num_params(),
          "Bernoulli::add_stick_gradient",
          "stick and parameter gradients of size " + std::to_string(num_params()), g_sticks.size());
  grad += g_sticks;
}

}  // namespace varopt
