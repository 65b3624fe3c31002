#!/usr/bin/python3
"""The lecture's quiz, answered by computation.

    f(x) = sin x, search distribution p(x | μ, σ²) = N(x; μ, σ²). Which one-sample Monte-Carlo
    estimate, x ~ N(μ, σ²), is an estimate of the gradient of J(μ) = E f(x) with respect to μ?
      1. cos(x) · p(x | μ, σ²)        2. sin(x) · (x − μ)/σ²
      3. cos(x) · (x − μ)/σ²          4. sin(x) · p(x | μ, σ²)

An estimate is right when its mean is ∂J/∂μ at every (μ, σ). For each of four points the script
computes ∂J/∂μ without sampling — J by Gauss–Hermite quadrature, differentiated by a central
difference — and the mean of each candidate over N samples drawn by varopt's Gaussian search
distribution (the `sgd-vo` preset, the lecture's Algorithm 1, asked for one population of N).
The answer is the candidate whose mean agrees with ∂J/∂μ within Z standard errors at every point.

    /usr/bin/python3 python/examples/lecture_quiz.py
"""
import math

import numpy as np

import varopt

N = 200_000              # samples per point
Z = 4.5                  # agreement: |mean − ∂J/∂μ| ≤ Z·SE (two-sided rate 6.8e-6 per point)
POINTS = [(0.0, 1.0), (1.0, 0.5), (2.0, 2.0), (-0.7, 1.5)]   # (μ, σ)

CANDIDATES = {
    1: ("cos(x)·p(x|μ,σ²)", lambda x, mu, s: np.cos(x) * normal_pdf(x, mu, s)),
    2: ("sin(x)·(x−μ)/σ²", lambda x, mu, s: np.sin(x) * (x - mu) / s**2),
    3: ("cos(x)·(x−μ)/σ²", lambda x, mu, s: np.cos(x) * (x - mu) / s**2),
    4: ("sin(x)·p(x|μ,σ²)", lambda x, mu, s: np.sin(x) * normal_pdf(x, mu, s)),
}


def normal_pdf(x, mu, sigma):
    """N(x; μ, σ²)."""
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))


def bound(mu, sigma, nodes=60):
    """J(μ) = E sin(μ + σz), z ~ N(0, 1), by Gauss–Hermite quadrature (probabilists' weights)."""
    z, w = np.polynomial.hermite_e.hermegauss(nodes)
    return float(np.sum(w * np.sin(mu + sigma * z)) / math.sqrt(2 * math.pi))


def bound_gradient(mu, sigma, h=1e-4):
    """∂J/∂μ by a central difference of the quadrature (error O(h²) ≈ 1e-9)."""
    return (bound(mu + h, sigma) - bound(mu - h, sigma)) / (2 * h)


def samples(mu, sigma, seed):
    """N draws of N(μ, σ²) from varopt's isotropic Gaussian (one population of the sgd-vo
    preset, the distribution of the lecture's Algorithm 1)."""
    solver = varopt.Solver([mu], sigma, method="sgd-vo", population=N, max_evals=N, seed=seed)
    return solver.ask()[:, 0]


def main():
    print(__doc__.split("\n\n")[1])
    print(f"\nN = {N} samples per point; a candidate agrees when |mean − ∂J/∂μ| ≤ {Z} SE.\n")
    print(f"{'μ':>5} {'σ':>4} {'∂J/∂μ':>9} {'cos μ·e^(−σ²/2)':>16}  "
          + "  ".join(f"{'candidate ' + str(k):>22}" for k in CANDIDATES))
    agrees = {k: True for k in CANDIDATES}
    for seed, (mu, sigma) in enumerate(POINTS, start=1):
        exact = bound_gradient(mu, sigma)
        x = samples(mu, sigma, seed)
        cells = []
        for k, (_, estimate) in CANDIDATES.items():
            g = estimate(x, mu, sigma)
            mean, se = g.mean(), g.std(ddof=1) / math.sqrt(N)
            ok = abs(mean - exact) <= Z * se
            agrees[k] &= ok
            cells.append(f"{mean:+.5f} ± {se:.5f} {'ok' if ok else 'no'}")
        print(f"{mu:>5.1f} {sigma:>4.1f} {exact:>+9.6f} {math.cos(mu) * math.exp(-sigma**2 / 2):>+16.6f}  "
              + "  ".join(f"{c:>22}" for c in cells))
    right = [k for k, ok in agrees.items() if ok]
    print()
    for k, (formula, _) in CANDIDATES.items():
        print(f"candidate {k}: {formula:<18} {'unbiased' if agrees[k] else 'biased'}")
    print(f"answer: {', '.join(map(str, right)) or 'none'}")
    print("(sin(x)(x − μ)/σ² is f(x)·∂μ log N(x; μ, σ²): the score-function estimate of the "
          "lecture's ∇ψJ = E f(θ)∇ψ log P(θ|ψ).)")


if __name__ == "__main__":
    main()
