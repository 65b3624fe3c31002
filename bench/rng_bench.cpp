// Throughput of varopt's counter-based random numbers, against std::mt19937_64 +
// std::normal_distribution measured in the same run.
//
// The figure that matters is the one of the large-dimension issue: a diagonal Gaussian at
// n = 1e6 with 128 antithetic noise vectors regenerates 1.28e8 normals per generation, so the
// budget of 0.15 s per generation needs about 1e9 normals/s on the two cores of the machine.
//
// Usage: rng_bench [n = 1000000] [repeats = 5]. Every figure is the best of `repeats` runs.
#include "varopt/core/rng.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Best wall time in seconds of `repeats` calls of `work`.
double best_seconds(int repeats, const std::function<void()>& work) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    work();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

// Fills `vectors` noise vectors of out.size() normals each (members 0, 1, ...) with `threads`
// std::threads, each thread filling a contiguous slice of every vector.
void fill_noise(std::span<double> out, int vectors, int threads) {
  const varopt::Rng rng(42);
  auto slice = [&](int t) {
    const std::size_t begin = out.size() * t / threads, end = out.size() * (t + 1) / threads;
    for (int m = 0; m < vectors; ++m)
      varopt::fill_normal(rng.id(7, m), begin, out.subspan(begin, end - begin));
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(slice, t);
  slice(0);
  for (auto& th : pool) th.join();
}

void report(const char* what, double count, double seconds, double baseline_rate) {
  const double rate = count / seconds;
  std::printf("%-44s %9.1f M/s  %8.4f s  x%6.2f vs mt19937_64\n", what, rate * 1e-6, seconds,
              rate / baseline_rate);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  std::vector<double> out(n);
  volatile double sink = 0;

  std::mt19937_64 engine(42);
  std::normal_distribution<double> normal;
  const double t_std = best_seconds(repeats, [&] {
    for (double& x : out) x = normal(engine);
  });
  sink = sink + out[n / 2];
  const double base = static_cast<double>(n) / t_std;
  std::printf("n = %zu, best of %d runs, hardware threads: %u\n", n, repeats,
              std::thread::hardware_concurrency());
  report("std::mt19937_64 + std::normal_distribution", n, t_std, base);

  const varopt::StreamId id{42, 7, 3};
  report("fill_normal, 1 thread", n,
         best_seconds(repeats, [&] { varopt::fill_normal(id, 0, out); }), base);
  report("fill_uniform, 1 thread", n,
         best_seconds(repeats, [&] { varopt::fill_uniform(id, 0, out); }), base);
  varopt::Stream stream(id);
  report("Stream::normal (scalar), 1 thread", n, best_seconds(repeats, [&] {
           for (double& x : out) x = stream.normal();
         }),
         base);

  // The workload: 128 noise vectors of n normals, regenerated on 1 and 2 threads.
  const int vectors = 128;
  const double count = static_cast<double>(n) * vectors;
  for (int threads : {1, 2}) {
    char label[64];
    std::snprintf(label, sizeof label, "128 noise vectors, %d std::thread(s)", threads);
    report(label, count, best_seconds(std::max(1, repeats / 2), [&] {
             fill_noise(out, vectors, threads);
           }),
           base);
  }
  sink = sink + out[n / 3];
  return 0;
}
