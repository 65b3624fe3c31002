#include "varopt/update/cma_parameters.hpp"

#include <algorithm>
#include <cmath>

#include "varopt/core/error.hpp"

namespace varopt {

CmaParameters CmaParameters::defaults(Index n, Index lambda, bool separable) {
  require(n >= 1, "CmaParameters", "a dimension >= 1", n);
  require(lambda >= 2, "CmaParameters",
          "a population >= 2 for CMA-ES (it recombines the best half; population, -n)", lambda);
  CmaParameters p;
  p.dim = n;
  p.population = lambda;
  p.parents = lambda / 2;
  p.active = !separable;
  const double dn = static_cast<double>(n);
  Vec raw(lambda);
  for (Index i = 0; i < lambda; ++i)
    raw[i] = std::log((static_cast<double>(lambda) + 1.0) / 2.0) - std::log(static_cast<double>(i + 1));
  const Index mu = p.parents;
  const double positive_sum = raw.head(mu).sum();
  p.mu_eff = positive_sum * positive_sum / raw.head(mu).squaredNorm();
  p.c_sigma = (p.mu_eff + 2.0) / (dn + p.mu_eff + 5.0);
  p.d_sigma = 1.0 + 2.0 * std::max(0.0, std::sqrt((p.mu_eff - 1.0) / (dn + 1.0)) - 1.0) + p.c_sigma;
  p.c_c = (4.0 + p.mu_eff / dn) / (dn + 4.0 + 2.0 * p.mu_eff / dn);
  p.c_1 = 2.0 / ((dn + 1.3) * (dn + 1.3) + p.mu_eff);
  p.c_mu = std::min(1.0 - p.c_1, 2.0 * (p.mu_eff - 2.0 + 1.0 / p.mu_eff) /
                                     ((dn + 2.0) * (dn + 2.0) + p.mu_eff));
  if (separable) {
    const double speedup = (dn + 2.0) / 3.0;
    p.c_1 = std::min(1.0, p.c_1 * speedup);
    p.c_mu = std::min(1.0 - p.c_1, p.c_mu * speedup);
  }
  p.expected_norm = std::sqrt(dn) * (1.0 - 1.0 / (4.0 * dn) + 1.0 / (21.0 * dn * dn));

  p.weights = Vec::Zero(lambda);
  p.weights.head(mu) = raw.head(mu) / positive_sum;
  const Index worst = lambda - mu;
  if (p.active && worst > 0) {
    const double negative_sum = -raw.tail(worst).sum();  // Σ |w'_j| over j > μ
    const double mu_eff_minus = negative_sum * negative_sum / raw.tail(worst).squaredNorm();
    const double alpha = std::min({1.0 + p.c_1 / p.c_mu,
                                   1.0 + 2.0 * mu_eff_minus / (p.mu_eff + 2.0),
                                   (1.0 - p.c_1 - p.c_mu) / (dn * p.c_mu)});
    p.weights.tail(worst) = alpha * raw.tail(worst) / negative_sum;
  }
  return p;
}

}  // namespace varopt
