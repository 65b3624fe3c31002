// Forward + backward throughput of varopt::nn::gumbel_softmax side by side with
// torch::nn::functional::gumbel_softmax, float32, in the same run (docs/relax.md).
//
//   gumbel_softmax_bench [seconds per measurement, default 0.5]
//
// For each thread count, shape and mode (soft, hard) the two ops run alternately (so load from
// other processes hits both alike); each figure is the best of the timed repetitions of
//   y = op(x, tau = 1, hard, dim = -1);  g = autograd::grad(y, x, v).
// GB/s counts the bytes the fused kernels must move: soft 5 tensor passes (read x, write y;
// read y and v, write g), hard 6 (plus writing the soft sample for the backward pass). The
// memory bandwidth next to it is torch's a + b (two reads, one write of 64 MiB float arrays) on
// the same threads.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "varopt/torch/relax.hpp"

namespace {

namespace F = torch::nn::functional;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best time of one call of each op, alternating them until both have run for `budget` seconds.
std::pair<double, double> best_times(const std::function<void()>& a, const std::function<void()>& b,
                                     double budget) {
  a();  // warm up: first-touch allocations, thread pools
  b();
  double best_a = 1e30, best_b = 1e30, spent_a = 0, spent_b = 0;
  int rounds = 0;
  while ((spent_a < budget || spent_b < budget || rounds < 3) && rounds < 1000) {
    auto start = Clock::now();
    a();
    const double ta = seconds_since(start);
    start = Clock::now();
    b();
    const double tb = seconds_since(start);
    best_a = std::min(best_a, ta);
    best_b = std::min(best_b, tb);
    spent_a += ta;
    spent_b += tb;
    ++rounds;
  }
  return {best_a, best_b};
}

// GB/s of torch's element-wise add on 64 MiB float arrays (12 bytes per element).
double memory_bandwidth(double budget) {
  const std::int64_t n = std::int64_t{1} << 24;
  const at::Tensor a = torch::rand({n}), b = torch::rand({n});
  at::Tensor c = torch::empty({n});
  const auto add = [&] { at::add_out(c, a, b); };
  const auto [t, unused] = best_times(add, add, budget);
  return 12.0 * static_cast<double>(n) / t / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const double budget = argc > 1 ? std::atof(argv[1]) : 0.5;
  const std::vector<std::vector<std::int64_t>> shapes = {{65536, 10}, {4096, 1000}, {256, 50000}};
  torch::manual_seed(0);
  std::printf("varopt::nn::gumbel_softmax vs torch::nn::functional::gumbel_softmax, float32, "
              "forward + backward, tau = 1, dim = -1; best of >= %.2f s per op\n\n", budget);
  std::printf("| threads | shape | mode | torch M el/s | varopt M el/s | varopt GB/s | "
              "of bandwidth | speed-up |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  std::vector<double> bandwidths;
  for (const int threads : {1, 2}) {
    at::set_num_threads(threads);
    const double bandwidth = memory_bandwidth(budget);
    bandwidths.push_back(bandwidth);
    for (const auto& shape : shapes) {
      const at::Tensor x = torch::randn(shape).requires_grad_(true);
      const at::Tensor v = torch::randn(shape);
      const auto elements = static_cast<double>(x.numel());
      for (const bool hard : {false, true}) {
        const auto torch_step = [&] {
          const at::Tensor y = F::gumbel_softmax(x, F::GumbelSoftmaxFuncOptions().tau(1.0).hard(hard));
          torch::autograd::grad({y}, {x}, {v});
        };
        const auto varopt_step = [&] {
          const at::Tensor y = varopt::nn::gumbel_softmax(x, 1.0, hard);
          torch::autograd::grad({y}, {x}, {v});
        };
        const auto [t_torch, t_varopt] = best_times(torch_step, varopt_step, budget);
        const double passes = hard ? 6.0 : 5.0;
        const double gbs = passes * 4.0 * elements / t_varopt / 1e9;
        std::printf("| %d | [%lld, %lld] | %s | %.1f | %.1f | %.1f | %.0f%% | %.1fx |\n", threads,
                    static_cast<long long>(shape[0]), static_cast<long long>(shape[1]),
                    hard ? "hard" : "soft", elements / t_torch / 1e6, elements / t_varopt / 1e6,
                    gbs, 100.0 * gbs / bandwidth, t_torch / t_varopt);
        std::fflush(stdout);
      }
    }
  }
  std::printf("\nmemory bandwidth (torch add, 64 MiB float arrays): %.1f GB/s on 1 thread, "
              "%.1f GB/s on 2\n", bandwidths[0], bandwidths[1]);
  return 0;
}
