#include "varopt/dist/product.hpp"

#include <algorithm>
#include <set>

#include "discrete_checks.hpp"
#include "varopt/core/error.hpp"

namespace varopt {

Product::Product(std::vector<ProductBlock> blocks)
    : SearchDistribution(Vec()), blocks_(std::move(blocks)) {
  require(!blocks_.empty(), "Product", "at least one block", 0);
  std::set<std::string> names;
  for (const auto& block : blocks_) {
    require(!block.name.empty(), "Product", "a non-empty block name", "''");
    require(names.insert(block.name).second, "Product", "distinct block names",
            "'" + block.name + "' twice");
    require(block.distribution != nullptr, "Product",
            "a distribution for block '" + block.name + "'", "null");
    require(std::isfinite(block.offset) && block.offset == std::floor(block.offset), "Product",
            "an integer offset for block '" + block.name + "'", block.offset);
    starts_.push_back(dim_);
    param_starts_.push_back(0);  // filled below
    stick_starts_.push_back(num_sticks_);
    dim_ += block.distribution->dim();
    if (const auto* c = dynamic_cast<const BinaryCoupling*>(block.distribution.get()))
      num_sticks_ += c->num_sticks();
  }
  Index p = 0;
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    param_starts_[b] = p;
    p += blocks_[b].distribution->num_params();
  }
  params_ = gather_params();
}

Product::Product(const Product& other)
    : SearchDistribution(other),
      starts_(other.starts_),
      param_starts_(other.param_starts_),
      stick_starts_(other.stick_starts_),
      dim_(other.dim_),
      num_sticks_(other.num_sticks_) {
  for (const auto& block : other.blocks_)
    blocks_.push_back({block.name, block.kind, block.distribution->clone(), block.offset});
}

std::string Product::name() const {
  std::string out = "Product[";
  for (std::size_t b = 0; b < blocks_.size(); ++b)
    out += (b ? "," : "") + blocks_[b].name + ":" + blocks_[b].distribution->name();
  return out + "]";
}

const ProductBlock& Product::at(Index b) const {
  require(b >= 0 && b < num_blocks(), "Product::block",
          "a block index in [0, " + std::to_string(num_blocks()) + ")", b);
  return blocks_[static_cast<std::size_t>(b)];
}

const BinaryCoupling* Product::coupling(Index b) const {
  return dynamic_cast<const BinaryCoupling*>(at(b).distribution.get());
}

Vec Product::gather_params() const {
  Index total = 0;
  for (const auto& block : blocks_) total += block.distribution->num_params();
  Vec psi(total);
  for (Index b = 0; b < num_blocks(); ++b)
    psi.segment(param_start(b), block(b).num_params()) = block(b).params();
  return psi;
}

void Product::on_params_changed() {
  for (Index b = 0; b < num_blocks(); ++b)
    blocks_[static_cast<std::size_t>(b)].distribution->set_params(
        params_.segment(param_start(b), block(b).num_params()));
}

SearchSpace Product::space() const {
  SearchSpace space;
  for (const auto& block : blocks_) {
    SpaceBlock s{block.name, block.kind, block.distribution->dim(), {}, 0, 0};
    if (const auto* finite = dynamic_cast<const FiniteSupport*>(block.distribution.get())) {
      const auto ranges = finite->coordinate_ranges();
      if (block.kind == VariableKind::categorical)
        for (const auto& r : ranges) s.categories.push_back(r.count);
      if (block.kind == VariableKind::integer && !ranges.empty()) {
        s.lower = block.offset + ranges.front().first;
        s.upper = s.lower + static_cast<double>(ranges.front().count - 1);
      }
    }
    space.blocks.push_back(std::move(s));
  }
  return space;
}

