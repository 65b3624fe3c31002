#include "varopt/core/rng.hpp"

#include <cmath>
#include <numbers>

namespace varopt {
namespace {

struct NormalPair {
  double z0, z1;
};

NormalPair box_muller(const std::array<std::uint32_t, 4>& b) {
  const double u1 = uniform_from_bits(b[0], b[1]);
  const double u2 = uniform_from_bits(b[2], b[3]);
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  return {r * std::cos(angle), r * std::sin(angle)};
}

}  // namespace

void fill_normal(const StreamId& id, std::uint64_t first, std::span<double> out) {
  std::size_t j = 0;
  std::uint64_t index = first;
  while (j < out.size()) {
    const NormalPair p = box_muller(philox_block(id, index / 2));
    if (index % 2 == 0) out[j++] = p.z0, ++index;
    if (j < out.size()) out[j++] = p.z1, ++index;
  }
}

void fill_uniform(const StreamId& id, std::uint64_t first, std::span<double> out) {
  std::size_t j = 0;
  std::uint64_t index = first;
  while (j < out.size()) {
    const auto b = philox_block(id, index / 2);
    if (index % 2 == 0) out[j++] = uniform_from_bits(b[0], b[1]), ++index;
    if (j < out.size()) out[j++] = uniform_from_bits(b[2], b[3]), ++index;
  }
}

double normal_at(const StreamId& id, std::uint64_t j) {
  const NormalPair p = box_muller(philox_block(id, j / 2));
  return j % 2 == 0 ? p.z0 : p.z1;
}

double Stream::uniform() {
  const auto b = next_block();
  return uniform_from_bits(b[0], b[1]);
}

double Stream::normal() { return box_muller(next_block()).z0; }

double Stream::gumbel() { return -std::log(-std::log(uniform())); }

std::uint64_t Stream::below(std::uint64_t n) {
  const auto b = next_block();
  const std::uint64_t bits = (static_cast<std::uint64_t>(b[1]) << 32) | b[0];
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(bits) * n) >> 64);
}

void Stream::fill_normal(std::span<double> out) {
  varopt::fill_normal(id_, 2 * block_, out);
  block_ += (out.size() + 1) / 2;
}

void Stream::fill_uniform(std::span<double> out) {
  varopt::fill_uniform(id_, 2 * block_, out);
  block_ += (out.size() + 1) / 2;
}

}  // namespace varopt
