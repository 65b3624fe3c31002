// The distributions' kernel variants against the portable one. Their results may differ in the
// last bits (vector widths and fused multiply-adds change the rounding, packed_lower.hpp), so each
// output is compared within the error bound of the sums it is made of (Higham, Accuracy and
// Stability of Numerical Algorithms, 2002, §3.1 and §8.1): a sum of m rounded products, in any
// order and with or without fused multiply-adds, lies within γ(m) Σ|terms| of the exact value,
// γ(m) = m u / (1 − m u), u = 2⁻⁵³; so two variants differ by at most 2 γ(m) Σ|terms|. Σ|terms|
// is the same kernel on the absolute values of the inputs. The triangular solves' bound is in
// SolvesMatchThePortableOnesWithinTheirErrorBound.
#include "support/simd_variants.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../../src/dist/kernels/lower_phi_gram.hpp"
#include "../../src/dist/kernels/noise_moments.hpp"
#include "../../src/dist/kernels/packed_lower.hpp"
#include "varopt/core/rng.hpp"

namespace varopt::kernels {
namespace {

// Sizes around the vector widths (4 and 8 doubles) and register blocks.
constexpr std::size_t dims[] = {1, 2, 7, 8, 9, 33, 130};
constexpr std::size_t counts[] = {1, 3, 8, 24, 37};

double gamma(std::size_t m) {
  const double u = 0x1p-53;
  return static_cast<double>(m) * u / (1 - static_cast<double>(m) * u);
}

std::vector<double> normals(std::size_t n, std::uint64_t seed) {
  std::vector<double> x(n);
  fill_normal(StreamId{.seed = seed}, 0, x);
  return x;
}

std::vector<double> absolute(std::vector<double> x) {
  for (double& v : x) v = std::abs(v);
  return x;
}

// L in the (diag, packed) layout: diagonal in [1, 2], strictly-lower entries of size at most
// 1/(2n), so that L = D (I + N) with ‖N‖∞, ‖N‖₁ ≤ ½.
struct Lower {
  std::vector<double> diag, packed;
};
Lower lower(std::size_t n, std::uint64_t seed) {
  Stream s(StreamId{.seed = seed});
  Lower l{std::vector<double>(n), std::vector<double>(n * (n - 1) / 2)};
  for (double& d : l.diag) d = 1 + s.uniform();
  for (double& v : l.packed) v = (s.uniform() - 0.5) / static_cast<double>(n);
  return l;
}
Lower absolute(const Lower& l) { return {absolute(l.diag), absolute(l.packed)}; }

// |a[i] − b[i]| ≤ bound[i] for every i; else the first i where not.
::testing::AssertionResult within(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<double>& bound) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(std::abs(a[i] - b[i]) <= bound[i])) {
      return ::testing::AssertionFailure() << "element " << i << ": " << a[i] << " and " << b[i]
                                           << " differ by more than " << bound[i];
    }
  }
  return ::testing::AssertionSuccess();
}

// 2 γ(m) |x[i]|: the bound of two sums of m terms whose absolute values sum to x[i].
std::vector<double> sum_bound(std::vector<double> abs_sums, std::size_t m) {
  for (double& v : abs_sums) v *= 2 * gamma(m);
  return abs_sums;
}

using DistVariantsTest = testing::SimdVariantTest;

