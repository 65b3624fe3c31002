#include "minimize_command.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>

#include "progress.hpp"
#include "run_config.hpp"
#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/eval/evaluator.hpp"
#include "varopt/solve/minimize.hpp"

namespace varopt::cli {
namespace {

constexpr const char* kCheckpointFormat = "varopt-checkpoint";

struct MinimizeArgs {
  Json overrides = Json::object();  // flags, each one config key
  std::string config_file;
  std::string log_file;
  std::string checkpoint_file;
  Index checkpoint_every = 10;
  std::string resume_file;
  bool json = false;
  bool quiet = false;
};

// A flag that sets config key `key`.
template <class T>
CLI::Option* flag(CLI::App& cmd, MinimizeArgs& args, const std::string& names,
                  const std::string& key, const std::string& help) {
  return cmd.add_option_function<T>(
      names, [&args, key](const T& value) { args.overrides[key] = value; }, help);
}

Json read_json_file(const std::string& path, const char* what) {
  try {
    return Json::parse(read_file(path));
  } catch (const Json::parse_error& e) {
    throw FileError(std::string(what) + " '" + path + "': not valid JSON (" + e.what() + ")");
  }
}

// x0 from the config: one value broadcast, or one per coordinate; else the problem's default.
Vec initial_center(const RunConfig& config, const Problem& problem) {
  if (!config.x0) return problem.initial_center;
  const auto& x0 = *config.x0;
  if (x0.size() == 1) return Vec::Constant(problem.dim(), x0[0]);
  require(static_cast<Index>(x0.size()) == problem.dim(), "minimize",
          "x0 with 1 or " + std::to_string(problem.dim()) + " values", x0.size());
  return Eigen::Map<const Vec>(x0.data(), static_cast<Index>(x0.size()));
}

// best_x with discrete coordinates as integers, and the solution by block name.
Json format_point(const SearchSpace& space, const Vec& x, Json& by_name) {
  Json flat = Json::array();
  Index offset = 0;
  for (const auto& block : space.blocks) {
    Json values = Json::array();
    for (Index i = 0; i < block.size; ++i) {
      const double v = x[offset + i];
      const Json value = block.kind == VariableKind::continuous
                             ? Json(v)
                             : Json(static_cast<long long>(std::llround(v)));
      flat.push_back(value);
      values.push_back(value);
    }
    by_name[block.name] = block.size == 1 ? values[0] : values;
    offset += block.size;
  }
  return flat;
}

void print_human(const Summary& s, const Json& j) {
  std::printf("termination  %s\n", j["termination"].get<std::string>().c_str());
  std::printf("best f       %.10g\n", j["best_f"].get<double>());
  std::printf("best x       %s\n", j["best_x"].dump().c_str());
  std::printf("evaluations  %lld in %lld generations\n", static_cast<long long>(s.evaluations),
              static_cast<long long>(s.generations));
  std::printf("final σ      %.4g\n", s.spread);
  std::printf("method       %s: %s, %s\n", j["method"].get<std::string>().c_str(),
              s.distribution.c_str(), s.update.c_str());
  std::printf("seed         %llu\n", static_cast<unsigned long long>(s.seed));
  if (s.restarts > 0) std::printf("restarts     %lld\n", static_cast<long long>(s.restarts));
  if (s.termination == Termination::numerical_error)
    std::printf("hint         a step took ψ out of range (σ overflow): lower --lr, or add a "
                "baseline (--baseline leave-one-out) or fitness shaping (--shaping "
                "centered-ranks)\n");
  if (s.non_finite_evaluations > 0)
    std::printf("non-finite   %lld evaluations counted as worst\n",
                static_cast<long long>(s.non_finite_evaluations));
}

void run_minimize(const MinimizeArgs& args) {
  Json config_json = Json::object();
  Json checkpoint;
  if (!args.resume_file.empty()) {
    checkpoint = read_json_file(args.resume_file, "checkpoint");
    if (!checkpoint.is_object() || checkpoint.value("format", "") != kCheckpointFormat ||
        !checkpoint.contains("config") || !checkpoint.contains("solver"))
      throw FileError("checkpoint '" + args.resume_file + "': expected a '" + kCheckpointFormat +
                      "' file written by varopt minimize --checkpoint");
    config_json = checkpoint["config"];
  } else if (!args.config_file.empty()) {
    config_json = read_json_file(args.config_file, "config file");
    require(config_json.is_object(), "config file", "a JSON object", config_json.type_name());
  }
  config_json.update(args.overrides);
  const RunConfig config = RunConfig::from_json(config_json);

  const Problem problem = make_problem(config.problem, config.problem_options);
  const std::string preset = config.method.empty() ? default_preset(problem.space) : config.method;
  MethodSpec spec =
      MethodSpec::from_json(config.method_fields, method_preset(preset, problem.space));
  // --estimator arm|disarm on a preset without pairs: pair the samples, unless the user said
  // --antithetic false (then the solver reports the conflict).
  Box bounds;
  if (config.lower || config.upper) {
    const std::vector<double> none_below{-std::numeric_limits<double>::infinity()};
    const std::vector<double> none_above{std::numeric_limits<double>::infinity()};
    bounds.lower = Box::broadcast(config.lower.value_or(none_below), problem.dim(), "lower");
    bounds.upper = Box::broadcast(config.upper.value_or(none_above), problem.dim(), "upper");
    bounds.validate(problem.dim());
  }
  Vec center = initial_center(config, problem);
  // The problem's default start may lie outside the user's box: start at its projection.
  if (!config.x0 && !bounds.empty())
    center = center.cwiseMax(bounds.lower).cwiseMin(bounds.upper);
  const double sigma0 = config.sigma0.value_or(problem.initial_spread);
  if (!config.method_fields.contains("antithetic") &&
      make_update_rule(spec, *make_distribution(spec.distribution, problem.space, center, sigma0))
          ->needs_pairs())
    spec.antithetic = true;
  RestartSolver solver(spec, problem.space, center, sigma0,
                       {.seed = config.seed,
                        .non_finite = config.non_finite,
                        .stop = config.stop,
                        .bounds = bounds},
                       config.restarts);
  if (!checkpoint.is_null()) solver.restore_state(checkpoint["solver"]);

  const double sign = config.maximize ? -1.0 : 1.0;
  ObjectiveFunctions objective{problem.objective, problem.gradient};
  if (config.maximize) {
    objective.f = [f = problem.objective](ConstVecRef x) { return -f(x); };
    if (problem.gradient)
      objective.gradient = [g = problem.gradient](ConstVecRef x, VecRef out) {
        g(x, out);
        out = -out;
      };
  }
  std::unique_ptr<Evaluator> evaluator;
  if (config.threads > 1) {
    evaluator = std::make_unique<ThreadedEvaluator>(objective, config.threads);
  } else {
    evaluator = std::make_unique<SerialEvaluator>(objective);
  }

  std::ofstream log;
  if (!args.log_file.empty()) {
    log.open(args.log_file, checkpoint.is_null() ? std::ios::trunc : std::ios::app);
    if (!log) throw FileError("cannot open log file '" + args.log_file + "' for writing");
  }
  Json run_config = config.to_json();
  run_config["method"] = preset;
  const auto save_checkpoint = [&](const RestartSolver& s) {
    write_file_atomically(args.checkpoint_file,
                          Json{{"format", kCheckpointFormat},
                               {"version", 1},
                               {"config", run_config},
                               {"solver", s.state()}}
                              .dump());
  };
  ProgressLine progress(!args.quiet && !args.json);
  const auto callback = [&](const GenerationRecord& record, const Solver&) {
    progress.update(record, sign);
    if (log.is_open()) {
      Json line = record.to_json();
      for (const char* key : {"best_f", "generation_best_f", "mean_f"})
        line[key] = sign * line[key].get<double>();
      log << line.dump() << '\n' << std::flush;
    }
    if (!args.checkpoint_file.empty() && record.generation % args.checkpoint_every == 0)
      save_checkpoint(solver);
    return true;
  };
  const Summary summary = minimize(solver, *evaluator, callback);
  progress.finish();
  if (!args.checkpoint_file.empty()) save_checkpoint(solver);

  Json j = summary.to_json();
  Json solution = Json::object();
  j["best_f"] = sign * summary.best_f;
  j["best_x"] = format_point(problem.space, summary.best_x, solution);
  j["solution"] = solution;
  j["problem"] = problem.name;
  j["dim"] = problem.dim();
  j["method"] = preset;
  j["maximize"] = config.maximize;
  if (problem.optimum) j["optimum"] = *problem.optimum;
  if (args.json) {
    std::cout << j.dump() << std::endl;
  } else {
    print_human(summary, j);
  }
}

}  // namespace

void add_minimize_command(CLI::App& app) {
  auto args = std::make_shared<MinimizeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "minimize", "Minimize a built-in problem by Variational Optimization (default: "
                  "rosenbrock, dim 10, the space's default method)");
  MinimizeArgs& a = *args;
  cmd->add_option("--config", a.config_file, "JSON file with any of the flags' keys")
      ->check(CLI::ExistingFile);
  flag<std::string>(*cmd, a, "-p,--problem", "problem", "problem name (varopt list problems)");
  flag<Index>(*cmd, a, "-d,--dim", "dim", "dimension of the problem");
  flag<double>(*cmd, a, "--noise", "noise", "std of additive Gaussian noise (noisy-* problems)");
  flag<std::uint64_t>(*cmd, a, "--problem-seed", "problem_seed", "seed of the problem instance");
  flag<std::string>(*cmd, a, "-m,--method", "method", "preset (varopt list methods)");
  flag<std::string>(*cmd, a, "--distribution", "distribution",
                    "search distribution (varopt list distributions)");
  flag<std::string>(*cmd, a, "--estimator", "estimator",
                    "gradient estimator or elite-fit rule (varopt list estimators)");
  flag<std::string>(*cmd, a, "--baseline", "baseline", "none | mean | leave-one-out");
  flag<std::string>(*cmd, a, "--shaping", "shaping", "none | centered-ranks | nes | z-score");
  flag<bool>(*cmd, a, "--natural", "natural", "natural gradient: true | false");
  flag<std::string>(*cmd, a, "--optimizer", "optimizer", "sgd | momentum | nesterov | adam");
  flag<double>(*cmd, a, "--lr", "learning_rate", "learning rate γ");
  flag<std::string>(*cmd, a, "--schedule", "schedule", "constant | exponential | inverse-time");
  flag<double>(*cmd, a, "--decay", "decay", "exponential schedule: factor per step");
  flag<double>(*cmd, a, "--momentum", "momentum", "momentum β");
  flag<double>(*cmd, a, "--clip", "clip_norm", "clip the gradient to this norm");
  flag<Index>(*cmd, a, "-n,--population", "population", "samples per generation λ");
  flag<bool>(*cmd, a, "--antithetic", "antithetic", "mirrored pairs: true | false");
  flag<double>(*cmd, a, "--spread-lr", "spread_learning_rate", "step scale for log σ");
  flag<bool>(*cmd, a, "--hold-sigma", "hold_spread", "keep σ fixed: true | false");
  flag<double>(*cmd, a, "--smoothing", "smoothing",
               "step size α in (0, 1] of the elite-fit estimators (pbil, cem)");
  flag<double>(*cmd, a, "--sigma-floor", "spread_floor", "keep σ ≥ this");
  flag<std::vector<double>>(*cmd, a, "--x0", "x0", "start: one value or one per coordinate")
      ->delimiter(',');
  flag<double>(*cmd, a, "--sigma0", "sigma0", "initial σ");
  flag<std::vector<double>>(*cmd, a, "--lower", "lower",
                            "lower bounds: one value or one per coordinate (points are "
                            "reflected into the box)")
      ->delimiter(',');
  flag<std::vector<double>>(*cmd, a, "--upper", "upper",
                            "upper bounds: one value or one per coordinate")
      ->delimiter(',');
  flag<std::uint64_t>(*cmd, a, "-s,--seed", "seed", "random seed (default 0)");
  flag<Index>(*cmd, a, "--max-evals", "max_evals", "evaluation budget (default 100000)");
  flag<Index>(*cmd, a, "--max-generations", "max_generations", "generation budget");
  flag<double>(*cmd, a, "--target", "target", "stop when best f ≤ target");
  flag<double>(*cmd, a, "--min-sigma", "min_sigma", "stop when σ < this (default 1e-12)");
  flag<Index>(*cmd, a, "--stagnation", "stagnation", "stop after this many generations without "
                                                     "improvement");
  flag<std::string>(*cmd, a, "--nonfinite", "nonfinite",
                    "NaN/inf or a throwing objective: worst (count) | error (stop)");
  flag<unsigned>(*cmd, a, "-j,--threads", "threads", "evaluate members on this many threads");
  flag<std::string>(*cmd, a, "--restarts", "restarts",
                    "none | ipop | bipop: restart runs that stall, with growing (IPOP) or "
                    "interlaced large and small (BIPOP) populations");
  flag<Index>(*cmd, a, "--max-restarts", "max_restarts", "at most this many restarts");
  cmd->add_flag_function(
      "--maximize", [&a](std::int64_t) { a.overrides["maximize"] = true; },
      "maximize instead of minimize");
  cmd->add_flag("--json", a.json, "print the summary as one JSON object");
  cmd->add_flag("-q,--quiet", a.quiet, "no progress line");
  cmd->add_option("--log", a.log_file, "write one JSON line per generation to this file");
  cmd->add_option("--checkpoint", a.checkpoint_file,
                  "save the run's state to this file (atomically) every --checkpoint-every "
                  "generations and at the end");
  cmd->add_option("--checkpoint-every", a.checkpoint_every, "generations between checkpoints")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--resume", a.resume_file,
                  "continue the run saved in this checkpoint (flags given override its config)")
      ->check(CLI::ExistingFile);
  cmd->callback([args] { run_minimize(*args); });
}

}  // namespace varopt::cli
