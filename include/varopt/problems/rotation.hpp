#pragma once
// Random rotations for the "rotated-*" problems: f_R(x) = f(R x), with R a uniformly (Haar)
// distributed orthogonal matrix, so that an axis-aligned function such as the ellipsoid becomes
// non-separable with the same spectrum (Hansen et al. 2009, COCO/BBOB's rotated functions).
// Its gradient is ∇f_R(x) = Rᵀ ∇f(R x); its minimum value is f's, at Rᵀ x* for f's minimizer x*.
//
// R is made from the problem seed: G has i.i.d. N(0, 1) entries, normal number j of the Philox
// stream (seed ⊕ tag, generation 0, member 0) being G(j mod n, j / n); G = QR (Householder), and
// R = Q · diag(sign R_ii) is Haar distributed (Mezzadri 2007, "How to generate random matrices
// from the classical compact groups", Notices AMS 54(5)).
#include <cstdint>

#include "varopt/core/types.hpp"

namespace varopt::problems {

// The largest dimension of a random rotation: R is n × n doubles, and making it holds three such
// matrices (G, its QR factors, Q: 2.4 GB at n = 10⁴) for O(n³) time. Beyond it random_rotation
// refuses, naming the memory it would take (D19).
inline constexpr Index kMaxRotationDim = 10'000;

// The n × n rotation of `seed` (1 ≤ n ≤ kMaxRotationDim).
Mat random_rotation(Index n, std::uint64_t seed);

}  // namespace varopt::problems
