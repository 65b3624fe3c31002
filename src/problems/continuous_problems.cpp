// The continuous benchmark problems (see varopt/problems/continuous.hpp for the formulas) and
// their noisy variants "noisy-<name>" (additive N(0, noise²) noise, see problems/noise.hpp) and
// rotated variants "rotated-<name>" of the n-dimensional ones, f(R x) with a random rotation R
// drawn from the problem seed (problems/rotation.hpp): the same spectrum, no longer separable;
// and COCO-style shifted variants "shifted-<name>" f(x − x* + z*) and "shifted-rotated-<name>"
// f(R(x − x*) + z*), whose minimizer x* is drawn from the problem seed (problems/shift.hpp).
//
// Standard starts: initial_center = 3·1 (Rosenbrock: the classic (−1.2, 1, −1.2, 1, …); the 1-D
// lecture function: 2, inside the basin of its local minimum near 1.55; sin: 0), initial_spread
// = 1 for unimodal functions and 2 for multimodal ones (Rastrigin, Ackley, Griewank,
// Styblinski–Tang). A noisy variant keeps its base's start and reports the base's optimum, the
// minimum of E f̃ = f; its gradient is ∇f, the gradient of the noise-free mean. The shifted
// variants start at the centre of COCO's domain [−5, 5]^n, initial_center = 0, with σ₀ = 2
// (x* is uniform in [−4, 4]^n, so a start that depends on the base function would be arbitrary).
#include <cmath>
#include <memory>
#include <string>

#include "problem_table.hpp"
#include "varopt/core/error.hpp"
#include "varopt/problems/continuous.hpp"
#include "varopt/problems/noise.hpp"
#include "varopt/problems/rotation.hpp"
#include "varopt/problems/shift.hpp"

