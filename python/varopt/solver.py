"""The ask/tell solver::

    solver = varopt.Solver(x0=np.zeros(10), sigma0=0.5, seed=1)
    while not solver.done:
        X = solver.ask()                      # (λ, n) numpy array (a list of dicts with a space)
        solver.tell([f(x) for x in X])        # one value per row, same order
    print(solver.result.x, solver.result.fun)

The run is the C++ library's (solve/restarts.hpp, solve/run_options.hpp): the options are the
command's config keys, so ``Solver(x0, learning_rate=0.1, population=20)`` is
``varopt minimize --x0 ... --lr 0.1 --population 20``. ask() returns the same points until
tell(); an interrupted evaluation (Ctrl-C) leaves the solver as it was, usable and saveable.
"""
from __future__ import annotations

import difflib
import json
import math
import threading
from typing import Any, Mapping

import numpy as np

from . import _core
from ._numbers import is_tensor, real_array, real_number, tensor_as_array, whole_number
from .result import OptimizeResult
from .spaces import Real, Space

__all__ = ["Solver"]

_FORMAT = "varopt-python-solver"
_OPEN = 1e308  # an open side of a bound in the library's JSON (JSON has no infinity)


def _bound_values(values: Any, side: str) -> list | float:
    """One bound side for the library: None or ±inf (an open side, also per coordinate) as ±1e308."""
    open_side = -math.inf if side == "lower" else math.inf
    if values is None:
        values = open_side
    elif isinstance(values, (list, tuple)):
        values = [open_side if v is None else v for v in values]
    try:
        a = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        a = np.asarray([math.nan])
    if a.ndim > 1 or np.any(np.isnan(a)):
        raise ValueError(f"bounds: expected {side} as a number or one per coordinate "
                         f"(None or ±inf for an open side), got {values!r}")
    a = np.clip(a, -_OPEN, _OPEN)
    return float(a) if a.ndim == 0 else a.tolist()


def _pairs(bounds: Any) -> tuple[list, list]:
    lows = [-math.inf if lo is None else lo for lo, _ in bounds]
    highs = [math.inf if hi is None else hi for _, hi in bounds]
    return lows, highs


def _without_tensors(value: Any) -> Any:
    """Tensors (a side, or entries of one) as numpy arrays, without their autograd history."""
    if is_tensor(value):
        return tensor_as_array(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_without_tensors(v) for v in value)
    return value


def _box_reading(lower: Any, upper: Any) -> str | None:
    """How (lower, upper) reads as a box: "free" (lower < upper everywhere), "fixes" (equal
    bounds fix some coordinate, as scipy's do), or None when it is no box (crossed sides, or
    every coordinate fixed: no search at all)."""
    try:
        lo = np.asarray(_bound_values(lower, "lower"), dtype=float)
        hi = np.asarray(_bound_values(upper, "upper"), dtype=float)
    except ValueError:
        return None
    if not (np.all(lo <= hi) and np.any(lo < hi)):
        return None
    return "free" if np.all(lo < hi) else "fixes"


