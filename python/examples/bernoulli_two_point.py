#!/usr/bin/python3
"""The lecture's two-point example: Variational Optimization of a function without a derivative.

    f(x) = 0.45 for x = 0, 0.53 for x = 1;  x ~ Bernoulli(ψ)
    J(ψ) = E f(x) = 0.53ψ + 0.45(1 − ψ) = 0.08ψ + 0.45,  dJ/dψ = 0.08

1. J(ψ) by enumerating x ∈ {0, 1}, against the lecture's 0.08ψ + 0.45.
2. The score-function estimate ĝ = f(x) ∂ψ log p(x|ψ) = f(x)(x − ψ)/(ψ(1 − ψ)), averaged over N
   samples: its mean is 0.08, its variance (exact: ψ(1 − ψ)(a − b)² for the two values a, b it
   takes) dwarfs 0.08² — the lecture's "high variance". A baseline b = 0.49 (any constant keeps
   the estimate unbiased) shrinks it; at ψ = ½ it is J(½) and the estimate is exact.
3. varopt minimizes f over a Binary space with `score-vo` (the lecture's score function with the
   batch-mean baseline): the probability of x = 1 collapses towards 0, the distribution towards
   δ(x*) with x* = 0 — the lecture's "P(·|ψ*) ≈ δ(θ*)". ψ is read from the solver's spread
   σ = √(ψ(1 − ψ)) and its most likely point (Solver.mean).

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


def bound(psi):
    """J(ψ) by enumeration of x ∈ {0, 1}."""
    return (1 - psi) * F0 + psi * F1


def score_estimates(psi, baseline, rng):
    """N one-sample estimates (f(x) − b) ∂ψ log Bernoulli(x|ψ), x ~ Bernoulli(ψ)."""
    x = (rng.random(N) < psi).astype(int)
    return (f(x) - baseline) * (x - psi) / (psi * (1 - psi))


def exact_variance(psi, baseline):
    """The estimate's variance, and the standard error of the sample variance of N of them: it is
    a = (F1 − b)/ψ with probability ψ and c = −(F0 − b)/(1 − ψ) otherwise, so its central
    moments are σ² = q(a − c)² and μ4 = q(a − c)⁴(1 − 3q), q = ψ(1 − ψ), and
    Var s² = μ4/N − σ⁴(N − 3)/(N(N − 1))."""
    a, c = (F1 - baseline) / psi, -(F0 - baseline) / (1 - psi)
    q = psi * (1 - psi)
    var, m4 = q * (a - c) ** 2, q * (a - c) ** 4 * (1 - 3 * q)
    return var, math.sqrt(max(0.0, m4 / N - var**2 * (N - 3) / (N * (N - 1))))


def probability_of_one(solver):
    """ψ = P(x = 1) from the spread √(ψ(1 − ψ)) and the most likely point."""
    half_gap = 0.5 * math.sqrt(max(0.0, 1 - 4 * solver.sigma**2))
    return 0.5 + half_gap if solver.mean[0] == 1 else 0.5 - half_gap


def main():
    print("1. The variational bound J(ψ) = E f(x), x ~ Bernoulli(ψ)")
    print(f"{'ψ':>6} {'J by enumeration':>17} {'0.08ψ + 0.45':>13}")
    for psi in np.linspace(0, 1, 5):
        print(f"{psi:>6.2f} {bound(psi):>17.12f} {0.08 * psi + 0.45:>13.12f}")
    print(f"dJ/dψ by a difference of the enumeration: {bound(1.0) - bound(0.0):.12f}")

    print(f"\n2. Score-function estimates of dJ/dψ, N = {N} each (mean ± standard error)")
    print(f"{'ψ':>5} {'baseline':>8} {'mean':>18} {'variance':>10} {'exact variance':>15} "
          f"{'± (SE of variance)':>19} {'std/|dJ/dψ|':>12}")
    rng = np.random.default_rng(SEED)
    for psi in (0.1, 0.5, 0.9):
        for baseline in (0.0, 0.49):
            g = score_estimates(psi, baseline, rng)
            var, var_se = exact_variance(psi, baseline)
            print(f"{psi:>5.2f} {baseline:>8.2f} {g.mean():>+9.5f} ± {g.std(ddof=1) / math.sqrt(N):.5f} "
                  f"{g.var(ddof=1):>10.6g} {var:>15.6g} {var_se:>19.2g} {math.sqrt(var) / 0.08:>12.2f}")

    print("\n3. varopt.Solver(space={'x': Binary(1)}, method='score-vo'): P(x = 1) per generation")
    solver = varopt.Solver(space={"x": varopt.Binary(1)}, method="score-vo", population=16,
                           max_generations=400, seed=SEED)
    trajectory = {}
    while not solver.done:
        X = solver.ask()
        solver.tell([float(f(p["x"])) for p in X])
        trajectory[solver.nit] = probability_of_one(solver)
    print("  ".join(f"gen {g}: {trajectory[g]:.4f}" for g in (1, 10, 50, 100, 200, 400)))
    res = solver.result
    print(f"final P(x = 1) = {trajectory[solver.nit]:.5f} after {res.nfev} evaluations; "
          f"best x = {res.x['x']}, f = {res.fun}")


if __name__ == "__main__":
    main()
