"""Argument checks shared by the varopt.torch operations, and the numpy views through which they
hand tensors to the C++ kernels (varopt._core.relax) without copying."""
import functools
import math
import numbers
import operator

import torch

_KERNEL_DTYPES = (torch.float32, torch.float64)


def check_kernel_tensor(t, where: str, name: str = "logits") -> None:
    """Raises TypeError unless `t` is a dense float32 or float64 torch.Tensor, ValueError unless
    it lives on the CPU (the kernels run there)."""
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"{where}: expected {name} as a torch.Tensor, got {type(t).__name__}")
    if t.layout != torch.strided:
        raise TypeError(f"{where}: expected a dense (strided) {name} tensor, got layout {t.layout}")
    if t.dtype not in _KERNEL_DTYPES:
        raise TypeError(f"{where}: expected {name} of dtype torch.float32 or torch.float64, "
                        f"got {t.dtype}")
    if t.device.type != "cpu":
        raise ValueError(f"{where}: expected {name} on the CPU, got device '{t.device}' "
                         f"(the fused kernels run on the CPU; move it with .cpu())")


def check_like(t, logits: torch.Tensor, where: str, name: str) -> None:
    """`t` passes check_kernel_tensor and has the shape and dtype of `logits`."""
    check_kernel_tensor(t, where, name)
    if t.dtype != logits.dtype:
        raise TypeError(f"{where}: expected {name} of the logits' dtype {logits.dtype}, "
                        f"got {t.dtype}")
    if t.shape != logits.shape:
        raise ValueError(f"{where}: expected {name} of the logits' shape {tuple(logits.shape)}, "
                         f"got {tuple(t.shape)}")


def temperature(tau, where: str, dtype: torch.dtype = torch.float64) -> float:
    """tau as a float: a real number (or a one-element tensor without gradient) > 0 and finite,
    with 1/tau finite in `dtype` (the kernels divide by tau in the tensor's precision)."""
    if isinstance(tau, torch.Tensor):
        if tau.numel() != 1 or tau.requires_grad:
            raise TypeError(f"{where}: expected temperature tau as a real number, got a tensor of "
                            f"shape {tuple(tau.shape)}"
                            + (" that requires grad" if tau.requires_grad else ""))
        tau = tau.item()
    if not isinstance(tau, numbers.Real):
        raise TypeError(f"{where}: expected temperature tau as a real number, "
                        f"got {type(tau).__name__}")
    value = float(tau)
    if not (value > 0.0 and math.isfinite(value)):
        raise ValueError(f"{where}: expected temperature tau > 0 and finite, got {tau}")
    smallest = 1.0 / torch.finfo(dtype).max
    if value < smallest:
        raise ValueError(f"{where}: expected temperature tau >= {smallest:.3g} for {dtype} "
                         f"(1/tau must be a finite {dtype}), got {tau}")
    return value


def dimension(dim, ndim: int, where: str) -> int:
    """`dim` wrapped into [0, ndim) (a 0-d tensor counts as 1-D, as in torch's softmax)."""
    try:
        d = operator.index(dim)
    except TypeError:
        raise TypeError(f"{where}: expected dim as an integer, got {type(dim).__name__}") from None
    n = max(ndim, 1)
    if not -n <= d < n:
        raise ValueError(f"{where}: expected dim in [{-n}, {n - 1}] for a {ndim}-D tensor, "
                         f"got {dim}")
    return d % n


def classes_last(t: torch.Tensor, dim: int) -> torch.Tensor:
    """`t` contiguous with dimension `dim` moved last (a copy only where the layout needs one)."""
    if dim != t.dim() - 1:
        t = t.movedim(dim, -1)
    return t.contiguous()


def array(t):
    """The numpy view of a contiguous CPU tensor (shares its memory; None stays None)."""
    return None if t is None else t.detach().numpy()


def soft_output_vjp(kernel, soft: torch.Tensor, grad_y: torch.Tensor, tau: float) -> torch.Tensor:
    """The gradient w.r.t. the logits of a tempered soft output (softmax or sigmoid of
    (logits + noise)/tau) by its fused kernel(soft, grad_output, tau, grad_logits)."""
    grad = torch.empty_like(soft)
    kernel(array(soft), array(grad_y.contiguous()), tau, array(grad))
    return grad


def first_order_backward(backward):
    """Decorates an autograd.Function's backward that computes first-order gradients only: under
    create_graph=True (grad mode on during backward) it raises RuntimeError. torch's
    once_differentiable raises only later, and only when the upstream gradient itself requires a
    gradient; with a constant upstream gradient (a gradient penalty on (y * w).sum()) it would
    return a gradient that silently has no graph, so that the penalty's own gradient is lost."""

    @functools.wraps(backward)
    def wrapped(ctx, *grads):
        if torch.is_grad_enabled():
            raise RuntimeError("varopt.torch: double backward (create_graph=True) is not "
                               "supported by the fused kernels; use the torch formula (e.g. "
                               "torch.nn.functional.gumbel_softmax) for higher-order gradients")
        return backward(ctx, *grads)

    return wrapped


def undefined_samples_as_nan(y: torch.Tensor, perturbed_inputs, rows: bool) -> None:
    """Writes NaN into the hard samples `y` whose inputs are undefined, as torch's are NaN there:
    where an input is NaN, and with ``rows`` (a softmax over the last dimension) in whole rows
    that hold a NaN or +inf, or are −inf throughout (no class has any probability). The
    kernels' arg-max would otherwise give a valid-looking one-hot or 0/1 whose class depends on
    where the NaN sits. `perturbed_inputs` are the tensors added before the arg-max (logits,
    given noise). One pass (isfinite) when every input is finite."""
    inputs = [t for t in perturbed_inputs if t is not None]
    if all(bool(torch.isfinite(t).all()) for t in inputs):
        return
    x = inputs[0] if len(inputs) == 1 else sum(inputs[1:], inputs[0])
    with torch.no_grad():
        if rows:
            # +inf: softmax is inf/inf there (torch's is NaN in the row)
            undefined = (torch.isnan(x).any(dim=-1) | torch.isneginf(x).all(dim=-1)
                         | torch.isposinf(x).any(dim=-1))
        else:
            undefined = torch.isnan(x)
        y[undefined] = math.nan
