// The cost of the worker protocol (eval/worker_pool.hpp) against its peer, the same function
// evaluated in-process by SerialEvaluator, in the same run:
//   1. µs per evaluation, plain mode (one point per request line), a worker that answers at once
//   2. µs per point in batch mode
//   3. parallel efficiency T(1) / (N · T(N)) for a worker that sleeps 20 ms per point, N = 2, 4, 8
// The worker is examples/workers/lecture_1d_worker (C++). Goals: < 50 µs per evaluation, < 5 µs
// per point in batch mode, ≥ 90 % efficiency.
//   worker_bench [PATH_TO_lecture_1d_worker]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "varopt/dist/gaussian_diagonal.hpp"
#include "varopt/eval/worker_pool.hpp"

using namespace varopt;

namespace {

double seconds_of(Evaluator& evaluator, const Population& population, int repeats) {
  evaluator.evaluate(population, false);  // warm up (worker start, page faults)
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeats; ++r) {
    const Evaluations e = evaluator.evaluate(population, false);
    if (e.status_of(0) != EvaluationStatus::ok) {
      std::fprintf(stderr, "worker_bench: member 0 %s: %s\n", name_of(e.status_of(0)).c_str(),
                   e.message_of(0).c_str());
      std::exit(1);
    }
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
         repeats;
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

  SerialEvaluator serial({.f = [](ConstVecRef x) { return x[0] * x[0] / 10 + std::sin(3 * x[0]); }});
  const double t_serial = seconds_of(serial, big, 20) / 2000;

  WorkerPool plain(space, {.command = {worker}, .workers = 1});
  const double t_plain = seconds_of(plain, big, 5) / 2000;
  WorkerPool batch(space, {.command = {worker}, .workers = 1, .batch = 2000});
  const double t_batch = seconds_of(batch, big, 20) / 2000;

  std::printf("worker protocol, a worker that answers at once (dim 1, population 2000):\n");
  std::printf("  in-process (SerialEvaluator)   %8.3f µs per evaluation\n", t_serial * 1e6);
  std::printf("  plain mode, 1 worker           %8.3f µs per evaluation   (goal < 50)\n",
              t_plain * 1e6);
  std::printf("  batch mode, 2000 per line      %8.3f µs per point        (goal < 5)\n",
              t_batch * 1e6);

  const Population sixteen(d, 1, 0, 16, false);
  const std::string sleep = "20";
  WorkerPool one(space, {.command = {worker, "--sleep-ms", sleep}, .workers = 1});
  const double t1 = seconds_of(one, sixteen, 2);
  std::printf("parallel efficiency, 20 ms per point, population 16 (T(1) = %.1f ms):\n",
              t1 * 1e3);
  for (unsigned n : {2u, 4u, 8u}) {
    WorkerPool pool(space, {.command = {worker, "--sleep-ms", sleep}, .workers = n});
    const double tn = seconds_of(pool, sixteen, 4);
    std::printf("  %u workers  T = %7.1f ms   efficiency %5.1f %%   (goal >= 90)\n", n, tn * 1e3,
                100 * t1 / (n * tn));
  }
  return 0;
}
