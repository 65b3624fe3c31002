#include "gaussian_common.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <typeinfo>

#include "varopt/core/error.hpp"

namespace varopt::detail {

double half_log_two_pi_e() { return 0.5 * std::log(2.0 * std::numbers::pi * std::numbers::e); }

double half_log_two_pi() { return 0.5 * std::log(2.0 * std::numbers::pi); }

void require_mean(const Vec& mean, std::string_view where) {
  require(mean.size() >= 1, where, "a mean of dimension n >= 1", mean.size());
  if (mean.allFinite()) return;
  for (Index i = 0; i < mean.size(); ++i) {
    require(std::isfinite(mean[i]), where, "a finite mean", concat(mean[i], " at index ", i));
  }
}

bool scale_in_range(double sigma) {
  return sigma > 0 && std::isfinite(sigma) && std::abs(std::log(sigma)) <= max_log_scale;
}

void require_scale(double sigma, std::string_view where, std::string_view what) {
  if (scale_in_range(sigma)) return;
  const std::string name(what);
  require(!std::isnan(sigma), where, name + " > 0", sigma);
  require(sigma > 0, where, name + " > 0", sigma);
  require(std::isfinite(sigma), where, "a finite " + name, sigma);
  const double log_sigma = std::log(sigma);
  require(std::abs(log_sigma) <= max_log_scale, where,
          concat(name, " in [e^-", max_log_scale, ", e^", max_log_scale, "]"), sigma);
}

bool log_scales_in_range(ConstVecRef log_scales) {
  return (log_scales.array().abs() <= max_log_scale).all();  // false for NaN
}

void require_log_scales_in_range(ConstVecRef log_scales, std::string_view where) {
  for (Index i = 0; i < log_scales.size(); ++i) {
    if (std::abs(log_scales[i]) <= max_log_scale) continue;  // (messages only for the bad one)
    require(false, where, concat("log-scale parameters in [-", max_log_scale, ", ", max_log_scale, "]"),
            concat(log_scales[i], " at index ", i));
  }
}

void require_spread_floor(double floor, std::string_view where) {
  require(std::isfinite(floor) && floor >= 0 && floor <= std::exp(max_log_scale), where,
          concat("a spread floor in [0, e^", max_log_scale, "]"), floor);
}

void collect_noise_terms(const Population& population, ConstVecRef weights,
                         const SearchDistribution& distribution, const char* method,
                         NoiseTerms& terms) {
  if (weights.size() != population.size())
    require(false, distribution.name() + "::" + method,
            concat("one weight per member (", population.size(), ")"), weights.size());
  if (!weights.allFinite())
    require(false, distribution.name() + "::" + method, "finite weights", "a NaN or inf weight");
  terms.streams.clear();
  terms.kept.clear();
  terms.odd.clear();
  terms.even.clear();
  terms.even_total = 0;
  const Index step = population.antithetic() ? 2 : 1;
  const Index count = population.size() / step;
  terms.streams.reserve(count);
  terms.odd.reserve(count);
  terms.even.reserve(count);
  if (population.keeps_noise()) terms.kept.reserve(count);
  for (Index i = 0; i < population.size(); i += step) {
    const double plus = weights[i];
    const double minus = population.antithetic() ? weights[i + 1] : 0.0;
    const double odd = population.antithetic() ? plus - minus : plus;
    const double even = population.antithetic() ? plus + minus : plus;
    if (odd == 0.0 && even == 0.0) continue;
    terms.streams.push_back(population.stream_of(i));
    if (population.keeps_noise()) terms.kept.push_back(population.kept_noise(i));
    terms.odd.push_back(odd);
    terms.even.push_back(even);
    terms.even_total += even;
  }
}

bool drawn_from(const SearchDistribution& distribution, const Population& population) {
  const SearchDistribution& source = population.distribution();
  if (&source == &distribution) return true;
  return typeid(source) == typeid(distribution) && source.params() == distribution.params();
}

}  // namespace varopt::detail
