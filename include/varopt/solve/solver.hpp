#pragma once
// The ask/tell solver: minimizes the variational bound
//   J(ψ) = E_{θ~P(·|ψ)} f(θ)
// one generation at a time (the lecture's Algorithm 1, SGD-VO, generalized to λ samples and to
// any update rule):
//   ask():  θ_1..θ_λ ~ P(·|ψ)                    (a lazily regenerated Population)
//   tell(): ψ ← update(θ, f(θ))                   (the update stage, update/update_rule.hpp:
//                                                  a gradient step, an elite fit, ...)
// then σ is kept ≥ spread_floor. With bounds, members are evaluated (and the best point and the
// center reported) reflected into the box, see dist/box.hpp. Non-finite fitness values are handled here, before the update
// sees them (NonFinitePolicy). With noise handling a population asks for more evaluations than
// members (Population::key); tell() takes one value per evaluation and gives the update rule the
// mean of each member's.
// State is explicit: ψ, the update rule's state (optimizer moments, ...), the generation counter
// (which with the seed addresses all random numbers), counters and the best point.
// save()/restore() write and read it, atomically, so a restored run continues bit-identically.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "varopt/core/json.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/dist/search_distribution.hpp"
#include "varopt/solve/noise_handling.hpp"
#include "varopt/solve/stopping.hpp"
#include "varopt/update/update_rule.hpp"

namespace varopt {

// What to do with a member that has no finite value (status non_finite, failed or timed_out in
// eval/evaluations.hpp: NaN/inf, an objective that threw, a worker that timed out). Applied in
// Solver::tell and nowhere else.
enum class NonFinitePolicy {
  worst,  // replace by the worst finite value of the generation and count it
  error,  // throw ObjectiveError naming the member and its message; the state stays unchanged
};
std::string name_of(NonFinitePolicy policy);  // "worst" | "error"

// The largest population λ (a generation's values are O(λ) memory; IPOP/BIPOP stop growing it
// here).
inline constexpr Index kMaxPopulationSize = Index{1} << 20;

// How a generation is drawn: part of a method (MethodSpec::sampling), handed to the Solver as it
// is; the run's settings (seed, stopping rules, bounds, ...) are SolverOptions.
struct SamplingOptions {
  Index population_size = 16;          // λ
  bool antithetic = false;             // mirrored pairs θ± (λ even)
  std::optional<double> spread_floor;  // σ ≥ floor after every step
  // Throws InvalidArgument naming `where` on λ outside [1, 2^20], an odd λ with pairs, or a
  // floor that is not > 0.
  void validate(const char* where) const;
};

struct SolverOptions {
  std::uint64_t seed = 0;
  NonFinitePolicy non_finite = NonFinitePolicy::worst;
  StopOptions stop{};
  Box bounds{};  // evaluate and report points inside l ≤ x ≤ u (dist/box.hpp); empty: none
  NoiseHandlingOptions noise{};  // repeated evaluations for noisy f (solve/noise_handling.hpp)
  void validate() const;
};

// One line of progress, passed to callbacks and written to logs.
struct GenerationRecord {
  Index generation = 0;        // generations completed
  Index evaluations = 0;       // evaluations so far
  double best_f = 0;           // best f so far
  double generation_best_f = 0;
  double mean_f = 0;           // mean f of this generation (finite values)
  double spread = 0;           // the distribution's spread() after the step (σ)
  double gradient_norm = 0;    // ‖ĝ‖ (0 for update rules without a gradient)
  double step_norm = 0;        // ‖ψ' − ψ‖
  Json to_json() const;
};

struct Summary {
  Termination termination = Termination::none;
  Index evaluations = 0;
  Index generations = 0;
  Index non_finite_evaluations = 0;  // members without a finite value (non-finite, failed, ...)
  Vec best_x;
  double best_f = 0;
  Vec center;                  // the distribution's center() at the end
  double spread = 0;
  std::uint64_t seed = 0;
  Index restarts = 0;          // runs after the first (RestartSolver)
  std::string distribution, update;
  Json to_json() const;
  // For a run that ended in numerical_error: whether σ collapsed below what doubles resolve next
  // to the center (σ < 1e-10·max(‖center‖∞, 1), or σ < 1e-100 where the center is near 0 too)
  // — the run converged as far as it can — rather than a step leaving the representable range.
  bool spread_collapsed() const;
};

class Solver {
 public:
  // Throws InvalidArgument when a part is null or the options do not suit them (population
  // below the rule's minimum, a rule that needs pairs without antithetic sampling, ...).
  Solver(std::unique_ptr<SearchDistribution> distribution, std::unique_ptr<UpdateRule> update,
         SamplingOptions sampling, SolverOptions options);
  Solver(const Solver& other);
  Solver& operator=(const Solver& other);
  Solver(Solver&&) noexcept = default;
  Solver& operator=(Solver&&) noexcept = default;
  ~Solver();

