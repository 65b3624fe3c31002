#include "varopt/dist/population.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

Population::Population(const SearchDistribution& distribution, std::uint64_t seed,
                       std::uint32_t generation, Index size, bool antithetic,
                       std::shared_ptr<const Box> box)
    : distribution_(distribution.clone()),
      seed_(seed),
      generation_(generation),
      size_(size),
      antithetic_(antithetic),
      box_(box && !box->empty() ? std::move(box) : nullptr) {
  if (box_) box_->validate(distribution.dim());
  require(size >= 1, "Population", "a population size >= 1", size);
  if (antithetic) {
    require(size % 2 == 0, "Population", "an even population size with antithetic pairs", size);
    require(distribution.has_mirror(), "Population",
            "a distribution with mirrored sampling for antithetic pairs", distribution.name());
  }
}

StreamId Population::stream_of(Index i) const {
  require(i >= 0 && i < size_, "Population::member", "an index in [0, size)", i);
  const auto member = static_cast<std::uint32_t>(antithetic_ ? i / 2 : i);
  return {seed_, generation_, member};
}

void Population::sample(Index i, VecRef x) const {
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
  Mat m(dim(), size_);
  for (Index i = 0; i < size_; ++i) member(i, m.col(i));
  return m;
}

}  // namespace varopt
