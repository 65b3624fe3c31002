#pragma once
// Discrete and mixed benchmark problems, all to be minimized (make_problem wraps them by name; see
// problems/problem.hpp). b ∈ {0, 1}^n unless said otherwise.
//
//   two_point       Σ_i f(b_i), f(0) = 0.45, f(1) = 0.53: the lecture's example; for one
//                   variable b ~ Bernoulli(p), p = σ(φ), J(p) = 0.08p + 0.45.       min 0.45 n at 0
//   toy             Σ_i (b_i − t)²: with p = σ(φ), J = Σ p(1−t)² + (1−p)t², ∂J/∂φ = p(1−p)(1−2t)
//                   (Tucker et al. 2017, REBAR; the estimators' standard test)  min at b = 1[t > ½]
//   onemax          n − Σ_i b_i                                                    min 0 at 1
//   leading_ones    n − (number of leading ones)                                   min 0 at 1
//   trap            Σ over blocks of k bits with u ones of k − trap_k(u), trap_k(k) = k,
//                   trap_k(u) = k − 1 − u otherwise (Deb & Goldberg 1993; fully deceptive: every
//                   block's slope points to 0 while the optimum is all ones; a last partial block
//                   uses its own size)                                             min 0 at 1
//   NK landscape    F(b) = (1/n) Σ_i T_i[b_i, b_{i+1}, ..., b_{i+K}] (indices mod n), tables of
//                   U(0, 1) values (Kauffman & Weinberger 1989); f = −F. With adjacent
//                   neighbourhoods the exact optimum is found by dynamic programming over the ring.
//   max-cut         f = −(number of edges between {b = 0} and {b = 1}) on an Erdős–Rényi graph.
//   knapsack        items with integer weights w_i, values v_i ∈ {1..100}, capacity ⌊Σw/2⌋;
//                   f = −Σ v_i b_i when Σ w_i b_i ≤ C, else the excess Σ w_i b_i − C > 0, so every
//                   feasible point beats every infeasible one and infeasible points are ranked by
//                   their violation (Deb 2000's feasibility rule); exact optimum by DP.
//   mixed           x ∈ R^m, kind ∈ {0,1,2}^m, count ∈ {0..10}:
//                   Σ_i (x_i − a_{kind_i})² + c_{kind_i} + 0.1 (count − 7)²,
//                   a = (−1, 1, 2.5), c = (0.5, 0, 0.2): the kind decides where x should go; from
//                   x = 0 the nearest basin is the best one                 min 0 at x = 1, kind =
//                   1, count = 7
// Random instances are drawn from varopt's Philox streams, so an instance is a pure function of
// (n, seed).
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "varopt/core/types.hpp"

namespace varopt::problems {

double two_point(ConstVecRef b);
double toy(ConstVecRef b, double t);
double onemax(ConstVecRef b);
double leading_ones(ConstVecRef b);
double trap(ConstVecRef b, Index k);

class NkLandscape {
 public:
  // n ≥ k + 1, k ≥ 0; tables from stream (seed, generation 'N''K').
  NkLandscape(Index n, Index k, std::uint64_t seed);
  Index n() const { return n_; }
  Index k() const { return k_; }
  // F(b) ∈ [0, 1] (to maximize).
  double fitness(ConstVecRef b) const;
  // max_b F(b), by dynamic programming over the ring: O(4^k n).
  double max_fitness() const;

 private:
  double term(Index i, Index window) const {
    return table_[static_cast<std::size_t>(i * (Index{1} << (k_ + 1)) + window)];
  }
  Index n_, k_;
  std::vector<double> table_;
};

// The most vertices of a MaxCutGraph: G(n, p) keeps about p n(n − 1)/2 edges of 16 bytes (400 MB
// at n = 10⁴, p = ½) and draws n(n − 1)/2 uniforms. Beyond it the constructor refuses, naming the
// memory the graph would take (D19).
inline constexpr Index kMaxCutMaxVertices = 10'000;

class MaxCutGraph {
 public:
  // G(n, edge_probability), 2 ≤ n ≤ kMaxCutMaxVertices; edges from stream (seed, generation
  // 'M''C').
  MaxCutGraph(Index n, double edge_probability, std::uint64_t seed);
  Index n() const { return n_; }
  const std::vector<std::pair<Index, Index>>& edges() const { return edges_; }
  double cut(ConstVecRef b) const;

 private:
  Index n_;
  std::vector<std::pair<Index, Index>> edges_;
};

class Knapsack {
 public:
  // n ≥ 1 items; weights and values uniform in {1..100} from stream (seed, generation 'K''P').
  Knapsack(Index n, std::uint64_t seed);
  const Vec& weights() const { return weights_; }
  const Vec& values() const { return values_; }
  double capacity() const { return capacity_; }
  // The objective above (−value if feasible, else the excess weight).
  double objective(ConstVecRef b) const;
  // −(best feasible value), by dynamic programming over the capacity; nullopt when n · C >
  // max_work.
  std::optional<double> optimum(double max_work = 2e8) const;

 private:
  Vec weights_, values_;
  double capacity_;
};

// The mixed problem on x (m), kind (m), count (1), concatenated in that order (size 2m + 1).
double mixed(ConstVecRef point);

}  // namespace varopt::problems
