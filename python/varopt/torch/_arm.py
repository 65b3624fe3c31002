"""ARM and DisARM: unbiased gradient estimators on antithetic pairs of Bernoulli samples."""
import operator
from typing import NamedTuple

import torch

from ._batches import check_floating, event_dims, per_event


class AntitheticBernoulli(NamedTuple):
    """P antithetic pairs of Bernoulli(p) samples, p = sigmoid(logits), each of shape
    (P, *logits.shape): the shared uniforms u and the two samples they give,
    b1 = 1[u > sigmoid(−logits)] and b2 = 1[u < sigmoid(logits)]."""

    u: torch.Tensor
    b1: torch.Tensor
    b2: torch.Tensor


def antithetic_bernoulli(logits: torch.Tensor, pairs: int,
                         generator: torch.Generator | None = None) -> AntitheticBernoulli:
    """Draws ``pairs`` antithetic pairs for arm() and disarm(): u ~ U(0, 1) of shape
    (pairs, *logits.shape) from ``generator`` (torch's default when None), and
    b1 = 1[u > sigmoid(−φ)], b2 = 1[u < sigmoid(φ)] in the logits' dtype. Each of b1 and b2 is
    an exact Bernoulli(p) sample, p = sigmoid(φ) (P(u > 1 − p) = P(u < p) = p); within a pair
    they are coupled through u. Evaluate f on both, then pass the pair and the two values on."""
    where = "varopt.torch.antithetic_bernoulli"
    check_floating(logits, where, "logits")
    try:
        pairs = operator.index(pairs)
    except TypeError:
        raise TypeError(f"{where}: expected pairs as an integer, "
                        f"got {type(pairs).__name__}") from None
    if pairs < 1:
        raise ValueError(f"{where}: expected pairs >= 1, got {pairs}")
    with torch.no_grad():
        phi = logits.detach()
        u = torch.rand((pairs,) + tuple(phi.shape), dtype=phi.dtype, device=phi.device,
                       generator=generator)
        b1 = (u > torch.sigmoid(-phi)).to(phi.dtype)
        b2 = (u < torch.sigmoid(phi)).to(phi.dtype)
    return AntitheticBernoulli(u, b1, b2)


def _differences(logits, pair, values1, values2, where):
    """(f(b1) − f(b2)) with trailing event dimensions, after checking the shapes."""
    if not isinstance(pair, AntitheticBernoulli):
        raise TypeError(f"{where}: expected pair from antithetic_bernoulli(), "
                        f"got {type(pair).__name__}")
    events = event_dims(logits, values1, where, "values1")
    if not isinstance(values2, torch.Tensor) or values2.shape != values1.shape:
        raise ValueError(f"{where}: expected values2 of the shape of values1 "
                         f"{tuple(values1.shape)}, got "
                         f"{tuple(getattr(values2, 'shape', ())) or type(values2).__name__}")
    expected = (values1.shape[0],) + tuple(logits.shape)
    if pair.u.shape != expected:
        raise ValueError(f"{where}: expected a pair of shape (P, *logits.shape) = {expected} "
                         f"with P = len(values1), got {tuple(pair.u.shape)}")
    dtype = logits.dtype
    with torch.no_grad():
        return per_event(values1.to(dtype) - values2.to(dtype), events)


def arm(logits: torch.Tensor, pair: AntitheticBernoulli, values1: torch.Tensor,
        values2: torch.Tensor) -> torch.Tensor:
    """The ARM estimate (Augment-REINFORCE-Merge; Yin & Zhou 2019, ICLR, Theorem 1) of
    ∇_φ J, J(φ) = E f(b), b ~ Bernoulli(p), p = sigmoid(φ), for independent Bernoulli variables:

        ∇_φ J = E_u[(f(b1) − f(b2)) (u − ½)],   b1 = 1[u > sigmoid(−φ)], b2 = 1[u < sigmoid(φ)],
        ĝ = (1/P) Σ_pairs (f(b1) − f(b2)) (u − ½).

    Unbiased, two evaluations per pair (formulas.md). Plain torch operations (any device).

    Args:
        logits: φ, shape (*batch, *event).
        pair: antithetic_bernoulli(logits, P).
        values1: f(pair.b1), shape (P, *batch); values2: f(pair.b2), the same shape.

    Returns:
        ĝ of the logits' shape, one estimate per data point of the batch.
    """
    d = _differences(logits, pair, values1, values2, "varopt.torch.arm")
    with torch.no_grad():
        return (d * (pair.u.to(logits.dtype) - 0.5)).mean(0)


def disarm(logits: torch.Tensor, pair: AntitheticBernoulli, values1: torch.Tensor,
           values2: torch.Tensor) -> torch.Tensor:
    """The DisARM estimate (Dong, Mnih & Tucker 2020, "DisARM: An Antithetic Gradient Estimator
    for Binary Latent Variables", NeurIPS; also U2G, Yin et al. 2020): ARM with u integrated out
    given the pair (b1, b2),

        ĝ_i = (1/P) Σ_pairs ½ (f(b1) − f(b2)) (−1)^{b2_i} 1[b1_i ≠ b2_i] sigmoid(|φ_i|).

    Unbiased (formulas.md), and its variance is never above ARM's on the same pairs (it is
    ARM's conditional expectation given the samples). Arguments as arm()'s.
    """
    d = _differences(logits, pair, values1, values2, "varopt.torch.disarm")
    with torch.no_grad():
        phi = logits.detach()
        b1, b2 = pair.b1.to(phi.dtype), pair.b2.to(phi.dtype)
        return (0.5 * d * (1 - 2 * b2) * (b1 != b2) * torch.sigmoid(phi.abs())).mean(0)
