#include "minimize_command.hpp"

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

#include "flag_value.hpp"
#include "log_file.hpp"
#include "option_flags.hpp"
#include "progress.hpp"
#include "ranks.hpp"
#include "run_config.hpp"
#include "run_files.hpp"
#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/dist/space_json.hpp"
#include "varopt/eval/evaluator.hpp"
#include "varopt/eval/worker_pool.hpp"
#include "varopt/solve/minimize.hpp"

namespace varopt::cli {
namespace {

constexpr const char* kCheckpointFormat = "varopt-checkpoint";
constexpr Index kCheckpointVersion = 2;  // 2: with the checksum of config and solver

// What a checkpoint's checksum covers: its run's configuration and the solver's state.
Json checkpoint_content(const Json& config, const Json& solver) {
  return Json{{"config", config}, {"solver", solver}};
}

// The signal that asked the run to stop (SIGINT, SIGTERM), 0 while none did.
volatile std::sig_atomic_t g_stop_signal = 0;
int g_exit_code = 0;

// The first SIGINT or SIGTERM asks the run to stop; a second one ends varopt at once, as the
// signal's default action does, and the workers with it (they run in their own process groups,
// which the terminal's signal does not reach: they kept running).
extern "C" void on_stop_signal(int signal) {
  if (g_stop_signal == 0) {
    g_stop_signal = signal;
    return;
  }
  kill_all_workers();
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigaction(signal, &default_action, nullptr);
  raise(signal);  // delivered, with the default action, when this handler returns
}

// SIGINT and SIGTERM set g_stop_signal for the duration of a run (on_stop_signal).
class StopSignals {
 public:
  StopSignals() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: poll() wakes up at once
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
    // A SIGINT that was ignored (a background job of a script) stays ignored.
    if (old_int_.sa_handler == SIG_IGN) sigaction(SIGINT, &old_int_, nullptr);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

// Negates the values of another evaluator (--maximize with an external objective).
class Negated final : public Evaluator {
 public:
  explicit Negated(Evaluator& inner) : inner_(inner) {}
  std::string name() const override { return inner_.name(); }
  using Evaluator::evaluate;
  Evaluations evaluate(const Population& population, bool with_gradients,
                       MemberRange range) override {
    Evaluations e = inner_.evaluate(population, with_gradients, range);
    e.fitness = -e.fitness;
    return e;
  }

