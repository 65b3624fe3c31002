#!/usr/bin/python3
"""The lecture's Figure 3 as numbers: gradient estimators for a non-differentiable discrete layer.

Figure 3 of the lecture (after Jang, Gu & Poole 2017) draws (3) the variational gradient,
(4) the straight-through estimator and (5) the Gumbel-softmax estimator for a layer of discrete
samples. This script measures what the figure claims, on a model small enough to compute the
exact gradient by enumeration:

    K = 4 categorical variables with C = 5 categories, one-hot z_k, P(z_k = e_i) = softmax(θ_k)_i
    L(z) = ‖A z − t‖⁴ with A ∈ R^(3×20), t ∈ R³ and θ drawn from N(0, 1) (seed 7)
    J(θ) = E_z L(z), ∇θ J exact by summing the score identity over the 5⁴ = 625 points

Estimators (one estimate each; evals = calls of L or ∇L per estimate):

    score-function      L(z) ∇θ log P(z): the lecture's variational gradient            1
    rloo (4 samples)    the same with the leave-one-out baseline (a VO baseline)          4
    straight-through    z ~ P forward, backward as if z were softmax(θ)                   1
    gumbel-softmax τ    y = softmax((θ + G)/τ), the gradient of L(y)                      1
    st-gumbel-softmax τ one_hot(argmax y) forward, the soft path's gradient backward      1

The first three are computed here with numpy. The Gumbel-softmax rows need varopt.torch's
gumbel_softmax op (PyTorch); without it they are left out and the script says so.

Columns, over N independent estimates: bias = ‖mean − ∇J‖ / ‖∇J‖; floor = the bias an unbiased
estimator shows from noise alone, √(Σ_j SE_j²) / ‖∇J‖; max |z| = max_j |mean_j − ∇J_j| / SE_j
(unbiased estimators stay below ~4.6 with probability 1 − 1e-4 over the 20 components); var/eval
= evals · tr Cov ĝ (± an upper bound of its standard error), the variance per unit of budget.

Last, varopt itself minimizes L over the discrete space with the VO presets (score function
with baselines): Variational Optimization needs no relaxation at all.

    /usr/bin/python3 python/examples/figure3_estimators.py
"""
import itertools
import math

import numpy as np

import varopt

try:
    import torch
    from varopt.torch import gumbel_softmax
except ImportError as e:  # the relaxed rows need the op; the rest runs without it
    gumbel_softmax, MISSING = None, e
K, C, M = 4, 5, 3
POWER = 2            # L = ‖Az − t‖^(2·POWER)
N = 20_000           # estimates per estimator
RLOO_SAMPLES = 4
TAUS = (0.1, 0.5, 1.0)


class Model:
    """The enumerable model: logits θ (K, C), L(z) = ‖A vec(z) − t‖^(2p)."""

    def __init__(self, seed=7):
        rng = np.random.default_rng(seed)
        self.A = rng.standard_normal((M, K * C))
        self.t = rng.standard_normal(M)
        self.theta = rng.standard_normal((K, C))
        e = np.exp(self.theta - self.theta.max(axis=1, keepdims=True))
        self.p = e / e.sum(axis=1, keepdims=True)

    def loss(self, z):
        """L for a batch of (relaxed) one-hot layers z of shape (..., K, C)."""
        r = z.reshape(*z.shape[:-2], K * C) @ self.A.T - self.t
        return np.sum(r * r, axis=-1) ** POWER

    def loss_gradient(self, z):
        """∇z L for a batch of z: 2p ‖r‖^(2p−2) Aᵀr."""
        r = z.reshape(*z.shape[:-2], K * C) @ self.A.T - self.t
        scale = 2 * POWER * np.sum(r * r, axis=-1) ** (POWER - 1)
        return (scale[..., None] * (r @ self.A)).reshape(z.shape)

    def one_hot(self, index):
        """One-hot layers (..., K, C) from category indices (..., K)."""
        return np.eye(C)[index]

    def sample(self, rng, size):
        """size draws of the K categories, indices of shape (size, K)."""
        u = rng.random((size, K, 1))
        return np.minimum((u > np.cumsum(self.p, axis=1)).sum(axis=-1), C - 1)

    def exact(self):
        """J and ∇θ J by enumeration: Σ_z P(z) L(z) and Σ_z P(z) L(z) (z − p)."""
        index = np.array(list(itertools.product(range(C), repeat=K)))
        z = self.one_hot(index)
        prob = np.prod(self.p[np.arange(K), index], axis=1)
        L = self.loss(z)
        return float(prob @ L), np.einsum("n,n,nkc->kc", prob, L, z - self.p)


def score_function(model, rng):
    """L(z)(z − p) per estimate: ∇θ log P(z) = one_hot(z) − softmax(θ) per variable."""
    z = model.one_hot(model.sample(rng, N))
    return model.loss(z)[:, None, None] * (z - model.p)


