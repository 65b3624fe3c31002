// Per-generation overhead of the solver (ask + tell, the objective excluded), against a plain
// numpy implementation of the same generation measured in the same run.
//
// Diagonal Gaussian, antithetic pairs, λ = 256 (the adam-vo preset with its population set to
// 256: centered ranks, Adam), at n = 10, 1e3, 1e6, on 1 and 2 threads. tell() gets a
// precomputed fitness vector (random values that decrease by 1 each generation, so the best
// point improves every generation as in a converging run), so no objective is timed. Reported
// separately: the time to also materialize every member once through the library's evaluator
// (SerialEvaluator on 1 thread, ThreadedEvaluator on 2) with an objective that reads one
// coordinate — a real evaluation needs the points, so ask + materialize + tell is the honest
// lower bound of a generation. Memory: the growth of the peak resident set (over building the
// solver, materializing and ask + tell; not the bench's own breakdown calls) against λ·n·8 bytes,
// what holding the population matrix would take.
//
// Full covariance (the xnes preset, λ = 24) at n = 100 and 1000, 1 and 2 threads.
// CMA-ES (the cma preset at n = 100 and 1000; sep-cma at n = 1e3, 1e4, 1e5), default λ, 1 thread.
//
// Figures are medians over generations after warm-up; wall time, and the process CPU time per
// generation (all threads; idle OpenMP threads spin a little, so it can exceed wall × threads
// slightly). On a loaded machine the 1-thread CPU time is the stable figure: it is what the
// generation takes on one free core, and the goals are checked against it as well as against
// the wall time (which on a shared machine includes waiting for a core; wall/CPU is printed).
// The memory check runs ask + tell alone at n = 1e6 with λ = 256 and 1024: O(n) memory means
// the same peak growth for both.
//
// The peer: bench/peers/numpy_generation.py run with /usr/bin/python3 (Debian's python3-numpy)
// at n = 1e3 and 1e6; it runs on one thread, so the like-for-like ratio is varopt on 1 thread.
//
// Usage: overhead_bench [--quick] [--only diagonal|full|cma|numpy] [--generations G] [--python P]
//   --quick          fewer timed generations at n = 1e6 (3) and n = 1000 full (5), numpy 2
//   --generations G  timed generations at n = 1e6 (default 7; 200 at small n)
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "varopt/eval/evaluator.hpp"
#include "varopt/solve/presets.hpp"
#include "varopt/update/gradient_step.hpp"

#ifdef VAROPT_BENCH_HAVE_OPENMP
#include <omp.h>
#endif

#ifndef VAROPT_BENCH_PEERS_DIR
#define VAROPT_BENCH_PEERS_DIR "bench/peers"
#endif

namespace {

using varopt::Index;
using varopt::Vec;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// ---- threads and memory -------------------------------------------------------------------------

bool set_threads(int threads) {
#ifdef VAROPT_BENCH_HAVE_OPENMP
  omp_set_num_threads(threads);
  return true;
#else
  return threads == 1;
#endif
}

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"); -1 when unavailable.
long status_kb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0)
      return std::strtol(line.c_str() + key.size() + 1, nullptr, 10);
  }
  return -1;
}

// Resets the peak resident set (VmHWM) to the current one (Linux: clear_refs 5).
bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
  f.close();
  return f.good() && status_kb("VmHWM") <= status_kb("VmRSS") + 64;
}

// Peak RSS growth, in MB, over the scopes between open() and close(), relative to the RSS at
// construction: each open() resets VmHWM to the current RSS, each close() reads it. Scopes left
// out (the bench's own bookkeeping) do not count. Without the reset: ru_maxrss growth over the
// whole life of the object, valid only when its peak is the process's largest yet.
class PeakGrowth {
 public:
  PeakGrowth() : exact_(reset_peak_rss()), base_kb_(exact_ ? status_kb("VmRSS") : max_rss_kb()) {}
  void open() const {
    if (exact_) reset_peak_rss();
  }
  void close() {
    const long peak = exact_ ? status_kb("VmHWM") : max_rss_kb();
    growth_kb_ = std::max(growth_kb_, peak - base_kb_);
  }
  double megabytes() const { return static_cast<double>(growth_kb_) / 1024.0; }
  bool exact() const { return exact_; }

 private:
  static long max_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
  }
  bool exact_;
  long base_kb_;
  long growth_kb_ = 0;
};

// ---- one configuration --------------------------------------------------------------------------

struct Config {
  std::string preset;  // "adam-vo", "xnes", "cma" or "sep-cma"
  Index dim;
  Index population;
  int threads;
  int warmup;
  int generations;
  bool breakdown = true;  // also materialize and time the parts of tell (false: ask + tell only)
};

