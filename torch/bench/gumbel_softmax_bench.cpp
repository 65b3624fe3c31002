// Forward + backward throughput of varopt::nn::gumbel_softmax side by side with
// torch::nn::functional::gumbel_softmax, float32, in the same run (docs/relax.md).
//
//   gumbel_softmax_bench [seconds per measurement, default 0.5]
//
// For each thread count, shape and mode (soft, hard) the two ops run alternately (so load from
// other processes hits both alike); each figure is the best wall-clock time of the repetitions of
//   y = op(x, tau = 1, hard, dim = -1);  g = autograd::grad(y, x, v).
// GB/s counts the bytes the fused kernels must move: soft 5 tensor passes (read x, write y;
// read y and v, write g), hard 6 (plus writing the soft sample for the backward pass). The
// memory bandwidth next to it is torch's a + b (two reads, one write of 64 MiB float arrays) on
// the same threads. On one thread the speed-up is also given from the best CPU times of the
// calling thread, which other processes on a shared machine disturb less.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <ctime>
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

// CPU time of the calling thread (user + system): on one thread, the op's own cost even when
// other processes share the cores.
double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Times {
  double wall = 1e30;  // best wall-clock time of one call
  double cpu = 1e30;   // best calling-thread CPU time of one call
};

Times time_once(const std::function<void()>& f) {
  const auto start = Clock::now();
  const double cpu_start = thread_seconds();
  f();
  return {seconds_since(start), thread_seconds() - cpu_start};
}

// Best times of one call of each op, alternating them until both have run for `budget` seconds.
std::pair<Times, Times> best_times(const std::function<void()>& a, const std::function<void()>& b,
                                   double budget) {
  a();  // warm up: first-touch allocations, thread pools
  b();
  Times best_a, best_b;
  double spent_a = 0, spent_b = 0;
  int rounds = 0;
  while ((spent_a < budget || spent_b < budget || rounds < 3) && rounds < 1000) {
    const Times ta = time_once(a);
    const Times tb = time_once(b);
    best_a = {std::min(best_a.wall, ta.wall), std::min(best_a.cpu, ta.cpu)};
    best_b = {std::min(best_b.wall, tb.wall), std::min(best_b.cpu, tb.cpu)};
    spent_a += ta.wall;
    spent_b += tb.wall;
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
  return 12.0 * static_cast<double>(n) / t.wall / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const double budget = argc > 1 ? std::atof(argv[1]) : 0.5;
  const std::vector<std::vector<std::int64_t>> shapes = {{65536, 10}, {4096, 1000}, {256, 50000}};
  torch::manual_seed(0);
  std::printf("varopt::nn::gumbel_softmax vs torch::nn::functional::gumbel_softmax, float32, "
              "forward + backward, tau = 1, dim = -1; best of >= %.2f s per op\n\n", budget);
  std::printf("| threads | shape | mode | torch M el/s | varopt M el/s | varopt GB/s | "
              "of bandwidth | speed-up | speed-up, CPU time |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
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
        const double gbs = passes * 4.0 * elements / t_varopt.wall / 1e9;
        char cpu_ratio[32] = "-";  // the calling thread's CPU time covers one thread only
        if (threads == 1) std::snprintf(cpu_ratio, sizeof cpu_ratio, "%.1fx", t_torch.cpu / t_varopt.cpu);
        std::printf("| %d | [%lld, %lld] | %s | %.1f | %.1f | %.1f | %.0f%% | %.1fx | %s |\n",
                    threads, static_cast<long long>(shape[0]), static_cast<long long>(shape[1]),
                    hard ? "hard" : "soft", elements / t_torch.wall / 1e6,
                    elements / t_varopt.wall / 1e6, gbs, 100.0 * gbs / bandwidth,
                    t_torch.wall / t_varopt.wall, cpu_ratio);
        std::fflush(stdout);
      }
    }
  }
  std::printf("\nmemory bandwidth (torch add, 64 MiB float arrays): %.1f GB/s on 1 thread, "
              "%.1f GB/s on 2\n", bandwidths[0], bandwidths[1]);
  return 0;
}
