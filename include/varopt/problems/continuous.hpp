#pragma once
// Continuous benchmark functions f: R^n → R and their analytic gradients, for direct use in C++
// (make_problem("sphere", ...) wraps the same functions; see problems/problem.hpp).
//
//   sphere            Σ x_i²                                                     min 0 at 0
//   ellipsoid         Σ 10^{6 (i−1)/(n−1)} x_i²  (condition number 10⁶; n = 1: x²)  min 0 at 0
//   rosenbrock        Σ_{i<n} 100 (x_{i+1} − x_i²)² + (1 − x_i)²   (n ≥ 2)        min 0 at 1
//   rastrigin         10 n + Σ (x_i² − 10 cos 2πx_i)                              min 0 at 0
//   ackley            −20 exp(−0.2 √(Σx_i²/n)) − exp(Σ cos(2πx_i)/n) + 20 + e    min 0 at 0
//   griewank          1 + Σ x_i²/4000 − Π cos(x_i/√i)                             min 0 at 0
//   styblinski_tang   ½ Σ (x_i⁴ − 16 x_i² + 5 x_i)                  min −39.16616570…·n at x_i = −2.9035340…
//   discus            10⁶ x_1² + Σ_{i≥2} x_i²   (one long axis; n = 1: 10⁶ x²)      min 0 at 0
//   bent_cigar        x_1² + 10⁶ Σ_{i≥2} x_i²   (one short axis)                    min 0 at 0
//   schwefel          Σ_i (Σ_{j≤i} x_j)²   (Schwefel's problem 1.2, the "double sum": smooth,
//                     unimodal, not separable, condition number growing as O(n²))  min 0 at 0
// (Jamil & Yang 2013, "A literature survey of benchmark functions for global optimization
// problems", IJMMNO 4(2); discus and bent cigar as in COCO/BBOB f11 and f12 without their
// oscillation transform (Hansen et al. 2009, "Real-parameter black-box optimization benchmarking
// 2009: noiseless functions definitions", INRIA RR-6829); Schwefel 1.2 from H.-P. Schwefel 1981,
// "Numerical optimization of computer models", problem 1.2, also CEC 2005's F2 (Suganthan et al.
// 2005), whose gradient is ∂f/∂x_k = 2 Σ_{i≥k} S_i with the prefix sums S_i = Σ_{j≤i} x_j. The Styblinski–Tang minimum is often quoted as −39.16599 n; the value
// above is f at the exact root of 4x³ − 32x + 5 = 0.)
//
// One-dimensional examples of the lecture (Belavin & Borisyak, "Variational Optimization"):
//   lecture_1d(x) = x²/10 + sin 3x: a parabola with ripples, global minimum near x = −0.512 and
//     local minima near 1.55, −2.59, 3.63. Under x ~ N(μ, σ²) its variational bound is closed:
//       J_σ(μ) = (μ² + σ²)/10 + sin(3μ) e^{−9σ²/2},
//     so the ripples fade as σ grows (the smoothing picture and the σ trade-off).
//   sin(x): the quiz, J_σ(μ) = sin μ e^{−σ²/2}.
#include "varopt/core/types.hpp"

namespace varopt::problems {

double sphere(ConstVecRef x);
void sphere_gradient(ConstVecRef x, VecRef grad);

double ellipsoid(ConstVecRef x);
void ellipsoid_gradient(ConstVecRef x, VecRef grad);

double rosenbrock(ConstVecRef x);  // x.size() ≥ 2
void rosenbrock_gradient(ConstVecRef x, VecRef grad);

double rastrigin(ConstVecRef x);
void rastrigin_gradient(ConstVecRef x, VecRef grad);

// Not differentiable at 0; the gradient there is taken as 0 (a subgradient).
double ackley(ConstVecRef x);
void ackley_gradient(ConstVecRef x, VecRef grad);

double griewank(ConstVecRef x);
void griewank_gradient(ConstVecRef x, VecRef grad);

double styblinski_tang(ConstVecRef x);
void styblinski_tang_gradient(ConstVecRef x, VecRef grad);
// The coordinate of the minimizer, −2.9035340…, and the minimum per coordinate, −39.1661657….
double styblinski_tang_argmin();
double styblinski_tang_min_per_dim();

double discus(ConstVecRef x);
void discus_gradient(ConstVecRef x, VecRef grad);

double bent_cigar(ConstVecRef x);
void bent_cigar_gradient(ConstVecRef x, VecRef grad);

double schwefel(ConstVecRef x);
void schwefel_gradient(ConstVecRef x, VecRef grad);

double lecture_1d(double x);
double lecture_1d_derivative(double x);
// E_{x~N(μ,σ²)} lecture_1d(x) in closed form (σ ≥ 0).
double lecture_1d_smoothed(double mu, double sigma);
// The global minimizer, ≈ −0.5120, and the minimum, ≈ −0.9730 (Newton on f' = 0).
double lecture_1d_argmin();

}  // namespace varopt::problems
