#!/usr/bin/python3
"""Per-generation overhead of varopt from Python against the `cmaes` package (and pycma).

One generation = ask() + tell() with the objective excluded: the values np.sum(X*X, axis=1) are
computed between the two timed calls, outside the timed region. Every optimizer runs its own
sphere trajectory with the same population size λ (varopt's default for the preset), so the
steps it times are those of a real run; a run that stops is replaced by a fresh one, untimed.

  full covariance:  varopt cma, xnes         peer cmaes.CMA   (and pycma)
  diagonal:         varopt sep-cma, snes     peer cmaes.SepCMA (and pycma with CMA_diagonal)

For varopt the table also gives its C++ core alone (varopt._core.Solver's ask and tell called
directly, a separate run), so that the Python layer's share is the difference.

    /usr/bin/python3 python/bench/overhead_bench.py            # ~1.5 min on 2 cores
    /usr/bin/python3 python/bench/overhead_bench.py --quick    # ~30 s

Times are medians of the per-generation wall times (µs) after warm-up generations; within a
row group the runs take turns of up to 25 generations, so load changes hit them alike. cmaes.CMA
samples every point with a product B·diag(D) of two n×n matrices (O(n³) per point): at n = 1000
one of its generations takes seconds, so that cell has only a few generations.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

import varopt

try:
    import cmaes
except ImportError:  # the peer is optional: its columns then say so
    cmaes = None
try:
    import cma as pycma
except ImportError:
    pycma = None

FULL = ("cma", "xnes")
DIAGONAL = ("sep-cma", "snes")
GOAL = 10.0


def sphere_values(X) -> np.ndarray:
    """The objective, outside the timed region."""
    return np.sum(np.asarray(X) * np.asarray(X), axis=1)


class VaroptRun:
    """varopt.Solver, the public API."""

    def __init__(self, method: str, n: int, seed: int):
        self.method, self.n, self.seed = method, n, seed
        self.solver = self._new()

    def _new(self):
        return varopt.Solver(np.full(self.n, 1.0), 0.5, method=self.method, seed=self.seed)

    @property
    def population(self) -> int:
        return self.solver.population_size

    def generation(self) -> float:
        if self.solver.done:
            self.seed += 1
            self.solver = self._new()
        t0 = time.perf_counter()
        X = self.solver.ask()
        t1 = time.perf_counter()
        values = sphere_values(X)
        t2 = time.perf_counter()
        self.solver.tell(values)
        return (t1 - t0) + (time.perf_counter() - t2)


class CoreRun(VaroptRun):
    """varopt._core.Solver called directly: the C++ library and the pybind11 binding alone."""

    def generation(self) -> float:
        if self.solver.done:
            self.seed += 1
            self.solver = self._new()
        core = self.solver._core
        t0 = time.perf_counter()
        X = core.ask()
        t1 = time.perf_counter()
        values = sphere_values(X)
        t2 = time.perf_counter()
        core.tell(values, {})
        return (t1 - t0) + (time.perf_counter() - t2)


class CmaesRun:
    """cmaes.CMA or cmaes.SepCMA: ask() gives one point, tell() takes [(x, value), ...]."""

    def __init__(self, diagonal: bool, n: int, population: int, seed: int):
        self.cls = cmaes.SepCMA if diagonal else cmaes.CMA
        self.n, self.population, self.seed = n, population, seed
        self.opt = self._new()

    def _new(self):
        return self.cls(mean=np.full(self.n, 1.0), sigma=0.5, population_size=self.population,
                        seed=self.seed)

    def generation(self) -> float:
        if self.opt.should_stop():
            self.seed += 1
            self.opt = self._new()
        t0 = time.perf_counter()
        xs = [self.opt.ask() for _ in range(self.population)]
        t1 = time.perf_counter()
        values = sphere_values(xs)
        t2 = time.perf_counter()
        self.opt.tell([(x, float(v)) for x, v in zip(xs, values)])
        return (t1 - t0) + (time.perf_counter() - t2)


class PycmaRun:
    """pycma's CMAEvolutionStrategy (CMA_diagonal for the diagonal rows), silent, no files."""

    def __init__(self, diagonal: bool, n: int, population: int, seed: int):
        self.diagonal, self.n, self.population, self.seed = diagonal, n, population, seed
        self.es = self._new()

    def _new(self):
        options = {"popsize": self.population, "seed": self.seed, "verbose": -9,
                   "verb_disp": 0, "verb_log": 0, "CMA_diagonal": self.diagonal}
        return pycma.CMAEvolutionStrategy(np.full(self.n, 1.0), 0.5, options)

    def generation(self) -> float:
        if self.es.stop():
            self.seed += 1
            self.es = self._new()
        t0 = time.perf_counter()
        xs = self.es.ask()
        t1 = time.perf_counter()
        values = sphere_values(xs)
        t2 = time.perf_counter()
        self.es.tell(xs, values.tolist())
        return (t1 - t0) + (time.perf_counter() - t2)


