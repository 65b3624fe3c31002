#include "varopt/solve/restarts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "varopt/core/error.hpp"
#include "varopt/core/rng.hpp"

namespace varopt {
namespace {

constexpr const char* kStateFormat = "varopt-restarts-state";
constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::uint64_t run_seed(std::uint64_t seed, Index run) {
  return seed + static_cast<std::uint64_t>(run) * 0x9E3779B97F4A7C15ULL;
}

Index field(const Json& j, const char* key) { return state_count(j, key, "restarts state"); }

}  // namespace

std::string name_of(RestartStrategy strategy) {
  switch (strategy) {
    case RestartStrategy::none: return "none";
    case RestartStrategy::ipop: return "ipop";
    case RestartStrategy::bipop: return "bipop";
  }
  return "?";
}

void RestartOptions::validate() const {
  require(max_restarts >= 0, "RestartOptions", "max_restarts >= 0", max_restarts);
}

RestartSolver::RestartSolver(MethodSpec spec, SearchSpace space, Vec x0, double sigma0,
                             SolverOptions options, RestartOptions restarts)
    : spec_(std::move(spec)),
      space_(std::move(space)),
      x0_(std::move(x0)),
      sigma0_(sigma0),
      options_(options),
      restart_options_(restarts),
      base_population_(spec_.sampling.population_size),
      run_population_(spec_.sampling.population_size),
      run_budget_(options.stop.max_evaluations),
      run_sigma_(sigma0),
      run_(make_run(spec_.sampling.population_size, sigma0, options.stop.max_evaluations)),
      best_x_(x0_),
      best_f_(kInfinity) {
  restart_options_.validate();
}

Solver RestartSolver::make_run(Index population, double sigma, Index budget) const {
  MethodSpec spec = spec_;
  spec.sampling.population_size = population;
  SolverOptions o = options_;
  o.seed = run_seed(options_.seed, restarts_);
  o.stop.max_evaluations = budget;
  return make_solver(spec, space_, x0_, sigma, o);
}

bool RestartSolver::start_run() {
  Index population = base_population_;
  double sigma = sigma0_;
  Index budget = options_.stop.max_evaluations - spent_;
  small_regime_ = false;
  if (restart_options_.strategy == RestartStrategy::ipop) {
    population = base_population_ << std::min<Index>(restarts_, 20);
  } else if (restart_options_.strategy == RestartStrategy::bipop) {
    small_regime_ = small_spent_ < large_spent_;
    if (small_regime_) {
      Stream stream(StreamId{options_.seed, static_cast<std::uint32_t>(restarts_), 0xFFFFFFFFu});
      const double u = stream.uniform();
      const double last_large = static_cast<double>(base_population_ << std::min<Index>(large_runs_ - 1, 20));
      population = static_cast<Index>(std::floor(
          static_cast<double>(base_population_) *
          std::pow(0.5 * last_large / static_cast<double>(base_population_), u * u)));
      sigma = sigma0_ * std::pow(10.0, -2.0 * u);
      budget = std::min(budget, last_large_);
    } else {
      population = base_population_ << std::min<Index>(large_runs_, 20);
      ++large_runs_;
    }
  }
  population = std::clamp<Index>(population, std::max<Index>(2, base_population_ > 1 ? 2 : 1),
                                 kMaxPopulationSize);
  if (spec_.sampling.antithetic) population += population % 2;
  // The run's first generation must fit (with noise handling: λ + re-evaluations).
  if (budget < NoiseHandler(options_.noise, population, space_.dim()).max_evaluations_next())
    return false;
  run_population_ = population;
  run_sigma_ = sigma;
  run_budget_ = budget;
  run_ = make_run(population, sigma, budget);
  return true;
}

void RestartSolver::tell(ConstVecRef fitness) {
  Evaluations evaluations;
  evaluations.fitness = fitness;
  tell(evaluations);
}

void RestartSolver::tell(const Evaluations& evaluations) {
  if (done()) return;
  run_.tell(evaluations);
  after_tell();
}

void RestartSolver::after_tell() {
  if (run_.best_f() < best_f_) {
    best_f_ = run_.best_f();
    best_x_ = run_.best_x();
  }
  last_record_ = run_.last_record();
  last_record_.generation += spent_generations_;
  last_record_.evaluations += spent_;
  last_record_.best_f = best_f_;
  if (!run_.done()) return;
  const Termination t = run_.termination();
  const bool sequence_over =
      t == Termination::target_reached || t == Termination::optimum_reached ||
      t == Termination::user_stop || t == Termination::max_generations ||
      (t == Termination::max_evaluations &&
       (!small_regime_ || run_budget_ >= options_.stop.max_evaluations - spent_));
  if (sequence_over || restart_options_.strategy == RestartStrategy::none ||
      restarts_ >= restart_options_.max_restarts) {
    termination_ = t;
    return;
  }
  const Index run_evaluations = run_.evaluations();
  spent_ += run_evaluations;
  spent_generations_ += run_.generation();
  if (small_regime_) {
    small_spent_ += run_evaluations;
  } else {
    large_spent_ += run_evaluations;
    last_large_ = run_evaluations;
  }
  ++restarts_;
  if (!start_run()) termination_ = Termination::max_evaluations;
}

void RestartSolver::stop() {
  run_.stop();
  if (!done()) termination_ = Termination::user_stop;
}

Summary RestartSolver::summary() const {
  Summary s = run_.summary();
  s.termination = termination_ == Termination::none ? run_.termination() : termination_;
  s.evaluations = spent_ + run_.evaluations();
  s.generations = spent_generations_ + run_.generation();
  s.best_x = best_x_;
  s.best_f = best_f_;
  s.seed = options_.seed;
  s.restarts = restarts_;
  return s;
}

Json RestartSolver::state() const {
  return {{"format", kStateFormat},
          {"version", 1},
          {"strategy", name_of(restart_options_.strategy)},
          {"restarts", restarts_},
          {"spent", spent_},
          {"spent_generations", spent_generations_},
          {"large_runs", large_runs_},
          {"large_spent", large_spent_},
          {"small_spent", small_spent_},
          {"last_large", last_large_},
          {"small_regime", small_regime_},
          {"run_population", run_population_},
          {"run_sigma", run_sigma_},
          {"best_x", to_json(best_x_)},
          {"best_f", std::isfinite(best_f_) ? Json(best_f_) : Json(nullptr)},
          {"run", run_.state()}};
}

void RestartSolver::restore_state(const Json& state) {
  constexpr const char* what = "restarts state";
  if (!state.is_object() || !state.contains("format") || state["format"] != kStateFormat ||
      !state.contains("run"))
    throw FileError(std::string("restarts state: expected a '") + kStateFormat + "' object");
  if (state_member(state, "strategy", what) != name_of(restart_options_.strategy))
    throw FileError("restarts state: it belongs to restarts " +
                    state["strategy"].dump().substr(0, 40) + ", not '" +
                    name_of(restart_options_.strategy) + "'");
  RestartSolver restored(*this);
  restored.restarts_ = field(state, "restarts");
  restored.spent_ = field(state, "spent");
  restored.spent_generations_ = field(state, "spent_generations");
  restored.large_runs_ = field(state, "large_runs");
  restored.large_spent_ = field(state, "large_spent");
  restored.small_spent_ = field(state, "small_spent");
  restored.last_large_ = field(state, "last_large");
  restored.run_population_ = field(state, "run_population");
  if (!state_member(state, "small_regime", what).is_boolean())
    throw FileError("restarts state: expected 'small_regime' to be true or false");
  restored.small_regime_ = state["small_regime"].get<bool>();
  restored.run_sigma_ = state_number(state, "run_sigma", what);
  restored.best_f_ = state_number(state, "best_f", what, true);
  restored.best_x_ =
      vec_from_json(state_member(state, "best_x", what), "restarts state 'best_x'", space_.dim());
  if (restored.run_population_ < 1 || restored.run_population_ > kMaxPopulationSize ||
      !(restored.run_sigma_ > 0))
    throw FileError("restarts state: expected a population in [1, 2^20] and sigma > 0");
  // The run's budget is what start_run gives it under this solver's budget (a resumed run may
  // have been given more): the budget left, and for a small-regime run at most the last large
  // run's evaluations (not the budget it had left when it was saved, which a budget that ran out
  // may have cut).
  const Index remaining = std::max(options_.stop.max_evaluations - restored.spent_, Index{0});
  restored.run_budget_ = std::max(
      restored.small_regime_ ? std::min(restored.last_large_, remaining) : remaining,
      restored.run_population_);
  try {
    restored.run_ = restored.make_run(restored.run_population_, restored.run_sigma_,
                                      restored.run_budget_);
  } catch (const InvalidArgument& e) {
    throw FileError(std::string("restarts state: its run cannot be rebuilt: ") + e.what());
  }
  restored.run_.restore_state(state_member(state, "run", what));
  restored.termination_ = Termination::none;
  // A run that its restored budget or rules already end: restart or end the sequence now, not
  // after evaluating a generation that would not be told.
  if (restored.run_.done()) restored.after_tell();
  *this = std::move(restored);
}

}  // namespace varopt