  // The population of the current generation (the same until tell()).
  Population ask() const;
  // Updates ψ from the evaluations of ask()'s population (one per Population::key). Throws InvalidArgument without an ask()
  // in this generation, on a wrong count, or on evaluations stamped with another generation;
  // ObjectiveError for a member without a finite value under NonFinitePolicy::error (the state
  // is unchanged then); does nothing once done().
  void tell(const Evaluations& evaluations);
  void tell(ConstVecRef fitness);
  // Ends the run with Termination::user_stop.
  void stop();

  bool done() const { return termination_ != Termination::none; }
  Termination termination() const { return termination_; }
  const GenerationRecord& last_record() const { return last_record_; }
  Summary summary() const;

  const SearchDistribution& distribution() const { return *distribution_; }
  const UpdateRule& update_rule() const { return *update_; }
  const SamplingOptions& sampling() const { return sampling_; }
  const SolverOptions& options() const { return options_; }
  Index generation() const { return generation_; }
  Index evaluations() const { return evaluations_; }
  // The best value so far (+∞ before any finite one) and its point.
  double best_f() const { return best_f_; }
  const Vec& best_x() const { return best_x_; }

  // The run's state as JSON / a file (written atomically). restore() needs a solver built with
  // the same configuration; it throws FileError when the state belongs to another one.
  Json state() const;
  void restore_state(const Json& state);
  void save(const std::filesystem::path& path) const;
  void restore(const std::filesystem::path& path);

 private:
  // Writes the fitness the update sees into `cleaned`: members without a finite value replaced
  // by the worst finite one (counted), or ObjectiveError under NonFinitePolicy::error; false
  // when none is finite.
  bool apply_failure_policy(const Evaluations& evaluations, Vec& cleaned);
  // Makes next_params_ the distribution's ψ (see distribution_ below); throws InvalidArgument as
  // set_params does, and then changes nothing.
  void adopt_next_params();
  // One value per member from one per evaluation (the mean of a member's finite ones; a member
  // without any keeps its first evaluation's status), measuring the noise on the way.
  Evaluations per_member(const Population& population, const Evaluations& evaluations,
                         double& sigma_factor);
  void update_best(const Population& population, ConstVecRef fitness);
  void check_stopping_rules();
  bool flat_fitness() const;
  void remember_generation_best(double value);
  std::vector<double> recent_best_in_order() const;
  // A discrete distribution whose every coordinate leaves its mode with probability < tolerance.
  bool distribution_converged(double tolerance) const;
  // 10 + ⌈30 n/λ⌉ generations: the history the flat-fitness rule looks at.
  Index flat_fitness_window() const;
  Vec reflected_center() const;
  // The spread min_spread compares: the largest coordinate spread but of the ordered integer
  // coordinates that their floor holds (integer_margin.hpp; they would keep it above any
  // min_spread for ever); spread() without such floors.
  double spread_beyond_floors() const;
  Json fingerprint() const;

  // ψ is double-buffered: the populations share distribution_ instead of copying it, and tell()
  // writes ψ' into spare_ (the previous generation's distribution, reused once no population
  // holds it any more, else a new copy) and swaps the two. So a population stays a snapshot of
  // ψ at ask time, and a steady ask/tell loop copies no distribution.
  // Throws InvalidArgument for a solver moved from (its parts are gone).
  void require_not_moved_from(const char* where) const;
  std::shared_ptr<SearchDistribution> distribution_;
  std::shared_ptr<SearchDistribution> spare_;
  std::unique_ptr<UpdateRule> update_;
  SamplingOptions sampling_;
  SolverOptions options_;
  std::shared_ptr<const Box> box_;  // options_.bounds, shared with the populations
  NoiseHandler noise_;
  // The standard deviation floors of ordered integer coordinates (integer_margin.hpp); empty
  // without any.
  Vec integer_floors_;

  Index generation_ = 0;
  // The population of the last ask(), a snapshot of ψ then (tell() updates from it).
  mutable std::optional<Population> asked_;
  Index evaluations_ = 0;
  Index non_finite_evaluations_ = 0;
  Vec best_x_;
  double best_f_;
  double stagnation_reference_f_;
  Index stagnation_since_ = 0;
  // function_tolerance: the generation-best f of the recent generations, a ring whose oldest
  // entry is at oldest_recent_ once the window is full, and the range of f in the last generation.
  std::vector<double> recent_best_;
  std::size_t oldest_recent_ = 0;
  double last_range_ = 0;
  // The rule is TolFun of a distribution with continuous coordinates: a discrete one ends by
  // its own convergence (StopOptions::discrete_convergence); on a plateau its members all have
  // one value while it is still uniform.
  bool flat_fitness_applies_ = true;
  // Scratch of tell(), kept so that a steady run allocates nothing: the values of
  // tell(fitness), the values the update sees, those with +∞ for failures, and ψ'.
  Evaluations fitness_only_, cleaned_;
  // unscaled_params_: ψ before noise handling's σ treatment, restored when it overflows.
  Vec usable_, next_params_, penalty_scratch_, unscaled_params_;
  Termination termination_ = Termination::none;
  GenerationRecord last_record_;
};

}  // namespace varopt