def _split_bounds(bounds: Any, dim: int) -> tuple[Any, Any]:
    """(lower, upper) from bounds given as an object with lb and ub (scipy.optimize.Bounds), or
    a sequence or array: dim pairs (low, high) (scipy's sequence form, the `cmaes` package's
    rows) or (lower, upper) (pycma's [lower, upper]). In 2 dimensions a 2 × 2 sequence reads
    both ways: the one that is a box is taken; when both are and differ, scipy's pairs win if
    only the other reading fixes a coordinate ([(0, None), (0, None)] as (lower, upper) would fix
    x[0] at 0), else it is refused as ambiguous (scipy.optimize.Bounds or lower=/upper= say
    which)."""
    if hasattr(bounds, "lb") and hasattr(bounds, "ub"):
        return _without_tensors(bounds.lb), _without_tensors(bounds.ub)
    bounds = _without_tensors(bounds)
    try:
        shape = np.shape(np.asarray(bounds, dtype=object))
    except ValueError:
        shape = ()
    is_pairs = len(shape) == 2 and shape[1] == 2 and shape[0] == dim
    if is_pairs and dim == 2:
        as_pairs, as_sides = _pairs(bounds), (bounds[0], bounds[1])
        pairs_box, sides_box = _box_reading(*as_pairs), _box_reading(*as_sides)
        differ = any(_bound_values(p, side) != _bound_values(q, side)
                     for p, q, side in zip(as_pairs, as_sides, ("lower", "upper")))
        if pairs_box == "free" and sides_box == "fixes":
            return as_pairs
        if pairs_box and sides_box and differ:
            raise ValueError(
                f"bounds: {bounds!r} is ambiguous in 2 dimensions: one (low, high) pair per "
                f"coordinate (scipy), or (lower, upper) (pycma); say which with "
                f"scipy.optimize.Bounds(lower, upper) or lower=..., upper=...")
        return as_sides if sides_box and not pairs_box else as_pairs
    if is_pairs:
        return _pairs(bounds)
    if isinstance(bounds, (tuple, list, np.ndarray)) and len(bounds) == 2:
        return bounds[0], bounds[1]
    raise ValueError("bounds: expected (lower, upper), a scipy.optimize.Bounds, or one (low, high) "
                     f"pair per coordinate, got {bounds!r:.200}")


def _config(x0, sigma0, space, method, seed, bounds, max_evals, target, restarts, options) -> dict:
    unknown = sorted(set(options) - _OPTION_KEYS)
    if unknown:
        raise TypeError(f"Solver: unexpected option {unknown[0]!r}{_hint(unknown[0])}; the "
                        "options are x0, sigma0, space, method, seed, bounds, max_evals, target, "
                        "restarts and " + ", ".join(sorted(_OPTION_KEYS - _NAMED)))
    options = dict(options)
    sides = None  # lower=/upper= (the command's keys): the sides themselves, never ambiguous
    if "lower" in options or "upper" in options:
        if bounds is not None:
            raise ValueError("Solver: expected bounds=(lower, upper) or lower=/upper=, got both")
        sides = (_without_tensors(options.pop("lower", None)),
                 _without_tensors(options.pop("upper", None)))
    # numpy scalars (np.int64(10), np.float32(1e-3), np.True_) as the Python numbers they hold
    config: dict = {key: value.item() if isinstance(value, np.generic) else value
                    for key, value in options.items()}
    if space is not None:
        if x0 is not None:
            raise ValueError("Solver: expected x0 or a space, got both (give a start with Real(x0=...))")
        config["space"] = space.to_json()
        dim = sum(b.n for b in space.blocks.values())
    else:
        if x0 is None:
            raise ValueError("Solver: expected x0 (the start, one value per coordinate) or a space")
        x = np.atleast_1d(real_array(x0, "Solver: x0"))  # a number is one coordinate, as in scipy
        if x.ndim != 1 or x.size == 0:
            raise ValueError(f"Solver: expected x0 as a non-empty 1-D array, got shape {x.shape}")
        if not np.all(np.isfinite(x)):
            raise ValueError("Solver: expected finite values in x0")
        config["dim"] = int(x.size)
        config["x0"] = x.tolist()
        dim = x.size
    if sigma0 is not None:
        s = real_number(sigma0, "Solver: sigma0 (one standard deviation for every coordinate)")
        if not (math.isfinite(s) and s > 0):
            raise ValueError(f"Solver: expected a finite sigma0 > 0, got {sigma0!r}")
        config["sigma0"] = s
    if method is not None:
        config["method"] = method
    if isinstance(seed, np.random.Generator):  # scipy's rng=: the run's seed drawn from it
        seed = int(seed.integers(0, 2**63))
    elif isinstance(seed, np.random.RandomState):
        seed = int(seed.randint(0, 2**63, dtype=np.int64))
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**64:
            raise ValueError(f"Solver: expected an integer seed in [0, 2**64), got {seed!r}")
        config["seed"] = int(seed)
    if bounds is not None or sides is not None:
        lower, upper = sides if sides is not None else _split_bounds(bounds, dim)
        per_coordinate = any(np.ndim(_bound_values(side, name)) > 0
                             for side, name in ((lower, "lower"), (upper, "upper")))
        if space is not None and len(space.blocks) > 1 and per_coordinate and all(
                isinstance(b, Real) for b in space.blocks.values()):
            # The solver orders its blocks by name, not as the dict has them: a vector of
            # bounds would fall on other blocks than the user meant (one number is the same on
            # every coordinate).
            raise ValueError("Solver: expected bounds on each Real block of a space with several "
                             "blocks (Real(n, lower=..., upper=...)), got bounds for the whole "
                             "space")
        config["lower"] = _bound_values(lower, "lower")
        config["upper"] = _bound_values(upper, "upper")
    if max_evals is not None:
        config["max_evals"] = whole_number(max_evals, "Solver: max_evals")
    if target is not None:
        config["target"] = real_number(target, "Solver: target")
        if config["target"] == -math.inf:  # pycma's ftarget for none
            del config["target"]
    if restarts is not None:
        config["restarts"] = restarts
    for key, value in config.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"Solver: expected a finite {key}, got {value!r}")
    return config


