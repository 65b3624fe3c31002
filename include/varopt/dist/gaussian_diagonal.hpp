#pragma once
// Diagonal (separable) Gaussian search distribution N(μ, diag σ²) over R^n.
//
// ψ = (μ ∈ R^n, s_i = log σ_i), 2n parameters. θ = μ + σ ⊙ ε, ε ~ N(0, I); mirrored μ − σ ⊙ ε.
//   ∂μ_i log p = ε_i/σ_i,  ∂s_i log p = ε_i² − 1;  Fisher diag(1/σ_i², 2) ⇒ natural gradient
//   (σ_i² g_μi, g_si/2);  H = (n/2) log(2π e) + Σ_i s_i.
// With the natural gradient this is SNES (Schaul, Glasmachers & Schmidhuber 2011). Built for
// large n (10⁶): the weighted score sum regenerates each noise vector once, in parallel chunks,
// with O(n) memory. See gaussian_axis.hpp.
#include "varopt/dist/gaussian_axis.hpp"

namespace varopt {

class GaussianDiagonal final : public AxisGaussian {
 public:
  // Throws InvalidArgument unless mean has size ≥ 1 and finite entries, sigma has the same size
  // and every σ_i > 0 is finite with |log σ_i| ≤ 300.
  GaussianDiagonal(const Vec& mean, const Vec& sigma);
  // σ_i = sigma for every i.
  GaussianDiagonal(const Vec& mean, double sigma);

  std::string name() const override { return "GaussianDiagonal"; }
  const Vec& sigma() const { return scales(); }
  std::unique_ptr<SearchDistribution> clone() const override;
};

}  // namespace varopt
