#pragma once
// Small helpers shared by the tests.
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "varopt/core/rng.hpp"
#include "varopt/core/types.hpp"

namespace varopt::testing {

// vec({1, 2, 3}): a Vec from a list of values.
inline Vec vec(std::initializer_list<double> values) {
  Vec v(static_cast<Index>(values.size()));
  Index i = 0;
  for (const double value : values) v[i++] = value;
  return v;
}

// n logits scale·N(0, 1) from stream (seed, 0, 0).
template <class T>
std::vector<T> random_logits(std::size_t n, double scale, std::uint64_t seed) {
  Stream s(StreamId{.seed = seed});
  std::vector<T> logits(n);
  for (T& x : logits) x = static_cast<T>(scale * s.normal());
  return logits;
}

}  // namespace varopt::testing
