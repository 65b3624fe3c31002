#include "varopt/grad/enumeration.hpp"

#include <cmath>
#include <limits>

#include "varopt/core/error.hpp"
#include "varopt/dist/finite_support.hpp"

namespace varopt {
namespace {

std::vector<IntegerRange> ranges_of(const SearchDistribution& distribution, const char* where) {
  const auto* finite = dynamic_cast<const FiniteSupport*>(&distribution);
  require(finite != nullptr, where, "a distribution over a finite space", distribution.name());
  return finite->coordinate_ranges();
}

std::uint64_t count_points(const std::vector<IntegerRange>& ranges) {
  std::uint64_t total = 1;
  for (const auto& r : ranges) {
    const auto c = static_cast<std::uint64_t>(r.count);
    if (total > std::numeric_limits<std::uint64_t>::max() / c)
      return std::numeric_limits<std::uint64_t>::max();
    total *= c;
  }
  return total;
}

}  // namespace

std::uint64_t support_size(const SearchDistribution& distribution) {
  return count_points(ranges_of(distribution, "support_size"));
}

ExactExpectation exact_expectation(const SearchDistribution& distribution, const Objective& f,
                                   std::uint64_t max_points) {
  const auto ranges = ranges_of(distribution, "exact_expectation");
  const std::uint64_t points = count_points(ranges);
  require(points <= max_points, "exact_expectation",
          "a space of at most " + std::to_string(max_points) + " points",
          points == std::numeric_limits<std::uint64_t>::max() ? std::string("more than 2^64")
                                                              : std::to_string(points));
  require(static_cast<bool>(f), "exact_expectation", "an objective", "an empty function");
  ExactExpectation out{0.0, Vec::Zero(distribution.num_params()), points};
  Vec x(distribution.dim());
  std::vector<Index> digit(ranges.size(), 0);
  for (std::size_t j = 0; j < ranges.size(); ++j) x[static_cast<Index>(j)] = ranges[j].first;
  for (std::uint64_t k = 0; k < points; ++k) {
    const double p = std::exp(distribution.log_prob(x));
    if (p > 0) {
      const double fx = f(x);
      out.value += p * fx;
      distribution.add_score(x, p * fx, out.gradient);
    }
    // Next point: mixed-radix increment, coordinate 0 fastest.
    for (std::size_t j = 0; j < ranges.size(); ++j) {
      const auto jj = static_cast<Index>(j);
      if (++digit[j] < ranges[j].count) {
        x[jj] += 1.0;
        break;
      }
      digit[j] = 0;
      x[jj] = ranges[j].first;
    }
  }
  return out;
}

EnumerationEstimator::EnumerationEstimator(Objective f, std::uint64_t max_points)
    : f_(std::move(f)), max_points_(max_points) {
  require(static_cast<bool>(f_), "EnumerationEstimator", "an objective", "an empty function");
}

void EnumerationEstimator::gradient(const Population& population, const Evaluations& evaluations,
                                    Vec& g) const {
  check_evaluations(population, evaluations, "EnumerationEstimator::gradient");
  g = exact_expectation(population.distribution(), f_, max_points_).gradient;
}

}  // namespace varopt
