// The cost of the worker protocol (eval/worker_pool.hpp) against its peer, the same function
// evaluated in-process by SerialEvaluator, in the same run:
//   1. µs per evaluation, plain mode (one point per request line), a worker that answers at once
//   2. µs per point in batch mode
//   3. parallel efficiency T(1) / (N · T(N)) for a worker that sleeps 20 ms per point, N = 2, 4, 8,
//      for external worker processes and for threads (ThreadedEvaluator) with the same objective
//      in-process (MPI ranks: mpi/bench/mpi_bench)
// The worker is examples/workers/lecture_1d_worker (C++). Goals: < 50 µs per evaluation, < 5 µs
// per point in batch mode, ≥ 90 % efficiency.
//   worker_bench [PATH_TO_lecture_1d_worker]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/eval/worker_pool.hpp"

using namespace varopt;

namespace {

struct Times {
  double best, median;  // seconds per evaluate() call
};

// Each repeat times one evaluate() of the whole population; the best and the median of them (the
// best is what the protocol costs, the median what a busy machine adds to it).
Times seconds_of(Evaluator& evaluator, const Population& population, int repeats) {
  evaluator.evaluate(population, false);  // warm up (worker start, page faults)
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const Evaluations e = evaluator.evaluate(population, false);
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (e.status_of(0) != EvaluationStatus::ok) {
      std::fprintf(stderr, "worker_bench: member 0 %s: %s\n", name_of(e.status_of(0)).c_str(),
                   e.message_of(0).c_str());
      std::exit(1);
    }
  }
  std::sort(times.begin(), times.end());
  return {times.front(), times[times.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
#ifdef VAROPT_LECTURE_WORKER
  std::string worker = VAROPT_LECTURE_WORKER;
#else
  std::string worker;
#endif
  if (argc > 1) worker = argv[1];
  if (worker.empty()) {
    std::fprintf(stderr, "usage: worker_bench PATH_TO_lecture_1d_worker\n");
    return 2;
  }
  const SearchSpace space = SearchSpace::continuous(1);
  const GaussianDiagonal d(Vec::Zero(1), 1.0);
  const Population big(d, 1, 0, 2000, false);

  SerialEvaluator serial(
      {.f = [](ConstVecRef x) { return x[0] * x[0] / 10 + std::sin(3 * x[0]); }});
  const Times t_serial = seconds_of(serial, big, 21);
  WorkerPool plain(space, {.command = {worker}, .workers = 1});
  const Times t_plain = seconds_of(plain, big, 9);
  WorkerPool batch(space, {.command = {worker}, .workers = 1, .batch = 2000});
  const Times t_batch = seconds_of(batch, big, 21);

  const auto us = [](double seconds) { return seconds / 2000 * 1e6; };
  std::printf(
      "worker protocol, a worker that answers at once (dim 1, population 2000; best and "
      "median of the repeats):\n");
  std::printf("  in-process (SerialEvaluator)   %8.3f  %8.3f µs per evaluation\n",
              us(t_serial.best), us(t_serial.median));
  std::printf("  plain mode, 1 worker           %8.3f  %8.3f µs per evaluation   (goal < 50)\n",
              us(t_plain.best), us(t_plain.median));
  std::printf("  batch mode, 2000 per line      %8.3f  %8.3f µs per point        (goal < 5)\n",
              us(t_batch.best), us(t_batch.median));

  const Population sixteen(d, 1, 0, 16, false);
  const std::string sleep = "20";
  WorkerPool one(space, {.command = {worker, "--sleep-ms", sleep}, .workers = 1});
  const double t1 = seconds_of(one, sixteen, 3).median;
  std::printf("parallel efficiency, 20 ms per point, population 16 (T(1) = %.1f ms):\n", t1 * 1e3);
  for (unsigned n : {2u, 4u, 8u}) {
    WorkerPool pool(space, {.command = {worker, "--sleep-ms", sleep}, .workers = n});
    const double tn = seconds_of(pool, sixteen, 5).median;
    std::printf("  %u workers  T = %7.1f ms   efficiency %5.1f %%   (goal >= 90)\n", n, tn * 1e3,
                100 * t1 / (n * tn));
  }
  const ObjectiveFunctions sleeping{.f = [](ConstVecRef x) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return x[0];
  }};
  for (unsigned n : {2u, 4u, 8u}) {
    ThreadedEvaluator threads(sleeping, n);
    const double tn = seconds_of(threads, sixteen, 5).median;
    std::printf("  %u threads  T = %7.1f ms   efficiency %5.1f %%   (goal >= 90)\n", n, tn * 1e3,
                100 * t1 / (n * tn));
  }
  return 0;
}
