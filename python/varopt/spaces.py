"""Search spaces: a dict from block name to block, the same spaces as the command's JSON
(``varopt minimize --space FILE``, docs/workers.md)::

    space = {"x": varopt.Real(5, lower=-5, upper=5),
             "solver": varopt.Categorical(["gmres", "cg", "bicgstab"]),
             "n": varopt.Integer(0, 10),
             "mask": varopt.Binary(8)}

A point of the space is a dict by block name in the user's types: a block of one variable is a
scalar (``float``, ``int``, the choice itself, ``0``/``1``), a larger block a numpy array (a list
for categorical blocks). The solver sees the flat vector θ of the blocks in the order of their
names (categorical variables as the index of their choice).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from ._numbers import real_array, real_number

__all__ = ["Real", "Integer", "Categorical", "Binary", "Space"]


def _count(n: Any, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{what}: expected a whole number of variables n >= 1, got {n!r}")
    return int(n)


def _number(value: Any, what: str) -> float:
    value = real_number(value, what)
    if not math.isfinite(value):
        raise ValueError(f"{what}: expected a finite number, got {value!r}")
    return value


def _per_variable(value: Any, what: str, open_side: float | None = None) -> float | list | None:
    """A number for every variable of a block, or one per variable, as the library's JSON takes
    it (the library checks the count). With open_side (−inf for lower, inf for upper), None or
    that infinity is a variable without a bound on the side (null in the JSON; None for all)."""
    if open_side is not None and isinstance(value, (list, tuple)):
        value = [open_side if v is None else v for v in value]
    a = real_array(value, what)
    unbounded = (a == open_side) if open_side is not None else np.zeros(a.shape, dtype=bool)
    if a.ndim > 1 or not np.all(np.isfinite(a) | unbounded):
        raise ValueError(f"{what}: expected a finite number or one per variable"
                         + (" (None or inf: no bound there)" if open_side is not None else "")
                         + f", got {value!r:.200}")
    if np.all(unbounded):
        return None
    if a.ndim == 0:
        return float(a)
    return [None if u else float(v) for v, u in zip(a, unbounded)]


@dataclass(frozen=True)
class Real:
    """``n`` continuous variables, optionally in ``[lower, upper]`` (each a number, or one per
    variable; points are reflected into the box), starting at ``x0`` (a number or one per
    variable; default: the middle of the box, or 0 moved into it) with initial standard deviation
    ``sigma0``."""

    n: int = 1
    lower: Any = None
    upper: Any = None
    x0: Any = None
    sigma0: float | None = None

    def to_json(self) -> dict:
        j: dict = {"type": "real", "dim": _count(self.n, "Real")}
        for key, side, open_side in (("lower", self.lower, -math.inf), ("upper", self.upper,
                                                                           math.inf)):
            values = None if side is None else _per_variable(side, f"Real.{key}", open_side)
            if values is not None:
                j[key] = values
        if self.x0 is not None:
            j["x0"] = _per_variable(self.x0, "Real.x0")
        if self.sigma0 is not None:
            j["sigma0"] = _number(self.sigma0, "Real.sigma0")
        return j


@dataclass(frozen=True, init=False)
class Integer:
    """``n`` integer variables in ``[lower, upper]`` (both included).

    ``ordered=False``: a categorical over the values (for choices that are numbers but have no
    useful order); the discrete methods search it. ``ordered=True``: real variables in
    ``[lower - 0.5, upper + 0.5]`` rounded to the nearest integer at every point, so that a
    Gaussian method (``cma``, the default) follows the order of the values, as CMA-ES with
    integer variables does; prefer it where f changes gradually with the integers (a count, a
    size, a step number). docs/discrete.md compares the two."""

    lower: int
    upper: int
    n: int = 1
    ordered: bool = False

    def __init__(self, lower: int, upper: int, n: int = 1, ordered: bool = False):
        for name, v in (("lower", lower), ("upper", upper)):
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
                raise TypeError(f"Integer.{name}: expected an int, got {v!r}")
        object.__setattr__(self, "lower", int(lower))
        object.__setattr__(self, "upper", int(upper))
        object.__setattr__(self, "n", _count(n, "Integer"))
        if not isinstance(ordered, (bool, np.bool_)):
            raise TypeError(f"Integer.ordered: expected True or False, got {ordered!r}")
        object.__setattr__(self, "ordered", bool(ordered))

    def to_json(self) -> dict:
        block = {"type": "integer", "dim": self.n, "lower": self.lower, "upper": self.upper}
        if self.ordered:
            block["ordered"] = True
        return block


_MAX_CHOICES = 4096  # the library's limit on the values of a discrete variable (space_json)


def _is_nan(c) -> bool:
    return isinstance(c, (float, np.floating)) and bool(np.isnan(c))


def _same_choice(a, b) -> bool:
    """a == b as a truth value: NaN is NaN, and objects whose == is element-wise (numpy arrays)
    are equal when they are equal arrays."""
    if a is b:
        return True
    if _is_nan(a) and _is_nan(b):
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # an element-wise == (numpy arrays): no single truth value
        return bool(np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object)))


def _repeated_choice(choices: tuple):
    """A choice that comes twice, or None. Hashable choices are checked in one pass (as many as
    _MAX_CHOICES took seconds pairwise), the others pair by pair."""
    try:
        keys = {("nan",) if _is_nan(c) else c for c in choices}
        if len(keys) == len(choices):
            return None
    except TypeError:  # unhashable choices (lists, arrays)
        pass
    for i, c in enumerate(choices):
        if any(_same_choice(c, d) for d in choices[:i]):
            return c
    return None


@dataclass(frozen=True, init=False)
class Categorical:
    """``n`` variables, each one of ``choices`` (any objects, at least two, distinct)."""

    choices: tuple
    n: int = 1

    def __init__(self, choices: Sequence, n: int = 1):
        if isinstance(choices, np.ndarray) and choices.ndim == 1:
            choices = choices.tolist()  # the Python values numpy holds
        if isinstance(choices, (set, frozenset)):  # its order changes from run to run
            raise TypeError("Categorical: expected the choices in an order (a list or tuple), "
                            f"got a {type(choices).__name__}; sorted(...) gives one")
        if isinstance(choices, (str, bytes, Mapping)) or not isinstance(choices, Iterable):
            raise TypeError(f"Categorical: expected a sequence of choices, got {choices!r:.200}")
        choices = tuple(choices)
        if not 2 <= len(choices) <= _MAX_CHOICES:
            raise ValueError(f"Categorical: expected 2 to {_MAX_CHOICES} choices, got "
                             f"{len(choices)}")
        twice = _repeated_choice(choices)
        if twice is not None:
            raise ValueError(f"Categorical: expected distinct choices, got {twice!r} twice")
        object.__setattr__(self, "choices", choices)
        object.__setattr__(self, "n", _count(n, "Categorical"))

    def to_json(self) -> dict:
        # The library needs distinct non-empty names; the Python layer maps indices back to the
        # choices themselves, so their positions name them.
        return {"type": "categorical", "dim": self.n,
                "choices": [f"{i}:{c!s}"[:60] for i, c in enumerate(self.choices)]}


@dataclass(frozen=True)
class Binary:
    """``n`` variables in {0, 1}."""

    n: int = 1

    def to_json(self) -> dict:
        return {"type": "binary", "dim": _count(self.n, "Binary")}


_BLOCK_TYPES = (Real, Integer, Categorical, Binary)


class Space:
    """A dict of blocks, checked, with its JSON form and the conversion of θ rows to points."""

    def __init__(self, blocks: Mapping[str, Any]):
        if not isinstance(blocks, Mapping) or not blocks:
            raise TypeError(f"space: expected a non-empty dict from name to block, got {blocks!r}")
        for name, block in blocks.items():
            if not isinstance(name, str) or not name:
                raise TypeError(f"space: expected non-empty string names, got {name!r}")
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: no JSON or file can hold it
                raise ValueError(f"space: expected names of valid Unicode text, got {name!r}") \
                    from None
            if not isinstance(block, _BLOCK_TYPES):
                raise TypeError(f"space[{name!r}]: expected varopt.Real, Integer, Categorical or "
                                f"Binary, got {block!r}")
        self.blocks = dict(blocks)
        # name → (kind, offset, size) in θ, set from the solver (Space.set_layout)
        self.layout: dict[str, tuple[str, int, int]] = {}

    def set_layout(self, blocks) -> None:
        """The solver's layout of θ: (name, kind, offset, size) per block."""
        self.layout = {name: (kind, offset, size) for name, kind, offset, size in blocks}

    def to_json(self) -> dict:
        return {name: block.to_json() for name, block in self.blocks.items()}

    def point(self, row: np.ndarray) -> dict:
        """The point of a row of θ, by block name in the user's types."""
        out = {}
        for name, block in self.blocks.items():  # in the user's order
            kind, offset, size = self.layout[name]
            values = row[offset:offset + size]
            if kind == "continuous" and not isinstance(block, Integer):
                out[name] = float(values[0]) if size == 1 else values.copy()
            elif kind == "categorical":
                picked = [block.choices[int(round(v))] for v in values]
                out[name] = picked[0] if size == 1 else picked
            else:
                ints = np.rint(values).astype(np.int64)
                out[name] = int(ints[0]) if size == 1 else ints
        return out