 private:
  Evaluator& inner_;
};

// The problem an external objective is defined on: its space, start and σ₀ (no objective: the
// worker pool evaluates).
Problem external_problem(const Json& space_json) {
  Problem p;
  p.name = "external";
  p.space = space_from_json(space_json);
  p.initial_center = space_start(p.space);
  p.initial_spread = space_sigma0(p.space).value_or(1.0);
  return p;
}

struct MinimizeArgs {
  Json overrides = Json::object();  // flags, each one config key
  std::string config_file;
  std::string space_file;
  std::string log_file;
  std::string checkpoint_file;
  Index checkpoint_every = 10;
  std::string resume_file;
  bool json = false;
  bool quiet = false;
  std::vector<std::string> objective_cmd;  // everything after --objective-cmd
};

Json read_json_file(const std::string& path, const char* what) {
  return parse_json(read_file(path), (std::string(what) + " '" + path + "'").c_str());
}

// best_x as numbers, discrete coordinates as integers (the solution by name is
// point_to_user_json's).
Json flat_point(const SearchSpace& space, const Vec& x) {
  Json flat = Json::array();
  Index offset = 0;
  for (const auto& block : space.blocks) {
    for (Index i = 0; i < block.size; ++i, ++offset)
      flat.push_back(!block.holds_integers()
                         ? Json(x[offset])
                         : Json(static_cast<long long>(std::llround(x[offset]))));
  }
  return flat;
}

// What may keep the steps of a gradient preset in range, given what the run already has.
std::string overflow_hint(const Json& config) {
  const auto is = [&](const char* key, const char* value) {
    return config.contains(key) && config[key].is_string() && config[key] == value;
  };
  if (is("noise_handling", "sigma"))
    return "--noise-handling sigma widened σ until it overflowed: the noise does not shrink as σ "
           "grows (multiplicative noise); use --noise-handling evaluations or a larger "
           "--population";
  std::string hint = "lower --lr";
  if (is("baseline", "none")) hint += ", add a baseline (--baseline leave-one-out)";
  if (is("shaping", "none")) hint += ", add fitness shaping (--shaping centered-ranks)";
  if (!(config.contains("natural") && config["natural"] == true) && is("distribution", "full"))
    hint += ", or take the natural gradient (--natural true) with --optimizer sgd, as xnes does";
  return hint;
}

void print_human(const Summary& s, const Json& j) {
  std::printf("termination  %s\n", j["termination"].get<std::string>().c_str());
  std::printf("best f       %.10g\n", j["best_f"].get<double>());
  std::printf("best x       %s\n", j["best_x"].dump().c_str());
  // A space's point by block name, in the user's types (a category's name, not its index).
  if (j["config"].contains("space") && !j["config"]["space"].is_null() &&
      j.contains("solution") && !j["solution"].is_null())
    std::printf("solution     %s\n",
                j["solution"].dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
  // Under noise the best value is a lucky draw (biased low) and its point a poor estimate.
  const Json& config = j["config"];
  if (config.contains("noise_handling") && config["noise_handling"].is_string() &&
      config["noise_handling"] != "off" && j.contains("center") &&
      s.termination != Termination::numerical_error)
    std::printf("center       %s (noisy f: the estimate of the minimizer; best f is biased low)\n",
                j["center"].dump().c_str());
  std::printf("evaluations  %lld in %lld generations\n", static_cast<long long>(s.evaluations),
              static_cast<long long>(s.generations));
  // σ is a Gaussian's; a discrete or mixed distribution reports its largest standard deviation.
  if (s.distribution.rfind("Gaussian", 0) == 0)
    std::printf("final σ      %.4g\n", s.spread);
  else
    std::printf("final spread %.4g (the largest standard deviation of a variable)\n", s.spread);
  // A preset whose parts were set one by one is named with them: it may be another algorithm.
  std::string method = j["method"].get<std::string>();
  if (j.contains("method_overrides")) {
    std::string keys;
    for (const auto& key : j["method_overrides"])
      keys += (keys.empty() ? "" : ", ") + key.get<std::string>();
    method += " with " + keys + " set";
  }
  std::printf("method       %s: %s, %s\n", method.c_str(), s.distribution.c_str(),
              s.update.c_str());
  std::printf("seed         %llu\n", static_cast<unsigned long long>(s.seed));
  if (s.restarts > 0) std::printf("restarts     %lld\n", static_cast<long long>(s.restarts));
  if (s.termination == Termination::numerical_error && s.spread_collapsed())
    std::printf("hint         σ fell to %.3g, below what doubles resolve: the run converged as far "
                "as it can; stop it earlier with --min-sigma or --target\n",
                s.spread);
  else if (s.termination == Termination::numerical_error)
    std::printf("hint         a step took ψ out of range (σ overflow): %s\n",
                overflow_hint(j["config"]).c_str());
  if (s.non_finite_evaluations > 0)
    std::printf("non-finite   %lld evaluations counted as worst\n",
                static_cast<long long>(s.non_finite_evaluations));
  if (j.contains("workers")) {
    const Json& w = j["workers"];
    std::printf("workers      %d: %lld requests, %lld restarts, %lld timeouts (stderr: %s)\n",
                w["count"].get<int>(), w["requests"].get<long long>(),
                w["restarts"].get<long long>(), w["timeouts"].get<long long>(),
                w["log"].get<std::string>().c_str());
    if (w.contains("last_failure"))
      std::printf("last failure %s\n", w["last_failure"].get<std::string>().c_str());
  }
  if (j.contains("interrupted"))
    std::printf("interrupted  by %s\n", j["interrupted"].get<std::string>().c_str());
}

void run_minimize(const MinimizeArgs& args) {
  g_stop_signal = 0;
  const StopSignals stop_signals;  // from here on, SIGINT/SIGTERM end the run cleanly
  // The config file's keys, and the flags' over them: over the checkpoint's config when resuming.
  Json overrides = Json::object();
  if (!args.config_file.empty()) {
    overrides = read_json_file(args.config_file, "config file");
    require(overrides.is_object(), "config file", "a JSON object", overrides.type_name());
  }
  overrides.update(args.overrides);
  Json config_json = Json::object();
  Json checkpoint;
  if (!args.resume_file.empty()) {
    checkpoint = read_json_file(args.resume_file, "checkpoint");
    if (!checkpoint.is_object() || !checkpoint.contains("format") ||
        checkpoint["format"] != kCheckpointFormat || !checkpoint.contains("config") ||
        !checkpoint.contains("solver"))
      throw FileError("checkpoint '" + args.resume_file + "': expected a '" + kCheckpointFormat +
                      "' file written by varopt minimize --checkpoint");
    // D7: version 2 carries the checksum of its content (version 1, before it, has none).
    const Index version = state_count(checkpoint, "version", "checkpoint", kCheckpointVersion);
    if (version < 1 ||
        (version >= 2 &&
         state_member(checkpoint, "checksum", "checkpoint") !=
             json_checksum(checkpoint_content(checkpoint["config"], checkpoint["solver"]))))
      throw FileError("checkpoint '" + args.resume_file +
                      "': its checksum does not match its content (the file was changed or "
                      "corrupted); resume from an intact copy");
    config_json = checkpoint["config"];
    // A checkpoint belongs to its problem, method, settings and seed: a key that names another
    // one would report the checkpoint's result as the new problem's, or be ignored by the
    // restored state (λ, x0, σ0) while the summary claimed it. Budgets, stopping rules and how
    // the evaluations run may change (Option::may_change_on_resume).
    for (const auto& [key, value] : overrides.items()) {
      if (resumed_run_may_change(RunConfig::options(), key)) continue;
      const bool stored = config_json.contains(key) && !config_json[key].is_null();
      if (stored ? value != config_json[key] : !value.is_null())
        throw InvalidArgument("--resume: expected the checkpoint's " + key + " " +
                              (stored ? json_excerpt(config_json[key]) : "(not set)") +
                              ", got " + json_excerpt(value) +
                              " (a resumed run keeps its settings; budgets, stopping rules and "
                              "the evaluation settings may change)");
    }
  }
  config_json.update(overrides);
  if (!args.objective_cmd.empty()) config_json["objective_cmd"] = args.objective_cmd;
  const RunConfig config = RunConfig::from_json(config_json);
  config.refuse_ignored(overrides);

  const Problem problem = config.space ? external_problem(*config.space)
                                       : make_problem(config.problem, config.problem_options);
  if (overrides.contains("problem_seed") && !overrides["problem_seed"].is_null() &&
      !problem.uses_seed && rank() == 0)
    std::cerr << "varopt: warning: --problem-seed changes nothing: problem '" << problem.name
              << "' has one instance\n";
  const std::string preset = run_method(config.run, problem.space);
  RestartSolver solver = make_run_solver(config.run_options(problem), problem.space,
                                         problem.initial_center, problem.initial_spread);
  if (!checkpoint.is_null()) solver.restore_state(checkpoint["solver"]);
  // Refused here, not at the first evaluation: an objective without ∇f (an external program, a
  // discrete problem) cannot serve an estimator that needs it.
  if (solver.current().update_rule().needs_objective_gradient() && !problem.gradient)
    throw InvalidArgument(
        "estimator: expected one that needs f only for " +
        (config.space ? std::string("an external objective (it gives f, not ∇f)")
                      : "problem '" + problem.name + "' (it has no gradient)") +
        ", got 'pathwise' (only the built-in continuous problems give ∇f)");

  const double sign = config.run.maximize ? -1.0 : 1.0;
  ObjectiveFunctions objective{problem.objective, problem.gradient};
  if (config.run.maximize) {
    objective.f = [f = problem.objective](ConstVecRef x) { return -f(x); };
    if (problem.gradient)
      objective.gradient = [g = problem.gradient](ConstVecRef x, VecRef out) {
        g(x, out);
        out = -out;
      };
  }
  // Under mpirun, rank 0 alone writes the log, the checkpoints, the progress and the summary;
  // every rank runs its own workers, with its own worker log.
  const bool leader = rank() == 0;
  std::string worker_log;
  if (config.space) {
    worker_log = !config.worker_log.empty()       ? config.worker_log
                 : !args.checkpoint_file.empty() ? args.checkpoint_file + ".workers.log"
                                                  : std::string("varopt-workers.log");
    if (rank_count() > 1) worker_log += ".rank" + std::to_string(rank());
  }
  require_distinct_files({.config = args.config_file,
                          .space = args.space_file,
                          .resume = args.resume_file,
                          .log = args.log_file,
                          .checkpoint = args.checkpoint_file,
                          .worker_log = worker_log});

  // The outputs are tried before any evaluation, where a failure is bad input (exit 2). A write
  // that fails later stops the run, which still prints its summary, then the error (exit 1).
  Json run_config = config.to_json();
  run_config["method"] = preset;
  const auto save_checkpoint = [&] {
    try {
      Json checkpoint_json = checkpoint_content(run_config, solver.state());
      checkpoint_json["checksum"] = json_checksum(checkpoint_json);
      checkpoint_json["format"] = kCheckpointFormat;
      checkpoint_json["version"] = kCheckpointVersion;
      write_file_atomically(args.checkpoint_file, checkpoint_json.dump());
    } catch (const FileError& e) {
      throw FileError(std::string("--checkpoint: ") + e.what());
    }
  };
  std::optional<LogFile> log;
  if (leader) {
    if (!args.log_file.empty())
      log.emplace(args.log_file, checkpoint.is_null()
                                     ? std::nullopt
                                     : std::optional<Index>(solver.summary().generations));
    if (!args.checkpoint_file.empty()) save_checkpoint();
  }
  std::string write_error;  // the first write that failed during the run
  const auto write_outputs = [&](const GenerationRecord& record) {
    if (!leader || !write_error.empty()) return;
    try {
      if (log) {
        Json line = record.to_json();
        for (const char* key : {"best_f", "generation_best_f", "mean_f"})
          line[key] = sign * line[key].get<double>();
        log->write(line);
      }
      if (!args.checkpoint_file.empty() && record.generation % args.checkpoint_every == 0)
        save_checkpoint();
    } catch (const FileError& e) {
      write_error =
          detail::concat(e.what(), " (the run stopped at generation ", record.generation, ")");
    }
  };

  std::unique_ptr<Evaluator> evaluator;
  std::unique_ptr<WorkerPool> pool;
  if (config.space) {
    pool = std::make_unique<WorkerPool>(
        problem.space, WorkerPoolOptions{.command = config.objective_cmd,
                                         .workers = config.workers,
                                         .timeout = config.timeout,
                                         .batch = config.batch,
                                         .max_retries = config.max_retries,
                                         .log_file = worker_log,
                                         .interrupted = [] { return g_stop_signal != 0; }});
    if (config.run.maximize) evaluator = std::make_unique<Negated>(*pool);
  } else if (config.threads > 1) {
    evaluator = std::make_unique<ThreadedEvaluator>(objective, config.threads);
  } else {
    evaluator = std::make_unique<SerialEvaluator>(objective);
  }

  ProgressLine progress(!args.quiet && !args.json && leader);
  const auto callback = [&](const GenerationRecord& record, const Solver&) {
    progress.update(record, sign);
    write_outputs(record);
    // The ranks stop together: on a signal, or when an output failed.
    return !on_any_rank(g_stop_signal != 0 || !write_error.empty());
  };
  Evaluator& local = evaluator ? *evaluator : *pool;
  const std::unique_ptr<Evaluator> shared = share_between_ranks(local);
  Evaluator& used = shared ? *shared : local;
  std::string run_error;  // an evaluation that the non-finite policy `error` makes fatal
  try {
    minimize(solver, used, callback);
  } catch (const EvaluationInterrupted&) {
    // The interrupted generation is not told: the checkpoint holds the state before it, and a
    // resumed run evaluates it again.
  } catch (const ObjectiveError& e) {
    // The same: the failed generation is not told. The checkpoint and the summary are still
    // written; the error ends the command after them.
    run_error = e.what();
  }
  progress.finish();
  if (pool) pool->shutdown();  // workers end before the files are written
  if (leader && !args.checkpoint_file.empty()) {
    try {
      save_checkpoint();
    } catch (const FileError& e) {
      if (write_error.empty()) write_error = e.what();
    }
  }
  // A signal that reached any rank stops them all, and every rank reports it (SIGTERM, what a
  // job scheduler sends, when ranks got different ones).
  const bool any_term = on_any_rank(g_stop_signal == SIGTERM);
  const bool any_int = on_any_rank(g_stop_signal == SIGINT);
  const int stop_signal = any_term ? SIGTERM : any_int ? SIGINT : 0;
  if (stop_signal != 0) solver.stop();
  const Summary summary = solver.summary();

  Json j = summary.to_json();
  j["best_f"] = sign * summary.best_f;
  j["best_x"] = flat_point(problem.space, summary.best_x);
  try {  // by name in the user's types; before any generation the start may not be a point
    j["solution"] = point_to_user_json(problem.space, summary.best_x);
  } catch (const InvalidArgument&) {
    j["solution"] = nullptr;
  }
  // No point with a finite value (every evaluation failed: a worker that cannot start, an
  // objective that is NaN everywhere): there is no best point, and the command fails (exit 1).
  const bool any_finite = std::isfinite(summary.best_f);
  if (!any_finite) {
    j["best_x"] = nullptr;
    j["solution"] = nullptr;
  }
  std::string last_failure;
  if (pool) {
    // Every rank runs a pool of its own on its share of each generation: the figures of all.
    WorkerPoolStats st = pool->stats();
    for (std::int64_t* count :
         {&st.requests, &st.restarts, &st.retries, &st.timeouts, &st.protocol_errors})
      *count = sum_over_ranks(*count);
    st.last_failure = last_text_of_ranks(st.last_failure);
    last_failure = st.last_failure;
    j["workers"] = {{"count", config.workers},       {"requests", st.requests},
                    {"restarts", st.restarts},       {"retries", st.retries},
                    {"timeouts", st.timeouts},       {"protocol_errors", st.protocol_errors},
                    {"log", worker_log}};
    if (!st.last_failure.empty()) j["workers"]["last_failure"] = st.last_failure;
  }
  if (!run_error.empty()) {
    // The failed generation is not told (nor counted): termination says why the run ended.
    j["error"] = run_error;
    j["termination"] = "objective_error";
  } else if (!write_error.empty()) {
    j["error"] = write_error;
    // A log or checkpoint that could not be written stopped the run, not the user.
    if (summary.termination == Termination::user_stop && stop_signal == 0)
      j["termination"] = "output_error";
  }
  if (stop_signal != 0) {
    j["interrupted"] = stop_signal == SIGINT ? "SIGINT" : "SIGTERM";
    g_exit_code = 128 + stop_signal;
  }
  j["problem"] = problem.name;
  j["dim"] = problem.dim();
  j["method"] = preset;
  if (!config.run.method_fields.empty()) {
    j["method_overrides"] = Json::array();
    for (const auto& [key, value] : config.run.method_fields.items())
      j["method_overrides"].push_back(key);
  }
  j["maximize"] = config.run.maximize;
  // The problem's known optimum is its minimum: a maximized run's is not known.
  if (problem.optimum && !config.run.maximize) j["optimum"] = *problem.optimum;
  // Everything the run was given (problem seed, bounds, restarts, noise handling, budget, ...):
  // `--config` of this object runs it again.
  j["config"] = config.to_json();
  j["config"]["method"] = preset;  // the preset the run used, also where the default chose it
  if (config.space) {  // the space replaces the built-in problem: no problem name or dim of its own
    j["config"]["problem"] = nullptr;
    j["config"]["dim"] = nullptr;
  }
  // A problem with one instance has no seed (re-running the config would warn of it).
  if (!problem.uses_seed) j["config"]["problem_seed"] = nullptr;
  if (rank_count() > 1) j["ranks"] = rank_count();
  if (!leader) return;
  if (args.json) {
    // A path in the summary (the workers' log) may be any bytes: shown with U+FFFD for the
    // ones that are not UTF-8.
    std::cout << j.dump(-1, ' ', false, Json::error_handler_t::replace) << std::endl;
  } else {
    print_human(summary, j);
  }
  if (!run_error.empty()) throw ObjectiveError(run_error);
  std::string why = last_failure.empty() ? "" : "; the last failure: " + last_failure;
  if (!last_failure.empty() && j.contains("workers"))  // where a worker said why
    why += " (the workers' stderr is in " + j["workers"]["log"].get<std::string>() + ")";
  if (!any_finite && stop_signal == 0 && summary.evaluations > 0)
    throw ObjectiveError("no evaluation gave a finite value in " +
                         std::to_string(summary.evaluations) + " evaluations" + why);
  // The objective stopped giving values (a worker that can no longer start): a failed run.
  if (summary.termination == Termination::non_finite && stop_signal == 0)
    throw ObjectiveError("generation " + std::to_string(summary.generations) +
                         " gave no finite value" + why);
  // Not a FileError (bad input, exit 2): a run that failed, exit 1.
  if (!write_error.empty()) throw std::runtime_error(write_error);
}

}  // namespace

std::vector<std::string> take_objective_command(int& argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::string flag = "--objective-cmd";
    if (arg != flag && arg.rfind(flag + "=", 0) != 0) continue;
    std::vector<std::string> command;
    if (arg != flag) command.push_back(arg.substr(flag.size() + 1));
    for (int k = i + 1; k < argc; ++k) command.emplace_back(argv[k]);
    if (command.empty() || command.front().empty())
      throw InvalidArgument("--objective-cmd: expected a program and its arguments, got none");
    for (const auto& word : command) require_utf8(flag, word);
    argc = i;
    return command;
  }
  return {};
}

int minimize_exit_code() { return g_exit_code; }

void add_minimize_command(CLI::App& app, std::vector<std::string> objective_cmd) {
  auto args = std::make_shared<MinimizeArgs>();
  args->objective_cmd = std::move(objective_cmd);
  CLI::App* cmd = app.add_subcommand(
      "minimize", "Minimize a built-in problem, or an external program on a space of yours "
                  "(--space, --objective-cmd), by Variational Optimization (default: rosenbrock, "
                  "dim 10, the space's default method)");
  MinimizeArgs& a = *args;
  cmd->add_option("--config", a.config_file,
                  "JSON file with the keys of `varopt list config-keys` (the flags' settings under "
                  "their config names; the files and output flags --checkpoint, "
                  "--checkpoint-every, --log, --json, -q are flags only); flags override it; with "
                  "--resume, its keys override the checkpoint's as flags do")
      ->check(CLI::ExistingFile);
  add_option_flags(*cmd, RunConfig::options(), a.overrides);
  cmd->add_option_function<std::string>(
         "--space",
         [&a](const std::string& path) {
           a.space_file = path;
           a.overrides["space"] = read_json_file(path, "space");
         },
         "JSON file: the search space of --objective-cmd, by block name (docs/workers.md)")
      ->check(CLI::ExistingFile)
      ->group("External objective");
  // Taken out of the command line before parsing (take_objective_command); listed for --help.
  cmd->add_option("--objective-cmd", a.objective_cmd,
                  "PROGRAM [ARGS...]: the objective as an external program, the rest of the "
                  "command line (comes last); workers speak varopt-worker/1 (docs/workers.md)")
      ->group("External objective");
  cmd->add_flag("--json", a.json, "print the summary as one JSON object");
  cmd->add_flag("-q,--quiet", a.quiet, "no progress line");
  cmd->add_option("--log", a.log_file,
                  "write one JSON line per generation to this file (with --resume: cut back to "
                  "the checkpoint's generation, then appended to)");
  cmd->add_option("--checkpoint", a.checkpoint_file,
                  "save the run's state to this regular file (atomically) at the start, every "
                  "--checkpoint-every generations and at the end");
  CLI::Option* const every =
      cmd->add_option("--checkpoint-every", a.checkpoint_every,
                      "generations between checkpoints (default 10)")
          ->check(CLI::Validator(
              [](const std::string& text) {
                return text.find_first_not_of("0123456789") == std::string::npos && !text.empty() &&
                               text.size() < 10 && std::stoll(text) >= 1
                           ? std::string()
                           : "expected a number of generations from 1 to 999999999, got '" +
                                 excerpt(text) + "'";
              },
              "INT >= 1"));
  cmd->add_option("--resume", a.resume_file,
                  "continue the run saved in this checkpoint, and go on saving it there unless "
                  "--checkpoint names another file (--config keys and flags given override its "
                  "config; those of its problem, method and seed must match)")
      ->check(CLI::ExistingFile);
  cmd->callback([args, every] {
    if (every->count() > 0 && args->checkpoint_file.empty() && args->resume_file.empty())
      throw InvalidArgument(
          "--checkpoint-every: expected --checkpoint FILE (or --resume) with it: nothing is saved "
          "without one");
    // A resumed run keeps its protection: without --checkpoint it checkpoints where it came from.
    if (!args->resume_file.empty() && args->checkpoint_file.empty())
      args->checkpoint_file = args->resume_file;
    run_minimize(*args);
  });
}

}  // namespace varopt::cli
