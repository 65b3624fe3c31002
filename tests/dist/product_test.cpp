// Product (mixed) search distribution: the contract on a continuous + binary + categorical +
// integer product, sums over blocks, the default distribution of a SearchSpace, points by name,
// and input validation.
#include "support/vectors.hpp"
#include "varopt/dist/product.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "dist/distribution_contract.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/bernoulli.hpp"
#include "varopt/dist/categorical.hpp"
#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/dist/population.hpp"
#include "varopt/dist/space_distribution.hpp"
#include "varopt/dist/space_point.hpp"

namespace varopt {
namespace {

using testing::check_distribution_contract;

using testing::vec;

// x ∈ R², mask ∈ {0,1}³, kind ∈ {0,1,2} × {0,1,2,3}, level ∈ {−2, ..., 1}.
Product mixed() {
  std::vector<ProductBlock> blocks;
  blocks.push_back({"x", VariableKind::continuous,
                    std::make_unique<GaussianDiagonal>(vec({0.5, -1.0}), vec({0.7, 1.3})), 0});
  blocks.push_back(
      {"mask", VariableKind::binary, std::make_unique<Bernoulli>(vec({0.4, -1.0, 2.0})), 0});
  blocks.push_back({"kind", VariableKind::categorical,
                    std::make_unique<Categorical>(std::vector<Index>{3, 4},
                                                  vec({0.1, -0.3, 0.8, 0.0, 0.5, -0.6, 1.1})),
                    0});
  blocks.push_back(
      {"level", VariableKind::integer,
       std::make_unique<Categorical>(std::vector<Index>{4}, vec({0.2, 0.9, -0.4, 0.0})), -2});
  return Product(std::move(blocks));
}

SearchSpace mixed_space() {
  return {{{"x", VariableKind::continuous, 2, {}, 0, 0},
           {"mask", VariableKind::binary, 3, {}, 0, 0},
           {"kind", VariableKind::categorical, 2, {3, 4}, 0, 0},
           {"level", VariableKind::integer, 1, {}, -2, 1}}};
}

// How far a discrete distribution is from one point: max_j P(θ_j ≠ its mode), the largest
// minority probability; none for a distribution with a continuous coordinate.
TEST(Product, OffModeProbabilityIsTheLargestMinorityProbability) {
  const double p = 1 / (1 + std::exp(-0.4));  // σ(0.4), the least certain bit of mixed()'s mask
  const Bernoulli mask(vec({0.4, -1.0, 2.0}));
  EXPECT_NEAR(*mask.off_mode_probability(), 1 - p, 1e-15);
  // Categorical (3 and 4 categories): 1 − the largest probability of each, the larger of the two.
  const Categorical kind({3, 4}, vec({0.1, -0.3, 0.8, 0.0, 0.5, -0.6, 1.1}));
  const Vec& pi = kind.probabilities();
  const double expected = std::max(1 - pi.head(3).maxCoeff(), 1 - pi.tail(4).maxCoeff());
  EXPECT_NEAR(*kind.off_mode_probability(), expected, 1e-15);
  // Far from 1/2 the minority probability keeps its relative precision (no 1 − (1 − ε)).
  EXPECT_NEAR(*Bernoulli(vec({40.0})).off_mode_probability() / std::exp(-40.0), 1.0, 1e-12);
  EXPECT_NEAR(*Categorical({2}, vec({40.0, 0.0})).off_mode_probability() / std::exp(-40.0), 1.0,
              1e-12);
  // A product of discrete blocks takes the largest; a continuous block makes it none.
  std::vector<ProductBlock> discrete;
  discrete.push_back({"mask", VariableKind::binary, mask.clone(), 0});
  discrete.push_back({"kind", VariableKind::categorical, kind.clone(), 0});
  EXPECT_NEAR(*Product(std::move(discrete)).off_mode_probability(), std::max(1 - p, expected),
              1e-15);
  EXPECT_FALSE(mixed().off_mode_probability().has_value());
  EXPECT_FALSE(GaussianDiagonal(vec({0.0}), 1.0).off_mode_probability().has_value());
}

TEST(Product, Contract) {
  check_distribution_contract(mixed(), {.seed = 31});
  const Product discrete = [] {
    std::vector<ProductBlock> blocks;
    blocks.push_back({"b", VariableKind::binary, std::make_unique<Bernoulli>(vec({-0.3, 1.2})), 0});
    blocks.push_back(
        {"c", VariableKind::categorical, std::make_unique<Categorical>(std::vector<Index>{3}), 0});
    return Product(std::move(blocks));
  }();
  check_distribution_contract(discrete, {.seed = 32});
}

TEST(Product, IsTheSumOfItsBlocks) {
  const Product d = mixed();
  EXPECT_EQ(d.dim(), 8);
  EXPECT_EQ(d.num_params(), 4 + 3 + 7 + 4);
  const Vec x = vec({0.3, -0.2, 1, 0, 1, 2, 3, 0});  // level −2 + 2 = 0
  double expected = 0;
  Vec score = Vec::Zero(d.num_params());
  for (Index b = 0; b < d.num_blocks(); ++b) {
    const Vec xb = x.segment(d.block_start(b), d.block(b).dim()).array() - d.block_offset(b);
    expected += d.block(b).log_prob(xb);
    Vec gb = Vec::Zero(d.block(b).num_params());
    d.block(b).add_score(xb, 1.0, gb);
    score.segment(d.param_start(b), gb.size()) = gb;
  }
  EXPECT_NEAR(d.log_prob(x), expected, 1e-13);
  Vec g = Vec::Zero(d.num_params());
  d.add_score(x, 1.0, g);
  EXPECT_TRUE(g.isApprox(score, 1e-14));
  EXPECT_NEAR(
      d.entropy(),
      d.block(0).entropy() + d.block(1).entropy() + d.block(2).entropy() + d.block(3).entropy(),
      1e-13);
  EXPECT_EQ(d.center(), vec({0.5, -1.0, 1, 0, 1, 2, 3, -1}));
  // σ of the Gaussian block (log σ at ψ_2, ψ_3) are the spread parameters.
  EXPECT_EQ(d.spread_params(), (std::vector<Index>{2, 3}));
  EXPECT_EQ(d.uncoupled_params(), (std::vector<Index>{0, 1, 2, 3}));
  EXPECT_EQ(d.num_sticks(), 3 + (2 + 3) + 3);
  EXPECT_FALSE(d.has_natural_gradient());  // the categorical blocks have none
}

TEST(Product, SamplesStayInTheirRanges) {
  const Product d = mixed();
  const Population population(d, 4, 0, 200, true);
  const SearchSpace space = d.space();
  for (Index i = 0; i < population.size(); ++i)
    EXPECT_NO_THROW(check_point(space, population.member(i)));
}

// The sticks the product reports are the ones its discrete blocks sample with.
TEST(Product, SticksReproduceTheDiscreteBlocks) {
  const Product d = mixed();
  const Population population(d, 6, 2, 20, true);
  Vec u(d.num_sticks());
  for (Index k = 0; k < 10; ++k) {
    Stream stream(population.stream_of(2 * k));
    d.stick_uniforms(stream, u);
    const Vec b2 = population.member(2 * k);
    const Vec b1 = population.member(2 * k + 1);
    const auto& mask = dynamic_cast<const Bernoulli&>(d.block(1));
    for (Index j = 0; j < 3; ++j) {
      EXPECT_EQ(b2[2 + j], u[j] < mask.probabilities()[j] ? 1.0 : 0.0);
      EXPECT_EQ(b1[2 + j], u[j] > mask.complement_probabilities()[j] ? 1.0 : 0.0);
    }
  }
}

TEST(SpaceDistribution, BuildsOneBlockPerSpaceBlock) {
  const auto d = make_space_distribution(mixed_space(), vec({1.0, 2.0, 0, 0, 0, 0, 0, 0}), 0.5);
  const auto& product = dynamic_cast<const Product&>(*d);
  ASSERT_EQ(product.num_blocks(), 4);
  EXPECT_EQ(product.block_name(3), "level");
  EXPECT_EQ(product.block_offset(3), -2.0);
  EXPECT_EQ(product.block(3).num_params(), 4);
  const auto& gaussian = dynamic_cast<const GaussianDiagonal&>(product.block(0));
  EXPECT_EQ(Vec(gaussian.mean()), vec({1.0, 2.0}));
  EXPECT_EQ(gaussian.sigma(), vec({0.5, 0.5}));
  EXPECT_TRUE(dynamic_cast<const Bernoulli&>(product.block(1))
                  .probabilities()
                  .isApprox(Vec::Constant(3, 0.5)));
  EXPECT_EQ(product.space().blocks[2].categories, (std::vector<Index>{3, 4}));
  EXPECT_EQ(product.space().blocks[3].lower, -2.0);
  EXPECT_EQ(product.space().blocks[3].upper, 1.0);

  // A single binary block gets a bare Bernoulli.
  const SearchSpace bits{{{"bits", VariableKind::binary, 5, {}, 0, 0}}};
  EXPECT_NE(dynamic_cast<const Bernoulli*>(make_space_distribution(bits, Vec(), 1.0).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<const Categorical*>(
                make_space_distribution(bits, Vec(), 1.0, DiscreteAs::categorical).get()),
            nullptr);
}

TEST(SpacePoint, SplitsAndWritesDiscreteValuesAsIntegers) {
  const SearchSpace space = mixed_space();
  const Vec x = vec({0.25, -1.5, 1, 0, 1, 2, 3, -2});
  const auto parts = split_point(space, x);
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[2].name, "kind");
  EXPECT_EQ(parts[2].values, vec({2, 3}));
  EXPECT_EQ(point_to_json(space, x).dump(),
            R"({"kind":[2,3],"level":[-2],"mask":[1,0,1],"x":[0.25,-1.5]})");
}

TEST(SpacePoint, RejectsBadSpacesAndPoints) {
  SearchSpace space = mixed_space();
  try {
    check_point(space, vec({0.25, -1.5, 1, 0, 1, 2, 3, 2}));
    FAIL() << "an integer outside its bounds accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(
        e.what(),
        "check_point: expected coordinate 0 of block 'level' to be an integer in [-2, 1], got 2");
  }
  EXPECT_THROW(check_point(space, vec({0.25, -1.5, 1, 0, 1, 3, 3, 0})),
               InvalidArgument);  // kind 3 of 3
  EXPECT_THROW(check_point(space, vec({0.25, -1.5, 1, 0, 0.5, 2, 3, 0})), InvalidArgument);
  EXPECT_THROW(check_point(space, vec({NAN, -1.5, 1, 0, 1, 2, 3, 0})), InvalidArgument);
  EXPECT_THROW(check_point(space, vec({0.25})), InvalidArgument);

