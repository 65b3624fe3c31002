#pragma once
// A mixed search distribution: independent named blocks, each its own SearchDistribution,
//   P(θ|ψ) = Π_b P_b(θ_b − offset_b | ψ_b),   θ = (θ_1, ..., θ_B),  ψ = (ψ_1, ..., ψ_B),
// so log P, its score and the entropy are sums over blocks and every block keeps its own
// parameterization (Gaussian (μ, log σ), Bernoulli logits, categorical logits). One solver can then
// optimize a continuous + binary + categorical + integer problem and report the solution by block
// name (dist/space_point.hpp). An integer block with bounds [lo, hi] is a categorical block over
// hi − lo + 1 values with offset lo (see dist/space_distribution.hpp).
//
// Sampling draws the blocks one after the other from the same stream; the mirrored sample mirrors
// every block (Gaussian μ − σε, Bernoulli and categorical sticks 1 − u), so a pair is antithetic in
// every block at once. As a BinaryCoupling the product exposes the sticks of its discrete blocks;
// the parameters of its other blocks are uncoupled_params(), estimated by the score function on the
// same pairs (grad/paired_binary.hpp).
#include <memory>
#include <string>
#include <vector>

#include "varopt/dist/binary_coupling.hpp"
#include "varopt/dist/finite_support.hpp"
#include "varopt/dist/search_distribution.hpp"
#include "varopt/dist/search_space.hpp"

namespace varopt {

struct ProductBlock {
  std::string name;
  VariableKind kind = VariableKind::continuous;
  std::unique_ptr<SearchDistribution> distribution;
  double offset =
      0;  // θ_b = offset + (a sample of `distribution`); integer blocks: the lower bound
};

class Product final : public SearchDistribution, public FiniteSupport, public BinaryCoupling {
 public:
  // At least one block; names non-empty and distinct; distributions non-null; finite integer
  // offsets.
  explicit Product(std::vector<ProductBlock> blocks);
  Product(const Product& other);
  Product& operator=(const Product&) = delete;

  std::string name() const override;
  Index dim() const override { return dim_; }

  Index num_blocks() const { return static_cast<Index>(blocks_.size()); }
  const SearchDistribution& block(Index b) const { return *at(b).distribution; }
  const std::string& block_name(Index b) const { return at(b).name; }
  VariableKind block_kind(Index b) const { return at(b).kind; }
  double block_offset(Index b) const { return at(b).offset; }
  // θ_b = θ.segment(block_start(b), block(b).dim()); ψ_b = ψ.segment(param_start(b),
  // block(b).num_params()).
  Index block_start(Index b) const { return starts_[static_cast<std::size_t>(b)]; }
  Index param_start(Index b) const { return param_starts_[static_cast<std::size_t>(b)]; }
  // The SearchSpace these blocks describe (categorical blocks list their category counts).
  SearchSpace space() const;

  void sample(Stream& stream, VecRef x) const override;
  bool has_mirror() const override;
  void sample_mirrored(Stream& stream, VecRef x) const override;
  double log_prob(ConstVecRef x) const override;
  void add_score(ConstVecRef x, double weight, VecRef grad) const override;
  double entropy() const override;
  Vec center() const override;
  bool has_natural_gradient() const override;
  Vec natural_gradient(ConstVecRef g) const override;
  std::vector<Index> spread_params() const override;
  // The largest block spread.
  double spread() const override;
  // The blocks' own, side by side.
  Vec coordinate_spreads() const override;
  // The largest block's; nullopt when a block is continuous.
  std::optional<double> off_mode_probability() const override;
  void clamp_spread(double floor) override;
  // Each block its segment of floors.
  void clamp_coordinate_spread(ConstVecRef floors) override;
  void scale_spread(double factor) override;
  std::unique_ptr<SearchDistribution> clone() const override;

  // Throws InvalidArgument when a block is not discrete.
  std::vector<IntegerRange> coordinate_ranges() const override;

  Index num_sticks() const override { return num_sticks_; }
  Vec stick_logits() const override;
  void stick_uniforms(Stream& stream, VecRef u) const override;
  void stick_relevance(ConstVecRef b1, ConstVecRef b2, VecRef mask) const override;
  void add_stick_gradient(ConstVecRef g_sticks, VecRef grad) const override;
  std::vector<Index> uncoupled_params() const override;

 private:
  void on_params_changed() override;
  const ProductBlock& at(Index b) const;
  const BinaryCoupling* coupling(Index b) const;
  // Params of the blocks, concatenated.
  Vec gather_params() const;
  template <class Visit>
  void for_each_point_block(ConstVecRef x, const char* where, Visit visit) const;

  std::vector<ProductBlock> blocks_;
  std::vector<Index> starts_, param_starts_, stick_starts_;
  Index dim_ = 0;
  Index num_sticks_ = 0;
};

}  // namespace varopt
