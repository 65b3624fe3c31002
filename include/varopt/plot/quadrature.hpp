#pragma once
// Gaussian expectations by Gauss–Hermite quadrature, for the lecture's figures.
//
// The variational bound of a 1-D function under x ~ N(μ, σ²) is
//   J_σ(μ) = E f(x) = ∫ f(μ + σz) φ(z) dz ≈ Σ_i w_i f(μ + σ z_i),
// with the probabilists' Gauss–Hermite rule (z_i, w_i), exact for polynomials of degree < 2m
// (m points) and Σ w_i = 1. The rule comes from the Golub–Welsch algorithm (Golub & Welsch 1969,
// "Calculation of Gauss quadrature rules", Math. Comp. 23): z_i are the eigenvalues of the Jacobi
// matrix of the Hermite recurrence He_{k+1} = z He_k − k He_{k−1} (zero diagonal, off-diagonal
// √k), and w_i = 1/Σ_{k<m} p_k(z_i)² with p_k = He_k/√k! (equal to the squared first component
// of the normalized eigenvector, but accurate even where w_i is tiny).
//
// gaussian_expectation is adaptive: it doubles m from min_points until three successive rules
// agree to tolerance · max(1, |E|) (two may agree by accident, e.g. on a step that falls between
// the nodes of both), and throws when max_points is reached first (a function too rough or too
// wild for the rule, e.g. a discontinuous one: raise the tolerance or max_points).
#include <functional>

#include "varopt/core/types.hpp"

namespace varopt::plot {

using ScalarFunction = std::function<double(double)>;

struct GaussHermiteRule {
  Vec nodes;    // z_i, ascending
  Vec weights;  // w_i > 0, Σ w_i = 1
};

// The m-point probabilists' rule, 1 ≤ m ≤ 4096; rules are computed once and cached
// (thread-safe). Throws InvalidArgument outside that range.
const GaussHermiteRule& gauss_hermite(Index points);

struct QuadratureOptions {
  Index min_points = 16;
  Index max_points = 4096;          // ≥ 4 · min_points, ≤ 4096
  double tolerance = 1e-10;  // relative to max(1, |E|)
  void validate() const;
};

// E_{x~N(μ, σ²)} g(x); σ = 0 returns g(μ). Throws InvalidArgument on σ < 0 or non-finite μ, σ,
// on a non-finite value of g at a node, and when the rule does not converge (see above).
double gaussian_expectation(const ScalarFunction& g, double mu, double sigma,
                            const QuadratureOptions& options = {});

}  // namespace varopt::plot