// Wall and process CPU seconds (all threads) of one piece of work.
struct Timing {
  double wall = 0, cpu = 0;
  Timing operator+(const Timing& o) const { return {wall + o.wall, cpu + o.cpu}; }
};

// Runs work() and appends its timing to `into` when `keep`.
template <class Work>
void timed(bool keep, std::vector<Timing>& into, Work&& work) {
  const double cpu = process_cpu_seconds();
  const auto start = Clock::now();
  work();
  const Timing t{seconds_since(start), process_cpu_seconds() - cpu};
  if (keep) into.push_back(t);
}

Timing median(const std::vector<Timing>& v) {
  std::vector<double> wall, cpu;
  for (const Timing& t : v) wall.push_back(t.wall), cpu.push_back(t.cpu);
  return {median(wall), median(cpu)};
}

struct Figures {
  Timing build;                             // make_solver, once
  Timing ask, tell, gradient, materialize;  // medians
  Timing score_sum, natural;                // inside the gradient (medians)
  double peak_mb = 0;
  bool peak_exact = true;
  Timing ask_tell() const { return ask + tell; }
  Timing generation() const { return ask + tell + materialize; }
};

Figures measure(const Config& c) {
  Figures out;
  if (!set_threads(c.threads)) return out;
  PeakGrowth peak;
  peak.open();
  const auto space = varopt::SearchSpace::continuous(c.dim);
  varopt::MethodSpec spec = varopt::method_preset(c.preset, space);
  spec.sampling.population_size = c.population;
  std::vector<Timing> build;
  std::optional<varopt::Solver> built;
  timed(true, build, [&] {
    built.emplace(
        varopt::make_solver(spec, space, Vec::Zero(c.dim), 1.0,
                            {.seed = 7,
                             .stop = {.max_evaluations = std::numeric_limits<Index>::max() / 2,
                                      .min_spread = std::nullopt}}));
  });
  varopt::Solver& solver = *built;
  out.build = build.front();
  peak.close();
  const varopt::ObjectiveFunctions read_one{.f = [](varopt::ConstVecRef x) { return x[0]; }};
  std::unique_ptr<varopt::Evaluator> evaluator;
  if (c.threads == 1) {
    evaluator = std::make_unique<varopt::SerialEvaluator>(read_one);
  } else {
    evaluator = std::make_unique<varopt::ThreadedEvaluator>(read_one,
                                                            static_cast<unsigned>(c.threads));
  }

  std::mt19937_64 engine(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<Timing> ask, tell, gradient, materialize, score_sum, natural;
  double sink = 0;
  for (int g = 0; g < c.warmup + c.generations; ++g) {
    Vec fitness(c.population);
    for (Index i = 0; i < c.population; ++i) fitness[i] = uniform(engine) - g;
    const bool keep = g >= c.warmup;

    // Materializing every member (through the evaluator), then the parts of tell, each on the
    // population of this generation, asked from a copy of the solver (so that the timed ask
    // below builds its own: with at most 2²⁰ noise values that draws and keeps the noise);
    // only then the timed ask + tell itself.
    if (c.breakdown) {
      const varopt::Population population = varopt::Solver(solver).ask();
      peak.open();
      timed(keep, materialize,
            [&] { sink += evaluator->evaluate(population, false).fitness.sum(); });
      peak.close();
      const varopt::Evaluations evaluations{fitness, varopt::Mat()};
      // The estimator alone, for the gradient rules (CMA-ES has none).
      if (const auto* rule = dynamic_cast<const varopt::GradientStep*>(&solver.update_rule()))
        timed(keep, gradient,
              [&] { sink += rule->estimator().gradient(population, evaluations)[0]; });
      // For comparison: the plain score sum, and (NES presets) the generic natural_gradient of it
      // — the O(n³) composition that the estimator replaces by natural_weighted_score_sum.
      const varopt::SearchDistribution& dist = population.distribution();
      Vec sum;
      timed(keep, score_sum, [&] { sum = dist.weighted_score_sum(population, fitness); });
      if (spec.score.natural) timed(keep, natural, [&] { sink += dist.natural_gradient(sum)[0]; });
    }
    peak.open();
    std::optional<varopt::Population> population;
    timed(keep, ask, [&] { population.emplace(solver.ask()); });
    timed(keep, tell, [&] { solver.tell(fitness); });
    peak.close();
    sink += static_cast<double>(population->size());
  }
  if (sink == 0.12345) std::printf(" ");  // keeps the work observable
  out.ask = median(ask);
  out.tell = median(tell);
  out.gradient = median(gradient);
  out.materialize = median(materialize);
  out.score_sum = median(score_sum);
  out.natural = median(natural);
  out.peak_mb = peak.megabytes();
  out.peak_exact = peak.exact();
  return out;
}

// "wall/cpu" in one unit.
std::string cell(const Timing& t) {
  const double scale = t.wall >= 0.1 ? 1.0 : t.wall >= 1e-4 ? 1e3 : 1e6;
  const char* unit = t.wall >= 0.1 ? "s" : t.wall >= 1e-4 ? "ms" : "us";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3g/%.3g %s", t.wall * scale, t.cpu * scale, unit);
  return buf;
}

// ---- the numpy peer -----------------------------------------------------------------------------

struct NumpyFigures {
  bool ok = false;
  std::map<std::string, double> values;
  std::string version;
};

NumpyFigures run_numpy(const std::string& python, Index n, int repeats, int warmup) {
  NumpyFigures out;
  const std::string command = python + " " + VAROPT_BENCH_PEERS_DIR + "/numpy_generation.py " +
                              std::to_string(n) + " 128 " + std::to_string(repeats) + " " +
                              std::to_string(warmup) + " 1 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char line[512];
  while (std::fgets(line, sizeof line, pipe)) {
    std::istringstream in(line);
    std::string key, value;
    in >> key >> value;
    if (key == "numpy") {
      out.version = value;
    } else if (!key.empty()) {
      out.values[key] = std::strtod(value.c_str(), nullptr);
    }
  }
  out.ok = pclose(pipe) == 0 && out.values.count("no_points") && out.values.count("points");
  return out;
}

bool numpy_available(const std::string& python) {
  const std::string command = python + " -c 'import numpy' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string only;  // "", "diagonal", "full", "cma" or "numpy"
  int big_generations = 7;
  std::string python = "/usr/bin/python3";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
      big_generations = 3;
    } else if (arg == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (arg == "--generations" && i + 1 < argc) {
      big_generations = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--python" && i + 1 < argc) {
      python = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: overhead_bench [--quick] [--only diagonal|full|numpy] "
                   "[--generations G] [--python P]\n");
      return 2;
    }
  }
  const auto wanted = [&](const char* part) { return only.empty() || only == part; };
  std::vector<int> thread_counts = {1};
  if (set_threads(2)) thread_counts.push_back(2);
  std::printf("varopt per-generation overhead (objective excluded); load average %s\n",
              load_average().c_str());
  std::printf(
      "threads: %s; medians of timed generations after warm-up; every time cell is "
      "wall/CPU (CPU = process CPU time, all threads)\n\n",
      thread_counts.size() > 1 ? "1 and 2 (OpenMP)" : "1 (built without OpenMP)");

  // ---- diagonal Gaussian, antithetic, λ = 256 ----
  const Index lambda = 256;
  std::map<std::pair<Index, int>, Figures> diag;
  if (wanted("diagonal")) {
    std::printf(
        "Diagonal Gaussian (adam-vo: antithetic pairs, centered ranks, Adam), lambda = "
        "%ld\n",
        static_cast<long>(lambda));
    std::printf("%8s %3s %17s %17s %17s %17s %17s %17s %8s %9s %17s\n", "n", "thr", "ask", "tell",
                "gradient", "ask+tell", "materialize", "ask+mat+tell", "peak MB", "lambda*n*8",
                "build (once)");
    for (Index n : {Index{10}, Index{1000}, Index{1000000}}) {
      for (int threads : thread_counts) {
        const bool big = n >= 100000;
        const Figures f =
            measure({"adam-vo", n, lambda, threads, big ? 2 : 20, big ? big_generations : 200});
        diag[{n, threads}] = f;
        std::printf(
            "%8ld %3d %17s %17s %17s %17s %17s %17s %7.1f%s %6.0f MB %17s\n", static_cast<long>(n),
            threads, cell(f.ask).c_str(), cell(f.tell).c_str(), cell(f.gradient).c_str(),
            cell(f.ask_tell()).c_str(), cell(f.materialize).c_str(), cell(f.generation()).c_str(),
            f.peak_mb, f.peak_exact ? " " : "*",
            static_cast<double>(lambda * n) * 8.0 / (1024.0 * 1024.0), cell(f.build).c_str());
        std::fflush(stdout);
      }
    }
    std::printf(
        "  ask = Population (a snapshot of ψ, and with <= 2^20 noise values the noise, drawn and "
        "kept); tell = gradient + Adam + σ update;\n  gradient = the estimator alone; "
        "materialize = every member once (evaluator, objective x[0]);\n  peak MB = peak RSS "
        "growth%s; build = "
        "make_solver (once per run, not per generation)\n\n",
        diag.begin()->second.peak_exact ? "" : " (* = ru_maxrss growth, approximate)");
  }

  // ---- full covariance, λ = 24 ----
  std::map<std::pair<Index, int>, Figures> full;
  if (wanted("full")) {
    std::printf("Full covariance (xnes: natural gradient, NES utilities), lambda = 24\n");
    std::printf("%8s %3s %17s %17s %17s %17s %17s %17s %17s\n", "n", "thr", "ask", "tell",
                "gradient", "score sum", "natural", "ask+tell", "materialize");
    for (Index n : {Index{100}, Index{1000}}) {
      for (int threads : thread_counts) {
        const Figures f = measure(
            {"xnes", n, 24, threads, n >= 1000 ? 3 : 10, n >= 1000 ? (quick ? 5 : 15) : 50});
        full[{n, threads}] = f;
        std::printf("%8ld %3d %17s %17s %17s %17s %17s %17s %17s\n", static_cast<long>(n), threads,
                    cell(f.ask).c_str(), cell(f.tell).c_str(), cell(f.gradient).c_str(),
                    cell(f.score_sum).c_str(), cell(f.natural).c_str(), cell(f.ask_tell()).c_str(),
                    cell(f.materialize).c_str());
        std::fflush(stdout);
      }
    }
    std::printf(
        "  gradient = the estimator (natural_weighted_score_sum, O(n² lambda)); for comparison, "
        "not part of it:\n  score sum = weighted_score_sum (plain gradient), natural = the "
        "generic natural_gradient(score sum), O(n³)\n\n");
  }

  // ---- CMA-ES: full covariance at n = 100, 1000; separable at n = 1e3…1e5 (O(λn)) ----
  if (wanted("cma")) {
    std::printf("CMA-ES (cma: full covariance by Cholesky rank-one updates; sep-cma: diagonal), "
                "default lambda, 1 thread\n");
    std::printf("%8s %8s %4s %17s %17s %17s %17s\n", "preset", "n", "lam", "ask", "tell",
                "ask+tell", "materialize");
    const auto row = [&](const char* preset, Index n, int warmup, int generations) {
      const Index lambda = 4 + static_cast<Index>(std::floor(3.0 * std::log(static_cast<double>(n))));
      const Figures f = measure({preset, n, lambda, 1, warmup, generations});
      std::printf("%8s %8ld %4ld %17s %17s %17s %17s\n", preset, static_cast<long>(n),
                  static_cast<long>(lambda), cell(f.ask).c_str(), cell(f.tell).c_str(),
                  cell(f.ask_tell()).c_str(), cell(f.materialize).c_str());
      std::fflush(stdout);
    };
    row("cma", 100, 10, 50);
    row("cma", 1000, 3, quick ? 5 : 15);
    for (Index n : {Index{1000}, Index{10000}, Index{100000}}) row("sep-cma", n, 3, quick ? 5 : 20);
    std::printf(
        "  ask = the population (with <= 2^20 noise values the noise, drawn and kept); "
        "tell = ranking + the CMA update (paths, rank-one/rank-mu, CSA);\n  sep-cma's "
        "tell should grow as n (O(lambda n)), cma's as n² (O(lambda n²))\n\n");
  }

  // ---- the numpy peer ----
  std::map<Index, NumpyFigures> numpy;
  if (!wanted("numpy")) {
    // not asked for
  } else if (!numpy_available(python)) {
    std::printf(
        "numpy peer: skipped, %s cannot import numpy (Debian: apt-get install "
        "python3-numpy)\n\n",
        python.c_str());
  } else {
    for (Index n : {Index{1000}, Index{1000000}}) {
      const bool big = n >= 100000;
      numpy[n] = run_numpy(python, n, big ? (quick ? 2 : 5) : 200, big ? 1 : 20);
    }
    std::printf(
        "numpy peer (%s, numpy %s, one thread): the same generation, 128 antithetic "
        "pairs, centered ranks, Adam\n",
        python.c_str(), numpy.begin()->second.version.c_str());
    std::printf("%8s %17s %17s | %26s %26s\n", "n", "numpy generation", "numpy + points",
                "varopt/numpy a+t 1thr 2thr", "varopt/numpy +pts 1thr 2thr");
    for (const auto& [n, np] : numpy) {
      if (!np.ok) {
        std::printf("%8ld numpy peer failed\n", static_cast<long>(n));
        continue;
      }
      const auto value = [&](const char* key) {
        return np.values.count(key) ? np.values.at(key) : 0.0;
      };
      const Timing gen{value("no_points"), value("no_points_cpu")};
      const Timing points{value("points"), value("points_cpu")};
      // varopt / numpy, wall/CPU.
      auto ratio = [&](int threads, bool with_points) {
        const auto it = diag.find({n, threads});
        if (it == diag.end()) return std::string("-");
        const Timing v = with_points ? it->second.generation() : it->second.ask_tell();
        const Timing p = with_points ? points : gen;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f/%.3f", v.wall / p.wall, v.cpu / p.cpu);
        return std::string(buf);
      };
      std::printf("%8ld %17s %17s | %12s %13s %13s %13s\n", static_cast<long>(n), cell(gen).c_str(),
                  cell(points).c_str(), ratio(1, false).c_str(), ratio(2, false).c_str(),
                  ratio(1, true).c_str(), ratio(2, true).c_str());
    }
    std::printf(
        "  a+t: varopt ask+tell / numpy generation (noise + gradient + update); +pts: "
        "varopt ask+materialize+tell / numpy\n  generation also forming both points of "
        "every pair; ratios wall/CPU, < 1: varopt faster. numpy peak RSS at n = 1e6: "
        "%.0f MB\n  (interpreter included)\n\n",
        numpy.count(1000000) ? numpy.at(1000000).values.at("max_rss_mb") : 0.0);
  }

  // ---- memory: O(n), not O(λ n) ----
  // ask + tell alone (no evaluator buffers) at n = 1e6 with λ = 256 and 1024: the peak growth
  // per coordinate must not grow with λ.
  std::map<Index, double> memory_mb;
  if (wanted("diagonal")) {
    std::printf(
        "Memory, diagonal, n = 1e6, ask + tell only, 1 thread: peak RSS growth by lambda\n");
    for (Index population : {Index{256}, Index{1024}}) {
      const Figures f = measure({"adam-vo", 1000000, population, 1, 1, 2, false});
      memory_mb[population] = f.peak_mb;
      std::printf(
          "  lambda = %4ld: %6.1f MB = %5.0f bytes/coordinate; the population matrix "
          "would be %6.0f MB\n",
          static_cast<long>(population), f.peak_mb, f.peak_mb * 1024.0 * 1024.0 / 1e6,
          static_cast<double>(population) * 8e6 / (1024.0 * 1024.0));
    }
    std::printf("\n");
  }

  // ---- goals ----
  // A goal is wall time on this machine. When the machine is shared, wall time is inflated by
  // waiting for a core (wall/CPU > 1 on one thread); a single-threaded generation on a free core
  // takes its CPU time, so the 1-thread CPU time is also checked against the goal.
  std::printf("Goals (wall/CPU; on 1 thread the CPU time is the wall time on a free core)\n");
  auto verdict = [](bool ok) { return ok ? "PASS" : "MISS"; };
  auto goal_line = [&](const char* what, int threads, const Timing& t, double goal) {
    std::printf("  %s, %d thr: %s  wall %s", what, threads, cell(t).c_str(),
                verdict(t.wall <= goal));
    if (threads == 1) {
      std::printf(", on a free core %s (wall/CPU = %.2f)", verdict(t.cpu <= goal), t.wall / t.cpu);
    }
    std::printf("\n");
  };
  for (int threads : thread_counts) {
    if (!diag.count({1000000, threads})) continue;
    const Figures& big = diag.at({1000000, threads});
    goal_line("diagonal, n = 1e6, lambda = 256, ask + tell <= 0.15 s", threads, big.ask_tell(),
              0.15);
  }
  for (int threads : thread_counts) {
    if (!diag.count({1000000, threads})) continue;
    const Figures& big = diag.at({1000000, threads});
    goal_line("(informative) the same + materialize every member <= 0.15 s", threads,
              big.generation(), 0.15);
  }
  if (memory_mb.size() == 2) {
    const double small = memory_mb.at(256), large = memory_mb.at(1024);
    const double matrix_mb = 256.0 * 8e6 / (1024.0 * 1024.0);
    std::printf(
        "  diagonal, n = 1e6, memory O(n) not O(lambda n): %.0f MB at lambda = 256, %.0f "
        "MB at lambda = 1024 (matrix: %.0f MB): %s\n",
        small, large, matrix_mb, verdict(large < 1.25 * small && small < 0.5 * matrix_mb));
  }
  for (int threads : thread_counts) {
    if (!full.count({1000, threads})) continue;
    goal_line("full covariance, n = 1000, lambda = 24, ask + tell <= 5 ms", threads,
              full.at({1000, threads}).ask_tell(), 0.005);
  }
  return 0;
}