TEST_P(DistVariantsTest, ProductsMatchThePortableOnesWithinTheirErrorBound) {
  auto* const multiply = variant(avx512::lower_multiply, avx2::lower_multiply);
  auto* const outer_add = variant(avx512::lower_outer_add, avx2::lower_outer_add);
  auto* const row_norms = variant(avx512::lower_row_norms_squared, avx2::lower_row_norms_squared);
  for (const std::size_t n : dims) {
    const Lower l = lower(n, 10 + n);
    const Lower abs_l = absolute(l);
    // x ← L x: row i sums i + 1 products.
    const std::vector<double> x = normals(n, 20 + n);
    std::vector<double> got = x, expected = x, abs_sums = absolute(x);
    multiply(n, l.diag.data(), l.packed.data(), got.data());
    portable::lower_multiply(n, l.diag.data(), l.packed.data(), expected.data());
    portable::lower_multiply(n, abs_l.diag.data(), abs_l.packed.data(), abs_sums.data());
    EXPECT_TRUE(within(got, expected, sum_bound(abs_sums, n + 1))) << "multiply, n = " << n;
    // out += w · strictly-lower(u vᵀ): one product of three factors added to each entry.
    const double w = -1.7;
    const std::vector<double> u = normals(n, 30 + n), v = normals(n, 40 + n);
    std::vector<double> out = normals(n * (n - 1) / 2, 50 + n);
    got = out, expected = out, abs_sums = absolute(out);
    outer_add(n, w, u.data(), v.data(), got.data());
    portable::lower_outer_add(n, w, u.data(), v.data(), expected.data());
    portable::lower_outer_add(n, std::abs(w), absolute(u).data(), absolute(v).data(),
                              abs_sums.data());
    EXPECT_TRUE(within(got, expected, sum_bound(abs_sums, 3))) << "outer add, n = " << n;
    // Σ_j L_ij², positive terms.
    got.assign(n, 0.0), expected.assign(n, 0.0);
    row_norms(n, l.diag.data(), l.packed.data(), got.data());
    portable::lower_row_norms_squared(n, l.diag.data(), l.packed.data(), expected.data());
    EXPECT_TRUE(within(got, expected, sum_bound(expected, n + 1))) << "row norms, n = " << n;
  }
}

TEST_P(DistVariantsTest, SolvesMatchThePortableOnesWithinTheirErrorBound) {
  // A triangular solve's result x̂ solves (L + ΔL) x̂ = b with |ΔL| ≤ γ(n) |L| (Higham Thm 8.5), so
  // ‖x̂ − x‖∞ ≤ γ(n) ‖|L⁻¹| |L|‖∞ ‖x̂‖∞ / (1 − …). With L = D (I + N): |L⁻¹| |L| ≤
  // |(I + N)⁻¹| |I + N| has norm ≤ 2 · 3/2 = 3; for Lᵀ = (I + Nᵀ) D the diagonal scales (ratio ≤ 2)
  // do not cancel: ≤ 6. Two variants then differ by at most 2 · 6 γ(n) ‖x̂‖∞ (1 + O(n u)), under
  // the 16 γ(n) ‖x̂‖∞ checked, per right-hand side.
  auto* const solve = variant(avx512::lower_solve, avx2::lower_solve);
  auto* const transpose_solve = variant(avx512::lower_transpose_solve, avx2::lower_transpose_solve);
  for (const std::size_t n : dims) {
    const Lower l = lower(n, 60 + n);
    const std::vector<double> b = normals(n, 70 + n);
    std::vector<double> got = b, expected = b;
    solve(n, l.diag.data(), l.packed.data(), got.data());
    portable::lower_solve(n, l.diag.data(), l.packed.data(), expected.data());
    const double norm = *std::max_element(expected.begin(), expected.end(), [](double x, double y) {
      return std::abs(x) < std::abs(y);
    });
    EXPECT_TRUE(within(got, expected, std::vector<double>(n, 16 * gamma(n) * std::abs(norm))))
        << "solve, n = " << n;
    for (const std::size_t k : counts) {
      // k right-hand sides: the columns of the row-major n × k matrix.
      const std::vector<double> z = normals(n * k, 80 + n + k);
      std::vector<double> got_z = z, expected_z = z;
      transpose_solve(n, l.diag.data(), l.packed.data(), got_z.data(), k);
      portable::lower_transpose_solve(n, l.diag.data(), l.packed.data(), expected_z.data(), k);
      std::vector<double> bound(n * k);
      for (std::size_t c = 0; c < k; ++c) {
        double column_norm = 0;
        for (std::size_t i = 0; i < n; ++i) {
          column_norm = std::max(column_norm, std::abs(expected_z[i * k + c]));
        }
        for (std::size_t i = 0; i < n; ++i) bound[i * k + c] = 16 * gamma(n) * column_norm;
      }
      EXPECT_TRUE(within(got_z, expected_z, bound))
          << "transpose solve, n = " << n << ", k = " << k;
    }
  }
}