# What may change when a saved run continues (Solver.load, minimize(resume=...)), as for the
# command's --resume: budgets, stopping rules, max_restarts and nonfinite (the option table's
# may_change_on_resume).
STOPPING_KEYS = frozenset(_core.resumable_option_keys())
_NAMED = {"x0", "sigma0", "method", "seed", "lower", "upper", "max_evals", "target", "restarts"}
# What users of pycma, scipy.optimize and the cmaes package write for an option of ours.
_OTHER_NAMES = {"popsize": "population", "population_size": "population",
                "maxiter": "max_generations", "maxfevals": "max_evals", "maxfev": "max_evals",
                "maxfun": "max_evals", "max_nfev": "max_evals", "ftarget": "target",
                "tolfun": "function_tolerance", "tolx": "min_sigma", "CMA_diagonal":
                "method='sep-cma'", "bipop": "restarts='bipop'", "noise_handler":
                "noise_handling", "x_init": "x0", "mean": "x0", "sigma": "sigma0",
                # scipy.optimize, nevergrad, optuna
                "tol": "function_tolerance", "budget": "max_evals", "n_trials": "max_evals",
                "workers": "executor=concurrent.futures.ProcessPoolExecutor(k)",
                "num_workers": "executor=concurrent.futures.ProcessPoolExecutor(k)",
                "options": "each option as a keyword: max_evals=..., population=...",
                "constraints": "bounds=, or a penalty added to fun's value (no constraints=)",
                "rng": "seed"}
# The command's flags, as keywords: lr= is learning_rate=, and so on.
_OTHER_NAMES.update({flag: repr(key) for flag, key in _core.option_flag_keys().items()
                     if flag not in _OTHER_NAMES})


