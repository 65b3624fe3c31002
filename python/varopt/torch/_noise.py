"""The noise of the varopt.torch relaxations: one 64-bit seed per call, drawn from a torch
generator, names a counter-based Philox stream (include/varopt/relax/noise.hpp)."""
import operator

import torch

from .. import _core
from ._tensors import array, check_kernel_tensor, classes_last, dimension

_relax = _core.relax


def draw_seed(generator: torch.Generator | None = None) -> int:
    """One 64-bit seed drawn from ``generator``, the way each varopt.torch call draws its own.

    ``generator=None`` uses torch's default CPU generator, so ``torch.manual_seed(s)`` makes the
    calls that follow repeatable. The seed is
    ``torch.randint(-2**63, 2**63 - 1, (), dtype=torch.int64, generator=generator)`` taken modulo
    2**64, and names the Philox stream ``StreamId{seed, 0, 0}`` of the C++ library.
    """
    value = torch.randint(-2**63, 2**63 - 1, (), dtype=torch.int64, generator=generator)
    return int(value) % 2**64


def _seed(seed, where: str) -> int:
    """A 64-bit seed as the kernels take it: an integer in [0, 2**64) (never a truncated 1.5)."""
    try:
        value = operator.index(seed)
    except TypeError:
        raise TypeError(f"{where}: expected an integer seed, got {seed!r}") from None
    if isinstance(seed, bool):
        raise TypeError(f"{where}: expected an integer seed, got {seed!r}")
    if not 0 <= value < 2**64:
        raise ValueError(f"{where}: expected a seed in [0, 2**64), got {seed!r}")
    return value


def gumbel_noise(like: torch.Tensor, seed: int, dim: int = -1) -> torch.Tensor:
    """The Gumbel noise G that ``gumbel_softmax(like, dim=dim)`` adds when its call draws
    ``seed`` (see draw_seed): a tensor of ``like``'s shape and dtype.

    G = −log(−log u) with u uniform in (0, 1) (Gumbel 1954). Addressing: with ``dim`` moved last
    and the tensor flattened row-major, element e takes noise number e of the stream, so the
    noise of an element does not depend on the thread count.

    >>> g = torch.Generator().manual_seed(0)
    >>> G = gumbel_noise(x, draw_seed(torch.Generator().manual_seed(0)))
    >>> gumbel_softmax(x, 0.5, generator=g)   # equals torch.softmax((x + G) / 0.5, -1)
    """
    where = "varopt.torch.gumbel_noise"
    check_kernel_tensor(like, where, "like")
    seed = _seed(seed, where)
    d = dimension(dim, like.dim(), where)
    shaped = like.detach().reshape(1) if like.dim() == 0 else like.detach()
    out = torch.empty_like(classes_last(shaped, d))
    _relax.gumbel_noise(seed, array(out))
    return out.movedim(-1, d).reshape(like.shape)


def logistic_noise(like: torch.Tensor, seed: int) -> torch.Tensor:
    """The logistic noise L that ``relaxed_bernoulli(like)`` and
    ``straight_through_bernoulli(like)`` add when their call draws ``seed``: L = log u − log(1 − u), u uniform in (0, 1); element e of
    the flattened tensor takes noise number e of the stream."""
    where = "varopt.torch.logistic_noise"
    check_kernel_tensor(like, where, "like")
    seed = _seed(seed, where)
    out = torch.empty_like(like, memory_format=torch.contiguous_format)
    _relax.logistic_noise(seed, array(out))
    return out
