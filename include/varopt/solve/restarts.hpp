#pragma once
// Restarts: a sequence of runs of one method, each a fresh Solver, for multimodal problems where
// one run ends in a local optimum. Same ask/tell interface as Solver.
//   IPOP  (Auger & Hansen 2005, "A restart CMA evolution strategy with increasing population
//         size", CEC): after each run that ends on its own (σ collapse, stagnation), the next one
//         starts with λ multiplied by 2.
//   BIPOP (Hansen 2009, "Benchmarking a BI-population CMA-ES on the BBOB-2009 function
//         testbed", GECCO): two interlaced regimes. Large: λ = λ₀·2^i (i = the large runs so
//         far), σ₀. Small: λ = ⌊λ₀ (λ_l/(2λ₀))^{u²}⌋ (λ_l: the last large run's), σ = σ₀·10^{−2u},
//         u ~ U(0, 1), with a budget of at most the evaluations of the last large run. The
//         first run is the default (large, i = 0); afterwards the regime that has spent fewer
//         evaluations runs.
// Every run starts at x0. Run k uses seed s_k = s + k·0x9E3779B97F4A7C15 (mod 2⁶⁴) and u of
// run k is uniform number 0 of the Philox stream (s, generation k, member 2³²−1), so the whole
// sequence is reproducible from the seed. A run ends the sequence when it reaches the target or
// the known optimum, when the next generation would pass the total evaluation budget, or on a
// user stop; it is restarted when it ends by σ collapse, a converged discrete distribution, flat
// fitness (StopOptions::function_tolerance: Hansen's TolFun), stagnation,
// numerical error, a generation without finite values, or its own (small-regime) budget;
// max_generations applies to each run and, when reached, ends the sequence. At most max_restarts restarts
// (λ is capped at 2²⁰). The summary reports the best point over all runs, the total evaluations
// and generations, and the number of restarts. With RestartStrategy::none it is one run.
#include <cstdint>
#include <string>

#include "varopt/solve/presets.hpp"

namespace varopt {

enum class RestartStrategy { none, ipop, bipop };
std::string name_of(RestartStrategy strategy);  // "none" | "ipop" | "bipop"

struct RestartOptions {
  RestartStrategy strategy = RestartStrategy::none;
  Index max_restarts = 1000;
  void validate() const;
};

class RestartSolver {
 public:
  // Runs `spec` on `space` from (x0, σ0); `options` holds the seed, the total budget and the
  // stopping rules of the whole sequence (its population, sampling and σ controls come from the
  // spec, as in make_solver). Throws InvalidArgument as make_solver does.
  RestartSolver(MethodSpec spec, SearchSpace space, Vec x0, double sigma0, SolverOptions options,
                RestartOptions restarts);

  Population ask() const { return run_.ask(); }
  // Tells the current run; when it ends and the sequence goes on, the next run starts.
  void tell(const Evaluations& evaluations);
  void tell(ConstVecRef fitness);
  void stop();
  bool done() const { return termination_ != Termination::none; }
  Summary summary() const;
  const GenerationRecord& last_record() const { return last_record_; }
  const Solver& current() const { return run_; }
  Index restarts() const { return restarts_; }
  Index evaluations() const { return spent_ + run_.evaluations(); }

  // The sequence's state (its counters, the best point and the current run's Solver state).
  Json state() const;
  // Throws FileError when the state belongs to another configuration.
  void restore_state(const Json& state);

 private:
  // The solver of one run.
  Solver make_run(Index population, double sigma, Index budget) const;
  // Chooses λ, σ and the budget of run `restarts_` from the counters and starts it; false when
  // the remaining budget cannot pay for one generation.
  bool start_run();
  void after_tell();

  MethodSpec spec_;
  SearchSpace space_;
  Vec x0_;
  double sigma0_;
  SolverOptions options_;
  RestartOptions restart_options_;
  Index base_population_;

  Index restarts_ = 0;          // runs started − 1 (declared before run_: make_run reads it)
  Index spent_ = 0;             // evaluations of the finished runs
  Index spent_generations_ = 0;
  Index large_runs_ = 1;        // BIPOP: large-regime runs so far (the first run included)
  Index large_spent_ = 0, small_spent_ = 0, last_large_ = 0;
  bool small_regime_ = false;   // the current run's regime
  Index run_population_, run_budget_;
  double run_sigma_;
  Solver run_;
  Vec best_x_;
  double best_f_;
  Termination termination_ = Termination::none;
  GenerationRecord last_record_;
};

}  // namespace varopt
