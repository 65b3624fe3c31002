"""The checks every user-facing number goes through: real numbers are accepted in any real
dtype (int, float, numpy scalars and arrays, 0-d arrays), and nothing else is coerced — a
string, None, a bool or a complex number raises TypeError naming what it was given for."""
from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np


def real_number(value: Any, what: str) -> float:
    """One real number (int, float, a numpy scalar or 0-d array) as a float."""
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
        try:
            items = np.asarray(values, dtype=object)
        except ValueError:  # ragged
            raise TypeError(f"{what}: expected real numbers, got {values!r:.200}") from None
        flat = [real_number(v, f"{what}[{i}]") for i, v in enumerate(items.reshape(-1))]
        return np.asarray(flat, dtype=float).reshape(items.shape)
    if hasattr(values, "detach") and hasattr(values, "cpu"):  # a torch tensor, maybe with grad
        values = values.detach().cpu()
    try:
        a = np.asarray(values)
    except (TypeError, ValueError, RuntimeError):  # e.g. a bfloat16 tensor
        if not hasattr(values, "double"):
            raise TypeError(f"{what}: expected real numbers, got {values!r:.200}") from None
        a = np.asarray(values.double())
    if a.dtype.kind not in "fiu":
        raise TypeError(f"{what}: expected real numbers, got {values!r:.200}")
    return a.astype(float, copy=False)