TEST_P(DistVariantsTest, GramProductsMatchThePortableOnesWithinTheirErrorBound) {
  auto* const gram = variant(avx512::lower_weighted_gram, avx2::lower_weighted_gram);
  auto* const phi_gram = variant(avx512::lower_times_phi_gram, avx2::lower_times_phi_gram);
  for (const std::size_t n : dims) {
    const std::size_t packed_size = n * (n - 1) / 2;
    const Lower l = lower(n, 90 + n);
    const Lower abs_l = absolute(l);
    for (const std::size_t k : counts) {
      const std::vector<double> z = normals(n * k, 100 + n + k), e = normals(n * k, 110 + n + k);
      const std::vector<double> c = normals(k, 120 + k);
      // Σ_t c_t z_t e_tᵀ: k products of three factors per entry (diagonal, then strictly lower).
      std::vector<double> got(n + packed_size), expected(n + packed_size),
          abs_sums(n + packed_size);
      gram(n, k, z.data(), e.data(), c.data(), got.data() + n, got.data());
      portable::lower_weighted_gram(n, k, z.data(), e.data(), c.data(), expected.data() + n,
                                    expected.data());
      portable::lower_weighted_gram(n, k, absolute(z).data(), absolute(e).data(),
                                    absolute(c).data(), abs_sums.data() + n, abs_sums.data());
      EXPECT_TRUE(within(got, expected, sum_bound(abs_sums, k + 2)))
          << "weighted Gram, n = " << n << ", k = " << k;
      // L Φ(Σ_t c_t e_t e_tᵀ − s I): column j sums the k suffix products y_t (each a sum of up
      // to n products) and ½ (Σ_t c_t e_t[j]² − s) L(:, j); with s → −|s| the same kernel on the
      // absolute values adds up the absolute values of all terms.
      const double s = 0.75;
      phi_gram(n, k, l.diag.data(), l.packed.data(), e.data(), c.data(), s, got.data(),
               got.data() + n);
      portable::lower_times_phi_gram(n, k, l.diag.data(), l.packed.data(), e.data(), c.data(), s,
                                     expected.data(), expected.data() + n);
      portable::lower_times_phi_gram(n, k, abs_l.diag.data(), abs_l.packed.data(),
                                     absolute(e).data(), absolute(c).data(), -s, abs_sums.data(),
                                     abs_sums.data() + n);
      EXPECT_TRUE(within(got, expected, sum_bound(abs_sums, n + 2 * k + 8)))
          << "L Φ(Gram), n = " << n << ", k = " << k;
    }
  }
}

TEST_P(DistVariantsTest, NoiseMomentsMatchThePortableOnesWithinTheirErrorBound) {
  // More coordinates than one chunk (2048): two chunks and a partial one.
  constexpr std::size_t n = 5000, streams = 13;
  std::vector<StreamId> ids;
  for (std::uint32_t k = 0; k < streams; ++k)
    ids.push_back({.seed = 3, .generation = 1, .member = k});
  const std::vector<double> odd = normals(streams, 130), even = normals(streams, 140);
  std::vector<double> got_odd(n), got_even(n), expected_odd(n), expected_even(n);
  variant(avx512::noise_moments, avx2::noise_moments)(ids, odd, even, got_odd, got_even);
  portable::noise_moments(ids, odd, even, expected_odd, expected_even);
  // Σ_k |odd_k ε_k[i]| and Σ_k |even_k| (ε_k[i]² + 1), from the same normals.
  std::vector<double> abs_odd(n), abs_even(n), eps(n);
  for (std::size_t k = 0; k < streams; ++k) {
    fill_normal(ids[k], 0, eps);
    for (std::size_t i = 0; i < n; ++i) {
      abs_odd[i] += std::abs(odd[k] * eps[i]);
      abs_even[i] += std::abs(even[k]) * (eps[i] * eps[i] + 1);
    }
  }
  EXPECT_TRUE(within(got_odd, expected_odd, sum_bound(abs_odd, streams + 1)));
  EXPECT_TRUE(within(got_even, expected_even, sum_bound(abs_even, streams + 3)));
}

VAROPT_INSTANTIATE_SIMD_VARIANTS(DistVariantsTest);

}  // namespace
}  // namespace varopt::kernels
