#include "varopt/dist/space_distribution.hpp"

#include <cmath>

#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/categorical.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/product.hpp"
#include "varopt/dist/space_point.hpp"

namespace varopt {
namespace {

ProductBlock make_block(const SpaceBlock& block, const Vec& center, Index start, double spread,
                        DiscreteAs discrete) {
  switch (block.kind) {
    case VariableKind::continuous:
      return {block.name, block.kind,
              std::make_unique<GaussianDiagonal>(center.segment(start, block.size), spread), 0};
    case VariableKind::binary:
      if (discrete == DiscreteAs::natural)
        return {block.name, block.kind, std::make_unique<Bernoulli>(Vec::Zero(block.size)), 0};
      return {block.name, block.kind,
              std::make_unique<Categorical>(
                  std::vector<Index>(static_cast<std::size_t>(block.size), 2)),
              0};
    case VariableKind::categorical:
      return {block.name, block.kind, std::make_unique<Categorical>(block.categories), 0};
    case VariableKind::integer: {
      const double levels = block.upper - block.lower + 1;
      require(levels >= 2 && levels <= static_cast<double>(kMaxIntegerLevels),
              "make_space_distribution",
              "an integer block with 2 to " + std::to_string(kMaxIntegerLevels) +
                  " values (use a continuous block for wider ranges)",
              detail::concat("'", block.name, "' with ", levels));
      return {block.name, block.kind,
              std::make_unique<Categorical>(std::vector<Index>(static_cast<std::size_t>(block.size),
                                                               static_cast<Index>(levels))),
              block.lower};
    }
  }
  throw InvalidArgument("make_space_distribution: expected a known variable kind, got another");
}

}  // namespace

std::unique_ptr<SearchDistribution> make_space_distribution(const SearchSpace& space,
                                                            const Vec& center, double spread,
                                                            DiscreteAs discrete) {
  validate_space(space);
  require(center.size() == 0 || center.size() == space.dim(), "make_space_distribution",
          "an empty center or one of size " + std::to_string(space.dim()), center.size());
  require(std::isfinite(spread) && spread > 0, "make_space_distribution", "a spread > 0", spread);
  const Vec mean = center.size() == 0 ? Vec::Zero(space.dim()) : center;
  std::vector<ProductBlock> blocks;
  Index start = 0;
  for (const auto& block : space.blocks) {
    blocks.push_back(make_block(block, mean, start, spread, discrete));
    start += block.size;
  }
  if (blocks.size() == 1 && blocks.front().offset == 0)
    return std::move(blocks.front().distribution);
  return std::make_unique<Product>(std::move(blocks));
}

}  // namespace varopt
