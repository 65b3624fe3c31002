#include "varopt/solve/noise_handling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"

namespace varopt {
namespace {

constexpr std::uint64_t kReevaluationTag = 0x6e6f6973792d6d00ULL;  // "noisy-m"

// Δlim(R): the θ/2 quantile (nearest rank) of {|j − R| : j = 1..N−1}.
double rank_change_limit(Index rank, Index count, double theta) {
  std::vector<Index> distances;
  distances.reserve(static_cast<std::size_t>(count - 1));
  for (Index j = 1; j <= count - 1; ++j) distances.push_back(std::abs(j - rank));
  std::sort(distances.begin(), distances.end());
  const auto position = static_cast<Index>(
      std::ceil(theta / 2 * static_cast<double>(distances.size())));
  return static_cast<double>(distances[static_cast<std::size_t>(std::max<Index>(position, 1) - 1)]);
}

}  // namespace

std::string name_of(NoiseTreatment treatment) {
  switch (treatment) {
    case NoiseTreatment::none: return "off";
    case NoiseTreatment::evaluations: return "evaluations";
    case NoiseTreatment::sigma: return "sigma";
  }
  return "?";
}

void NoiseHandlingOptions::validate() const {
  if (reevaluations)
    require(std::isfinite(*reevaluations) && *reevaluations >= 1, "NoiseHandlingOptions",
            "an expected number of re-evaluated members >= 1", *reevaluations);
  require(theta > 0 && theta < 1, "NoiseHandlingOptions", "a quantile theta in (0, 1)", theta);
  require(smoothing > 0 && smoothing <= 1, "NoiseHandlingOptions",
          "a smoothing constant in (0, 1]", smoothing);
  require(max_evaluations_per_point >= 1 && max_evaluations_per_point <= 1'000'000,
          "NoiseHandlingOptions", "at most [1, 10^6] evaluations per point",
          max_evaluations_per_point);
  require(std::isfinite(perturbation) && perturbation >= 0 && perturbation <= 1,
          "NoiseHandlingOptions", "a re-evaluation perturbation in [0, 1]", perturbation);
}

double rank_change_measure(ConstVecRef all, ConstVecRef second, double theta) {
  const Index lambda = all.size();
  const Index m = second.size();
  require(m >= 1 && m <= lambda, "rank_change_measure",
          "between 1 and λ re-evaluated members", m);
  const Index count = lambda + m;
  Vec joint(count);
  joint << all, second;
  std::vector<Index> order(static_cast<std::size_t>(count));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Index a, Index b) { return joint[a] < joint[b]; });
  std::vector<Index> rank(static_cast<std::size_t>(count));
  for (Index r = 0; r < count; ++r) rank[static_cast<std::size_t>(order[r])] = r + 1;
  double sum = 0;
  for (Index i = 0; i < m; ++i) {
    const Index r_first = rank[static_cast<std::size_t>(i)];
    const Index r_second = rank[static_cast<std::size_t>(lambda + i)];
    const double delta = static_cast<double>(std::abs(r_first - r_second) - 1);
    sum += 2 * delta -
           rank_change_limit(r_second - (second[i] > all[i] ? 1 : 0), count, theta) -
           rank_change_limit(r_first - (all[i] > second[i] ? 1 : 0), count, theta);
  }
  return sum / static_cast<double>(m);
}

NoiseHandler::NoiseHandler(NoiseHandlingOptions options, Index population_size, Index dim)
    : options_(options), population_size_(population_size), dim_(dim) {
  options_.validate();
}

Index NoiseHandler::evaluations_per_point() const {
  return std::clamp<Index>(static_cast<Index>(std::lround(per_point_)), 1,
                           options_.max_evaluations_per_point);
}

double NoiseHandler::expected_reevaluations() const {
  return options_.reevaluations.value_or(2.0 + static_cast<double>(population_size_) / 20.0);
}

EvaluationRepeats NoiseHandler::repeats(std::uint64_t seed, std::uint32_t generation) const {
  if (!options_.enabled()) return {};
  const double r = expected_reevaluations();
  const double whole = std::floor(r);
  const double u = Stream({seed ^ kReevaluationTag, generation, 0}).uniform();
  const auto m = static_cast<Index>(whole) + (u < r - whole ? 1 : 0);
  return {.per_member = evaluations_per_point(),
          .reevaluated = std::min(m, population_size_),
          .perturbation = options_.perturbation};
}