def medians_in_turns(runs: dict, budget_s: float, min_generations: dict, max_generations: int,
                     warmup: dict, turn_generations: int = 25, turn_s: float = 0.02) -> dict:
    """name → (median generation time in µs, timed generations). The runs take turns of up to
    turn_generations consecutive generations (or turn_s of timed work), so that a change of the
    machine's load affects all of them alike while each times its generations with warm caches,
    as in a run of its own; a run leaves the turns after max_generations, or after its
    min_generations once budget_s of its timed work is spent. A run without warm-up (one of
    seconds per generation) times every generation."""
    for name, run in runs.items():
        for _ in range(warmup[name]):
            run.generation()
    times = {name: [] for name in runs}
    spent = dict.fromkeys(runs, 0.0)
    active = list(runs)

    def finished(name):
        count = len(times[name])
        return count >= max_generations or (count >= min_generations[name] and spent[name] >= budget_s)

    while active:
        for name in list(active):
            if warmup[name] and (not times[name] or times[name][-1] < turn_s):
                runs[name].generation()  # a turn's first generation has cold caches: untimed
            turn_start = spent[name]
            for _ in range(turn_generations):
                t = runs[name].generation()
                times[name].append(t)
                spent[name] += t
                if finished(name) or spent[name] - turn_start >= turn_s:
                    break
            if finished(name):
                active.remove(name)
    return {name: (1e6 * statistics.median(ts), len(ts)) for name, ts in times.items()}


def measure_cell(presets, diagonal: bool, n: int, seed: int, quick: bool) -> tuple[dict, dict]:
    """The medians of one row group — every preset from Python and its C++ core, and the peers
    with each preset's λ — and the presets' λ."""
    budget, min_gens, max_gens, warmup = (0.15, 5, 300, 2) if quick else (1.0, 15, 3000, 5)
    runs, lams = {}, {}
    for preset in presets:
        runs[preset] = VaroptRun(preset, n, seed)
        runs[preset + "/core"] = CoreRun(preset, n, seed)
        lams[preset] = runs[preset].population
    for lam in sorted(set(lams.values())):
        if cmaes:
            runs[f"cmaes/{lam}"] = CmaesRun(diagonal, n, lam, seed)
        if pycma:
            runs[f"pycma/{lam}"] = PycmaRun(diagonal, n, lam, seed)
    min_generations = dict.fromkeys(runs, min_gens)
    warmups = dict.fromkeys(runs, warmup)
    if not diagonal and n >= 500:  # cmaes.CMA: seconds per generation, O(n³) per point
        for name in runs:
            if name.startswith("cmaes/"):
                min_generations[name], warmups[name] = (1 if quick else 3), 0
    return medians_in_turns(runs, budget, min_generations, max_gens, warmups), lams


def fmt_us(us: float | None) -> str:
    if us is None:
        return "—"
    return f"{us:,.0f}" if us >= 100 else f"{us:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="less time per cell (~30 s in all)")
    parser.add_argument("--dims", default="10,100,1000", help="comma-separated n (10,100,1000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    dims = [int(d) for d in args.dims.split(",")]

    print(f"varopt {varopt.__version__}, numpy {np.__version__}, "
          f"cmaes {getattr(cmaes, '__version__', 'not installed') if cmaes else 'not installed'}, "
          f"pycma {pycma.__version__ if pycma else 'not installed'}; "
          f"Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f}")
    print("µs per generation (ask + tell, objective excluded), median; ratio = peer / varopt "
          f"(goal ≥ {GOAL:g}×)\n")
    header = (f"{'n':>5} {'λ':>3}  {'varopt':<8} {'varopt µs':>10} {'C++ core µs':>12}  "
              f"{'peer':<13} {'peer µs':>12} {'gens':>10} {'ratio':>7}  {'pycma µs':>13} {'ratio':>6}")
    warm = VaroptRun("cma", 10, args.seed)
    for _ in range(20000):  # warms the process up, untimed
        warm.generation()
    missed = []
    start = time.perf_counter()
    for kind, presets in (("full covariance", FULL), ("diagonal", DIAGONAL)):
        diagonal = presets is DIAGONAL
        peer_name = "cmaes.SepCMA" if diagonal else "cmaes.CMA"
        print(f"{kind}: varopt {' and '.join(presets)} against {peer_name} and pycma"
              f"{' (CMA_diagonal)' if diagonal else ''}")
        print(header)
        for n in dims:
            medians, lams = measure_cell(presets, diagonal, n, args.seed, args.quick)
            for preset in presets:
                lam = lams[preset]
                t_ours, g_ours = medians[preset]
                t_core, _ = medians[preset + "/core"]
                t_peer, g_peer = medians.get(f"cmaes/{lam}", (None, 0))
                t_pycma, _ = medians.get(f"pycma/{lam}", (None, 0))
                ratio = t_peer / t_ours if t_peer else None
                ratio_pycma = t_pycma / t_ours if t_pycma else None
                if ratio is not None and ratio < GOAL:
                    missed.append((kind, n, preset, ratio))
                print(f"{n:>5} {lam:>3}  {preset:<8} {fmt_us(t_ours):>10} {fmt_us(t_core):>12}  "
                      f"{peer_name:<13} {fmt_us(t_peer) if cmaes else 'not installed':>12} "
                      f"{g_ours:>5}/{g_peer:<4} {(f'{ratio:.1f}×' if ratio else '—'):>7}  "
                      f"{fmt_us(t_pycma) if pycma else 'not installed':>13} "
                      f"{(f'{ratio_pycma:.1f}×' if ratio_pycma else '—'):>6}", flush=True)
        print()
    print(f"gens = timed generations varopt/peer. Total {time.perf_counter() - start:.0f} s; "
          f"load average {os.getloadavg()[0]:.2f}.")
    if missed:
        print("Below the goal: " + "; ".join(f"{k} n={n} {p}: {r:.1f}×" for k, n, p, r in missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
