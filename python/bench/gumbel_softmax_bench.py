"""Forward + backward time of varopt.torch.gumbel_softmax against
torch.nn.functional.gumbel_softmax, called from Python on float32 CPU tensors.

    PYTHONPATH=build/python python3 python/bench/gumbel_softmax_bench.py [--repeats 21]
                                                                         [--threads 1 2]

For each thread count, shape and mode (soft, hard) one step is
    y = op(x, tau=1, hard=hard, dim=-1);  g = torch.autograd.grad(y, x, v)
on the same x and v. The two ops run alternately (so that load from other processes hits both
alike), after one warm-up call each; each figure is the median wall-clock time of the repeats.
On one thread the speed-up is also given from the median CPU times of the calling thread
(user + system), which other processes on a shared machine disturb less.
The thread count is set with torch.set_num_threads, which varopt's kernels share (one OpenMP
runtime in the process); without --threads the bench runs at torch's current count.
"""
import argparse
import os
import platform
import statistics
import time

import torch

import varopt.torch as vt

SHAPES = [(65536, 10), (4096, 1000), (256, 50000)]


def step(op, x, v, hard):
    """One forward and backward pass of `op`."""
    y = op(x, tau=1.0, hard=hard, dim=-1)
    torch.autograd.grad(y, x, v)


def median_times(x, v, hard, repeats):
    """Median wall-clock and calling-thread CPU seconds of one step of torch's op and of
    varopt's, measured alternately: ((torch wall, torch cpu), (varopt wall, varopt cpu))."""
    ops = (torch.nn.functional.gumbel_softmax, vt.gumbel_softmax)
    times = ([], [])
    for op in ops:
        step(op, x, v, hard)  # warm-up: first-touch allocations, thread pools
    for _ in range(repeats):
        for op, spent in zip(ops, times):
            start, cpu_start = time.perf_counter(), time.thread_time()
            step(op, x, v, hard)
            spent.append((time.perf_counter() - start, time.thread_time() - cpu_start))
    return tuple(tuple(statistics.median(t[i] for t in spent) for i in (0, 1)) for spent in times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=21, help="timed steps per op (median)")
    parser.add_argument("--threads", type=int, nargs="*", default=[],
                        help="torch.set_num_threads values to run (default: torch's count)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"torch {torch.__version__}, {platform.processor() or platform.machine()}, {cores} cores "
          f"available, torch threads {torch.get_num_threads()} by default, load average "
          f"{os.getloadavg()[0]:.2f}; float32, tau = 1, dim = -1, forward + backward, median of "
          f"{args.repeats}")
    print()
    print("| threads | shape | mode | torch ms | varopt ms | torch M el/s | varopt M el/s "
          "| speed-up | speed-up, CPU time |")
    print("|---|---|---|---|---|---|---|---|---|")
    gen = torch.Generator().manual_seed(0)
    for threads in args.threads or [torch.get_num_threads()]:
        torch.set_num_threads(threads)
        for shape in SHAPES:
            x = torch.randn(shape, generator=gen).requires_grad_()
            v = torch.randn(shape, generator=gen)
            for hard in (False, True):
                (t_torch, cpu_torch), (t_varopt, cpu_varopt) = median_times(x, v, hard,
                                                                            args.repeats)
                n = x.numel() / 1e6
                cpu = f"{cpu_torch / cpu_varopt:.1f}x" if threads == 1 else "-"
                print(f"| {threads} | {list(shape)} | {'hard' if hard else 'soft'} | "
                      f"{1e3 * t_torch:.2f} | {1e3 * t_varopt:.2f} | {n / t_torch:.1f} | "
                      f"{n / t_varopt:.1f} | {t_torch / t_varopt:.1f}x | {cpu} |", flush=True)
    print()
    print(f"load average after the run {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
