#include "varopt/problems/discrete.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "varopt/core/error.hpp"
#include "varopt/core/memory_size.hpp"
#include "varopt/core/rng.hpp"

namespace varopt::problems {
namespace {

// Stream generations of the instance generators (distinct from a solver's generation counter
// only by convention: instances and runs use separate seeds in practice).
constexpr std::uint32_t kNkTag = 0x4E4B0000;        // 'N''K'
constexpr std::uint32_t kMaxCutTag = 0x4D430000;    // 'M''C'
constexpr std::uint32_t kKnapsackTag = 0x4B500000;  // 'K''P'

bool bit(ConstVecRef b, Index i) { return b[i] != 0.0; }

}  // namespace

double two_point(ConstVecRef b) {
  double total = 0;
  for (Index i = 0; i < b.size(); ++i) total += bit(b, i) ? 0.53 : 0.45;
  return total;
}

double toy(ConstVecRef b, double t) { return (b.array() - t).square().sum(); }

double onemax(ConstVecRef b) { return static_cast<double>(b.size()) - b.sum(); }

double leading_ones(ConstVecRef b) {
  Index count = 0;
  while (count < b.size() && bit(b, count)) ++count;
  return static_cast<double>(b.size() - count);
}

double trap(ConstVecRef b, Index k) {
  require(k >= 1, "problems::trap", "a block size k >= 1", k);
  double total = 0;
  for (Index start = 0; start < b.size(); start += k) {
    const Index size = std::min(k, b.size() - start);
    const Index ones = static_cast<Index>(b.segment(start, size).sum());
    const Index value = ones == size ? size : size - 1 - ones;
    total += static_cast<double>(size - value);
  }
  return total;
}

NkLandscape::NkLandscape(Index n, Index k, std::uint64_t seed) : n_(n), k_(k) {
  require(k >= 0 && k <= 16, "NkLandscape", "0 <= K <= 16", k);
  require(n >= k + 1, "NkLandscape", "n >= K + 1 = " + std::to_string(k + 1), n);
  table_.resize(static_cast<std::size_t>(n * (Index{1} << (k + 1))));
  Stream stream = Rng(seed).stream(kNkTag, 0);
  stream.fill_uniform(table_);
}

double NkLandscape::fitness(ConstVecRef b) const {
  require(b.size() == n_, "NkLandscape::fitness", "a point of dimension " + std::to_string(n_),
          b.size());
  double total = 0;
  for (Index i = 0; i < n_; ++i) {
    Index window = 0;
    for (Index j = 0; j <= k_; ++j) window |= static_cast<Index>(bit(b, (i + j) % n_)) << j;
    total += term(i, window);
  }
  return total / static_cast<double>(n_);
}

double NkLandscape::max_fitness() const {
  // Fix the first K bits w; the state is the last K bits assigned (bit t = b_{j−K+1+t}); assigning
  // b_{j+1} completes term j + 1 − K. The K terms that wrap around are added at the end from the
  // cyclic read b_{n−K}, ..., b_{n−1}, b_0, ..., b_{K−1}.
  const Index states = Index{1} << k_;
  const Index window_mask = (Index{1} << (k_ + 1)) - 1;
  const double minus_inf = -std::numeric_limits<double>::infinity();
  double best = minus_inf;
  std::vector<double> value(static_cast<std::size_t>(states)),
      next(static_cast<std::size_t>(states));
  for (Index w = 0; w < states; ++w) {
    std::fill(value.begin(), value.end(), minus_inf);
    value[static_cast<std::size_t>(w)] = 0;
    for (Index j = k_; j < n_; ++j) {
      std::fill(next.begin(), next.end(), minus_inf);
      for (Index s = 0; s < states; ++s) {
        if (value[static_cast<std::size_t>(s)] == minus_inf) continue;
        for (Index c = 0; c <= 1; ++c) {
          const Index window = s | (c << k_);
          const double v = value[static_cast<std::size_t>(s)] + term(j - k_, window);
          double& slot = next[static_cast<std::size_t>(window >> 1)];
          slot = std::max(slot, v);
        }
      }
      std::swap(value, next);
    }
    for (Index s = 0; s < states; ++s) {
      if (value[static_cast<std::size_t>(s)] == minus_inf) continue;
      const Index cyclic = s | (w << k_);
      double v = value[static_cast<std::size_t>(s)];
      for (Index t = 0; t < k_; ++t) v += term(n_ - k_ + t, (cyclic >> t) & window_mask);
      best = std::max(best, v);
    }
  }
  return best / static_cast<double>(n_);
}

MaxCutGraph::MaxCutGraph(Index n, double edge_probability, std::uint64_t seed) : n_(n) {
  require(n >= 2, "MaxCutGraph", "n >= 2 vertices", n);
  require(edge_probability > 0 && edge_probability <= 1, "MaxCutGraph",
          "an edge probability in (0, 1]", edge_probability);
  if (n > kMaxCutMaxVertices) {
    const double pairs = 0.5 * static_cast<double>(n) * static_cast<double>(n - 1);
    const double bytes = edge_probability * pairs * sizeof(std::pair<Index, Index>);
    throw InvalidArgument(detail::concat(
        "MaxCutGraph: expected n <= ", kMaxCutMaxVertices, " vertices (the edge list of G(n, ",
        edge_probability, ") takes about ", memory_size(bytes), " at n = ", n, "), got ", n));
  }
  Stream stream = Rng(seed).stream(kMaxCutTag, 0);
  std::vector<double> u(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    stream.fill_uniform({u.data(), static_cast<std::size_t>(n - i - 1)});
    for (Index j = i + 1; j < n; ++j)
      if (u[static_cast<std::size_t>(j - i - 1)] < edge_probability) edges_.emplace_back(i, j);
  }
}

double MaxCutGraph::cut(ConstVecRef b) const {
  require(b.size() == n_, "MaxCutGraph::cut", "a point of dimension " + std::to_string(n_),
          b.size());
  Index count = 0;
  for (const auto& [i, j] : edges_) count += bit(b, i) != bit(b, j) ? 1 : 0;
  return static_cast<double>(count);
}

Knapsack::Knapsack(Index n, std::uint64_t seed) : weights_(n < 1 ? 0 : n), values_(n < 1 ? 0 : n) {
  require(n >= 1, "Knapsack", "at least one item", n);
  Stream stream = Rng(seed).stream(kKnapsackTag, 0);
  for (Index i = 0; i < n; ++i) {
    weights_[i] = static_cast<double>(1 + stream.below(100));
    values_[i] = static_cast<double>(1 + stream.below(100));
  }
  capacity_ = std::floor(weights_.sum() / 2);
}

double Knapsack::objective(ConstVecRef b) const {
  require(b.size() == weights_.size(), "Knapsack::objective",
          "a point of dimension " + std::to_string(weights_.size()), b.size());
  const double weight = b.dot(weights_);
  return weight <= capacity_ ? -b.dot(values_) : weight - capacity_;
}

std::optional<double> Knapsack::optimum(double max_work) const {
  const auto capacity = static_cast<Index>(capacity_);
  if (static_cast<double>(weights_.size()) * static_cast<double>(capacity + 1) > max_work)
    return std::nullopt;
  std::vector<double> best(static_cast<std::size_t>(capacity + 1),
                           0.0);  // best value within weight c
  for (Index i = 0; i < weights_.size(); ++i) {
    const auto w = static_cast<Index>(weights_[i]);
    for (Index c = capacity; c >= w; --c)
      best[static_cast<std::size_t>(c)] = std::max(
          best[static_cast<std::size_t>(c)], best[static_cast<std::size_t>(c - w)] + values_[i]);
  }
  return -best.back();
}

double mixed(ConstVecRef point) {
  require(point.size() >= 3 && point.size() % 2 == 1, "problems::mixed",
          "a point of size 2m + 1 (m >= 1)", point.size());
  static constexpr double target[] = {-1.0, 1.0, 2.5};
  static constexpr double cost[] = {0.5, 0.0, 0.2};
  const Index m = (point.size() - 1) / 2;
  double total = 0;
  for (Index i = 0; i < m; ++i) {
    const auto kind = static_cast<std::size_t>(point[m + i]);
    require(kind < 3 && point[m + i] == static_cast<double>(kind), "problems::mixed",
            "kind values in {0, 1, 2}", point[m + i]);
    const double d = point[i] - target[kind];
    total += d * d + cost[kind];
  }
  const double count = point[2 * m] - 7.0;
  return total + 0.1 * count * count;
}

}  // namespace varopt::problems