template <class Visit>
void Product::for_each_point_block(ConstVecRef x, const char* where, Visit visit) const {
  detail::require_point_size(x, dim_, where);
  for (Index b = 0; b < num_blocks(); ++b) {
    const Index n = block(b).dim();
    Vec xb = x.segment(block_start(b), n).array() - block_offset(b);
    if (const auto* finite = dynamic_cast<const FiniteSupport*>(&block(b))) {
      const auto ranges = finite->coordinate_ranges();
      for (Index j = 0; j < n; ++j) {
        const auto& r = ranges[static_cast<std::size_t>(j)];
        const double v = xb[j] - r.first;
        if (!(v >= 0 && v < static_cast<double>(r.count) && v == std::floor(v))) {
          const double lo = r.first + block_offset(b);
          throw InvalidArgument(detail::concat(where, ": expected coordinate ", j, " of block '",
                                               block_name(b), "' to be an integer in [", lo, ", ",
                                               lo + static_cast<double>(r.count - 1), "], got ",
                                               x[block_start(b) + j]));
        }
      }
    }
    visit(b, xb);
  }
}

void Product::sample(Stream& stream, VecRef x) const {
  detail::require_point_size(x, dim_, "Product::sample");
  for (Index b = 0; b < num_blocks(); ++b) {
    auto xb = x.segment(block_start(b), block(b).dim());
    block(b).sample(stream, xb);
    xb.array() += block_offset(b);
  }
}

bool Product::has_mirror() const {
  for (const auto& block : blocks_)
    if (!block.distribution->has_mirror()) return false;
  return true;
}

void Product::sample_mirrored(Stream& stream, VecRef x) const {
  detail::require_point_size(x, dim_, "Product::sample_mirrored");
  for (Index b = 0; b < num_blocks(); ++b) {
    auto xb = x.segment(block_start(b), block(b).dim());
    block(b).sample_mirrored(stream, xb);
    xb.array() += block_offset(b);
  }
}

double Product::log_prob(ConstVecRef x) const {
  double total = 0;
  for_each_point_block(x, "Product::log_prob",
                       [&](Index b, const Vec& xb) { total += block(b).log_prob(xb); });
  return total;
}

void Product::add_score(ConstVecRef x, double weight, VecRef grad) const {
  require_size(grad.size(), num_params(), "add_score", "a gradient of size");
  for_each_point_block(x, "Product::add_score", [&](Index b, const Vec& xb) {
    block(b).add_score(xb, weight, grad.segment(param_start(b), block(b).num_params()));
  });
}

double Product::entropy() const {
  double h = 0;
  for (const auto& block : blocks_) h += block.distribution->entropy();
  return h;
}

Vec Product::center() const {
  Vec x(dim_);
  for (Index b = 0; b < num_blocks(); ++b)
    x.segment(block_start(b), block(b).dim()) = block(b).center().array() + block_offset(b);
  return x;
}

bool Product::has_natural_gradient() const {
  for (const auto& block : blocks_)
    if (!block.distribution->has_natural_gradient()) return false;
  return true;
}

Vec Product::natural_gradient(ConstVecRef g) const {
  require_size(g.size(), num_params(), "natural_gradient", "a gradient of size");
  Vec d(g.size());
  for (Index b = 0; b < num_blocks(); ++b) {
    const Index p = param_start(b), m = block(b).num_params();
    d.segment(p, m) = block(b).natural_gradient(g.segment(p, m));
  }
  return d;
}

std::vector<Index> Product::spread_params() const {
  std::vector<Index> out;
  for (Index b = 0; b < num_blocks(); ++b)
    for (Index i : block(b).spread_params()) out.push_back(param_start(b) + i);
  return out;
}

double Product::spread() const {
  double largest = 0;
  for (const auto& block : blocks_) largest = std::max(largest, block.distribution->spread());
  return largest;
}

std::optional<double> Product::off_mode_probability() const {
  double largest = 0;
  for (const auto& block : blocks_) {
    const std::optional<double> own = block.distribution->off_mode_probability();
    if (!own) return std::nullopt;
    largest = std::max(largest, *own);
  }
  return largest;
}

void Product::clamp_spread(double floor) {
  for (auto& block : blocks_) block.distribution->clamp_spread(floor);
  params_ = gather_params();
}

