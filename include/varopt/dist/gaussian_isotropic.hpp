#pragma once
// Isotropic Gaussian search distribution N(μ, σ² I) over R^n: one σ shared by all coordinates.
//
// ψ = (μ ∈ R^n, s = log σ), n + 1 parameters. θ = μ + σ ε, ε ~ N(0, I); mirrored θ = μ − σ ε.
//   ∂μ log p = ε/σ,  ∂s log p = ‖ε‖² − n;  Fisher diag(I/σ², 2n) ⇒ natural gradient (σ² g_μ,
//   g_s/(2n));  H = (n/2) log(2π e) + n s.
// This is the search distribution of OpenAI-ES / PGPE-style Variational Optimization (Salimans
// et al. 2017; Sehnke et al. 2010) with the variance learned as well. See gaussian_axis.hpp.
#include "varopt/dist/gaussian_axis.hpp"

namespace varopt {

class GaussianIsotropic final : public AxisGaussian {
 public:
  // Throws InvalidArgument unless mean has size ≥ 1 and finite entries and σ > 0 is finite with
  // |log σ| ≤ 300.
  GaussianIsotropic(const Vec& mean, double sigma);

  std::string name() const override { return "GaussianIsotropic"; }
  double sigma() const { return scales()[0]; }
  std::unique_ptr<SearchDistribution> clone() const override;
};

}  // namespace varopt
