"""varopt.torch: PyTorch front ends of varopt's relaxations and gradient estimators.

Not imported by ``import varopt`` (torch is optional): ``import varopt.torch``.

Relaxations (autograd functions on varopt's fused C++ kernels; CPU tensors of float32 or
float64, any shape; one noise seed per call drawn from a torch.Generator, so
``torch.manual_seed`` makes runs repeatable):

    gumbel_softmax(logits, tau=1.0, hard=False, dim=-1, generator=None, *, noise=None)
        a drop-in for torch.nn.functional.gumbel_softmax
    relaxed_bernoulli(logits, tau=1.0, hard=False, generator=None)
        the binary Concrete relaxation, hard = straight-through 1[logits + L > 0]
    straight_through_bernoulli(logits, generator=None)
        Bernoulli samples with the straight-through gradient p (1 − p)
    draw_seed, gumbel_noise, logistic_noise
        the seed a call draws and the noise it adds

Gradient estimators of ∇ E f(x) for a batch of samples from a training loop (plain torch
operations, any device; they return the estimate w.r.t. the logits, for logits.backward):

    score_function(logits, samples, values, *, distribution, baseline)   REINFORCE
    rloo(logits, samples, values, *, distribution)                       leave-one-out baseline
    antithetic_bernoulli(logits, pairs, generator=None)                  pairs for arm/disarm
    arm(logits, pair, values1, values2), disarm(logits, pair, values1, values2)

docs/python.md ("PyTorch") is the guide.
"""
from ._arm import AntitheticBernoulli, antithetic_bernoulli, arm, disarm
from ._gumbel_softmax import gumbel_softmax
from ._noise import draw_seed, gumbel_noise, logistic_noise
from ._relaxed_bernoulli import relaxed_bernoulli
from ._score_function import rloo, score_function
from ._straight_through import straight_through_bernoulli

__all__ = ["gumbel_softmax", "relaxed_bernoulli", "straight_through_bernoulli", "draw_seed",
           "gumbel_noise", "logistic_noise", "score_function", "rloo", "antithetic_bernoulli",
           "AntitheticBernoulli", "arm", "disarm"]