Index NoiseHandler::max_evaluations_next() const {
  if (!options_.enabled()) return population_size_;
  const Index m =
      std::min(static_cast<Index>(std::ceil(expected_reevaluations())), population_size_);
  return (population_size_ + m) * evaluations_per_point();
}

NoiseHandler::Outcome NoiseHandler::reduce(const Population& population, ConstVecRef values,
                                           const std::vector<bool>& finite) {
  const Index lambda = population.size();
  const EvaluationRepeats& rep = population.repeats();
  const Index k = rep.per_member;
  // Sums and counts of the first k and the second k evaluations of each member.
  Vec first_sum = Vec::Zero(lambda), second_sum = Vec::Zero(lambda);
  std::vector<Index> first_count(static_cast<std::size_t>(lambda), 0),
      second_count(static_cast<std::size_t>(lambda), 0);
  Outcome out;
  out.evaluation_of_member.assign(static_cast<std::size_t>(lambda), -1);
  for (Index e = 0; e < population.evaluation_count(); ++e) {
    const EvaluationKey key = population.key(e);
    const auto i = static_cast<std::size_t>(key.member);
    if (out.evaluation_of_member[i] < 0) out.evaluation_of_member[i] = e;
    if (!finite[static_cast<std::size_t>(e)]) continue;
    if (key.repeat < k) {
      first_sum[key.member] += values[e];
      ++first_count[i];
    } else {
      second_sum[key.member] += values[e];
      ++second_count[i];
    }
  }
  out.member_values.resize(lambda);
  bool measurable = rep.reevaluated >= 1;
  Vec first(lambda), second(std::max<Index>(rep.reevaluated, 0));
  for (Index i = 0; i < lambda; ++i) {
    const auto c1 = first_count[static_cast<std::size_t>(i)];
    const auto c2 = second_count[static_cast<std::size_t>(i)];
    out.member_values[i] = c1 + c2 > 0 ? (first_sum[i] + second_sum[i]) / static_cast<double>(c1 + c2)
                                       : std::numeric_limits<double>::quiet_NaN();
    first[i] = c1 > 0 ? first_sum[i] / static_cast<double>(c1) : 0;
    measurable = measurable && c1 > 0;
    if (i < rep.reevaluated) {
      second[i] = c2 > 0 ? second_sum[i] / static_cast<double>(c2) : 0;
      measurable = measurable && c2 > 0;
    }
  }
  if (!options_.enabled() || !measurable) return out;  // nothing to measure this generation
  const double s = rank_change_measure(first, second, options_.theta);
  smoothed_ = (1 - options_.smoothing) * smoothed_ + options_.smoothing * s;
  const double alpha = 1 + 2.0 / static_cast<double>(dim_ + 10);
  if (options_.treatment == NoiseTreatment::evaluations) {
    per_point_ *= smoothed_ > 0 ? alpha : std::pow(alpha, -0.25);
    per_point_ = std::clamp(per_point_, 1.0, static_cast<double>(options_.max_evaluations_per_point));
  } else if (options_.treatment == NoiseTreatment::sigma && smoothed_ > 0) {
    out.sigma_factor = alpha;
  }
  return out;
}

Json NoiseHandler::state() const {
  return {{"smoothed_measure", smoothed_}, {"evaluations_per_point", per_point_}};
}

void NoiseHandler::restore(const Json& state) {
  constexpr const char* what = "noise handling state";
  const double s = state_number(state, "smoothed_measure", what);
  const double k = state_number(state, "evaluations_per_point", what);
  if (k < 1 || k > static_cast<double>(options_.max_evaluations_per_point))
    throw FileError("noise handling state: expected 'evaluations_per_point' in [1, " +
                    std::to_string(options_.max_evaluations_per_point) + "]");
  smoothed_ = s;
  per_point_ = k;
}

Json NoiseHandler::fingerprint() const {
  return {{"treatment", name_of(options_.treatment)},
          {"reevaluations", options_.reevaluations ? Json(*options_.reevaluations) : Json(nullptr)},
          {"theta", options_.theta},
          {"smoothing", options_.smoothing},
          {"max_evaluations_per_point", options_.max_evaluations_per_point},
          {"perturbation", options_.perturbation}};
}

}  // namespace varopt
