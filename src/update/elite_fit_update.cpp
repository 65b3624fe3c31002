#include "varopt/update/elite_fit_update.hpp"

#include <sstream>

#include "varopt/core/error.hpp"
#include "varopt/core/rank_order.hpp"

namespace varopt {

EliteFitUpdate::EliteFitUpdate(EliteFitOptions options) : options_(options) {
  options_.validate();
}

std::string EliteFitUpdate::name() const {
  std::ostringstream out;
  out << "elite-fit(elite=" << options_.elite << ", smoothing=" << options_.smoothing << ")";
  return out.str();
}

void EliteFitUpdate::restore(const Json& state) {
  if (!state.is_object() || !state.empty())
    throw FileError("elite-fit update state: expected an empty object");
}

UpdateStep EliteFitUpdate::update(const Population& population, const Evaluations& evaluations,
                                  Vec& next) {
  check_evaluations(population, evaluations, "EliteFitUpdate::update");
  require(options_.elite <= population.size(), "EliteFitUpdate::update",
          "a population of at least elite = " + std::to_string(options_.elite) + " members",
          population.size());
  std::vector<Index> order;
  rank_order(evaluations.fitness, order);
  Mat elite(population.dim(), options_.elite);
  for (Index c = 0; c < options_.elite; ++c)
    population.member(order[static_cast<std::size_t>(c)], elite.col(c));
  const SearchDistribution& distribution = population.distribution();
  next = elite_fit_params(distribution, elite, options_);
  return {.gradient_norm = 0.0, .step_norm = (next - distribution.params()).norm()};
}

}  // namespace varopt
