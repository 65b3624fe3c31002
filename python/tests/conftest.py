"""Shared objectives of the Python tests (module level, so that process pools can pickle them)."""
import numpy as np


def sphere(x):
    return float(np.dot(x, x))


def shifted_ellipsoid(x):
    """Σ 10^(6 i/(n-1)) (x_i - 1)², rotated by a fixed orthogonal matrix (a hostile user's
    problem: not axis-aligned, optimum not at 0)."""
    n = len(x)
    q, _ = np.linalg.qr(np.random.default_rng(7).standard_normal((n, n)))
    z = q @ (np.asarray(x) - 1.0)
    return float(np.sum(10.0 ** (6.0 * np.arange(n) / max(n - 1, 1)) * z * z))


def failing_above(x):
    if x[0] > 0.5:
        raise ArithmeticError(f"no value at x0 = {x[0]:.3f}")
    return float(np.dot(x, x))
