#!/usr/bin/python3
"""The lecture's two-point example: Variational Optimization of a function without a derivative.

    f(x) = 0.45 for x = 0, 0.53 for x = 1;  x ~ Bernoulli(p),  p = P(x = 1) = σ(φ)
    J(p) = E f(x) = 0.53p + 0.45(1 − p) = 0.08p + 0.45,  dJ/dp = 0.08

1. J(p) by enumerating x ∈ {0, 1}, against the lecture's 0.08p + 0.45.
2. The score-function estimate ĝ = f(x) ∂_p log P(x|p) = f(x)(x − p)/(p(1 − p)), averaged over N
   samples: its mean is 0.08, its variance (exact: p(1 − p)(a − b)² for the two values a, b it
   takes) dwarfs 0.08² — the lecture's "high variance". A baseline b = 0.49 (any constant keeps
   the estimate unbiased) shrinks it; at p = ½ it is J(½) and the estimate is exact.
3. varopt minimizes f over a Binary space with `score-vo` (the lecture's score function with the
   batch-mean baseline): the probability of x = 1 collapses towards 0, the distribution towards
   δ(x*) with x* = 0 — the lecture's "P(·|ψ*) ≈ δ(θ*)". The solver's parameter ψ is the logit φ;
   p = σ(φ) is read from its spread √(p(1 − p)) and its most likely point (Solver.mean).

    /usr/bin/python3 python/examples/bernoulli_two_point.py
"""
import math

import numpy as np

import varopt

F0, F1 = 0.45, 0.53
N = 100_000
SEED = 2


def f(x):
    """The lecture's two values."""
    return np.where(x == 1, F1, F0)


def bound(p):
    """J(p) by enumeration of x ∈ {0, 1}."""
    return (1 - p) * F0 + p * F1


def score_estimates(p, baseline, rng):
    """N one-sample estimates (f(x) − b) ∂_p log P(x|p), x ~ Bernoulli(p)."""
    x = (rng.random(N) < p).astype(int)
    return (f(x) - baseline) * (x - p) / (p * (1 - p))


def exact_variance(p, baseline):
    """The estimate's variance, and the standard error of the sample variance of N of them: it is
    a = (F1 − b)/p with probability p and c = −(F0 − b)/(1 − p) otherwise, so its central
    moments are σ² = q(a − c)² and μ4 = q(a − c)⁴(1 − 3q), q = p(1 − p), and
    Var s² = μ4/N − σ⁴(N − 3)/(N(N − 1))."""
    a, c = (F1 - baseline) / p, -(F0 - baseline) / (1 - p)
    q = p * (1 - p)
    var, m4 = q * (a - c) ** 2, q * (a - c) ** 4 * (1 - 3 * q)
    return var, math.sqrt(max(0.0, m4 / N - var**2 * (N - 3) / (N * (N - 1))))


def probability_of_one(solver):
    """p = P(x = 1) from the spread √(p(1 − p)) and the most likely point."""
    half_gap = 0.5 * math.sqrt(max(0.0, 1 - 4 * solver.sigma**2))
    return 0.5 + half_gap if solver.mean[0] == 1 else 0.5 - half_gap


def main():
    print("1. The variational bound J(p) = E f(x), x ~ Bernoulli(p)")
    print(f"{'p':>6} {'J by enumeration':>17} {'0.08p + 0.45':>13}")
    for p in np.linspace(0, 1, 5):
        print(f"{p:>6.2f} {bound(p):>17.12f} {0.08 * p + 0.45:>13.12f}")
    print(f"dJ/dp by a difference of the enumeration: {bound(1.0) - bound(0.0):.12f}")

    print(f"\n2. Score-function estimates of dJ/dp, N = {N} each (mean ± standard error)")
    print(f"{'p':>5} {'baseline':>8} {'mean':>18} {'variance':>10} {'exact variance':>15} "
          f"{'± (SE of variance)':>19} {'std/|dJ/dp|':>12}")
    rng = np.random.default_rng(SEED)
    for p in (0.1, 0.5, 0.9):
        for baseline in (0.0, 0.49):
            g = score_estimates(p, baseline, rng)
            var, var_se = exact_variance(p, baseline)
            print(f"{p:>5.2f} {baseline:>8.2f} {g.mean():>+9.5f} ± {g.std(ddof=1) / math.sqrt(N):.5f} "
                  f"{g.var(ddof=1):>10.6g} {var:>15.6g} {var_se:>19.2g} {math.sqrt(var) / 0.08:>12.2f}")

    print("\n3. varopt.Solver(space={'x': Binary(1)}, method='score-vo'): P(x = 1) per generation")
    solver = varopt.Solver(space={"x": varopt.Binary(1)}, method="score-vo", population=16,
                           max_generations=400, seed=SEED)
    trajectory = {}
    while not solver.done:
        X = solver.ask()
        solver.tell([float(f(point["x"])) for point in X])
        trajectory[solver.nit] = probability_of_one(solver)
    print("  ".join(f"gen {g}: {trajectory[g]:.4f}" for g in (1, 10, 50, 100, 200, 400)))
    res = solver.result
    print(f"final P(x = 1) = {trajectory[solver.nit]:.5f} after {res.nfev} evaluations; "
          f"best x = {res.x['x']}, f = {res.fun}")


if __name__ == "__main__":
    main()
