"""varopt.torch.relaxed_bernoulli: the binary Concrete relaxation on varopt's fused kernels."""
import torch

from .. import _core
from ._noise import draw_seed
from ._tensors import (array, check_kernel_tensor, first_order_backward, soft_output_vjp,
                       temperature, undefined_samples_as_nan)

_relax = _core.relax


class _RelaxedBernoulli(torch.autograd.Function):
    """y = sigmoid((logits + L) / tau) element-wise on a contiguous tensor, L the logistic noise
    of the Philox stream ``seed``; hard: 1[logits + L > 0] with the soft sample's gradient
    v ⊙ y ⊙ (1 − y) / tau."""

    @staticmethod
    def forward(ctx, logits, tau, hard, seed, keep_soft):
        y = torch.empty_like(logits)
        if hard:
            soft = torch.empty_like(logits) if keep_soft else None
            _relax.relaxed_bernoulli(array(logits), tau, seed, soft=array(soft), hard=array(y))
            undefined_samples_as_nan(y, (logits,), rows=False)
        else:
            soft = y
            _relax.relaxed_bernoulli(array(logits), tau, seed, soft=array(y))
        ctx.tau = tau
        ctx.save_for_backward(soft)
        return y

    @staticmethod
    @first_order_backward
    def backward(ctx, grad_y):
        (soft,) = ctx.saved_tensors
        grad = soft_output_vjp(_relax.relaxed_bernoulli_backward, soft, grad_y, ctx.tau)
        return grad, None, None, None, None


def relaxed_bernoulli(logits: torch.Tensor, tau: float = 1.0, hard: bool = False,
                      generator: torch.Generator | None = None) -> torch.Tensor:
    """A relaxed Bernoulli (binary Concrete) sample of each element, p = sigmoid(logits)
    (Maddison, Mnih & Teh 2017 §3.3; Jang et al. 2017):

        y = sigmoid((logits + L) / tau),   L = log u − log(1 − u),  u ~ U(0, 1) i.i.d.;
        dy/dlogits = y (1 − y) / tau.

    As tau → 0, y tends to b = 1[logits + L > 0], an exact Bernoulli(p) draw. ``hard=True``
    returns that b (exactly 0 or 1) with the soft sample's gradient (straight-through).
    Noise, perturbation and sigmoid run in one fused sweep; the backward pass in another.

    Args:
        logits: CPU tensor of float32 or float64, any shape (copied first if not contiguous).
        tau: temperature, a real number > 0 and finite.
        hard: return the Bernoulli sample with the relaxed gradient.
        generator: the torch.Generator that the call draws its noise seed from (draw_seed; the
            noise is logistic_noise(logits, seed)); None uses torch's default generator.

    Returns:
        A tensor of the logits' shape and dtype, contiguous.

    Raises:
        TypeError / ValueError as gumbel_softmax does.
    """
    where = "varopt.torch.relaxed_bernoulli"
    check_kernel_tensor(logits, where)
    tau = temperature(tau, where, logits.dtype)
    seed = draw_seed(generator)
    x = logits.contiguous()
    keep_soft = torch.is_grad_enabled() and x.requires_grad
    return _RelaxedBernoulli.apply(x, tau, bool(hard), seed, keep_soft)
