// varopt::nn against torch: torch's own gumbel_softmax on the same noise, autograd of the
// unfused formulas, straight-through outputs and gradients, numerical safety, reproducibility
// with torch's generators, thread-count independence, and argument checks.
#include "varopt/torch/relax.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "varopt/relax/noise.hpp"

namespace varopt::nn {
namespace {

namespace F = torch::nn::functional;

at::Tensor grad_of(const at::Tensor& y, const at::Tensor& x, const at::Tensor& v) {
  return torch::autograd::grad({y}, {x}, {v})[0];
}

// The noise a call with a fresh generator seeded `seed` uses, laid out like `like` (classes
// last): the documented stream StreamId{draw_seed(generator), 0, 0}, element e ↦ noise e.
at::Tensor our_noise(const at::Tensor& like, std::uint64_t seed, bool logistic) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const StreamId stream{.seed = draw_seed(generator), .generation = 0, .member = 0};
  at::Tensor noise = at::empty_like(like).contiguous();
  AT_DISPATCH_FLOATING_TYPES(like.scalar_type(), "our_noise", [&] {
    const std::span<scalar_t> out(noise.data_ptr<scalar_t>(), static_cast<std::size_t>(noise.numel()));
    if (logistic) {
      relax::fill_logistic_noise<scalar_t>(stream, 0, out);
    } else {
      relax::fill_gumbel_noise<scalar_t>(stream, 0, out);
    }
  });
  return noise;
}

double tolerance(const at::Tensor& t) { return t.scalar_type() == at::kFloat ? 2e-5 : 1e-12; }

void expect_close(const at::Tensor& got, const at::Tensor& want, const std::string& what) {
  const double tol = tolerance(got);
  EXPECT_TRUE(at::allclose(got, want, tol, tol))
      << what << ": max |difference| " << (got - want).abs().max().item<double>();
}

struct Case {
  std::vector<std::int64_t> shape;
  std::int64_t dim;
  at::ScalarType dtype;
};

std::vector<Case> cases() {
  return {{{64, 10}, -1, at::kFloat},   {{8, 300}, 1, at::kFloat}, {{6, 7, 5}, 0, at::kFloat},
          {{3, 4, 1500}, -1, at::kDouble}, {{5, 9, 4}, 1, at::kDouble}};
}

TEST(TorchGumbelSoftmaxTest, MatchesTorchsOwnOpOnTheSameNoise) {
  for (const Case& c : cases()) {
    for (const bool hard : {false, true}) {
      for (const double tau : {0.3, 1.0}) {
        const at::Tensor x = torch::randn(c.shape, at::TensorOptions(c.dtype)) * 2;
        const at::Tensor v = torch::randn(c.shape, at::TensorOptions(c.dtype));
        const at::Tensor xt = x.clone().requires_grad_(true);
        const at::Tensor xv = x.clone().requires_grad_(true);
        // torch's op draws -log(Exponential) from the default generator: replay that draw.
        torch::manual_seed(1234);
        const at::Tensor yt = F::gumbel_softmax(
            xt, F::GumbelSoftmaxFuncOptions().tau(tau).hard(hard).dim(static_cast<int>(c.dim)));
        torch::manual_seed(1234);
        const at::Tensor gumbels = -torch::empty_like(x).exponential_().log();
        const at::Tensor yv = gumbel_softmax_with_noise(xv, gumbels, tau, hard, c.dim);
        const std::string what = std::string(hard ? "hard" : "soft") + " dim " +
                                 std::to_string(c.dim) + " " + std::string(c10::toString(c.dtype));
        EXPECT_EQ(yv.sizes(), yt.sizes());
        expect_close(yv, yt.detach(), what + " forward");
        expect_close(grad_of(yv, xv, v), grad_of(yt, xt, v), what + " gradient");
      }
    }
  }
}

TEST(TorchGumbelSoftmaxTest, GradientsMatchAutogradOfTheUnfusedFormula) {
  for (const Case& c : cases()) {
    for (const bool hard : {false, true}) {
      const double tau = 0.5;
      const at::Tensor x = torch::randn(c.shape, at::TensorOptions(c.dtype)).requires_grad_(true);
      const at::Tensor v = torch::randn(c.shape, at::TensorOptions(c.dtype));
      at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(99);
      const at::Tensor y = gumbel_softmax(x, tau, hard, c.dim, generator);
      // softmax((x + G)/τ) with torch's autograd, G our noise with the classes last.
      const at::Tensor last = x.movedim(c.dim, -1);
      const at::Tensor g = our_noise(last.detach().contiguous(), 99, false);
      const at::Tensor soft = ((last + g) / tau).softmax(-1).movedim(-1, c.dim);
      at::Tensor want = soft;
      if (hard) {
        const at::Tensor index = std::get<1>(soft.max(c.dim, true));
        want = torch::zeros_like(soft).scatter_(c.dim, index, 1.0) - soft.detach() + soft;
      }
      const std::string what = std::string(hard ? "hard" : "soft") + " dim " + std::to_string(c.dim);
      expect_close(y.detach(), want.detach(), what + " forward");
      expect_close(grad_of(y, x, v), grad_of(want, x, v), what + " gradient");
    }
  }
}

TEST(TorchGumbelSoftmaxTest, HardIsExactlyOneHotWithTheSoftGradient) {
  const at::Tensor x = torch::randn({500, 12}).requires_grad_(true);
  const at::Tensor v = torch::randn({500, 12});
  at::Generator a = at::make_generator<at::CPUGeneratorImpl>(5);
  at::Generator b = at::make_generator<at::CPUGeneratorImpl>(5);
  const at::Tensor hard = gumbel_softmax(x, 0.4, true, -1, a);
  const at::Tensor soft = gumbel_softmax(x, 0.4, false, -1, b);
  EXPECT_TRUE(at::equal((hard == 0) | (hard == 1), torch::ones_like(hard, at::kBool)));
  EXPECT_TRUE(at::equal(hard.sum(-1), torch::ones({500})));
  EXPECT_TRUE(at::equal(hard.argmax(-1), soft.argmax(-1)));
  EXPECT_TRUE(at::equal(grad_of(hard, x, v), grad_of(soft, x, v)));
  // Gumbel-max draws the same arg-max from the same generator state.
  at::Generator c = at::make_generator<at::CPUGeneratorImpl>(5);
  EXPECT_TRUE(at::equal(gumbel_max(x, -1, c), hard.argmax(-1)));
  at::Generator d = at::make_generator<at::CPUGeneratorImpl>(5);
  EXPECT_TRUE(at::equal(gumbel_max(x.t(), 0, d), hard.argmax(-1)));
}

TEST(TorchGumbelSoftmaxTest, NoNanAtTinyTemperatureOrHugeLogitsAndTauMustBePositive) {
  for (const auto dtype : {at::kFloat, at::kDouble}) {
    const at::Tensor x = (torch::randn({256, 100}, dtype) * 1e4).requires_grad_(true);
    const at::Tensor v = torch::randn({256, 100}, dtype) * 1e3;
    for (const bool hard : {false, true}) {
      const at::Tensor y = gumbel_softmax(x, 1e-3, hard);
      EXPECT_TRUE(at::isfinite(y).all().item<bool>());
      EXPECT_TRUE(at::isfinite(grad_of(y, x, v)).all().item<bool>());
    }
  }
  const at::Tensor x = torch::randn({4, 3});
  for (const double tau : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_THROW(gumbel_softmax(x, tau), c10::Error);
    EXPECT_THROW(relaxed_bernoulli(x, tau), c10::Error);
  }
  try {
    gumbel_softmax(x, 0.0);
    FAIL() << "tau = 0 accepted";
  } catch (const c10::Error& e) {
    EXPECT_NE(std::string(e.what_without_backtrace())
                  .find("varopt::nn::gumbel_softmax: expected temperature tau > 0 and finite, got 0"),
              std::string::npos)
        << e.what_without_backtrace();
  }
}

TEST(TorchGumbelSoftmaxTest, SameSeedSameSamplesWhateverTheThreadCount) {
  const at::Tensor x = torch::randn({4096, 37}).requires_grad_(true);
  const at::Tensor v = torch::randn({4096, 37});
  torch::manual_seed(7);
  const at::Tensor a = gumbel_softmax(x, 0.5);
  torch::manual_seed(7);
  const at::Tensor b = gumbel_softmax(x, 0.5);
  const at::Tensor c = gumbel_softmax(x, 0.5);  // the generator moved on
  EXPECT_TRUE(at::equal(a, b));
  EXPECT_FALSE(at::equal(a, c));
  const int threads = at::get_num_threads();
  std::vector<at::Tensor> runs;
  for (const int n : {1, 2}) {
    at::set_num_threads(n);
    at::Generator g = at::make_generator<at::CPUGeneratorImpl>(11);
    const at::Tensor y = gumbel_softmax(x, 0.5, true, -1, g);
    runs.push_back(y);
    runs.push_back(grad_of(y, x, v));
  }
  at::set_num_threads(threads);
  EXPECT_TRUE(at::equal(runs[0], runs[2]));
  EXPECT_TRUE(at::equal(runs[1], runs[3]));
}

TEST(TorchRelaxedBernoulliTest, MatchesAutogradOfTheUnfusedFormulas) {
  for (const auto dtype : {at::kFloat, at::kDouble}) {
    const at::Tensor x = torch::randn({33, 17}, dtype).requires_grad_(true);
    const at::Tensor v = torch::randn({33, 17}, dtype);
    const at::Tensor noise = our_noise(x.detach(), 21, true);
    const double tau = 0.6;
    for (const bool hard : {false, true}) {
      const at::Tensor soft_want = torch::sigmoid((x + noise) / tau);
      at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(21);
      const at::Tensor y = relaxed_bernoulli(x, tau, hard, generator);
      at::Tensor want = soft_want;
      if (hard) want = (x + noise > 0).to(dtype) - soft_want.detach() + soft_want;
      expect_close(y.detach(), want.detach(), hard ? "hard forward" : "soft forward");
      expect_close(grad_of(y, x, v), grad_of(want, x, v), hard ? "hard gradient" : "soft gradient");
    }
    // Straight-through: the hard sample forward, d/dφ sigmoid(φ) backward.
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(21);
    const at::Tensor b = straight_through_bernoulli(x, generator);
    const at::Tensor p = torch::sigmoid(x);
    const at::Tensor want = (x + noise > 0).to(dtype) - p.detach() + p;
    EXPECT_TRUE(at::equal(b, want.detach().round()));
    expect_close(grad_of(b, x, v), grad_of(want, x, v), "straight-through gradient");
  }
}

TEST(TorchRelaxTest, RejectsWhatItDoesNotSupport) {
  EXPECT_THROW(gumbel_softmax(torch::ones({3, 4}, at::kInt)), c10::Error);
  EXPECT_THROW(gumbel_softmax(torch::ones({3, 4}), 1.0, false, 2), c10::Error);
  EXPECT_THROW(gumbel_softmax_with_noise(torch::ones({3, 4}), torch::ones({4, 3})), c10::Error);
  const at::Tensor x = torch::randn({3, 4}).requires_grad_(true);
  const at::Tensor y = gumbel_softmax(x, 1.0);
  // Double backward: the first backward already runs with create_graph = true.
  EXPECT_THROW(torch::autograd::grad({y}, {x}, {torch::randn({3, 4})}, true, true), c10::Error);
  // Edge shapes follow torch: a scalar is one class, an empty tensor stays empty.
  EXPECT_EQ(gumbel_softmax(torch::tensor(2.0)).item<float>(), 1.0F);
  EXPECT_EQ(gumbel_softmax(torch::ones({0, 5})).sizes(), (std::vector<std::int64_t>{0, 5}));
}

}  // namespace
}  // namespace varopt::nn