Vec Product::coordinate_spreads() const {
  Vec out(dim_);
  for (Index b = 0; b < num_blocks(); ++b)
    out.segment(block_start(b), block(b).dim()) = block(b).coordinate_spreads();
  return out;
}

void Product::clamp_coordinate_spread(ConstVecRef floors) {
  require_size(floors.size(), dim_, "clamp_coordinate_spread", "floors of size");
  for (Index b = 0; b < num_blocks(); ++b) {
    SearchDistribution& block = *blocks_[static_cast<std::size_t>(b)].distribution;
    block.clamp_coordinate_spread(floors.segment(block_start(b), block.dim()));
  }
  params_ = gather_params();
}

void Product::scale_spread(double factor) {
  for (auto& block : blocks_) block.distribution->scale_spread(factor);
  params_ = gather_params();
}

std::unique_ptr<SearchDistribution> Product::clone() const {
  return std::make_unique<Product>(*this);
}

std::vector<IntegerRange> Product::coordinate_ranges() const {
  std::vector<IntegerRange> ranges;
  for (const auto& block : blocks_) {
    const auto* finite = dynamic_cast<const FiniteSupport*>(block.distribution.get());
    require(finite != nullptr, "Product::coordinate_ranges", "only discrete blocks",
            "the continuous block '" + block.name + "'");
    for (auto r : finite->coordinate_ranges()) ranges.push_back({r.first + block.offset, r.count});
  }
  return ranges;
}

Vec Product::stick_logits() const {
  Vec phi(num_sticks_);
  for (Index b = 0; b < num_blocks(); ++b)
    if (const auto* c = coupling(b))
      phi.segment(stick_starts_[static_cast<std::size_t>(b)], c->num_sticks()) = c->stick_logits();
  return phi;
}

void Product::stick_uniforms(Stream& stream, VecRef u) const {
  require(u.size() == num_sticks_, "Product::stick_uniforms",
          "one uniform per stick (" + std::to_string(num_sticks_) + ")", u.size());
  for (Index b = 0; b < num_blocks(); ++b) {
    if (const auto* c = coupling(b)) {
      c->stick_uniforms(stream,
                        u.segment(stick_starts_[static_cast<std::size_t>(b)], c->num_sticks()));
    } else {
      Vec skipped(block(b).dim());  // consume the block's random numbers exactly as sample() does
      block(b).sample(stream, skipped);
    }
  }
}

void Product::stick_relevance(ConstVecRef b1, ConstVecRef b2, VecRef mask) const {
  for (Index b = 0; b < num_blocks(); ++b) {
    if (const auto* c = coupling(b)) {
      const Index s = stick_starts_[static_cast<std::size_t>(b)], m = c->num_sticks();
      c->stick_relevance(b1.segment(s, m), b2.segment(s, m), mask.segment(s, m));
    }
  }
}

void Product::add_stick_gradient(ConstVecRef g_sticks, VecRef grad) const {
  require(g_sticks.size() == num_sticks_ && grad.size() == num_params(),
          "Product::add_stick_gradient",
          "stick gradient of size " + std::to_string(num_sticks_) +
              " and parameter gradient of size " + std::to_string(num_params()),
          std::to_string(g_sticks.size()) + " and " + std::to_string(grad.size()));
  for (Index b = 0; b < num_blocks(); ++b) {
    if (const auto* c = coupling(b)) {
      c->add_stick_gradient(
          g_sticks.segment(stick_starts_[static_cast<std::size_t>(b)], c->num_sticks()),
          grad.segment(param_start(b), block(b).num_params()));
    }
  }
}

std::vector<Index> Product::uncoupled_params() const {
  std::vector<Index> out;
  for (Index b = 0; b < num_blocks(); ++b) {
    if (coupling(b) != nullptr) continue;
    for (Index i = 0; i < block(b).num_params(); ++i) out.push_back(param_start(b) + i);
  }
  return out;
}

}  // namespace varopt
