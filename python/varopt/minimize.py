"""varopt.minimize: the loop over ask / evaluate / tell that most users want::

    res = varopt.minimize(f, x0=np.zeros(10), sigma0=0.5, target=1e-8, seed=1)
    res.x, res.fun, res.nfev, res.termination, res.history

Evaluation: ``fun(x, *args)`` one point at a time in this process; ``vectorized=True``:
``fun(X, *args)`` once per generation with X of shape (λ, n) (or the list of λ dicts of a space),
returning λ values (numpy, torch, a list); ``executor=``: any object with ``submit(fn, *args)``
returning futures (``concurrent.futures`` executors, ``mpi4py.futures.MPIPoolExecutor``, a Dask
``distributed.Client``), one task per point. The points, and so the result, depend only on the
seed: serial, vectorized and executor runs of one seed agree.

Failures (``on_error``): ``"raise"`` (default) stops the run and raises the objective's own
exception, with its traceback; ``"worst"`` records the failed member with its message and counts
it as the generation's worst value (``res.nfev_nonfinite``). NaN/inf values follow the
``nonfinite`` option (default: worst). Ctrl-C raises KeyboardInterrupt at once.
"""
from __future__ import annotations

import concurrent.futures
import math
import pickle
import time
from typing import Any, Callable

import numpy as np

from ._numbers import is_tensor, real_array, real_number, tensor_as_array
from .result import OptimizeResult
from .solver import STOPPING_KEYS, Solver

__all__ = ["minimize"]

# minimize(checkpoint=...) saves at most this often (and at the start and the end): a save at
# n = 1000 with a full covariance writes 12 MB, half a second.
CHECKPOINT_SECONDS = 10.0


def _value(v: Any, member: int) -> float:
    """The objective's value as a float: a real number, or a tensor or array holding one; a
    string, None, a bool or a complex number is an error, never coerced."""
    if is_tensor(v):
        v = tensor_as_array(v)
    if isinstance(v, np.ndarray) and v.size == 1:
        v = v.reshape(())
    return real_number(v, f"objective (member {member})")


class _Evaluation:
    """One generation's values and the failed members' messages, under the failure policy."""

    def __init__(self, size: int, on_error: str):
        self.values = np.full(size, np.nan)
        self.failures: dict[int, str] = {}
        self.on_error = on_error

    def fail(self, member: int, error: BaseException) -> None:
        if self.on_error == "raise" or not isinstance(error, Exception):
            raise error  # KeyboardInterrupt and SystemExit always stop the run
        self.failures[member] = f"{type(error).__name__}: {error}"


def _evaluate_serial(fun, points, args, ev: _Evaluation) -> None:
    for i, x in enumerate(points):
        try:
            ev.values[i] = _value(fun(x, *args), i)
        except BaseException as e:  # noqa: B902 (the policy decides)
            ev.fail(i, e)


def _evaluate_vectorized(fun, points, args, ev: _Evaluation) -> None:
    try:
        out = fun(points, *args)
        if hasattr(out, "detach"):  # a torch tensor (numpy has no bfloat16: through float64)
            out = out.detach().cpu()
            out = (out.double() if out.is_floating_point() else out).numpy()
        values = real_array(out, "objective (vectorized)").reshape(-1)
        if values.size != len(ev.values):
            raise ValueError(f"objective (vectorized): expected {len(ev.values)} values, one per "
                             f"point, got an array of shape {np.shape(out)}")
        ev.values[:] = values
    except BaseException as e:  # noqa: B902
        if ev.on_error == "raise" or not isinstance(e, Exception):
            raise
        for i in range(len(ev.values)):
            ev.fail(i, e)


def _is_executor_failure(error: BaseException) -> bool:
    """An error of the executor itself, not of fun: a broken or shut-down pool, or a cancelled
    future (fun that a process pool cannot send is refused before, by _require_pickleable)."""
    return isinstance(error, (concurrent.futures.BrokenExecutor,
                              concurrent.futures.CancelledError))


def _require_pickleable(executor, fun, args) -> None:
    """A process pool sends fun and args to its workers by pickle: one that cannot be sent fails
    every evaluation the same way, which no failure policy should count as values."""
    if not isinstance(executor, concurrent.futures.ProcessPoolExecutor):
        return
    try:
        pickle.dumps((fun, args))
    except Exception as e:  # PicklingError, or AttributeError/TypeError from pickle
        raise TypeError(f"minimize: expected fun and args that a ProcessPoolExecutor can send to "
                        f"its workers (pickle; a module-level function, not a lambda or a local "
                        f"function), got {fun!r:.100}: {e}") from e