  space.blocks[2].categories = {3};  // mismatched sizes
  try {
    validate_space(space);
    FAIL() << "mismatched category counts accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "SearchSpace block 'kind': expected one category count per variable (2), got 1");
  }
  space.blocks[2].categories = {3, 0};  // zero categories
  EXPECT_THROW(validate_space(space), InvalidArgument);
  space = mixed_space();
  space.blocks[1].name = "x";
  EXPECT_THROW(validate_space(space), InvalidArgument);
  space = mixed_space();
  space.blocks[3].lower = 2;  // lower > upper
  EXPECT_THROW(validate_space(space), InvalidArgument);
  space = mixed_space();
  space.blocks[0].size = 0;
  EXPECT_THROW(validate_space(space), InvalidArgument);
  EXPECT_THROW(validate_space(SearchSpace{}), InvalidArgument);
  EXPECT_THROW(make_space_distribution(mixed_space(), vec({1.0}), 1.0), InvalidArgument);
  EXPECT_THROW(make_space_distribution(mixed_space(), Vec(), 0.0), InvalidArgument);
  SearchSpace wide{{{"n", VariableKind::integer, 1, {}, 0, 1e6}}};
  EXPECT_THROW(make_space_distribution(wide, Vec(), 1.0), InvalidArgument);
}

TEST(Product, RejectsBadBlocksAndPoints) {
  EXPECT_THROW(Product(std::vector<ProductBlock>{}), InvalidArgument);
  std::vector<ProductBlock> twins;
  twins.push_back({"a", VariableKind::binary, std::make_unique<Bernoulli>(vec({0.0})), 0});
  twins.push_back({"a", VariableKind::binary, std::make_unique<Bernoulli>(vec({0.0})), 0});
  EXPECT_THROW(Product(std::move(twins)), InvalidArgument);
  std::vector<ProductBlock> null_block;
  null_block.push_back({"a", VariableKind::binary, nullptr, 0});
  EXPECT_THROW(Product(std::move(null_block)), InvalidArgument);

  const Product d = mixed();
  try {
    d.log_prob(vec({0.3, -0.2, 1, 0, 1, 2, 3, 2}));
    FAIL() << "a value outside the integer block accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "Product::log_prob: expected coordinate 0 of block 'level' to be an integer in "
                 "[-2, 1], got 2");
  }
  EXPECT_THROW(d.log_prob(vec({0.3})), InvalidArgument);
  EXPECT_THROW(d.coordinate_ranges(), InvalidArgument);  // the continuous block
}

}  // namespace
}  // namespace varopt
