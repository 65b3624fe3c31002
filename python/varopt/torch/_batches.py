"""The batch layout of the varopt.torch gradient estimators.

In a training loop, ``logits`` of shape ``(*batch, *event)`` hold the distribution parameters of
one data point per batch index, and K samples are drawn for each: samples of shape
``(K, *batch, *event)`` and their objective values of shape ``(K, *batch)``, one value per
sample and data point (``batch`` may be empty: one distribution, K samples). The estimators
return one gradient estimate per data point, shaped like ``logits``.
"""
import torch


def check_floating(t, where: str, name: str) -> None:
    """TypeError unless `t` is a torch.Tensor of a floating dtype."""
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"{where}: expected {name} as a torch.Tensor, got {type(t).__name__}")
    if not t.is_floating_point():
        raise TypeError(f"{where}: expected {name} of a floating dtype, got {t.dtype}")


def event_dims(logits: torch.Tensor, values, where: str, name: str = "values") -> int:
    """The number of event dimensions of ``logits`` after checking that ``values`` has the shape
    ``(K, *batch)`` with K ≥ 1 and ``batch`` a leading part of ``logits.shape``."""
    check_floating(logits, where, "logits")
    if not isinstance(values, torch.Tensor):
        raise TypeError(f"{where}: expected {name} as a torch.Tensor, got {type(values).__name__}")
    batch = tuple(values.shape[1:])
    if values.dim() < 1 or values.shape[0] < 1 or tuple(logits.shape[:len(batch)]) != batch:
        raise ValueError(f"{where}: expected {name} of shape (K, *batch), K >= 1, with batch a "
                         f"leading part of the logits' shape {tuple(logits.shape)}, got "
                         f"{tuple(values.shape)}")
    return logits.dim() - len(batch)


def per_event(w: torch.Tensor, events: int) -> torch.Tensor:
    """``w`` of shape (K, *batch) with ``events`` trailing dimensions of size 1 (to broadcast
    against tensors of shape (K, *batch, *event))."""
    return w.reshape(w.shape + (1,) * events)