def _evaluate_executor(executor, fun, points, args, ev: _Evaluation) -> None:
    futures = [executor.submit(fun, x, *args) for x in points]
    try:
        for i, future in enumerate(futures):
            try:
                ev.values[i] = _value(future.result(), i)
            except BaseException as e:  # noqa: B902
                if _is_executor_failure(e):  # no evaluation took place: never a worst value
                    raise
                ev.fail(i, e)
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def _is_true(value, callback) -> bool:
    """Whether a callback's return value asks to stop: its truth value, as scipy's
    differential_evolution reads it (1, "stop" and np.True_ stop; None and False do not)."""
    try:
        return bool(value)
    except ValueError as e:  # an array of several truth values
        raise TypeError(f"minimize: expected callback {callback!r} to return a truth value "
                        f"(True to stop), got {value!r:.100}") from e


def minimize(fun: Callable, x0=None, sigma0: float | None = None, *, space=None,
             method: str | None = None,
             bounds=None, max_evals: int | None = None, target: float | None = None,
             seed: int | None = None, callback: Callable | None = None, executor=None,
             vectorized: bool = False, on_error: str = "raise", args: tuple = (),
             restarts: str | None = None, checkpoint=None, resume=None,
             **options) -> OptimizeResult:
    """Minimizes ``fun`` from ``x0`` (or on ``space``) and returns an OptimizeResult.

    callback(intermediate_result) is called after every generation with the result so far
    (x, fun, nfev, nit, ...); returning a true value, or raising StopIteration, ends the run
    (termination "user_stop"). ``checkpoint=path`` saves the run there (Solver.save) before the
    first evaluation, after a generation when CHECKPOINT_SECONDS have passed since the last save,
    at the end, and when an exception (Ctrl-C included) leaves the loop; ``resume=path``
    continues such a run, with new budgets and stopping rules if given (max_evals=, target=,
    ...; Solver.load), nothing else. The other arguments are Solver's (varopt.Solver).
    """
    if not isinstance(vectorized, (bool, np.bool_)):
        raise TypeError(f"minimize: expected vectorized=True or False, got {vectorized!r}")
    if on_error not in ("raise", "worst"):
        raise ValueError(f"minimize: expected on_error in {{'raise', 'worst'}}, got {on_error!r}")
    if vectorized and executor is not None:
        raise ValueError("minimize: expected vectorized=True or an executor, got both")
    if not callable(fun):
        raise TypeError(f"minimize: expected a callable objective, got {fun!r}")
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise TypeError("minimize: expected an executor with submit() (a concurrent.futures "
                        f"Executor, an MPIPoolExecutor, a Dask Client), got {executor!r:.80}; "
                        "pass the pool itself, not pool.map")
    if not isinstance(args, tuple):
        args = (args,)
    _require_pickleable(executor, fun, args)
    if resume is None:
        solver = Solver(x0, sigma0, space=space, method=method, seed=seed, bounds=bounds,
                        max_evals=max_evals, target=target, restarts=restarts, **options)
    else:
        given = [name for name, value in (("x0", x0), ("sigma0", sigma0), ("space", space),
                                          ("method", method), ("seed", seed),
                                          ("bounds", bounds), ("restarts", restarts))
                 if value is not None] + sorted(set(options) - STOPPING_KEYS)
        if given:
            raise ValueError(f"minimize: resume continues the saved run as it was: expected no "
                             f"{given[0]!r} with it (budgets and stopping rules may change: "
                             f"{', '.join(sorted(STOPPING_KEYS))})")
        stopping = dict(options)
        if max_evals is not None:
            stopping["max_evals"] = max_evals
        if target is not None:
            stopping["target"] = target
        solver = Solver.load(resume, **stopping)
    saver = _Checkpoint(solver, checkpoint)
    try:
        history = _run(solver, fun, args, vectorized, executor, on_error, callback, saver)
    except BaseException:
        saver.save()  # the last consistent state: a generation asked and not told is asked again
        raise
    saver.save()
    result = solver.result
    result.history = history
    return result


class _Checkpoint:
    """Saves a solver to a path (none: nothing) at most every CHECKPOINT_SECONDS, or when told."""

    def __init__(self, solver: Solver, path):
        self.solver, self.path = solver, path
        self.last = -math.inf
        self.save()  # before the first evaluation: a path that cannot be written fails now

    def save(self) -> None:
        if self.path is not None:
            self.solver.save(self.path)
            self.last = time.monotonic()

    def due(self) -> None:
        if time.monotonic() - self.last >= CHECKPOINT_SECONDS:
            self.save()


def _run(solver, fun, args, vectorized, executor, on_error, callback, saver) -> list[dict]:
    """The generations until the solver is done; returns their records."""
    history: list[dict] = []
    while not solver.done:
        points = solver.ask()
        ev = _Evaluation(len(points), on_error)
        if vectorized:
            _evaluate_vectorized(fun, points, args, ev)
        elif executor is not None:
            _evaluate_executor(executor, fun, points, args, ev)
        else:
            _evaluate_serial(fun, points, args, ev)
        solver.tell(ev.values, ev.failures)
        history.append(solver.last_record())
        if callback is not None:
            try:
                stop = callback(solver.result)
            except StopIteration:
                stop = True
            if _is_true(stop, callback):
                solver.stop()
        saver.due()
    return history
