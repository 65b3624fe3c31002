#pragma once
// Internal: what the three Gaussian search distributions share — validation of the constructor
// arguments, the representable range of log σ, and the bookkeeping of a weighted score sum.
//
// Weighted score sums by noise vector. Every Gaussian member is θ = μ ± T ε with ε the first n
// normals of its stream; the score is odd in ε through the mean part and even through the spread
// part. So for an antithetic pair (+ε with weight w₊, −ε with weight w₋) the pair contributes
//   odd coefficient  a = w₊ − w₋   (multiplies the ε-linear terms),
//   even coefficient b = w₊ + w₋   (multiplies the terms in ε εᵀ and the constants),
// and without antithetic sampling each member is its own term with a = b = w. Each ε is then
// regenerated once.
#include <string>
#include <string_view>
#include <vector>

#include "varopt/core/rng.hpp"
#include "varopt/core/types.hpp"
#include "varopt/dist/population.hpp"

namespace varopt::detail {

// log σ (and log L_ii) must lie in [−max_log_scale, max_log_scale] so that σ², 1/σ² and the
// scores stay finite.
inline constexpr double max_log_scale = 300.0;

// ½ log(2π e): the entropy of N(0, 1).
double half_log_two_pi_e();
// ½ log(2π).
double half_log_two_pi();

// Throws InvalidArgument unless mean has size ≥ 1 and finite entries (formats a message only on
// failure).
void require_mean(const Vec& mean, std::string_view where);
// True when sigma is finite, > 0 and its log in range. Callers that validate many values test
// this first and build the name for require_scale only on failure (formatting a message for
// every coordinate dominated the construction time at n = 1e6).
bool scale_in_range(double sigma);
// Throws InvalidArgument unless scale_in_range(sigma); `what` names it ("σ").
void require_scale(double sigma, std::string_view where, std::string_view what);
// Whether every log σ (log L_ii) lies in [−max_log_scale, max_log_scale]. on_params_changed tests
// this first and names itself for require_log_scales_in_range only on failure (every generation
// sets ψ, and a formatted name would allocate each time).
bool log_scales_in_range(ConstVecRef log_scales);
// Throws InvalidArgument unless log_scales_in_range; SearchDistribution::set_params then
// restores the previous ψ.
void require_log_scales_in_range(ConstVecRef log_scales, std::string_view where);
// Throws InvalidArgument unless 0 ≤ floor ≤ e^max_log_scale.
void require_spread_floor(double floor, std::string_view where);

// The noise vectors of a population and their odd/even coefficients (see the top of this file);
// terms whose coefficients are both zero are left out. Where the population keeps its noise,
// kept[t] points to ε_t (n values); otherwise kept is empty and ε_t is regenerated from
// streams[t].
struct NoiseTerms {
  std::vector<StreamId> streams;
  std::vector<const double*> kept;
  std::vector<double> odd;
  std::vector<double> even;
  double even_total = 0;  // Σ even
  Index size() const { return static_cast<Index>(streams.size()); }
};

// Validates the weights (one per member, finite) and collects the terms into `terms` (its
// vectors keep their storage); errors name "<distribution>::<method>" (formatted only then: this
// runs every generation).
void collect_noise_terms(const Population& population, ConstVecRef weights,
                         const SearchDistribution& distribution, const char* method,
                         NoiseTerms& terms);

// True when `population` was drawn from a distribution of the same type with the same ψ as
// `distribution`, so its noise can be reused; otherwise the generic path must be taken.
bool drawn_from(const SearchDistribution& distribution, const Population& population);

}  // namespace varopt::detail
