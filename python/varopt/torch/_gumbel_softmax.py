"""varopt.torch.gumbel_softmax: torch.nn.functional.gumbel_softmax on varopt's fused kernels."""
import torch

from .. import _core
from ._noise import draw_seed
from ._tensors import (array, check_kernel_tensor, check_like, classes_last, dimension,
                       first_order_backward, soft_output_vjp, temperature,
                       undefined_samples_as_nan)

_relax = _core.relax


class _GumbelSoftmax(torch.autograd.Function):
    """y = softmax((logits + G) / tau) over the last dimension of contiguous tensors; hard: the
    one-hot of its arg-max, with the soft sample's gradient. G is ``noise`` when given, else
    the Philox stream of ``seed``. The backward pass is the softmax's vector-Jacobian product
    (1/tau) y ⊙ (v − ⟨v, y⟩), one fused sweep; the given noise gets the logits' gradient."""

    @staticmethod
    def forward(ctx, logits, noise, tau, hard, seed, keep_soft):
        y = torch.empty_like(logits)
        if hard:
            soft = torch.empty_like(logits) if keep_soft else None
            _relax.gumbel_softmax(array(logits), tau, seed, soft=array(soft), hard=array(y),
                                  noise=array(noise))
            undefined_samples_as_nan(y, (logits, noise), rows=True)
        else:
            soft = y
            _relax.gumbel_softmax(array(logits), tau, seed, soft=array(y), noise=array(noise))
        ctx.tau = tau
        ctx.save_for_backward(soft)
        return y

    @staticmethod
    @first_order_backward
    def backward(ctx, grad_y):
        (soft,) = ctx.saved_tensors
        grad = soft_output_vjp(_relax.gumbel_softmax_backward, soft, grad_y, ctx.tau)
        wants_logits, wants_noise = ctx.needs_input_grad[:2]
        return (grad if wants_logits else None, grad if wants_noise else None,
                None, None, None, None)


def gumbel_softmax(logits: torch.Tensor, tau: float = 1.0, hard: bool = False, dim: int = -1,
                   generator: torch.Generator | None = None, *,
                   noise: torch.Tensor | None = None) -> torch.Tensor:
    """A Gumbel-softmax (Concrete) sample along ``dim``, as ``torch.nn.functional.gumbel_softmax``
    computes it, on varopt's fused CPU kernels (Jang, Gu & Poole 2017; Maddison, Mnih & Teh 2017):

        y = softmax((logits + G) / tau, dim),   G = −log(−log u),  u ~ U(0, 1) i.i.d.

    ``hard=True`` is the straight-through variant (Jang et al. 2017 §2.2), with torch's
    semantics ``y_hard − y_soft.detach() + y_soft``: the forward value is the one-hot vector of
    the arg-max, the gradient that of the soft sample, (1/tau) y ⊙ (v − ⟨v, y⟩) for an upstream
    gradient v. The forward pass (noise, perturbation, maximum, exponential, normalization) and
    the backward pass are one fused sweep each; the kernels release the GIL.

    Args:
        logits: CPU tensor of float32 or float64, any shape (``dim`` need not be last, nor the
            tensor contiguous: it is copied into that layout first).
        tau: temperature, a real number > 0 and finite.
        hard: return one-hot samples with the soft gradient.
        dim: the dimension of the classes.
        generator: the torch.Generator that the call draws its one 64-bit noise seed from
            (draw_seed); None uses torch's default generator, so ``torch.manual_seed`` makes
            runs repeatable.
        noise: the Gumbel noise G to use instead (a tensor of the logits' shape and dtype, e.g.
            ``-torch.empty_like(logits).exponential_().log()`` as torch draws it); it gets the
            logits' gradient when it requires one. Excludes ``generator``.

    Returns:
        A tensor of the logits' shape and dtype, contiguous.

    Raises:
        TypeError: logits (or noise) not a float32 or float64 tensor, tau or dim of a wrong type.
        ValueError: a tensor not on the CPU, tau ≤ 0 or not finite, dim out of range, noise of
            another shape, or both noise and generator.

    Differences from torch: tau ≤ 0 raises (torch returns NaN); hard outputs are exactly 0 and
    1 (NaN, as torch's, in rows with a NaN logit or only −inf ones); the noise comes from a
    counter-based Philox stream (gumbel_noise gives it); double backward
    (``create_graph=True``) is not supported; torch's deprecated ``eps`` is not accepted, so
    pass ``dim`` by keyword when porting a positional call; it is a Python autograd.Function,
    which torch.jit.script cannot compile and torch.jit.trace would freeze with one noise seed
    (call it outside the scripted part).
    """
    where = "varopt.torch.gumbel_softmax"
    check_kernel_tensor(logits, where)
    tau = temperature(tau, where, logits.dtype)
    d = dimension(dim, logits.dim(), where)
    if noise is not None:
        check_like(noise, logits, where, "noise")
        if generator is not None:
            raise ValueError(f"{where}: expected noise or generator, got both")
    if logits.dim() == 0:
        one = None if noise is None else noise.reshape(1)
        return gumbel_softmax(logits.reshape(1), tau, hard, 0, generator, noise=one).reshape(())
    if logits.numel() == 0:
        return logits.clone()
    seed = 0 if noise is not None else draw_seed(generator)
    x = classes_last(logits, d)
    g = None if noise is None else classes_last(noise, d)
    keep_soft = torch.is_grad_enabled() and (x.requires_grad or (g is not None and g.requires_grad))
    y = _GumbelSoftmax.apply(x, g, tau, bool(hard), seed, keep_soft)
    return y if d == logits.dim() - 1 else y.movedim(-1, d).contiguous()
