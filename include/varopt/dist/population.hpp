#pragma once
// One generation's samples, held implicitly: member i is regenerated on demand from the
// counter-based RNG, so memory is O(n), never O(population × n) (the shared-seed trick of
// Salimans et al. 2017, "Evolution Strategies as a Scalable Alternative to RL"). Only a small
// Gaussian generation keeps its noise (below: kept noise).
//
// Addressing: without antithetic sampling member i draws from stream (seed, generation, i);
// with it, members 2k and 2k+1 share stream (seed, generation, k), member 2k+1 mirrored.
// With box bounds (dist/box.hpp), sample(i) is the distribution's draw θ_i and member(i) the
// point that is evaluated and reported, reflect(θ_i), inside the box; without, they agree.
// Scores and noise belong to θ_i (sample); objective values to member(i).
//
// Kept noise: when the distribution draws from normal noise (dist/normal_noise_sampler.hpp:
// every Gaussian) and the generation's noise is at most max_kept_noise values (streams × n,
// streams = λ, or λ/2 with antithetic pairs; 2²⁰ values = 8 MiB by default), the constructor
// draws each stream's ε once and keeps it, shared read-only by the copies (so threads read it
// concurrently without locks). sample(), member() and the update rules' noise
// (gaussian_noise(), the weighted score sums) then read ε instead of drawing it again from ask to
// tell. Larger generations regenerate on demand, so memory stays O(n) there. Kept and
// regenerated ε are the same numbers: results do not depend on which path computed them.
// Where the distribution maps many ε at once faster than one by one (GaussianFull: one pass
// over its factor instead of one per member), the constructor also keeps the members θ_i
// (λ × n values), mapped in that one pass, and sample() copies them: the same bits again.
//
// Evaluations: a population asks for one evaluation per member, or, with repeated evaluations
// (noise handling, solve/noise_handling.hpp), for k per member plus k more of the first m
// members. Evaluation e is key(e) = (generation, member, repeat), in this order:
//   e < λk:   member e mod λ, repeat ⌊e/λ⌋
//   e ≥ λk:   j = e − λk, member j mod m, repeat k + ⌊j/m⌋.
// Repeat 0 is evaluated at member(i). A repeat r > 0 of a purely continuous distribution's member
// is evaluated at member(i) + ε·spread·z_r (z_r ~ N(0, I), normals [r·n, (r+1)·n) of stream
// (seed ⊕ tag, generation, i)), reflected into the box: the perturbed re-evaluation of Hansen et
// al. 2009, so that noise which is a deterministic function of x still shows as noise. Discrete
// and mixed members are evaluated again unchanged.
#include <memory>

#include "varopt/core/rng.hpp"
#include "varopt/core/types.hpp"
#include "varopt/dist/box.hpp"
#include "varopt/dist/search_distribution.hpp"
#include "varopt/eval/objective.hpp"

namespace varopt {

struct EvaluationRepeats {
  Index per_member = 1;     // k ≥ 1
  Index reevaluated = 0;    // m in [0, λ]: members evaluated k more times
  double perturbation = 0;  // ε ≥ 0
};

// The default bound on the kept noise, in values (see above).
inline constexpr Index kMaxKeptNoise = Index{1} << 20;

class NormalNoiseSampler;

class Population {
 public:
  // Snapshots `distribution` (ψ at ask time). size ≥ 1; even when antithetic. max_kept_noise ≥ 0
  // bounds the kept noise (0: always regenerate).
  Population(const SearchDistribution& distribution, std::uint64_t seed, std::uint32_t generation,
             Index size, bool antithetic, std::shared_ptr<const Box> box = nullptr,
             EvaluationRepeats repeats = {}, Index max_kept_noise = kMaxKeptNoise);
  // What a population keeps of its draws (see above).
  struct KeptDraws {
    Mat noise;    // each stream's ε as a column (n rounded up to even rows)
    Mat members;  // θ_i as columns, where the distribution maps them at once; else empty
  };
  // The same on a distribution that the caller shares and no longer changes (the solver's,
  // double-buffered: solve/solver.hpp), without copying it. `storage`, when given, is where the
  // kept draws go: an earlier population's (recycled_storage()) that nothing else holds any
  // more, so that a steady ask/tell loop allocates nothing.
  Population(std::shared_ptr<const SearchDistribution> distribution, std::uint64_t seed,
             std::uint32_t generation, Index size, bool antithetic, std::shared_ptr<const Box> box,
             EvaluationRepeats repeats, Index max_kept_noise, std::shared_ptr<KeptDraws> storage);

  Index size() const { return size_; }
  Index dim() const { return distribution_->dim(); }
  bool antithetic() const { return antithetic_; }
  std::uint32_t generation() const { return generation_; }
  std::uint64_t seed() const { return seed_; }
  const SearchDistribution& distribution() const { return *distribution_; }

  // The stream member i draws from, and whether it is the mirrored half of a pair.
  StreamId stream_of(Index i) const;
  bool mirrored(Index i) const { return antithetic_ && (i % 2 == 1); }
  // The kept ε of member i's stream (dim() values, not negated for a mirrored member), or null
  // when this population regenerates its noise.
  const double* kept_noise(Index i) const;
  bool keeps_noise() const { return kept_ != nullptr; }
  // The storage of the kept draws, for a later population, when this is its only holder (the
  // population is left without kept draws then); else null.
  std::shared_ptr<KeptDraws> recycled_storage();

  // Writes the draw θ_i into x (size dim()).
  void sample(Index i, VecRef x) const;
  // Writes member i, the point evaluated (θ_i reflected into the box, if any), into x.
  void member(Index i, VecRef x) const;
  Vec member(Index i) const;
  const Box* box() const { return box_.get(); }

  // The evaluations this population asks for (size() without repeats), their keys and points.
  Index evaluation_count() const { return evaluation_count_; }
  const EvaluationRepeats& repeats() const { return repeats_; }
  EvaluationKey key(Index e) const;
  void evaluation_point(Index e, VecRef x) const;
  // All evaluation points as columns of a dim() × evaluation_count() matrix (O(population × n)
  // memory); the members themselves without repeats.
  Mat matrix() const;

 private:
  // Draws the ε of the first `streams` streams into `storage` (allocated when null), maps the
  // members where the sampler maps columns at once, and keeps them.
  void keep_draws(Index streams, std::shared_ptr<KeptDraws> storage);

  std::shared_ptr<const SearchDistribution> distribution_;
  std::uint64_t seed_;
  std::uint32_t generation_;
  Index size_;
  bool antithetic_;
  std::shared_ptr<const Box> box_;
  EvaluationRepeats repeats_;
  Index evaluation_count_;
  double perturbation_scale_ = 0;  // ε·spread where repeats are perturbed, else 0
  // The distribution as a NormalNoiseSampler, where it is one; its kept draws, where kept.
  const NormalNoiseSampler* sampler_ = nullptr;
  std::shared_ptr<KeptDraws> kept_;  // written only by keep_draws
};

}  // namespace varopt