def _hint(key: str) -> str:
    """ " (did you mean 'population'?)" for a known other name or a close spelling, else ""."""
    if key in _OTHER_NAMES:
        return f" (did you mean {_OTHER_NAMES[key]}?)"
    close = difflib.get_close_matches(key, sorted(_OPTION_KEYS | _NAMED), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


# The command's run options (solve/run_options.hpp) but maximize: minimize -f instead.
_OPTION_KEYS = _core.option_keys() - {"maximize"}


class Solver:
    """Minimizes by Variational Optimization, one generation per ask()/tell().

    x0       the start (1-D array); or ``space``, a dict of varopt.Real/Integer/Categorical/Binary
    sigma0   the initial standard deviation (default: a space's Real blocks' own sigma0, else 1)
    method   a preset of varopt.list_methods() (default: CMA-ES for continuous spaces)
    seed     the run's seed: the same seed gives the same points and the same result
    bounds   (lower, upper), scipy.optimize.Bounds, or one (low, high) pair per coordinate
    max_evals, target, restarts ("ipop" | "bipop")
    options  any other key of the command's config: population, learning_rate, optimizer,
             distribution, estimator, max_generations, min_sigma, stagnation, nonfinite, ...
    """

    def __init__(self, x0=None, sigma0: float | None = None, *, space: Mapping | None = None,
                 method: str | None = None, seed: int | None = None, bounds=None,
                 max_evals: int | None = None, target: float | None = None,
                 restarts: str | None = None, **options):
        self._space = Space(space) if space is not None else None
        self._config = _config(x0, sigma0, self._space, method, seed, bounds, max_evals, target,
                               restarts, options)
        self._core = _core.Solver(json.dumps(self._config, allow_nan=False))
        self._asked = False  # tell() takes the values of the points of the last ask()
        self._last_failure = None  # "generation g, point i: message" of the last failed point
        self._lock = threading.Lock()  # ask, tell and result, each whole, one thread at a time
        if self._space is not None:
            self._space.set_layout(self._core.blocks())

    # ---- the run ----------------------------------------------------------------------------
    def ask(self):
        """The points to evaluate in this generation: a (λ, n) array, or a list of λ dicts with a
        space; the same until tell(). With noise handling (``noise_handling="evaluations"`` or
        ``"sigma"``) there are more rows than λ: some members are evaluated again (docs/python.md);
        evaluate every row."""
        with self._lock:
            rows = self._core.ask()  # RuntimeError once the run is done
            self._asked = True
        if self._space is None:
            return rows
        return [self._space.point(row) for row in rows]

    def tell(self, values, failures: Mapping[int, str] | None = None) -> None:
        """Updates the distribution from one value per point of ask(), in its order. NaN/inf
        values, and the members of ``failures`` (index → message), are handled by the
        ``nonfinite`` option: counted as the generation's worst value (default), or an error."""
        with self._lock:  # from the check that ask() came first to the update, one step
            self._tell(values, failures)

    def _tell(self, values, failures) -> None:
        if not self._asked:
            raise RuntimeError("Solver.tell: expected ask() first: tell() takes one value per "
                               "point of the last ask(), and was called again without one")
        if failures is not None and not isinstance(failures, Mapping):
            raise TypeError("Solver.tell: expected failures as a dict {row: message}, got "
                            f"{type(failures).__name__}; tell takes the values only (pycma's "
                            "es.tell(X, f) is solver.tell(f) here)")
        v = real_array(values, "Solver.tell")
        if v.ndim == 0:
            raise ValueError("Solver.tell: expected one value per row of ask(), got a single "
                             "number")
        if v.ndim != 1:
            v = v.reshape(-1) if v.size == v.shape[0] else v
        if v.ndim != 1:
            raise ValueError("Solver.tell: expected one value per row of ask(), "
                             f"got an array of shape {np.shape(values)} (the values, not the "
                             "points: pycma's es.tell(X, f) is solver.tell(f) here)")
        failures = dict(failures or {})
        for row, message in failures.items():
            if isinstance(row, (bool, np.bool_)) or not isinstance(row, (int, np.integer)) or \
                    not isinstance(message, str):
                raise TypeError("Solver.tell: expected failures as {row index (int): message "
                                f"(str)}}, got {{{row!r:.50}: {message!r:.50}}}")
        failures = {int(row): message for row, message in failures.items()}
        generation = self._core.generations if failures else None  # the one told, counted from 0
        self._core.tell(np.ascontiguousarray(v), failures)  # RuntimeError once the run is done
        self._asked = False
        if failures:
            last = max(failures)
            self._last_failure = f"generation {generation}, point {last}: {failures[last]}"

    def stop(self) -> None:
        """Ends the run (termination "user_stop")."""
        self._core.stop()

    @property
    def done(self) -> bool:
        return self._core.done

    @property
    def result(self) -> OptimizeResult:
        """The best point so far and the run's counters (an OptimizeResult)."""
        with self._lock:  # one generation's figures, whatever other threads do
            s = json.loads(self._core.summary())
            best_x, center = self._core.best_x, self._core.center
        termination = s["termination"]
        evaluated = s["best_f"] is not None  # a finite value yet
        message = _MESSAGES.get(termination, termination)
        if termination == "numerical_error" and s["spread_collapsed"]:  # the command's hints
            message += (" (sigma fell below what doubles resolve: the run converged as far as it "
                        "can; stop it earlier with min_sigma or target)")
        elif termination == "numerical_error" and self._config.get("noise_handling") == "sigma":
            message += (" (noise_handling='sigma' widened sigma until it overflowed: the noise "
                        "does not shrink as sigma grows, as with multiplicative noise; use "
                        "noise_handling='evaluations' or a larger population)")
        elif termination == "numerical_error":
            message += (" (a step took sigma out of range: lower learning_rate, or add a "
                        "baseline='leave-one-out' or shaping='centered-ranks'; the cma and xnes "
                        "methods adapt their steps themselves)")
        if self._config.get("noise_handling", "off") != "off":
            message += (" (noisy f: result.mean estimates the minimizer; x is the best draw and "
                        "fun is biased low)")
        if self._last_failure is not None:
            message += f" (last failed evaluation: {self._last_failure})"
        success = evaluated and termination not in ("numerical_error", "non_finite")
        return OptimizeResult(
            # no point evaluated to a finite value: no x (a placeholder may lie outside a space)
            x=None if not evaluated else self._space.point(best_x) if self._space is not None
            else best_x,
            fun=s["best_f"] if evaluated else math.inf,
            nfev=s["evaluations"],
            nit=s["generations"],
            termination=termination,
            success=success,
            status=0 if success else 1,  # scipy's convention: 0 for success
            message=message,
            last_failure=self._last_failure,
            method=s["method"],
            seed=s["seed"],
            restarts=s["restarts"],
            nfev_nonfinite=s["non_finite_evaluations"],
            mean=center,
            sigma=s["spread"],
        )

    # ---- what a user looks at -----------------------------------------------------------------
    @property
    def population_size(self) -> int:
        return self._core.population_size

    @property
    def dim(self) -> int:
        return self._core.dim

    @property
    def mean(self) -> np.ndarray:
        """The search distribution's center (θ: with a space, categorical values as indices)."""
        return self._core.mean

    @property
    def sigma(self) -> float:
        return self._core.sigma

    @property
    def method(self) -> str:
        return self._core.method

    @property
    def nfev(self) -> int:
        return self._core.evaluations

    @property
    def nit(self) -> int:
        return self._core.generations

    def last_record(self) -> dict | None:
        """The last generation's record: nit, nfev, fun, generation_fun, mean_fun, sigma; None
        before the first tell()."""
        return self._core.last_record() if self._core.generations > 0 else None

    # ---- saving ---------------------------------------------------------------------------------
    def _document(self) -> dict:
        return {"format": _FORMAT, "version": 1, "config": self._config,
                "space": self._space.blocks if self._space is not None else None,
                "state": json.loads(self._core.state()), "asked": self._asked,
                "last_failure": self._last_failure}

    def save(self, path) -> None:
        """Writes the run to ``path`` (JSON, atomically); Solver.load(path) continues it
        bit-identically. A space with choices that are not JSON values needs pickle instead."""
        doc = self._document()
        if self._space is not None:
            for name, b in self._space.blocks.items():
                for choice in getattr(b, "choices", ()):
                    if not _survives_json(choice):
                        raise TypeError(f"Solver.save: the choice {choice!r} of block {name!r} "
                                        "would not come back from JSON as it is (only str, "
                                        "int, float, bool, None and lists and dicts of them "
                                        "do); use pickle to keep it")
            doc["space"] = {name: {"kind": type(b).__name__, **_saved_fields(b)} for name, b in
                            self._space.blocks.items()}
        try:
            text = json.dumps(doc, allow_nan=False, default=_json_default)
        except TypeError as e:
            raise TypeError(f"Solver.save: the space's values (choices, bounds, x0) must be "
                            f"JSON values ({e}); use pickle for others") from e
        _core.write_file_atomically(str(path), text)

    @classmethod
    def load(cls, path, **stopping) -> "Solver":
        """The solver saved by save(path). ``stopping`` changes its budgets and stopping rules
        (``max_evals=``, ``target=``, ...: STOPPING_KEYS), so that a run that used its budget
        continues; anything else of a saved run stays as it was."""
        unknown = sorted(set(stopping) - STOPPING_KEYS)
        if unknown:
            raise TypeError(f"Solver.load: expected only budgets and stopping rules to change "
                            f"({', '.join(sorted(STOPPING_KEYS))}), got {unknown[0]!r}")
        with open(path, encoding="utf-8") as f:
            try:
                doc = json.load(f)
            except json.JSONDecodeError as e:
                raise ValueError(f"Solver.load: '{path}' is not valid JSON ({e})") from e
        if not isinstance(doc, dict) or doc.get("format") != _FORMAT or "state" not in doc:
            raise ValueError(f"Solver.load: expected a file written by Solver.save, got '{path}'")
        space = None
        if doc.get("space") is not None:
            from . import spaces
            space = {}
            for name, b in doc["space"].items():
                b = dict(b)
                kind = getattr(spaces, b.pop("kind"))
                if kind is spaces.Categorical:
                    b["choices"] = tuple(b["choices"])
                space[name] = kind(**b)
        last_failure = doc.get("last_failure")
        config = dict(doc["config"])
        if stopping:  # read as Solver(...) reads them; target=-inf drops the saved target
            if "target" in stopping:
                config.pop("target", None)
            changed = _config([0.0], None, None, None, None, None, stopping.pop("max_evals", None),
                              stopping.pop("target", None), None, stopping)
            del changed["dim"], changed["x0"]
            config.update(changed)
        return cls._restored(config, space, json.dumps(doc["state"]),
                             bool(doc.get("asked", False)),
                             last_failure if isinstance(last_failure, str) else None)

    @classmethod
    def _restored(cls, config: dict, space, state: str, asked: bool = False,
                  last_failure: str | None = None) -> "Solver":
        solver = cls.__new__(cls)
        solver._space = Space(space) if space is not None else None
        solver._config = config
        solver._core = _core.Solver(json.dumps(config, allow_nan=False))
        if solver._space is not None:
            solver._space.set_layout(solver._core.blocks())
        solver._core.restore_state(state)
        solver._asked = asked
        solver._last_failure = last_failure
        solver._lock = threading.Lock()
        return solver

    def __reduce__(self):
        space = self._space.blocks if self._space is not None else None
        return (Solver._restored, (self._config, space, self._core.state(), self._asked,
                                   self._last_failure))

    def __repr__(self) -> str:
        return (f"varopt.Solver(method={self.method!r}, dim={self.dim}, nit={self.nit}, "
                f"nfev={self.nfev}, done={self.done})")


def _survives_json(value) -> bool:
    """Whether JSON gives value back equal and of the same type (a tuple comes back as a list, a
    set or another object not at all). Numpy scalars count as their Python values."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or type(value) in (str, bool, int):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is list:
        return all(_survives_json(v) for v in value)
    if type(value) is dict:
        return all(type(k) is str and _survives_json(v) for k, v in value.items())
    return False


def _saved_fields(block) -> dict:
    """A block's fields for Solver.save: a Real's bounds as its JSON has them (None for a side
    without a bound: JSON has no infinity)."""
    fields = dict(block.__dict__)
    if isinstance(block, Real):
        j = block.to_json()
        fields["lower"], fields["upper"] = j.get("lower"), j.get("upper")
    return fields


def _json_default(value):
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if is_tensor(value):
        return tensor_as_array(value).tolist()
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    raise TypeError(f"{value!r} is not a JSON value")


_MESSAGES = {
    "target_reached": "reached the target",
    "max_evaluations": "used the evaluation budget (max_evals)",
    "max_generations": "used the generation budget (max_generations)",
    "optimum_reached": "reached the problem's known optimum",
    "spread_collapse": "sigma collapsed below min_sigma",
    "distribution_converged": "the discrete distribution converged to one point",
    "stagnation": "no improvement for `stagnation` generations",
    "flat_fitness": "f stopped changing (converged: function_tolerance)",
    "non_finite": "a generation had no finite value",
    "numerical_error": "an update produced non-finite parameters",
    "user_stop": "stopped by the user",
    "none": "running",
}
