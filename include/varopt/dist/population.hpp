#pragma once
// One generation's samples, held implicitly: member i is regenerated on demand from the
// counter-based RNG, so memory is O(n), never O(population × n) (the shared-seed trick of
// Salimans et al. 2017, "Evolution Strategies as a Scalable Alternative to RL").
//
// Addressing: without antithetic sampling member i draws from stream (seed, generation, i);
// with it, members 2k and 2k+1 share stream (seed, generation, k), member 2k+1 mirrored.
// With box bounds (dist/box.hpp), sample(i) is the distribution's draw θ_i and member(i) the
// point that is evaluated and reported, reflect(θ_i), inside the box; without, they agree.
// Scores and noise belong to θ_i (sample); objective values to member(i).
#include <memory>

#include "varopt/core/rng.hpp"
#include "varopt/core/types.hpp"
#include "varopt/dist/box.hpp"
#include "varopt/dist/search_distribution.hpp"

namespace varopt {

class Population {
 public:
  // Snapshots `distribution` (ψ at ask time). size ≥ 1; even when antithetic.
  Population(const SearchDistribution& distribution, std::uint64_t seed, std::uint32_t generation,
             Index size, bool antithetic, std::shared_ptr<const Box> box = nullptr);

  Index size() const { return size_; }
  Index dim() const { return distribution_->dim(); }
  bool antithetic() const { return antithetic_; }
  std::uint32_t generation() const { return generation_; }
  std::uint64_t seed() const { return seed_; }
  const SearchDistribution& distribution() const { return *distribution_; }

  // The stream member i draws from, and whether it is the mirrored half of a pair.
  StreamId stream_of(Index i) const;
  bool mirrored(Index i) const { return antithetic_ && (i % 2 == 1); }

  // Writes the draw θ_i into x (size dim()).
  void sample(Index i, VecRef x) const;
  // Writes member i, the point evaluated (θ_i reflected into the box, if any), into x.
  void member(Index i, VecRef x) const;
  Vec member(Index i) const;
  const Box* box() const { return box_.get(); }
  // All members as columns of a dim() × size() matrix (O(population × n) memory).
  Mat matrix() const;

 private:
  std::shared_ptr<const SearchDistribution> distribution_;
  std::uint64_t seed_;
  std::uint32_t generation_;
  Index size_;
  bool antithetic_;
  std::shared_ptr<const Box> box_;
};

}  // namespace varopt
