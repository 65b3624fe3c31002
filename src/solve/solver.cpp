#include "varopt/solve/solver.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>

#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/solve/bound_penalty.hpp"
#include "varopt/solve/integer_margin.hpp"

namespace varopt {
namespace {

constexpr const char* kStateFormat = "varopt-solver-state";
constexpr int kStateVersion = 2;  // 2: the update rule's state replaces the optimizer's
constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

std::string name_of(NonFinitePolicy policy) {
  return policy == NonFinitePolicy::worst ? "worst" : "error";
}

void SamplingOptions::validate(const char* where) const {
  require(population_size >= 1 && population_size <= kMaxPopulationSize, where,
          "a population size in [1, 2^20]", population_size);
  if (antithetic)
    require(population_size % 2 == 0, where, "an even population size with antithetic pairs",
            population_size);
  if (spread_floor)
    require(std::isfinite(*spread_floor) && *spread_floor > 0, where, "a spread floor > 0",
            *spread_floor);
}

void SolverOptions::validate() const { stop.validate(); }

Json GenerationRecord::to_json() const {
  return {{"generation", generation},   {"evaluations", evaluations},
          {"best_f", best_f},           {"generation_best_f", generation_best_f},
          {"mean_f", mean_f},           {"spread", spread},
          {"gradient_norm", gradient_norm}, {"step_norm", step_norm}};
}

void Solver::require_not_moved_from(const char* where) const {
  if (!distribution_)  // a moved-from solver has no parts: it dereferenced null before
    throw InvalidArgument(std::string(where) + ": expected a solver, got one moved from");
}

bool Summary::spread_collapsed() const {
  const double scale = center.size() > 0 ? std::max(center.lpNorm<Eigen::Infinity>(), 1.0) : 1.0;
  return spread < 1e-10 * scale || spread < 1e-100;
}

Json Summary::to_json() const {
  return {{"termination", name_of(termination)},
          {"evaluations", evaluations},
          {"generations", generations},
          {"non_finite_evaluations", non_finite_evaluations},
          {"best_f", best_f},
          {"best_x", varopt::to_json(best_x)},
          {"center", varopt::to_json(center)},
          {"spread", spread},
          {"seed", seed},
          {"restarts", restarts},
          {"distribution", distribution},
          {"update", update}};
}

Solver::Solver(std::unique_ptr<SearchDistribution> distribution,
               std::unique_ptr<UpdateRule> update, SamplingOptions sampling,
               SolverOptions options)
    : distribution_(std::move(distribution)),
      update_(std::move(update)),
      sampling_(sampling),
      options_(options),
      noise_(options.noise, sampling.population_size,
             distribution_ ? distribution_->dim() : 0),
      best_f_(kInfinity),
      stagnation_reference_f_(kInfinity) {
  require(distribution_ != nullptr, "Solver", "a search distribution", "null");
  require(update_ != nullptr, "Solver", "an update rule", "null");
  sampling_.validate("Solver");
  options_.validate();
  update_->check_distribution(*distribution_, "Solver");
  const MinimumPopulation least = update_->min_population(sampling_.antithetic);
  require(sampling_.population_size >= least.size, "Solver",
          detail::concat("a population size >= ", least.size, " for ", update_->name(),
                         sampling_.antithetic ? " with antithetic pairs" : "", " (", least.reason,
                         ")"),
          sampling_.population_size);
  require(options_.stop.max_evaluations >= noise_.max_evaluations_next(), "Solver",
          "an evaluation budget of at least one generation (" +
              std::to_string(noise_.max_evaluations_next()) + ")",
          options_.stop.max_evaluations);
  if (update_->needs_pairs()) {
    require(sampling_.antithetic, "Solver",
            "antithetic (paired) sampling for " + update_->name(), "independent sampling");
  }
  if (sampling_.antithetic) {
    require(distribution_->has_mirror(), "Solver",
            "a distribution with mirrored sampling for antithetic pairs", distribution_->name());
  }
  if (options_.noise.enabled())
    require(!update_->needs_objective_gradient(), "Solver",
            "an update without objective gradients with noise handling", update_->name());
  if (sampling_.spread_floor) distribution_->clamp_spread(*sampling_.spread_floor);
  options_.bounds.validate(distribution_->dim());
  if (!options_.bounds.empty()) {
    const Vec& start = distribution_->center();
    const Box& box = options_.bounds;
    for (Index i = 0; i < start.size(); ++i) {
      if (!(start[i] >= box.lower[i] && start[i] <= box.upper[i]))  // the message only then
        require(false, "Solver", "a start point inside the bounds",
                detail::concat(std::setprecision(15), "x0[", i, "] = ", start[i], " outside [",
                               box.lower[i], ", ", box.upper[i], "] (move x0, or the bounds)"));
    }
    require(!update_->needs_objective_gradient(), "Solver",
            "an update without objective gradients with bounds (pathwise needs ∇f along θ)",
            update_->name());
    box_ = std::make_shared<const Box>(options_.bounds);
    integer_floors_ = integer_spread_floors(*box_, distribution_->dim(), sampling_.population_size);
    if (integer_floors_.size() > 0) distribution_->clamp_coordinate_spread(integer_floors_);
  }
  best_x_ = distribution_->center();
  flat_fitness_applies_ = !distribution_->off_mode_probability().has_value();
  recent_best_.reserve(static_cast<std::size_t>(flat_fitness_window()));
}

Solver::Solver(const Solver& other)
    : distribution_(other.distribution_->clone()),
      update_(other.update_->clone()),
      sampling_(other.sampling_),
      options_(other.options_),
      box_(other.box_),
      noise_(other.noise_),
      integer_floors_(other.integer_floors_),
      generation_(other.generation_),
      asked_(other.asked_),
      evaluations_(other.evaluations_),
      non_finite_evaluations_(other.non_finite_evaluations_),
      best_x_(other.best_x_),
      best_f_(other.best_f_),
      stagnation_reference_f_(other.stagnation_reference_f_),
      stagnation_since_(other.stagnation_since_),
      recent_best_(other.recent_best_),
      oldest_recent_(other.oldest_recent_),
      last_range_(other.last_range_),
      flat_fitness_applies_(other.flat_fitness_applies_),
      termination_(other.termination_),
      last_record_(other.last_record_) {}

Solver& Solver::operator=(const Solver& other) {
  if (this != &other) *this = Solver(other);
  return *this;
}

Solver::~Solver() = default;

Population Solver::ask() const {
  require_not_moved_from("Solver::ask");
  // One population per generation: asking again returns the same one. It shares ψ (see
  // distribution_) and, where no one else holds it, the previous population's kept draws'
  // storage.
  if (!asked_ || asked_->generation() != static_cast<std::uint32_t>(generation_)) {
    std::shared_ptr<Population::KeptDraws> storage = asked_ ? asked_->recycled_storage() : nullptr;
    const auto generation = static_cast<std::uint32_t>(generation_);
    asked_.emplace(distribution_, options_.seed, generation, sampling_.population_size,
                   sampling_.antithetic, box_, noise_.repeats(options_.seed, generation),
                   kMaxKeptNoise, std::move(storage));
  }
  return *asked_;
}

void Solver::tell(ConstVecRef fitness) {
  fitness_only_.fitness = fitness;
  tell(fitness_only_);
}

bool Solver::apply_failure_policy(const Evaluations& evaluations, Vec& cleaned) {
  const Vec& f = evaluations.fitness;
  Index bad = 0;
  Index first_bad = -1;
  double worst = -kInfinity;
  for (Index i = 0; i < f.size(); ++i) {
    if (evaluations.status_of(i) == EvaluationStatus::ok) {
      worst = std::max(worst, f[i]);
    } else {
      if (bad++ == 0) first_bad = i;
    }
  }
  cleaned = f;
  if (bad == 0) return true;
  if (options_.non_finite == NonFinitePolicy::error) {
    const std::string message = evaluations.message_of(first_bad);
    throw ObjectiveError("Solver::tell: member " + std::to_string(first_bad) + " of generation " +
                         std::to_string(generation_) + " " +
                         (evaluations.status_of(first_bad) == EvaluationStatus::non_finite
                              ? "returned a non-finite value"
                              : name_of(evaluations.status_of(first_bad))) +
                         (message.empty() ? "" : ": " + message) + " (" + std::to_string(bad) +
                         " of " + std::to_string(f.size()) +
                         " member(s) without a finite value; non-finite policy: error)");
  }
  non_finite_evaluations_ += bad;
  if (bad == f.size()) return false;  // nothing to learn from
  for (Index i = 0; i < f.size(); ++i)
    if (evaluations.status_of(i) != EvaluationStatus::ok) cleaned[i] = worst;
  return true;
}

void Solver::adopt_next_params() {
  if (!spare_ || spare_.use_count() != 1) spare_ = distribution_->clone();
  spare_->swap_params(next_params_);  // next_params_ gets spare_'s old ψ, storage for the next
  std::swap(distribution_, spare_);
}

Evaluations Solver::per_member(const Population& population, const Evaluations& evaluations,
                               double& sigma_factor) {
  std::vector<bool> finite(static_cast<std::size_t>(population.evaluation_count()));
  for (Index e = 0; e < population.evaluation_count(); ++e)
    finite[static_cast<std::size_t>(e)] = evaluations.status_of(e) == EvaluationStatus::ok;
  NoiseHandler::Outcome outcome = noise_.reduce(population, evaluations.fitness, finite);
  sigma_factor = outcome.sigma_factor;
  Evaluations members = Evaluations::pending(population.size(), evaluations.generation);
  for (Index i = 0; i < population.size(); ++i) {
    const Index e = outcome.evaluation_of_member[static_cast<std::size_t>(i)];
    if (std::isfinite(outcome.member_values[i])) {
      members.set_value(i, outcome.member_values[i]);
    } else {
      members.set_failure(i, evaluations.status_of(e), evaluations.message_of(e));
    }
  }
  return members;
}

void Solver::update_best(const Population& population, ConstVecRef fitness) {
  Index best = 0;
  for (Index i = 1; i < fitness.size(); ++i)
    if (fitness[i] < fitness[best]) best = i;
  if (fitness[best] < best_f_) {
    best_f_ = fitness[best];
    best_x_.resize(population.dim());
    population.member(best, best_x_);
  }
}

void Solver::tell(const Evaluations& evaluations) {
  require_not_moved_from("Solver::tell");
  if (done()) return;
  if (!asked_ || asked_->generation() != static_cast<std::uint32_t>(generation_))
    throw InvalidArgument("Solver::tell: expected ask() before tell() in generation " +
                          std::to_string(generation_) +
                          " (the values must belong to the population that was asked)");
  if (evaluations.generation && *evaluations.generation != generation_)
    throw InvalidArgument("Solver::tell: expected the evaluations of generation " +
                          std::to_string(generation_) + ", got those of generation " +
                          std::to_string(*evaluations.generation));
  const Population population = *asked_;
  const Index asked = population.evaluation_count();
  if (evaluations.fitness.size() != asked)  // the message is formatted only then
    require(false, "Solver::tell",
            "one fitness value per evaluation asked (" + std::to_string(asked) + ")",
            evaluations.fitness.size());
  if ((!evaluations.status.empty() || !evaluations.messages.empty()) &&
      !(evaluations.status.size() == static_cast<std::size_t>(asked) &&
        evaluations.messages.size() == evaluations.status.size()))  // formatted only then
    require(false, "Solver::tell", "one status and message per member, or none",
            std::to_string(evaluations.status.size()) + " statuses, " +
                std::to_string(evaluations.messages.size()) + " messages");
  double sigma_factor = 1;
  std::optional<Evaluations> reduced;
  if (options_.noise.enabled()) reduced = per_member(population, evaluations, sigma_factor);
  const Evaluations& told = reduced ? *reduced : evaluations;
  cleaned_.gradients = evaluations.gradients;
  if (!apply_failure_policy(told, cleaned_.fitness)) {  // no finite value: keep ψ, stop

    evaluations_ += asked;
    ++generation_;
    termination_ = Termination::non_finite;
    // The record says so: no best of this generation (never a stale or zero best f).
    last_record_ = GenerationRecord{.generation = generation_,
                                    .evaluations = evaluations_,
                                    .best_f = best_f_,
                                    .generation_best_f = kInfinity,
                                    .mean_f = std::numeric_limits<double>::quiet_NaN(),
                                    .spread = distribution_->spread()};
    return;
  }
  usable_ = told.fitness;
  for (Index i = 0; i < usable_.size(); ++i)
    if (told.status_of(i) != EvaluationStatus::ok) usable_[i] = kInfinity;
  if (box_) add_bound_penalty(population, cleaned_.fitness, penalty_scratch_);
  update_best(population, usable_);
  const UpdateStep step = update_->update(population, cleaned_, next_params_);
  evaluations_ += asked;
  ++generation_;
  // A step that leaves the representable range (ψ non-finite, log σ beyond ±300) means the
  // learning rate is too large for this objective, or noise handling's σ treatment widened σ
  // without end: stop and keep the last good ψ (the generation's record is still written: its
  // members were evaluated).
  bool stepped = true;
  try {
    adopt_next_params();
  } catch (const InvalidArgument&) {
    stepped = false;
  }
  if (stepped && sigma_factor != 1) {  // noise handling's σ treatment
    unscaled_params_ = distribution_->params();
    try {
      distribution_->scale_spread(sigma_factor);
      update_->spread_scaled(sigma_factor);
    } catch (const InvalidArgument&) {
      distribution_->set_params(unscaled_params_);  // a product may have scaled some blocks
      stepped = false;
    }
  }
  if (stepped && sampling_.spread_floor) distribution_->clamp_spread(*sampling_.spread_floor);
  if (stepped && integer_floors_.size() > 0)
    distribution_->clamp_coordinate_spread(integer_floors_);

  const auto finite = usable_.array().isFinite();
  if (options_.stop.function_tolerance && flat_fitness_applies_) {
    remember_generation_best(usable_.minCoeff());
    // (at most the largest double: a state with inf could not be saved)
    last_range_ = std::min(finite.select(usable_, -kInfinity).maxCoeff() - usable_.minCoeff(),
                           std::numeric_limits<double>::max());
  }
  last_record_ = GenerationRecord{
      .generation = generation_,
      .evaluations = evaluations_,
      .best_f = best_f_,
      .generation_best_f = usable_.minCoeff(),
      .mean_f = finite.select(usable_, 0.0).sum() / static_cast<double>(finite.count()),
      .spread = distribution_->spread(),
      .gradient_norm = step.gradient_norm,
      .step_norm = step.step_norm,
  };
  if (!stepped) {
    termination_ = Termination::numerical_error;
    return;
  }
  check_stopping_rules();
}

void Solver::check_stopping_rules() {
  const StopOptions& stop = options_.stop;
  if (stop.target && best_f_ <= *stop.target) {
    termination_ = Termination::target_reached;
  } else if (stop.optimum_reached(best_f_)) {
    termination_ = Termination::optimum_reached;
  } else if (evaluations_ + noise_.max_evaluations_next() > stop.max_evaluations) {
    // The next generation would overrun the budget: stop within it.
    termination_ = Termination::max_evaluations;
  } else if (stop.max_generations && generation_ >= *stop.max_generations) {
    termination_ = Termination::max_generations;
  } else if (stop.min_spread && spread_beyond_floors() < *stop.min_spread) {
    termination_ = Termination::spread_collapse;
  } else if (stop.discrete_convergence && distribution_converged(*stop.discrete_convergence)) {
    termination_ = Termination::distribution_converged;
  } else if (stop.function_tolerance && flat_fitness_applies_ && flat_fitness()) {
    termination_ = Termination::flat_fitness;
  } else if (stop.stagnation_generations) {
    if (best_f_ < stagnation_reference_f_ - stop.stagnation_tolerance) {
      stagnation_reference_f_ = best_f_;
      stagnation_since_ = generation_;
    } else if (generation_ - stagnation_since_ >= *stop.stagnation_generations) {
      termination_ = Termination::stagnation;
    }
  }
}

double Solver::spread_beyond_floors() const {
  if (integer_floors_.size() == 0) return distribution_->spread();
  const Vec spreads = distribution_->coordinate_spreads();
  double largest = 0;
  for (Index i = 0; i < spreads.size(); ++i) {
    const bool held = integer_floors_[i] > 0 && spreads[i] <= integer_floors_[i] * (1 + 1e-9);
    if (!held) largest = std::max(largest, spreads[i]);
  }
  return largest;
}

Vec Solver::reflected_center() const {
  Vec center = distribution_->center();
  if (box_) box_->reflect(center);
  return center;
}

std::vector<double> Solver::recent_best_in_order() const {
  std::vector<double> ordered(recent_best_.begin() + static_cast<std::ptrdiff_t>(oldest_recent_),
                              recent_best_.end());
  ordered.insert(ordered.end(), recent_best_.begin(),
                 recent_best_.begin() + static_cast<std::ptrdiff_t>(oldest_recent_));
  return ordered;
}

Index Solver::flat_fitness_window() const {
  return 10 + static_cast<Index>(std::ceil(30.0 * static_cast<double>(distribution_->dim()) /
                                           static_cast<double>(sampling_.population_size)));
}

void Solver::remember_generation_best(double value) {
  if (static_cast<Index>(recent_best_.size()) < flat_fitness_window()) {
    recent_best_.push_back(value);  // within the reserved window: no allocation
    return;
  }
  recent_best_[oldest_recent_] = value;  // a ring: the newest replaces the oldest
  oldest_recent_ = (oldest_recent_ + 1) % recent_best_.size();
}

bool Solver::flat_fitness() const {
  const double tolerance = *options_.stop.function_tolerance;
  // The last generation's range first: it rules out all but a converged run at once.
  if (!(last_range_ < tolerance)) return false;
  if (static_cast<Index>(recent_best_.size()) < flat_fitness_window()) return false;
  const auto [low, high] = std::minmax_element(recent_best_.begin(), recent_best_.end());
  return *high - *low < tolerance;
}

bool Solver::distribution_converged(double tolerance) const {
  const std::optional<double> off_mode = distribution_->off_mode_probability();
  return off_mode && *off_mode < tolerance;
}

void Solver::stop() {
  if (!done()) termination_ = Termination::user_stop;
}

Summary Solver::summary() const {
  return Summary{.termination = termination_,
                 .evaluations = evaluations_,
                 .generations = generation_,
                 .non_finite_evaluations = non_finite_evaluations_,
                 .best_x = best_x_,
                 .best_f = best_f_,
                 .center = reflected_center(),
                 .spread = distribution_->spread(),
                 .seed = options_.seed,
                 .distribution = distribution_->name(),
                 .update = update_->name()};
}

Json Solver::fingerprint() const {
  Json j = {{"distribution", distribution_->name()},
            {"dim", distribution_->dim()},
            {"num_params", distribution_->num_params()},
            {"update", update_->name()},
            {"population_size", sampling_.population_size},
            {"antithetic", sampling_.antithetic},
            {"seed", options_.seed}};
  if (box_) {  // as strings, so that ±inf survive a round trip through a file
    const auto bound = [](double v) { return Json(std::to_string(v)); };
    Json lower = Json::array(), upper = Json::array();
    for (Index i = 0; i < box_->lower.size(); ++i) {
      lower.push_back(bound(box_->lower[i]));
      upper.push_back(bound(box_->upper[i]));
    }
    j["bounds"] = {lower, upper};
  }
  if (options_.noise.enabled()) j["noise_handling"] = noise_.fingerprint();
  return j;
}

Json Solver::state() const {
  Json state = {{"format", kStateFormat},
          {"version", kStateVersion},
          {"configuration", fingerprint()},
          {"params", to_json(distribution_->params())},
          {"update_state", update_->state()},
          {"generation", generation_},
          {"evaluations", evaluations_},
          {"non_finite_evaluations", non_finite_evaluations_},
          {"best_x", to_json(best_x_)},
          // JSON has no infinity: an unset best is written as null.
          {"best_f", std::isfinite(best_f_) ? Json(best_f_) : Json(nullptr)},
          {"stagnation_reference_f",
           std::isfinite(stagnation_reference_f_) ? Json(stagnation_reference_f_) : Json(nullptr)},
          {"stagnation_since", stagnation_since_},
          {"recent_best", recent_best_in_order()},
          {"last_range", last_range_},
          {"last_record", last_record_.to_json()}};
  if (options_.noise.enabled()) state["noise_handling"] = noise_.state();
  return state;
}

void Solver::restore_state(const Json& state) {
  constexpr const char* what = "solver state";
  if (!state.is_object() || !state.contains("format") || state["format"] != kStateFormat)
    throw FileError("solver state: expected a '" + std::string(kStateFormat) + "' object");
  if (state_count(state, "version", what) != kStateVersion)
    throw FileError("solver state: expected version " + std::to_string(kStateVersion));
  if (state_member(state, "configuration", what) != fingerprint()) {
    throw FileError("solver state: it belongs to another configuration: expected " +
                    fingerprint().dump() + ", got " + state["configuration"].dump().substr(0, 400));
  }
  Solver restored(*this);  // fill a copy, so a malformed state leaves *this untouched
  const Vec psi = vec_from_json(state_member(state, "params", what), "solver state 'params'",
                                distribution_->num_params());
  if (!psi.allFinite()) throw FileError("solver state: expected finite 'params'");
  try {
    restored.distribution_->set_params(psi);
  } catch (const InvalidArgument& e) {
    throw FileError(std::string("solver state: 'params' out of range: ") + e.what());
  }
  restored.asked_.reset();  // a population asked before belongs to the old ψ
  restored.update_->restore(state_member(state, "update_state", what));
  // The generation addresses the random numbers as a 32-bit counter.
  restored.generation_ = state_count(state, "generation", what, Index{0xFFFFFFFF});
  restored.evaluations_ = state_count(state, "evaluations", what);
  restored.non_finite_evaluations_ =
      state_count(state, "non_finite_evaluations", what, restored.evaluations_);
  restored.best_x_ = vec_from_json(state_member(state, "best_x", what), "solver state 'best_x'",
                                   distribution_->dim());
  if (!restored.best_x_.allFinite()) throw FileError("solver state: expected a finite 'best_x'");
  restored.best_f_ = state_number(state, "best_f", what, true);
  restored.stagnation_reference_f_ = state_number(state, "stagnation_reference_f", what, true);
  restored.stagnation_since_ =
      state_count(state, "stagnation_since", what, restored.generation_);
  const Vec recent = vec_from_json(state_member(state, "recent_best", what),
                                   "solver state 'recent_best'");
  if (recent.size() > flat_fitness_window() || !recent.allFinite())
    throw FileError("solver state: expected at most " + std::to_string(flat_fitness_window()) +
                    " finite values in 'recent_best'");
  restored.recent_best_.assign(recent.data(), recent.data() + recent.size());
  restored.oldest_recent_ = 0;
  restored.last_range_ = state_number(state, "last_range", what);
  if (options_.noise.enabled())
    restored.noise_.restore(state_member(state, "noise_handling", what));
  // A saved run resumes: its stopping rules are checked afresh against this solver's options
  // (which may have a larger budget), so a paused or budget-stopped run can be continued.
  restored.termination_ = Termination::none;
  const Json& record = state_member(state, "last_record", what);
  constexpr const char* record_what = "solver state 'last_record'";
  // JSON writes a non-finite value as null: an unset best is +∞, any other value NaN.
  const auto record_value = [&](const char* key, double if_null) {
    const Json& v = state_member(record, key, record_what);
    if (v.is_null()) return if_null;
    return state_number(record, key, record_what);
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  restored.last_record_ = GenerationRecord{
      .generation = state_count(record, "generation", record_what),
      .evaluations = state_count(record, "evaluations", record_what),
      .best_f = record_value("best_f", kInfinity),
      .generation_best_f = record_value("generation_best_f", kInfinity),
      .mean_f = record_value("mean_f", nan),
      .spread = record_value("spread", nan),
      .gradient_norm = record_value("gradient_norm", nan),
      .step_norm = record_value("step_norm", nan)};
  // (A state of generation 0 with evaluations, which no run writes, is checked too: it ran a
  // generation past its budget.)
  if (restored.generation_ > 0 || restored.evaluations_ > 0) restored.check_stopping_rules();
  *this = std::move(restored);
}

void Solver::save(const std::filesystem::path& path) const {
  write_file_atomically(path, state().dump());
}

void Solver::restore(const std::filesystem::path& path) {
  restore_state(parse_json(read_file(path), ("solver state '" + path.string() + "'").c_str()));
}

}  // namespace varopt
