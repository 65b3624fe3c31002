#include "varopt/update/cma_update.hpp"

#include <cmath>
#include <numeric>
#include <sstream>

#include "varopt/core/error.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/gaussian_full.hpp"
#include "varopt/dist/gaussian_noise.hpp"
#include "varopt/update/cholesky_rank_one.hpp"

namespace varopt {
namespace {

bool is_full(const SearchDistribution& d) { return dynamic_cast<const GaussianFull*>(&d) != nullptr; }
bool is_diagonal(const SearchDistribution& d) {
  return dynamic_cast<const GaussianDiagonal*>(&d) != nullptr;
}

std::vector<Index> ranking(const Vec& f) {
  std::vector<Index> order(static_cast<std::size_t>(f.size()));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return f[a] < f[b]; });
  return order;
}

}  // namespace

CmaUpdate::CmaUpdate(const SearchDistribution& distribution, Index lambda)
    : separable_(is_diagonal(distribution)), sigma_(distribution.spread()) {
  require(is_full(distribution) || separable_, "cma",
          "a full (GaussianFull) or diagonal (GaussianDiagonal) Gaussian distribution",
          distribution.name());
  parameters_ = CmaParameters::defaults(distribution.dim(), lambda, separable_);
  path_sigma_ = Vec::Zero(distribution.dim());
  path_c_ = Vec::Zero(distribution.dim());
}

std::string CmaUpdate::name() const {
  std::ostringstream out;
  out << (separable_ ? "sep-cma" : "cma") << "(lambda=" << parameters_.population
      << (parameters_.active ? ", active" : "") << ")";
  return out.str();
}

Mat CmaUpdate::updated_factor(const Mat& factor, const Mat& z, const Mat& y, double decay) const {
  const CmaParameters& p = parameters_;
  const Index n = p.dim;
  // w°: negative weights rescaled by n/‖z_i‖² (so the update stays bounded).
  Vec weights = p.weights;
  for (Index i = 0; i < p.population; ++i)
    if (weights[i] < 0) weights[i] *= static_cast<double>(n) / std::max(z.col(i).squaredNorm(), 1e-300);
  if (separable_) {
    Vec c = decay * factor.col(0).array().square();
    c += p.c_1 * path_c_.array().square().matrix();
    for (Index i = 0; i < p.population; ++i)
      if (weights[i] != 0) c += p.c_mu * weights[i] * y.col(i).array().square().matrix();
    return c.cwiseMax(0.0).cwiseSqrt();
  }
  Mat a = std::sqrt(decay) * factor;
  cholesky_rank_one_update(a, path_c_, p.c_1);
  for (Index i = 0; i < p.population; ++i)
    if (weights[i] > 0) cholesky_rank_one_update(a, y.col(i), p.c_mu * weights[i]);
  for (Index i = 0; i < p.population; ++i)  // downdates last: each keeps C ⪰ the final C
    if (weights[i] < 0) cholesky_rank_one_update(a, y.col(i), p.c_mu * weights[i]);
  return a;
}

