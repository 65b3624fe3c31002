#include "varopt/update/cma_update.hpp"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "varopt/core/error.hpp"
#include "varopt/core/rank_order.hpp"
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

double CmaUpdate::adapt_paths(const Vec& z_mean, const Vec& y_mean) {
  const CmaParameters& p = parameters_;
  path_sigma_ = (1 - p.c_sigma) * path_sigma_ +
                std::sqrt(p.c_sigma * (2 - p.c_sigma) * p.mu_eff) * z_mean;
  const double correction =
      std::sqrt(1 - std::pow(1 - p.c_sigma, 2.0 * static_cast<double>(generation_ + 1)));
  const bool h_sigma = path_sigma_.norm() / correction <
                       (1.4 + 2.0 / (static_cast<double>(p.dim) + 1.0)) * p.expected_norm;
  path_c_ *= 1 - p.c_c;
  if (h_sigma) path_c_ += std::sqrt(p.c_c * (2 - p.c_c) * p.mu_eff) * y_mean;
  const double delta = h_sigma ? 0.0 : p.c_c * (2 - p.c_c);
  return 1 + p.c_1 * delta - p.c_1 - p.c_mu * p.weights.sum();
}

double CmaUpdate::adapted_sigma() const {
  const CmaParameters& p = parameters_;
  return sigma_ * std::exp((p.c_sigma / p.d_sigma) * (path_sigma_.norm() / p.expected_norm - 1));
}

void CmaUpdate::full_step(const Population& population, Vec& psi) {
  const CmaParameters& p = parameters_;
  const auto& full = static_cast<const GaussianFull&>(population.distribution());
  const Index n = p.dim, mu = p.parents, lambda = p.population;
  Work& w = work_;
  // z_i and y_i = (θ_i − m)/σ = A z_i (up to rounding: θ_i = m + σA z_i), best first.
  w.z.resize(n, lambda);
  w.y.resize(n, lambda);
  for (Index k = 0; k < lambda; ++k) {
    const Index member = w.order[static_cast<std::size_t>(k)];
    gaussian_noise(population, member, w.z.col(k));
    population.sample(member, w.y.col(k));
  }
  w.y.colwise() -= full.mean();
  w.y /= sigma_;
  w.y_mean.noalias() = w.y.leftCols(mu) * p.weights.head(mu);
  w.z_mean.noalias() = w.z.leftCols(mu) * p.weights.head(mu);
  const double decay = adapt_paths(w.z_mean, w.y_mean);
  const double next_sigma = adapted_sigma();

  // The next factor σ'A' = σ'·chol(decay·C + c_1 p_c p_cᵀ + c_μ Σ w°_i y_i y_iᵀ), C = A Aᵀ, as
  // rank-one updates of (√decay σ'/σ)·(σA) = √decay σ'A with the coefficients times σ'², written
  // straight into ψ's packed factor, in one pass: the positive terms first, then the negative
  // ones (each downdate keeps C ⪰ the final C; should rounding still make one indefinite, the
  // factor is built again without this generation's negative terms). For a population large
  // against n², c_1 + c_μ nears 1 and decay 0 (exactly 0 once c_μ = 1 − c_1): the updates, which
  // divide by the scaled factor's diagonal, lose ~1/decay of their precision, and divide by 0 at
  // the end. Below kSmallestUpdatedDecay the factor is therefore formed from σ'²C' itself; decay
  // is that small only when μ_eff ≳ 0.8 (n + 2)², where the O(n³) factorization costs less than
  // forming the O(λn²) terms.
  constexpr double kSmallestUpdatedDecay = 0.1;
  psi.resize(full.num_params());
  psi.head(n) = full.mean() + sigma_ * w.y_mean;
  const double scale = std::sqrt(std::max(decay, 0.0)) * next_sigma / sigma_;
  const double square = next_sigma * next_sigma;
  w.diagonal.resize(n);
  const PackedLower factor{
      .n = n, .diagonal = w.diagonal.data(), .strictly_lower = psi.data() + 2 * n};
  const auto set_terms = [&](Index negatives) {
    w.terms.resize(n, 1 + mu + negatives);
    w.terms.col(0) = path_c_;
    w.terms.middleCols(1, mu) = w.y.leftCols(mu);
    w.terms.rightCols(negatives) = w.y.rightCols(negatives);
    w.betas.resize(1 + mu + negatives);
    w.betas[0] = square * p.c_1;
    w.betas.segment(1, mu) = (square * p.c_mu) * p.weights.head(mu);
    for (Index j = 1 + mu, i = lambda - negatives; i < lambda; ++i, ++j)
      w.betas[j] = square * p.c_mu * p.weights[i] * static_cast<double>(n) /
                   std::max(w.z.col(i).squaredNorm(), 1e-300);
  };
  const auto update_factor = [&](Index negatives) {
    set_terms(negatives);
    w.diagonal = scale * full.params().segment(n, n).array().exp();
    psi.tail(psi.size() - 2 * n) = scale * full.params().tail(psi.size() - 2 * n);
    return cholesky_rank_updates(factor, w.terms, w.betas);
  };
  const auto refactor = [&](Index negatives) {
    set_terms(negatives);
    full.cholesky(w.dense);
    w.covariance.noalias() = (scale * scale) * w.dense * w.dense.transpose();
    w.scaled_terms = w.terms * w.betas.asDiagonal();  // a product of three made a temporary
    w.covariance.noalias() += w.scaled_terms * w.terms.transpose();
    Eigen::LLT<Eigen::Ref<Mat>> cholesky(w.covariance);  // in place, lower triangle
    if (cholesky.info() != Eigen::Success) return false;
    for (Index j = 0, k = 2 * n; j < n; ++j) {
      w.diagonal[j] = w.covariance(j, j);
      for (Index i = j + 1; i < n; ++i) psi[k++] = w.covariance(i, j);
    }
    return (w.diagonal.array() > 0).all() && w.diagonal.allFinite();
  };
  Index negatives = 0;
  for (Index i = mu; i < lambda; ++i) negatives += p.weights[i] < 0 ? 1 : 0;
  if (decay >= kSmallestUpdatedDecay) {
    if (!update_factor(negatives)) update_factor(0);  // updates alone never fail
  } else if (!refactor(negatives) && !refactor(0)) {
    // The kept members span less than Rⁿ (a degenerate population): C is kept for a generation.
    w.diagonal = (next_sigma / sigma_) * full.params().segment(n, n).array().exp();
    psi.tail(psi.size() - 2 * n) = (next_sigma / sigma_) * full.params().tail(psi.size() - 2 * n);
  }
  psi.segment(n, n) = w.diagonal.array().log();
  sigma_ = next_sigma;
}

