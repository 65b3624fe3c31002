#pragma once
// Noise for the relaxations, in the precision of the tensor it perturbs.
//
// Addressing: element e (flat, row-major index) of a noise tensor drawn from stream `id` is the
// 32-bit word (e mod 4) of Philox block ⌊e/4⌋ of that stream (core/rng.hpp), so one block
// gives four elements and element e is a pure function of (seed, generation, member, e): the
// same for any thread count or chunking. Uniforms lie strictly inside (0, 1):
//   float   u = (2⌊b / 2⁹⌋ + 1) · 2⁻²⁴      (23 bits, u ∈ [2⁻²⁴, 1 − 2⁻²⁴], 1 − u exact)
//   double  u = (b + ½) · 2⁻³²              (32 bits, u ∈ [2⁻³³, 1 − 2⁻³³])
// Gumbel    G = −log(−log u)                 (Gumbel 1954; the Gumbel-max trick, Luce 1959)
// Logistic  L = log u − log(1 − u)           (binary Concrete, Maddison et al. 2017)
// With 23 bits a float Gumbel lies in [−2.8, 16.6] and a logistic in [−16.6, 16.6]: the tails
// beyond carry probability 6·10⁻⁸ per element. Float transforms use varopt's vectorized log
// (max error 1.04 ulp, see docs/relax.md); double transforms use std::log.
#include <Eigen/Core>
#include <concepts>
#include <cstdint>
#include <ranges>
#include <span>

#include "varopt/core/rng.hpp"

namespace varopt::relax {

// The uniform of one 32-bit random lane, in precision T (float or double).
template <class T>
T uniform_from_lane(std::uint32_t bits);

template <>
inline float uniform_from_lane<float>(std::uint32_t bits) {
  return static_cast<float>(((bits >> 9) << 1) | 1U) * 0x1.0p-24F;
}

template <>
inline double uniform_from_lane<double>(std::uint32_t bits) {
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-32;
}

// Uniform number `element` of stream id (the scalar reference of the fills below).
template <class T>
T uniform_noise_at(const StreamId& id, std::uint64_t element) {
  return uniform_from_lane<T>(philox_block(id, element / 4)[element % 4]);
}

// out[j] = uniform, Gumbel or logistic number (first + j) of stream id; T is float or double.
// Vectorized; equal to the scalar definitions above (bit for bit for the uniforms).
template <class T>
void fill_uniform_noise(const StreamId& id, std::uint64_t first, std::span<T> out);
template <class T>
void fill_gumbel_noise(const StreamId& id, std::uint64_t first, std::span<T> out);
template <class T>
void fill_logistic_noise(const StreamId& id, std::uint64_t first, std::span<T> out);

// The Gumbel noise of the Gumbel-max / Gumbel-softmax family: drawn from a Philox stream (the
// usual case), or supplied by the caller, one value G_i per logit in the logits' row-major
// order (to share noise between calls or to reproduce another implementation's draws). Given
// noise can be any contiguous array of T: a std::vector<T>, std::array, std::span, or an Eigen
// vector with unit stride (Vec, ConstVecRef for T = double; Eigen::VectorXf for float). It is
// viewed, not copied: keep it alive while the GumbelNoise is used (a temporary passed straight
// to gumbel_max / gumbel_softmax lives long enough). Its size is checked against the logits'
// (InvalidArgument). Every form converts implicitly, so the call reads
//   gumbel_max<float>(logits, classes, noise_vector, index).
template <class T>
class GumbelNoise {
 public:
  GumbelNoise(const StreamId& stream) : stream_(stream) {}  // NOLINT(google-explicit-constructor)
  template <std::ranges::contiguous_range Values>
    requires std::ranges::sized_range<Values> &&
             std::same_as<std::ranges::range_value_t<Values>, T>
  GumbelNoise(const Values& values)  // NOLINT(google-explicit-constructor)
      : values_(std::ranges::data(values), std::ranges::size(values)), given_(true) {}
  template <class Derived>
    requires std::same_as<typename Derived::Scalar, T> &&
             (Derived::IsVectorAtCompileTime == 1) && (Derived::InnerStrideAtCompileTime == 1) &&
             ((Derived::Flags & Eigen::DirectAccessBit) != 0)
  GumbelNoise(const Eigen::DenseBase<Derived>& values)  // NOLINT(google-explicit-constructor)
      : values_(values.derived().data(), static_cast<std::size_t>(values.size())), given_(true) {}

  bool given() const { return given_; }
  const StreamId& stream() const { return stream_; }
  std::span<const T> values() const { return values_; }

 private:
  StreamId stream_{};
  std::span<const T> values_{};
  bool given_ = false;
};

}  // namespace varopt::relax
