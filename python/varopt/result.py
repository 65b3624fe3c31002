"""The result of a run, in the style of ``scipy.optimize.OptimizeResult``: a dict whose keys are
also attributes."""
from __future__ import annotations

__all__ = ["OptimizeResult"]


class OptimizeResult(dict):
    """Fields:

    x            the best point found (a numpy array; with a space, a dict by block name); None
                 while no point has a finite value
    fun          f(x) (inf while no point has a finite value)
    nfev, nit    evaluations and generations
    termination  why the run ended ("target_reached", "max_evaluations", "flat_fitness", ...)
    success      True unless the run ended by a numerical error or without finite values, or
                 has no point with a finite value
    status       0 when success, else 1 (scipy's convention: 0 for success)
    message      the termination in words, and the last failed evaluation's message if any
    last_failure "generation g, point i: message" of the last failed evaluation, or None
    history      one dict per generation: nit, nfev, fun (best so far), generation_fun,
                 mean_fun, sigma
    method, seed, restarts, nfev_nonfinite (members without a finite value, counted as the worst)
    mean, sigma  the search distribution's center and spread at the end
    """

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e

    __setattr__ = dict.__setitem__
    __delattr__ = dict.__delitem__

    def __repr__(self) -> str:
        keys = [k for k in ("termination", "success", "fun", "x", "nfev", "nit", "method") if k in self]
        width = max(len(k) for k in keys) if keys else 0
        return "\n".join(f"{k.rjust(width)}: {self[k]!r}" for k in keys)

    def __dir__(self):
        return list(self.keys())
