"""Convergence plots of varopt runs, with matplotlib::

    import varopt, varopt.plot
    runs = [varopt.minimize(f, x0, method=m, seed=1) for m in ("cma", "snes")]
    ax = varopt.plot.convergence(runs, optimum=0.0)      # best f − f* against evaluations
    ax.figure.savefig("convergence.png")

A result is what varopt.minimize returns: its ``history`` (one record per generation) is what is
drawn. With the ask/tell interface, collect ``solver.last_record()`` after every tell() and plot
``varopt.OptimizeResult(history=records, method=solver.method)``.

matplotlib is imported only when a plot is made (Debian: python3-matplotlib).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["convergence"]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError("varopt.plot needs matplotlib: install the Debian package "
                          "python3-matplotlib (apt-get install python3-matplotlib) or "
                          "`pip install matplotlib`") from e
    return plt


def _runs(result_or_results: Any, label: Any) -> list[tuple[Mapping, str | None]]:
    """(result, label) pairs from one result, a sequence of results or a dict label → result."""
    if isinstance(result_or_results, Mapping) and "history" not in result_or_results:
        if label is not None:
            raise ValueError("convergence: a dict of results is labelled by its keys; "
                             "expected label=None")
        return [(r, str(name)) for name, r in result_or_results.items()]
    if isinstance(result_or_results, Mapping):
        if label is not None and not isinstance(label, str):
            raise TypeError(f"convergence: expected one label (a str) for one result, got {label!r}")
        return [(result_or_results, label)]
    if not isinstance(result_or_results, Sequence) or isinstance(result_or_results, (str, bytes)):
        raise TypeError("convergence: expected a result of varopt.minimize, a sequence of them or "
                        f"a dict label → result, got {type(result_or_results).__name__}")
    results = list(result_or_results)
    if label is None:
        labels = _default_labels(results)
    elif isinstance(label, str) or len(label) != len(results):
        raise ValueError(f"convergence: expected one label per result ({len(results)}), "
                         f"got {label!r}")
    else:
        labels = [str(x) for x in label]
    return list(zip(results, labels))


def _default_labels(results: list) -> list[str | None]:
    """The method of each result; with the seed when two results share a method."""
    methods = [r.get("method") if isinstance(r, Mapping) else None for r in results]
    if len(results) == 1:
        return [None]
    if len(set(methods)) == len(methods):
        return [str(m) for m in methods]
    return [f"{m} (seed {r.get('seed')})" for m, r in zip(methods, results)]


def _curve(result: Any, optimum: float | None, logy: bool) -> tuple[np.ndarray, np.ndarray]:
    """Evaluations and best f so far (minus the optimum) of a result's history, without the
    generations before the first finite value and, on a log scale, the points that are not
    positive."""
    history = result.get("history") if isinstance(result, Mapping) else None
    if not history:
        raise ValueError("convergence: expected a result with a non-empty history (the result of "
                         "varopt.minimize, or OptimizeResult(history=[solver.last_record(), ...]))")
    nfev = np.array([record["nfev"] for record in history], dtype=float)
    best = np.array([record["fun"] for record in history], dtype=float)
    if optimum is not None:
        best = best - float(optimum)
    keep = np.isfinite(best) & (best > 0 if logy else True)
    return nfev[keep], best[keep]


def convergence(result_or_results, ax=None, *, optimum: float | None = None,
                label: str | Sequence[str] | None = None, logy: bool = True):
    """Draws the best f found so far against the evaluations used, one line per run.

    result_or_results  a result of varopt.minimize (anything with a ``history`` of records with
                       ``nfev`` and ``fun``), a sequence of them, or a dict label → result
    ax                 the matplotlib Axes to draw on (default: the current Axes)
    optimum            f*: draw f − f* instead of f (for a known minimum)
    label              the legend entry of one result, or one per result of a sequence
                       (default: each result's method, with its seed when methods repeat)
    logy               a logarithmic y axis (default). Points with a value ≤ 0 (f ≤ f* with an
                       optimum) cannot be drawn there and are left out, as are generations
                       before the first finite value; a run with no point left is an error.

    Returns the Axes. The lines are step lines: the best value holds until the next improvement.
    """
    runs = _runs(result_or_results, label)
    curves = [_curve(result, optimum, logy) for result, _ in runs]
    for (_, name), (x, _) in zip(runs, curves):
        if x.size == 0:
            raise ValueError(f"convergence: the run {name or ''} has no finite value" +
                             (" > 0 to draw on a log scale: pass optimum= below the values, or "
                              "logy=False" if logy else ""))
    if ax is None:
        ax = _pyplot().gca()
    for (_, name), (x, y) in zip(runs, curves):
        ax.plot(x, y, drawstyle="steps-post", label=name)
    ax.set_xlabel("evaluations")
    ax.set_ylabel("best f − f*" if optimum is not None else "best f so far")
    if logy:
        ax.set_yscale("log")
    if any(name is not None for _, name in runs):
        ax.legend()
    return ax
