#pragma once
// The data behind the lecture's figures on Gaussian variational optimization in 1-D
// (Belavin & Borisyak, "Variational Optimization", slides 5–12), for x ~ N(μ, σ²):
//   variational bound     J_σ(μ) = E f(x)                        (smoothing picture, slide 4)
//   score                 ∇μ log N(x; μ, σ²) = (x − μ)/σ²        (Figure 1)
//   weighted score        f(x) (x − μ)/σ²                        (Figure 2; the one-sample
//                         score-function estimate of ∂J/∂μ, the quiz's answer 2 for f = sin)
//   its mean and variance with additive evaluation noise s·η, η ~ N(0, 1):
//     E ĝ   = ∂J/∂μ = E_z[f(μ + σz) z]/σ,
//     Var ĝ = (E_z[f(μ + σz)² z²] + s²)/σ² − (∂J/∂μ)²          (z ~ N(0, 1))
//   so the noise part s²/σ² shrinks as σ grows ("higher σ negates sampling noise", slide 11).
// Expectations use Gauss–Hermite quadrature (plot/quadrature.hpp).
#include "varopt/core/types.hpp"
#include "varopt/plot/quadrature.hpp"

namespace varopt::plot {

// count ≥ 2 equally spaced points from first to last (both included).
Vec linspace(double first, double last, Index count);
// count ≥ 2 points from first > 0 to last > 0, equally spaced in log.
Vec logspace(double first, double last, Index count);

// J_σ(μ_k) for every μ_k in mus; σ = 0 gives f(μ_k).
Vec variational_bound_curve(const ScalarFunction& f, ConstVecRef mus, double sigma,
                            const QuadratureOptions& quadrature = {});
// ∂J_σ/∂μ at every μ_k (σ > 0).
Vec bound_derivative_curve(const ScalarFunction& f, ConstVecRef mus, double sigma,
                           const QuadratureOptions& quadrature = {});
// (x_k − μ)/σ² for every x_k (σ > 0).
Vec score_curve(ConstVecRef xs, double mu, double sigma);
// f(x_k)(x_k − μ)/σ² for every x_k (σ > 0).
Vec weighted_score_curve(const ScalarFunction& f, ConstVecRef xs, double mu, double sigma);
// N(x_k; μ, σ²) for every x_k (σ > 0).
Vec gaussian_density_curve(ConstVecRef xs, double mu, double sigma);

// Where exact gradient descent on J_σ started at mu0 comes to rest: the local minimum of J_σ
// downhill from mu0 (the limit of SGD-VO with infinitely many samples and a vanishing step).
// Walks downhill on a grid of step `step`, then refines by golden-section search to 1e-9; throws
// InvalidArgument when no minimum is found within max_steps grid steps (J_σ unbounded below).
double bound_descent_limit(const ScalarFunction& f, double mu0, double sigma, double step = 0.01,
                           Index max_steps = 100000, const QuadratureOptions& quadrature = {});

// Mean and variance of the one-sample estimate ĝ = (f(x) + s·η)(x − μ)/σ² of ∂J/∂μ.
struct ScoreEstimateMoments {
  double mean = 0;           // ∂J/∂μ
  double variance = 0;       // Var ĝ, noise included
  double noise_variance = 0; // s²/σ², the part due to the evaluation noise
};
ScoreEstimateMoments score_estimate_moments(const ScalarFunction& f, double mu, double sigma,
                                            double noise, const QuadratureOptions& quadrature = {});

}  // namespace varopt::plot
