"""The checks every user-facing number goes through: real numbers are accepted in any real
dtype (int, float, numpy scalars and arrays, 0-d arrays), and nothing else is coerced — a
string, None, a bool or a complex number raises TypeError naming what it was given for."""
from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np


def is_tensor(value: Any) -> bool:
    """A torch tensor (recognized without importing torch)."""
    return hasattr(value, "detach") and hasattr(value, "cpu") and hasattr(value, "numel")


def tensor_as_array(tensor: Any) -> np.ndarray:
    """A tensor's values as a numpy array, without its autograd history; bfloat16 and float16
    through float64 (numpy has no bfloat16)."""
    tensor = tensor.detach().cpu()
    try:
        return tensor.numpy()
    except (TypeError, RuntimeError):
        if tensor.is_floating_point():
            return tensor.double().numpy()
        raise


def real_number(value: Any, what: str) -> float:
    """One real number (int, float, a numpy scalar or 0-d array, a tensor of one element) as a
    float."""
    if is_tensor(value) and value.numel() == 1:
        value = tensor_as_array(value).reshape(())
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "fiu":
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what}: expected a real number, got {value!r:.200}")
    try:
        return float(value)
    except OverflowError:  # an int beyond the doubles
        raise ValueError(f"{what}: expected a real number within ±1.8e308, got an integer of "
                         f"{int(value).bit_length()} bits") from None


def whole_number(value: Any, what: str) -> int:
    """An int, or a float with an integral value (``max_evals=1e5``); not 2.5."""
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        value = int(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what}: expected a whole number, got {value!r:.200}")
    return int(value)


def real_array(values: Any, what: str) -> np.ndarray:
    """values (a sequence, an array of any real dtype and layout, a tensor) as a float64 array.
    The elements of a sequence or object array are checked one by one (numpy would turn True
    into 1.0 and refuse 2**64 as an object)."""
    if isinstance(values, (list, tuple)) or (isinstance(values, np.ndarray) and
                                             values.dtype.kind == "O"):
        if not isinstance(values, np.ndarray):  # tensors as arrays (numpy takes none with grad)
            values = [(tensor_as_array(v).reshape(()) if v.numel() == 1 else tensor_as_array(v))
                      if is_tensor(v) else v for v in values]
        try:
            items = np.asarray(values, dtype=object)
        except ValueError:  # ragged
            raise TypeError(f"{what}: expected real numbers, got {values!r:.200}") from None
        flat = [real_number(v, f"{what}[{i}]") for i, v in enumerate(items.reshape(-1))]
        return np.asarray(flat, dtype=float).reshape(items.shape)
    try:
        a = tensor_as_array(values) if is_tensor(values) else np.asarray(values)
    except (TypeError, ValueError, RuntimeError):
        raise TypeError(f"{what}: expected real numbers, got {values!r:.200}") from None
    if a.dtype.kind not in "fiu":
        raise TypeError(f"{what}: expected real numbers, got {values!r:.200}")
    return a.astype(float, copy=False)