def rloo(model, rng):
    """1/(S − 1) Σ_s (L_s − mean L)(z_s − p) over S samples per estimate."""
    z = model.one_hot(model.sample(rng, N * RLOO_SAMPLES)).reshape(N, RLOO_SAMPLES, K, C)
    L = model.loss(z)
    centred = L - L.mean(axis=1, keepdims=True)
    return np.einsum("ns,nskc->nkc", centred, z - model.p) / (RLOO_SAMPLES - 1)


def straight_through(model, rng):
    """J_softmax(θ_k)ᵀ ∇z_k L(z) with z ~ P: the softmax Jacobian diag(p) − p pᵀ per variable."""
    v = model.loss_gradient(model.one_hot(model.sample(rng, N)))
    return model.p * (v - np.sum(v * model.p, axis=-1, keepdims=True))


def relaxed(model, tau, hard, seed):
    """Gradients of L(y), y = varopt.torch.gumbel_softmax(θ, τ, hard), one per estimate."""
    generator = torch.Generator().manual_seed(seed)
    logits = torch.tensor(model.theta).expand(N, K, C).clone().requires_grad_(True)
    y = gumbel_softmax(logits, tau=tau, hard=hard, dim=-1, generator=generator)
    r = y.reshape(N, K * C) @ torch.tensor(model.A).T - torch.tensor(model.t)
    (r.pow(2).sum(dim=-1).pow(POWER)).sum().backward()
    return logits.grad.numpy()


def summary(estimates, evals, exact):
    """bias, floor (both relative to ‖∇J‖), max |z|, var/eval and its SE bound."""
    g = estimates.reshape(len(estimates), -1)
    truth = exact.reshape(-1)
    mean, var = g.mean(axis=0), g.var(axis=0, ddof=1)
    se = np.sqrt(var / len(g))
    m4 = np.mean((g - mean) ** 4, axis=0)
    norm = np.linalg.norm(truth)
    return {"bias": np.linalg.norm(mean - truth) / norm,
            "floor": math.sqrt(np.sum(se**2)) / norm,
            "max_z": float(np.max(np.abs(mean - truth) / se)),
            "var": evals * float(np.sum(var)),
            "var_se": evals * float(np.sum(np.sqrt(np.maximum(m4 - var**2, 0) / len(g))))}


def print_row(name, tau, evals, s):
    print(f"{name:<18} {tau:>5} {evals:>5} {s['bias']:>8.4f} {s['floor']:>8.4f} {s['max_z']:>7.1f} "
          f"{s['var']:>11.4g} ± {s['var_se']:.2g}")


def vo_on_the_layer(model, minimum):
    """varopt's VO presets on the discrete layer itself: evaluations to reach min L."""
    space = {"z": varopt.Categorical(range(C), n=K)}
    print(f"\nVariational Optimization of L over the {C}^{K} layers (varopt.minimize, target = "
          f"min L = {minimum:.6g} found by enumeration):")
    for method in ("score-vo", "rloo-vo", "disarm-vo"):
        res = varopt.minimize(lambda point: float(model.loss(model.one_hot(np.array(point["z"])))),
                              space=space, method=method, seed=1, target=minimum * (1 + 1e-12),
                              max_evals=20_000)
        print(f"  {method:<10} {res.termination:<16} best L = {res.fun:.6g} after {res.nfev} "
              f"evaluations, z = {res.x['z']}")


def main():
    model = Model()
    J, exact = model.exact()
    print(f"J = {J:.6g}, ‖∇J‖ = {np.linalg.norm(exact):.6g}; N = {N} estimates per row")
    print(f"{'estimator':<18} {'τ':>5} {'evals':>5} {'bias':>8} {'floor':>8} {'max |z|':>7} "
          f"{'var/eval':>11}")
    rng = np.random.default_rng(11)
    print_row("score-function", "–", 1, summary(score_function(model, rng), 1, exact))
    print_row("rloo", "–", RLOO_SAMPLES, summary(rloo(model, rng), RLOO_SAMPLES, exact))
    print_row("straight-through", "–", 1, summary(straight_through(model, rng), 1, exact))
    if gumbel_softmax is None:
        print(f"gumbel-softmax, st-gumbel-softmax: not computed, varopt.torch is not importable "
              f"({MISSING}); the rows above are the score-function (VO) estimators and "
              "straight-through, in numpy")
    else:
        for hard in (False, True):
            for i, tau in enumerate(TAUS):
                name = "st-gumbel-softmax" if hard else "gumbel-softmax"
                print_row(name, tau, 1, summary(relaxed(model, tau, hard, 100 * hard + i), 1, exact))
    vo_on_the_layer(model, float(np.min(model.loss(model.one_hot(
        np.array(list(itertools.product(range(C), repeat=K))))))))


if __name__ == "__main__":
    main()
