#include "varopt/grad/paired_binary.hpp"

#include <cmath>

#include "varopt/core/error.hpp"
#include "varopt/dist/binary_coupling.hpp"
#include "varopt/dist/logistic.hpp"

namespace varopt {

void PairedBinaryEstimator::check_distribution(const SearchDistribution& dist,
                                               std::string_view where) const {
  const auto* coupling = dynamic_cast<const BinaryCoupling*>(&dist);
  require(coupling != nullptr && coupling->num_sticks() > 0, where,
          name() + ": a distribution with binary variables (Bernoulli, Categorical, or a Product "
                   "with a discrete block)",
          dist.name());
}

void PairedBinaryEstimator::gradient(const Population& population, const Evaluations& evaluations,
                                     Vec& grad) const {
  const std::string where = name() + "::gradient";
  check_evaluations(population, evaluations, where);
  require(population.antithetic(), where, "an antithetic (paired) population",
          "independent samples");
  const SearchDistribution& dist = population.distribution();
  check_distribution(dist, where);
  const auto* coupling = dynamic_cast<const BinaryCoupling*>(&dist);

  const Index pairs = population.size() / 2;
  const Index m = coupling->num_sticks();
  const Vec phi = coupling->stick_logits();
  const Vec p = phi.unaryExpr([](double v) { return sigmoid(v); });
  const Vec q = phi.unaryExpr([](double v) { return sigmoid(-v); });
  const Vec& f = evaluations.fitness;

  Vec g_sticks = Vec::Zero(m);
  Vec u(m), b1(m), b2(m), mask(m);
  for (Index k = 0; k < pairs; ++k) {
    Stream stream(population.stream_of(2 * k));
    coupling->stick_uniforms(stream, u);
    for (Index j = 0; j < m; ++j) {
      b2[j] = u[j] < p[j] ? 1.0 : 0.0;
      b1[j] = u[j] > q[j] ? 1.0 : 0.0;
    }
    coupling->stick_relevance(b1, b2, mask);
    const double f1 = f[2 * k + 1], f2 = f[2 * k];
    for (Index j = 0; j < m; ++j)
      if (mask[j] != 0.0) g_sticks[j] += stick_term(f1, f2, u[j], phi[j], b1[j], b2[j]);
  }
  g_sticks /= static_cast<double>(pairs);
  grad.setZero(dist.num_params());
  coupling->add_stick_gradient(g_sticks, grad);

  const std::vector<Index> uncoupled = coupling->uncoupled_params();
  if (!uncoupled.empty()) {
    Vec score = Vec::Zero(dist.num_params());
    Vec x(dist.dim());
    const double total = f.sum();
    for (Index k = 0; k < pairs; ++k) {
      const double others =
          pairs > 1 ? (total - f[2 * k] - f[2 * k + 1]) / static_cast<double>(2 * (pairs - 1))
                    : 0.0;
      for (Index i = 2 * k; i <= 2 * k + 1; ++i) {
        population.sample(i, x);
        dist.add_score(x, f[i] - others, score);
      }
    }
    for (Index i : uncoupled) grad[i] = score[i] / static_cast<double>(2 * pairs);
  }
}

}  // namespace varopt
