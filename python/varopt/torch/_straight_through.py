"""varopt.torch.straight_through_bernoulli: Bernoulli samples with the straight-through gradient."""
import torch

from .. import _core
from ._noise import draw_seed
from ._tensors import array, check_kernel_tensor, first_order_backward, undefined_samples_as_nan

_relax = _core.relax


class _StraightThroughBernoulli(torch.autograd.Function):
    """b = 1[logits + L > 0] element-wise on a contiguous tensor (L the logistic noise of the
    Philox stream ``seed``); backward v ⊙ p ⊙ (1 − p), p = sigmoid(logits)."""

    @staticmethod
    def forward(ctx, logits, seed):
        b = torch.empty_like(logits)
        _relax.bernoulli_sample(array(logits), seed, array(b))
        undefined_samples_as_nan(b, (logits,), rows=False)
        ctx.save_for_backward(logits)
        return b

    @staticmethod
    @first_order_backward
    def backward(ctx, grad_b):
        (logits,) = ctx.saved_tensors
        grad = torch.empty_like(logits)
        _relax.straight_through_bernoulli_backward(array(logits), array(grad_b.contiguous()),
                                                   array(grad))
        return grad, None


def straight_through_bernoulli(logits: torch.Tensor,
                               generator: torch.Generator | None = None) -> torch.Tensor:
    """Bernoulli samples with the plain straight-through gradient (Bengio, Léonard & Courville
    2013):

        forward   b = 1[u < p], p = sigmoid(logits)  (drawn as 1[logits + L > 0] with logistic
                  noise L: the same draw as ``relaxed_bernoulli(logits, hard=True)``'s);
        backward  as if db/dp = 1:  ∂loss/∂logits = v ⊙ p ⊙ (1 − p).

    Biased: for f(b) = (b − t)² it can even get the sign of dJ/dlogits wrong (formulas.md);
    relaxed_bernoulli trades that bias for a temperature, and the estimators of varopt.torch
    (rloo, disarm) are unbiased.

    Args:
        logits: CPU tensor of float32 or float64, any shape (copied first if not contiguous).
        generator: the torch.Generator that the call draws its noise seed from; None uses
            torch's default generator.

    Returns:
        A tensor of 0s and 1s of the logits' shape and dtype, contiguous.
    """
    where = "varopt.torch.straight_through_bernoulli"
    check_kernel_tensor(logits, where)
    seed = draw_seed(generator)
    return _StraightThroughBernoulli.apply(logits.contiguous(), seed)
