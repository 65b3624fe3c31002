#!/usr/bin/python3
"""The peer of bench/overhead_bench.cpp: one generation of the same method in plain numpy.

Diagonal Gaussian N(mu, diag sigma^2), psi = (mu, s = log sigma), `pairs` antithetic pairs
theta = mu +- sigma * eps with eps ~ N(0, I_n) (population 2 * pairs), a precomputed random
fitness (the objective is excluded, as in the C++ bench), centered-rank shaping, the score
function gradient
    g_mu = sum_k (w+_k - w-_k) eps_k / sigma / lambda,
    g_s  = sum_k (w+_k + w-_k) (eps_k^2 - 1) / lambda,
and one Adam step (lr 0.05, the adam-vo preset's), i.e. what varopt's adam-vo does per generation.
Written the way a careful numpy user would: a loop over the pairs, one noise vector alive at a
time (O(n) memory), in-place operations, no temporaries in the loop.

Two variants are timed:
    no_points   noise + gradient + update (what varopt's ask + tell does)
    points      the same, also forming both points mu +- sigma * eps of every pair (what varopt's
                ask + materialize every member + tell does; an evaluation needs the points)

Usage: numpy_generation.py N [pairs=128] [repeats=5] [warmup=1] [seed=1]
Prints "key value" lines: numpy (version), n, pairs, repeats, no_points and points (median wall
seconds per generation), no_points_cpu and points_cpu (median CPU seconds: numpy runs this on one
thread, so on a loaded machine CPU time is the stable figure), max_rss_mb (peak resident memory of this process, interpreter included).
"""
import resource
import sys
import time

import numpy as np


def centered_ranks(f):
    ranks = np.empty(f.size)
    ranks[np.argsort(f)] = np.arange(f.size)
    return ranks / (f.size - 1) - 0.5


class Adam:
    def __init__(self, size, lr=0.05, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = np.zeros(size)
        self.v = np.zeros(size)
        self.t = 0
        self.tmp = np.empty(size)

    def step(self, params, grad):
        """params -= lr * m_hat / (sqrt(v_hat) + eps), in place."""
        self.t += 1
        self.m *= self.beta1
        self.m += (1 - self.beta1) * grad
        self.v *= self.beta2
        np.square(grad, out=self.tmp)
        self.tmp *= 1 - self.beta2
        self.v += self.tmp
        scale = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
        np.sqrt(self.v, out=self.tmp)
        self.tmp += self.eps
        np.divide(self.m, self.tmp, out=self.tmp)
        self.tmp *= scale
        params -= self.tmp


def generation(psi, adam, fitness, rng, pairs, form_points, buf):
    n = psi.size // 2
    mu, s = psi[:n], psi[n:]
    eps, tmp, plus, minus, grad = buf
    sigma = np.exp(s)
    w = centered_ranks(fitness)
    grad[:] = 0.0
    g_mu, g_s = grad[:n], grad[n:]
    for k in range(pairs):
        rng.standard_normal(out=eps)
        if form_points:
            np.multiply(sigma, eps, out=tmp)
            np.add(mu, tmp, out=plus)        # member 2k
            np.subtract(mu, tmp, out=minus)  # member 2k + 1
        a = w[2 * k] - w[2 * k + 1]
        b = w[2 * k] + w[2 * k + 1]
        np.multiply(eps, a, out=tmp)
        g_mu += tmp
        np.square(eps, out=tmp)
        tmp -= 1.0
        tmp *= b
        g_s += tmp
    lam = 2 * pairs
    g_mu /= sigma
    grad /= lam
    adam.step(psi, grad)


def median_time(n, pairs, repeats, warmup, seed, form_points):
    rng = np.random.default_rng(seed)
    psi = np.zeros(2 * n)
    adam = Adam(2 * n)
    buf = (np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(2 * n))
    fit_rng = np.random.default_rng(seed + 1)
    wall, cpu = [], []
    for g in range(warmup + repeats):
        fitness = fit_rng.random(2 * pairs) - g
        start, start_cpu = time.perf_counter(), time.process_time()
        generation(psi, adam, fitness, rng, pairs, form_points, buf)
        if g >= warmup:
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return float(np.median(wall)), float(np.median(cpu))


def main():
    args = sys.argv[1:]
    n = int(float(args[0]))
    pairs = int(args[1]) if len(args) > 1 else 128
    repeats = int(args[2]) if len(args) > 2 else 5
    warmup = int(args[3]) if len(args) > 3 else 1
    seed = int(args[4]) if len(args) > 4 else 1
    print("numpy", np.__version__)
    print("n", n)
    print("pairs", pairs)
    print("repeats", repeats)
    for key, form_points in (("no_points", False), ("points", True)):
        wall, cpu = median_time(n, pairs, repeats, warmup, seed, form_points)
        print(key, wall)
        print(key + "_cpu", cpu)
    print("max_rss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)


if __name__ == "__main__":
    main()