namespace varopt::detail {
namespace {

using namespace varopt::problems;

enum class Dims { any, at_least_two, exactly_one };

struct ContinuousSpec {
  const char* name;
  const char* description;
  Dims dims;
  double (*value)(ConstVecRef);
  void (*gradient)(ConstVecRef, VecRef);
  Vec (*center)(Index);
  double spread;
  double (*optimum)(Index);
  Vec (*argmin)(Index);  // a minimizer z* (the shifted variants move it to x*); null for n = 1
};

Vec threes(Index n) { return Vec::Constant(n, 3.0); }
Vec zeros(Index n) { return Vec::Zero(n); }
Vec ones(Index n) { return Vec::Ones(n); }
double zero(Index) { return 0.0; }

double lecture_1d_of(ConstVecRef x) { return lecture_1d(x[0]); }
void lecture_1d_gradient_of(ConstVecRef x, VecRef grad) { grad[0] = lecture_1d_derivative(x[0]); }
double sin_of(ConstVecRef x) { return std::sin(x[0]); }
void sin_gradient_of(ConstVecRef x, VecRef grad) { grad[0] = std::cos(x[0]); }

const ContinuousSpec specs[] = {
    {"sphere", "Σ x_i²; min 0 at 0", Dims::any, sphere, sphere_gradient, threes, 1.0, zero, zeros},
    {"ellipsoid", "Σ 10^{6(i−1)/(n−1)} x_i² (condition 1e6); min 0 at 0", Dims::any, ellipsoid,
     ellipsoid_gradient, threes, 1.0, zero, zeros},
    {"rosenbrock", "Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², n ≥ 2; min 0 at 1", Dims::at_least_two,
     rosenbrock, rosenbrock_gradient,
     [](Index n) {
       Vec c(n);
       for (Index i = 0; i < n; ++i) c[i] = i % 2 == 0 ? -1.2 : 1.0;
       return c;
     },
     1.0, zero, ones},
    {"rastrigin", "10n + Σ (x_i² − 10 cos 2πx_i); min 0 at 0", Dims::any, rastrigin,
     rastrigin_gradient, threes, 2.0, zero, zeros},
    {"ackley", "−20 e^{−0.2 √(Σx²/n)} − e^{Σcos(2πx)/n} + 20 + e; min 0 at 0", Dims::any, ackley,
     ackley_gradient, threes, 2.0, zero, zeros},
    {"griewank", "1 + Σ x_i²/4000 − Π cos(x_i/√i); min 0 at 0", Dims::any, griewank,
     griewank_gradient, threes, 2.0, zero, zeros},
    {"styblinski-tang", "½ Σ (x_i⁴ − 16x_i² + 5x_i); min −39.16617·n at x_i = −2.90353",
     Dims::any, styblinski_tang, styblinski_tang_gradient, threes, 2.0,
     [](Index n) { return styblinski_tang_min_per_dim() * static_cast<double>(n); },
     [](Index n) -> Vec { return Vec::Constant(n, styblinski_tang_argmin()); }},
    {"discus", "10⁶ x_1² + Σ_{i≥2} x_i² (one long axis, condition 1e6); min 0 at 0", Dims::any,
     discus, discus_gradient, threes, 1.0, zero, zeros},
    {"bent-cigar", "x_1² + 10⁶ Σ_{i≥2} x_i² (one short axis, condition 1e6); min 0 at 0",
     Dims::any, bent_cigar, bent_cigar_gradient, threes, 1.0, zero, zeros},
    {"schwefel", "Σ_i (Σ_{j≤i} x_j)² (Schwefel 1.2, the double sum); min 0 at 0", Dims::any,
     schwefel, schwefel_gradient, threes, 1.0, zero, zeros},
    {"lecture-1d", "x²/10 + sin 3x, n = 1 (the lecture's smoothing picture); min −0.97297 at −0.51203",
     Dims::exactly_one, lecture_1d_of, lecture_1d_gradient_of, [](Index) -> Vec { return Vec::Constant(1, 2.0); },
     1.0, [](Index) { return lecture_1d(lecture_1d_argmin()); }, nullptr},
    {"sin", "sin x, n = 1 (the lecture's quiz); min −1 at −π/2 + 2πk", Dims::exactly_one, sin_of,
     sin_gradient_of, [](Index) -> Vec { return Vec::Zero(1); }, 1.0, [](Index) { return -1.0; },
     nullptr},
};

void check_dim(const ContinuousSpec& spec, const std::string& name, Index dim) {
  const std::string where = "make_problem('" + name + "')";
  switch (spec.dims) {
    case Dims::any: require(dim >= 1, where, "dim ≥ 1", dim); break;
    case Dims::at_least_two: require(dim >= 2, where, "dim ≥ 2", dim); break;
    case Dims::exactly_one: require(dim == 1, where, "dim = 1 (a one-dimensional function)", dim); break;
  }
}

Problem make_base(const ContinuousSpec& spec, const std::string& name, const ProblemOptions& options) {
  check_dim(spec, name, options.dim);
  Problem problem;
  problem.name = name;
  problem.space = SearchSpace::continuous(options.dim);
  problem.objective = spec.value;
  problem.gradient = spec.gradient;
  problem.initial_center = spec.center(options.dim);
  problem.initial_spread = spec.spread;
  problem.optimum = spec.optimum(options.dim);
  return problem;
}

Problem make_clean(const ContinuousSpec& spec, const ProblemOptions& options) {
  require(options.noise == 0.0, "make_problem('" + std::string(spec.name) + "')",
          "noise = 0 (use 'noisy-" + std::string(spec.name) + "' for a noisy objective)",
          options.noise);
  return make_base(spec, spec.name, options);
}

Problem make_noisy(const ContinuousSpec& spec, const ProblemOptions& options) {
  const std::string name = "noisy-" + std::string(spec.name);
  require(std::isfinite(options.noise) && options.noise > 0.0, "make_problem('" + name + "')",
          "noise > 0 (finite standard deviation)", options.noise);
  Problem problem = make_base(spec, name, options);
  problem.uses_seed = true;
  problem.objective = [value = spec.value, noise = options.noise, seed = options.seed](ConstVecRef x) {
    return value(x) + noise * evaluation_noise(seed, x);
  };
  return problem;
}

Problem make_rotated(const ContinuousSpec& spec, const ProblemOptions& options) {
  const std::string name = "rotated-" + std::string(spec.name);
  require(options.noise == 0.0, "make_problem('" + name + "')", "noise = 0", options.noise);
  Problem problem = make_base(spec, name, options);
  problem.uses_seed = true;
  auto rotation = std::make_shared<const Mat>(random_rotation(options.dim, options.seed));
  problem.objective = [value = spec.value, rotation](ConstVecRef x) {
    const Vec rotated = *rotation * x;
    return value(rotated);
  };
  problem.gradient = [gradient = spec.gradient, rotation](ConstVecRef x, VecRef grad) {
    const Vec rotated = *rotation * x;
    Vec g(rotated.size());
    gradient(rotated, g);
    grad = rotation->transpose() * g;
  };
  return problem;
}

// x ↦ R(x − x*) + z* (R, x* and z* from the problem seed and the spec; R is the identity for
// "shifted-*").
struct ShiftedMap {
  std::shared_ptr<const Mat> rotation;  // null: no rotation
  Vec shift, offset;                    // x*, z*
  Vec operator()(ConstVecRef x) const {
    if (!rotation) return x - shift + offset;
    return *rotation * (x - shift) + offset;
  }
};

Problem make_shifted(const ContinuousSpec& spec, const ProblemOptions& options, bool rotate) {
  const std::string name = std::string(rotate ? "shifted-rotated-" : "shifted-") + spec.name;
  require(options.noise == 0.0, "make_problem('" + name + "')", "noise = 0", options.noise);
  Problem problem = make_base(spec, name, options);
  problem.uses_seed = true;
  ShiftedMap map{nullptr, random_shift(options.dim, options.seed), spec.argmin(options.dim)};
  if (rotate) map.rotation = std::make_shared<const Mat>(random_rotation(options.dim, options.seed));
  problem.objective = [value = spec.value, map](ConstVecRef x) { return value(map(x)); };
  problem.gradient = [gradient = spec.gradient, map](ConstVecRef x, VecRef grad) {
    const Vec z = map(x);
    if (!map.rotation) {
      gradient(z, grad);
      return;
    }
    Vec g(z.size());
    gradient(z, g);
    grad = map.rotation->transpose() * g;
  };
  problem.initial_center = Vec::Zero(options.dim);
  problem.initial_spread = 2.0;
  return problem;
}

std::vector<ProblemEntry> build_entries() {
  std::vector<ProblemEntry> entries;
  for (const auto& spec : specs) {
    entries.push_back({{spec.name, spec.description},
                       [&spec](const ProblemOptions& o) { return make_clean(spec, o); }});
  }
  for (const auto& spec : specs) {
    entries.push_back({{"noisy-" + std::string(spec.name),
                        std::string(spec.description) + ", plus N(0, noise²) per evaluation"},
                       [&spec](const ProblemOptions& o) { return make_noisy(spec, o); }});
  }
  for (const auto& spec : specs) {
    if (spec.dims == Dims::exactly_one) continue;
    entries.push_back({{"rotated-" + std::string(spec.name),
                        std::string(spec.description) + ", of R x with a random rotation R "
                                                        "(from the problem seed)"},
                       [&spec](const ProblemOptions& o) { return make_rotated(spec, o); }});
  }
  for (const bool rotate : {false, true}) {
    for (const auto& spec : specs) {
      if (spec.dims == Dims::exactly_one) continue;
      const std::string prefix = rotate ? "shifted-rotated-" : "shifted-";
      const std::string of = rotate ? "R(x − x*) + z*" : "x − x* + z*";
      entries.push_back(
          {{prefix + spec.name,
            std::string(spec.description) + ", of " + of + " with the minimizer x* uniform in "
                                                           "[−4, 4]^n" +
                (rotate ? " and a random rotation R" : "") + " (from the problem seed)"},
           [&spec, rotate](const ProblemOptions& o) { return make_shifted(spec, o, rotate); }});
    }
  }
  return entries;
}

}  // namespace

const std::vector<ProblemEntry>& continuous_problem_entries() {
  static const std::vector<ProblemEntry> entries = build_entries();
  return entries;
}

}  // namespace varopt::detail