void CmaUpdate::separable_step(const Population& population, Vec& psi) {
  const CmaParameters& p = parameters_;
  const auto& diagonal = static_cast<const GaussianDiagonal&>(population.distribution());
  const Index n = p.dim;
  Work& w = work_;
  w.a = diagonal.sigma() / sigma_;  // C = diag(a²)
  // One pass over the weighted members (no negative weights here): Σ w z and Σ w (a∘z)².
  w.noise.resize(n);
  w.z_mean.setZero(n);
  w.rank_mu.setZero(n);
  for (Index k = 0; k < p.population; ++k) {
    if (p.weights[k] == 0) continue;
    gaussian_noise(population, w.order[static_cast<std::size_t>(k)], w.noise);
    w.z_mean += p.weights[k] * w.noise;
    w.rank_mu.array() += p.weights[k] * (w.a.array() * w.noise.array()).square();
  }
  w.y_mean = w.a.cwiseProduct(w.z_mean);
  const double decay = adapt_paths(w.z_mean, w.y_mean);
  w.c = (decay * w.a.array().square() + p.c_1 * path_c_.array().square() +
         p.c_mu * w.rank_mu.array()).matrix();
  const double next_sigma = adapted_sigma();
  psi.resize(2 * n);
  psi.head(n) = diagonal.mean() + sigma_ * w.y_mean;
  psi.tail(n) = (next_sigma * w.c.cwiseMax(0.0).cwiseSqrt()).array().log();
  sigma_ = next_sigma;
}

UpdateStep CmaUpdate::update(const Population& population, const Evaluations& evaluations,
                             Vec& next) {
  check_evaluations(population, evaluations, "CmaUpdate::update");
  const SearchDistribution& distribution = population.distribution();
  if (population.size() != parameters_.population)  // the messages are formatted only then
    require(false, "CmaUpdate::update",
            "a population of lambda = " + std::to_string(parameters_.population),
            population.size());
  if (!(separable_ ? is_diagonal(distribution) : is_full(distribution)))
    require(false, "CmaUpdate::update",
            separable_ ? "a GaussianDiagonal population" : "a GaussianFull population",
            distribution.name());
  rank_order(evaluations.fitness, work_.order);
  if (separable_) {
    separable_step(population, next);
  } else {
    full_step(population, next);
  }
  ++generation_;
  return {.gradient_norm = 0.0, .step_norm = (next - distribution.params()).norm()};
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
