#include "varopt/dist/population.hpp"

#include <cmath>

#include "varopt/core/error.hpp"
#include "varopt/dist/finite_support.hpp"
#include "varopt/dist/normal_noise_sampler.hpp"

namespace varopt {
namespace {

constexpr std::uint64_t kPerturbationTag = 0x72656576616c2d76ULL;  // "reeval-v"

}  // namespace

Population::Population(const SearchDistribution& distribution, std::uint64_t seed,
                       std::uint32_t generation, Index size, bool antithetic,
                       std::shared_ptr<const Box> box, EvaluationRepeats repeats,
                       Index max_kept_noise)
    : Population(distribution.clone(), seed, generation, size, antithetic, std::move(box), repeats,
                 max_kept_noise, nullptr) {}

Population::Population(std::shared_ptr<const SearchDistribution> shared, std::uint64_t seed,
                       std::uint32_t generation, Index size, bool antithetic,
                       std::shared_ptr<const Box> box, EvaluationRepeats repeats,
                       Index max_kept_noise, std::shared_ptr<KeptDraws> storage)
    : distribution_(std::move(shared)),
      seed_(seed),
      generation_(generation),
      size_(size),
      antithetic_(antithetic),
      box_(box && !box->empty() ? std::move(box) : nullptr),
      repeats_(repeats),
      evaluation_count_((size + repeats.reevaluated) * repeats.per_member) {
  const SearchDistribution& distribution = *distribution_;
  if (box_) box_->validate(distribution.dim());
  require(size >= 1, "Population", "a population size >= 1", size);
  if (antithetic) {
    require(size % 2 == 0, "Population", "an even population size with antithetic pairs", size);
    require(distribution.has_mirror(), "Population",
            "a distribution with mirrored sampling for antithetic pairs", distribution.name());
  }
  require(repeats.per_member >= 1, "Population", "at least 1 evaluation per member",
          repeats.per_member);
  require(repeats.reevaluated >= 0 && repeats.reevaluated <= size, "Population",
          "a number of re-evaluated members in [0, size]", repeats.reevaluated);
  require(std::isfinite(repeats.perturbation) && repeats.perturbation >= 0, "Population",
          "a re-evaluation perturbation >= 0", repeats.perturbation);
  require(max_kept_noise >= 0, "Population", "a bound on the kept noise >= 0", max_kept_noise);
  if (repeats.perturbation != 0) {  // discrete members are evaluated again unchanged
    if (dynamic_cast<const FiniteSupport*>(distribution_.get()) == nullptr)
      perturbation_scale_ = repeats.perturbation * distribution_->spread();
  }
  sampler_ = dynamic_cast<const NormalNoiseSampler*>(distribution_.get());
  const Index streams = antithetic ? size / 2 : size;
  if (sampler_ != nullptr && streams * dim() <= max_kept_noise)
    keep_draws(streams, std::move(storage));
}

std::shared_ptr<Population::KeptDraws> Population::recycled_storage() {
  if (kept_.use_count() != 1) return nullptr;
  return std::move(kept_);
}

void Population::keep_draws(Index streams, std::shared_ptr<KeptDraws> storage) {
  // One column per stream, of n values rounded up to even (fill_normal_streams' layout), on one
  // thread: by default at most 2²⁰ values (under 1 ms), where a parallel region cost more than
  // it saved on a loaded machine (6.8 ms instead of 0.2 ms for 1.3·10⁵ values on 2 busy cores).
  const Index n = dim();
  if (!storage) storage = std::make_shared<KeptDraws>();
  Mat& noise = storage->noise;
  noise.resize(n + n % 2, streams);
  fill_normal_streams(stream_of(0), static_cast<std::size_t>(streams), static_cast<std::size_t>(n),
                      {noise.data(), static_cast<std::size_t>(noise.size())});
  Mat& members = storage->members;
  if (sampler_->maps_columns_at_once()) {
    members.resize(n, size_);
    for (Index i = 0; i < size_; ++i) {
      const auto eps = noise.col(stream_of(i).member).head(n);
      if (mirrored(i)) {
        members.col(i) = -eps;
      } else {
        members.col(i) = eps;
      }
    }
    sampler_->map_noise_columns(members);
  } else {
    members.resize(0, 0);
  }
  kept_ = std::move(storage);
}

const double* Population::kept_noise(Index i) const {
  if (!kept_) return nullptr;
  return kept_->noise.col(stream_of(i).member).data();
}

EvaluationKey Population::key(Index e) const {
  require(e >= 0 && e < evaluation_count_, "Population::key", "an index in [0, evaluations)", e);
  const Index k = repeats_.per_member;
  if (e < size_ * k) return {.generation = generation_, .member = e % size_, .repeat = e / size_};
  const Index j = e - size_ * k;
  const Index m = repeats_.reevaluated;
  return {.generation = generation_, .member = j % m, .repeat = k + j / m};
}

void Population::evaluation_point(Index e, VecRef x) const {
  const EvaluationKey k = key(e);
  member(k.member, x);
  if (k.repeat == 0 || perturbation_scale_ == 0) return;
  const Index n = dim();
  Vec z(n);
  fill_normal({seed_ ^ kPerturbationTag, generation_, static_cast<std::uint32_t>(k.member)},
              static_cast<std::uint64_t>(k.repeat * n), {z.data(), static_cast<std::size_t>(n)});
  x += perturbation_scale_ * z;
  if (box_) box_->reflect(x);
}

StreamId Population::stream_of(Index i) const {
  require(i >= 0 && i < size_, "Population::member", "an index in [0, size)", i);
  const auto member = static_cast<std::uint32_t>(antithetic_ ? i / 2 : i);
  return {seed_, generation_, member};
}

void Population::sample(Index i, VecRef x) const {
  if (kept_ && kept_->members.size() > 0) {
    require(x.size() == dim(), "Population::sample", "a point of size dim()", x.size());
    x = kept_->members.col(i);
    return;
  }
  if (kept_) {
    sampler_->map_noise(kept_->noise.col(stream_of(i).member).head(dim()), x, mirrored(i));
    return;
  }
  Stream stream(stream_of(i));
  if (mirrored(i)) {
    distribution_->sample_mirrored(stream, x);
  } else {
    distribution_->sample(stream, x);
  }
}

void Population::member(Index i, VecRef x) const {
  sample(i, x);
  if (box_) box_->reflect(x);
}

Vec Population::member(Index i) const {
  Vec x(dim());
  member(i, x);
  return x;
}

Mat Population::matrix() const {
  Mat m(dim(), evaluation_count_);
  for (Index e = 0; e < evaluation_count_; ++e) evaluation_point(e, m.col(e));
  return m;
}

}  // namespace varopt