UpdateStep CmaUpdate::update(const Population& population, const Evaluations& evaluations) {
  check_evaluations(population, evaluations, "CmaUpdate::update");
  const CmaParameters& p = parameters_;
  const SearchDistribution& distribution = population.distribution();
  require(population.size() == p.population, "CmaUpdate::update",
          "a population of lambda = " + std::to_string(p.population), population.size());
  require(separable_ ? is_diagonal(distribution) : is_full(distribution), "CmaUpdate::update",
          separable_ ? "a GaussianDiagonal population" : "a GaussianFull population",
          distribution.name());
  const Index n = p.dim, mu = p.parents;

  // The noise z_i and the steps y_i = A z_i, best first; A = (the distribution's factor)/σ.
  const std::vector<Index> order = ranking(evaluations.fitness);
  Mat z(n, p.population);
  for (Index k = 0; k < p.population; ++k)
    gaussian_noise(population, order[static_cast<std::size_t>(k)], z.col(k));
  Mat factor;
  Mat y;
  Vec mean;
  if (separable_) {
    const auto& diagonal = static_cast<const GaussianDiagonal&>(distribution);
    factor = diagonal.sigma() / sigma_;
    y = factor.col(0).asDiagonal() * z;
    mean = diagonal.mean();
  } else {
    const auto& full = static_cast<const GaussianFull&>(distribution);
    factor = full.cholesky() / sigma_;
    y = factor.triangularView<Eigen::Lower>() * z;
    mean = full.mean();
  }
  const Vec z_mean = z.leftCols(mu) * p.weights.head(mu);
  const Vec y_mean = y.leftCols(mu) * p.weights.head(mu);

  path_sigma_ = (1 - p.c_sigma) * path_sigma_ +
                std::sqrt(p.c_sigma * (2 - p.c_sigma) * p.mu_eff) * z_mean;
  const double norm_sigma = path_sigma_.norm();
  const double correction =
      std::sqrt(1 - std::pow(1 - p.c_sigma, 2.0 * static_cast<double>(generation_ + 1)));
  const bool h_sigma = norm_sigma / correction <
                       (1.4 + 2.0 / (static_cast<double>(n) + 1.0)) * p.expected_norm;
  path_c_ = (1 - p.c_c) * path_c_;
  if (h_sigma) path_c_ += std::sqrt(p.c_c * (2 - p.c_c) * p.mu_eff) * y_mean;
  const double delta = h_sigma ? 0.0 : p.c_c * (2 - p.c_c);
  const double decay = 1 + p.c_1 * delta - p.c_1 - p.c_mu * p.weights.sum();

  const Mat next_factor = updated_factor(factor, z, y, decay);
  const double next_sigma =
      sigma_ * std::exp((p.c_sigma / p.d_sigma) * (norm_sigma / p.expected_norm - 1));
  const Vec next_mean = mean + sigma_ * y_mean;
  Vec next;
  if (separable_) {
    next.resize(2 * n);
    next.head(n) = next_mean;
    next.tail(n) = (next_sigma * next_factor.col(0)).array().log();
  } else {
    next = GaussianFull::params_of(next_mean, next_sigma * next_factor);
  }
  sigma_ = next_sigma;
  ++generation_;
  const double step_norm = (next - distribution.params()).norm();
  return {.params = std::move(next), .gradient_norm = 0.0, .step_norm = step_norm};
}

Json CmaUpdate::state() const {
  return {{"sigma", sigma_},
          {"path_sigma", to_json(path_sigma_)},
          {"path_c", to_json(path_c_)},
          {"generation", generation_}};
}

void CmaUpdate::restore(const Json& state) {
  const auto number = [&](const char* key) {
    if (!state.is_object() || !state.contains(key) || !state[key].is_number())
      throw FileError(std::string("cma update state: expected a number '") + key + "'");
    return state[key].get<double>();
  };
  const double sigma = number("sigma");
  const double generation = number("generation");
  if (!(std::isfinite(sigma) && sigma > 0))
    throw FileError("cma update state: expected sigma > 0, got " + std::to_string(sigma));
  if (!(generation >= 0 && generation < 9e15 && generation == std::floor(generation)))
    throw FileError("cma update state: expected a generation count >= 0");
  if (!state.contains("path_sigma") || !state.contains("path_c"))
    throw FileError("cma update state: expected the paths 'path_sigma' and 'path_c'");
  Vec path_sigma =
      vec_from_json(state["path_sigma"], "cma update state 'path_sigma'", parameters_.dim);
  Vec path_c = vec_from_json(state["path_c"], "cma update state 'path_c'", parameters_.dim);
  if (!path_sigma.allFinite() || !path_c.allFinite())
    throw FileError("cma update state: expected finite evolution paths");
  sigma_ = sigma;
  generation_ = static_cast<Index>(generation);
  path_sigma_ = std::move(path_sigma);
  path_c_ = std::move(path_c);
}

}  // namespace varopt
