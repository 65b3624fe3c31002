#include "varopt/dist/categorical.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "discrete_checks.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/logistic.hpp"

namespace varopt {
namespace {

Index total_categories(const std::vector<Index>& categories) {
  require(!categories.empty(), "Categorical", "at least one variable", 0);
  Index total = 0;
  for (std::size_t i = 0; i < categories.size(); ++i) {
    if (categories[i] < 2) {
      throw InvalidArgument(
          detail::concat("Categorical: expected every variable to have >= 2 categories, got ",
                         categories[i], " for variable ", i));
    }
    total += categories[i];
  }
  return total;
}

double logaddexp(double a, double b) {
  const double m = std::max(a, b);
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

}  // namespace

Categorical::Categorical(std::vector<Index> categories)
    : Categorical(categories, Vec::Zero(total_categories(categories))) {}

Categorical::Categorical(std::vector<Index> categories, Vec logits)
    : SearchDistribution(std::move(logits)), categories_(std::move(categories)) {
  const Index total = total_categories(categories_);
  require(params_.size() == total, "Categorical",
          "logits of size " + std::to_string(total) + " (the sum of the category counts)",
          params_.size());
  require(params_.allFinite(), "Categorical", "finite logits", "a NaN or inf entry");
  Index offset = 0;
  for (Index k : categories_) {
    offsets_.push_back(offset);
    stick_offsets_.push_back(num_sticks_);
    offset += k;
    num_sticks_ += k - 1;
  }
  on_params_changed();
}

void Categorical::on_params_changed() {
  probs_.resize(params_.size());
  log_norm_.resize(dim());
  order_.resize(static_cast<std::size_t>(params_.size()));
  stick_logits_.resize(num_sticks_);
  for (Index i = 0; i < dim(); ++i) {
    const Index k = categories_[static_cast<std::size_t>(i)];
    const Index o = offset(i);
    const auto theta = params_.segment(o, k);
    log_norm_[i] = logsumexp(theta);
    const double norm = log_norm_[i];  // std::exp: exact underflow to 0 (Eigen's packet exp clamps)
    probs_.segment(o, k) = theta.unaryExpr([norm](double t) { return std::exp(t - norm); });
    const auto first = order_.begin() + o;
    std::iota(first, first + k, Index{0});
    std::stable_sort(first, first + k, [&](Index a, Index b) { return theta[a] > theta[b]; });
    // φ_r = ψ_{c_r} − L_{r+1},  L_r = logsumexp of the logits at positions ≥ r.
    double tail = theta[first[k - 1]];
    for (Index r = k - 2; r >= 0; --r) {
      const double own = theta[first[r]];
      stick_logits_[stick_offset(i) + r] = own - tail;
      tail = logaddexp(own, tail);
    }
  }
  stick_p_ = stick_logits_.unaryExpr([](double phi) { return sigmoid(phi); });
  stick_q_ = stick_logits_.unaryExpr([](double phi) { return sigmoid(-phi); });
}

void Categorical::stick_uniforms(Stream& stream, VecRef u) const {
  require(u.size() == num_sticks_, "Categorical::stick_uniforms",
          "one uniform per stick (" + std::to_string(num_sticks_) + ")", u.size());
  stream.fill_uniform({u.data(), static_cast<std::size_t>(u.size())});
}

void Categorical::sample_signed(Stream& stream, VecRef x, bool mirrored) const {
  detail::require_point_size(x, dim(),
                             mirrored ? "Categorical::sample_mirrored" : "Categorical::sample");
  Vec u(num_sticks_);
  stick_uniforms(stream, u);
  for (Index i = 0; i < dim(); ++i) {
    const Index k = categories_[static_cast<std::size_t>(i)];
    const Index s = stick_offset(i);
    Index r = 0;
    while (r < k - 1 && !(mirrored ? u[s + r] > stick_q_[s + r] : u[s + r] < stick_p_[s + r])) ++r;
    x[i] = static_cast<double>(order_[static_cast<std::size_t>(offset(i) + r)]);
  }
}

void Categorical::sample(Stream& stream, VecRef x) const { sample_signed(stream, x, false); }

void Categorical::sample_mirrored(Stream& stream, VecRef x) const {
  sample_signed(stream, x, true);
}

Index Categorical::check_value(ConstVecRef x, Index i, const char* where) const {
  return detail::require_level(x[i], categories_[static_cast<std::size_t>(i)], i, where);
}

double Categorical::log_prob(ConstVecRef x) const {
  detail::require_point_size(x, dim(), "Categorical::log_prob");
  double total = 0;
  for (Index i = 0; i < dim(); ++i)
    total += params_[offset(i) + check_value(x, i, "Categorical::log_prob")] - log_norm_[i];
  return total;
}

void Categorical::add_score(ConstVecRef x, double weight, VecRef grad) const {
  detail::require_point_size(x, dim(), "Categorical::add_score");
  require_size(grad.size(), num_params(), "add_score", "a gradient of size");
  for (Index i = 0; i < dim(); ++i) {
    const Index level = check_value(x, i, "Categorical::add_score");
    const Index o = offset(i);
    const Index k = categories_[static_cast<std::size_t>(i)];
    grad.segment(o, k) -= weight * probs_.segment(o, k);
    grad[o + level] += weight;
  }
}

double Categorical::entropy() const {
  double h = 0;
  for (Index i = 0; i < dim(); ++i) {
    const Index o = offset(i);
    const Index k = categories_[static_cast<std::size_t>(i)];
    h += log_norm_[i] - probs_.segment(o, k).dot(params_.segment(o, k));
  }
  return h;
}

Vec Categorical::center() const {
  Vec x(dim());
  for (Index i = 0; i < dim(); ++i)
    x[i] = static_cast<double>(order_[static_cast<std::size_t>(offset(i))]);
  return x;
}

double Categorical::spread() const {
  double largest = 0;
  for (Index i = 0; i < dim(); ++i) {
    const Index o = offset(i);
    const Index k = categories_[static_cast<std::size_t>(i)];
    double mean = 0, second = 0;
    for (Index c = 0; c < k; ++c) {
      mean += probs_[o + c] * static_cast<double>(c);
      second += probs_[o + c] * static_cast<double>(c * c);
    }
    largest = std::max(largest, second - mean * mean);
  }
  return std::sqrt(largest);
}

std::optional<double> Categorical::off_mode_probability() const {
  double largest = 0;
  for (Index i = 0; i < dim(); ++i) largest = std::max(largest, stick_q_[stick_offset(i)]);
  return largest;
}

void Categorical::clamp_spread(double floor) {
  const double bound = Bernoulli::logit_bound(floor);
  if (std::isinf(bound)) return;
  Vec psi = params_;
  for (Index i = 0; i < dim(); ++i) {
    auto theta = psi.segment(offset(i), categories_[static_cast<std::size_t>(i)]);
    theta = theta.cwiseMax(theta.maxCoeff() - bound);
  }
  if (psi != params_) set_params(psi);
}

std::unique_ptr<SearchDistribution> Categorical::clone() const {
  return std::make_unique<Categorical>(*this);
}

std::vector<IntegerRange> Categorical::coordinate_ranges() const {
  std::vector<IntegerRange> ranges;
  for (Index k : categories_) ranges.push_back({0.0, k});
  return ranges;
}

Index Categorical::first_stick(ConstVecRef b, Index i) const {
  const Index k = categories_[static_cast<std::size_t>(i)];
  const Index s = stick_offset(i);
  Index r = 0;
  while (r < k - 1 && b[s + r] != 1.0) ++r;
  return r;
}

void Categorical::stick_relevance(ConstVecRef b1, ConstVecRef b2, VecRef mask) const {
  require(b1.size() == num_sticks_ && b2.size() == num_sticks_ && mask.size() == num_sticks_,
          "Categorical::stick_relevance", "sticks of size " + std::to_string(num_sticks_),
          mask.size());
  for (Index i = 0; i < dim(); ++i) {
    const Index last = std::max(first_stick(b1, i), first_stick(b2, i));
    const Index s = stick_offset(i);
    for (Index r = 0; r < categories_[static_cast<std::size_t>(i)] - 1; ++r)
      mask[s + r] = r <= last ? 1.0 : 0.0;
  }
}

void Categorical::add_stick_gradient(ConstVecRef g_sticks, VecRef grad) const {
  require(g_sticks.size() == num_sticks_ && grad.size() == num_params(),
          "Categorical::add_stick_gradient",
          "stick gradient of size " + std::to_string(num_sticks_) +
              " and parameter gradient of size " + std::to_string(num_params()),
          std::to_string(g_sticks.size()) + " and " + std::to_string(grad.size()));
  // ∂J/∂ψ_{c_l} = g_l − σ(φ_l) B_l (σ(φ_{K−1}) := 1, g_{K−1} := 0), where
  // B_l = Σ_{r<l} g_r π_{c_l-tail}/π_{c_r+1-tail} follows B_0 = 0, B_{l+1} = σ(−φ_l) B_l + g_l.
  for (Index i = 0; i < dim(); ++i) {
    const Index k = categories_[static_cast<std::size_t>(i)];
    const Index o = offset(i);
    const Index s = stick_offset(i);
    double carry = 0;
    for (Index l = 0; l < k; ++l) {
      const Index c = order_[static_cast<std::size_t>(o + l)];
      if (l < k - 1) {
        grad[o + c] += g_sticks[s + l] - stick_p_[s + l] * carry;
        carry = stick_q_[s + l] * carry + g_sticks[s + l];
      } else {
        grad[o + c] -= carry;
      }
    }
  }
}

}  // namespace varopt
