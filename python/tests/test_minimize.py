import concurrent.futures
import json
import os
import subprocess
import traceback
from pathlib import Path

import numpy as np
import pytest

import varopt
from conftest import failing_above, shifted_ellipsoid, sphere


def test_minimize_result_fields_and_history():
    res = varopt.minimize(shifted_ellipsoid, x0=np.zeros(5), sigma0=1.0, seed=2, target=1e-8)
    assert res.success and res.termination == "target_reached" and res.fun <= 1e-8
    assert res.x.shape == (5,) and res.nfev > 0 and res.nit == len(res.history)
    nfev = [h["nfev"] for h in res.history]
    best = [h["fun"] for h in res.history]
    assert nfev == sorted(nfev) and nfev[-1] == res.nfev
    assert all(a >= b for a, b in zip(best, best[1:]))  # best so far never increases
    assert best[-1] == res.fun
    assert "termination" in repr(res) and res["fun"] == res.fun


def test_vectorized_and_executors_give_the_serial_result():
    kwargs = dict(x0=np.full(4, 0.5), sigma0=0.3, seed=8, max_evals=1500)
    serial = varopt.minimize(shifted_ellipsoid, **kwargs)
    vectorized = varopt.minimize(lambda X: [shifted_ellipsoid(x) for x in X], vectorized=True,
                                 **kwargs)
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        threaded = varopt.minimize(shifted_ellipsoid, executor=pool, **kwargs)
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        processes = varopt.minimize(shifted_ellipsoid, executor=pool, **kwargs)
    for other in (vectorized, threaded, processes):
        assert other.fun == serial.fun and other.nfev == serial.nfev
        np.testing.assert_array_equal(other.x, serial.x)


def test_vectorized_gets_the_whole_population_and_torch_tensors_are_accepted():
    torch = pytest.importorskip("torch")
    shapes = []

    def f(X):
        shapes.append(X.shape)
        return torch.from_numpy(np.sum(X * X, axis=1))

    res = varopt.minimize(f, x0=np.ones(3), vectorized=True, seed=1, target=1e-10)
    assert res.termination == "target_reached"
    assert all(s[1] == 3 and s[0] >= 2 for s in shapes)


def test_vectorized_wrong_count_is_a_clear_error():
    with pytest.raises(ValueError, match="one per point"):
        varopt.minimize(lambda X: np.zeros(len(X) + 1), x0=np.ones(2), vectorized=True)


def test_objective_exception_reaches_the_caller_with_its_traceback():
    with pytest.raises(ArithmeticError, match="no value at") as info:
        varopt.minimize(failing_above, x0=np.zeros(2), sigma0=1.0, seed=0)
    frames = [f.name for f in traceback.extract_tb(info.value.__traceback__)]
    assert "failing_above" in frames


def test_objective_exception_through_a_process_pool():
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        with pytest.raises(ArithmeticError, match="no value at"):
            varopt.minimize(failing_above, x0=np.zeros(2), seed=0, executor=pool)


def test_on_error_worst_counts_failures_and_keeps_going():
    res = varopt.minimize(failing_above, x0=np.full(2, 0.3), sigma0=1.0, seed=0, on_error="worst",
                          max_evals=3000, target=1e-8)
    assert res.nfev_nonfinite > 0
    assert res.termination == "target_reached"


def test_non_numbers_from_the_objective_are_type_errors():
    for not_a_number in ("oops", "1", None, True, 1j, np.zeros(2)):
        with pytest.raises(TypeError, match="expected a real number"):  # "1" was taken as 1.0
            varopt.minimize(lambda x, v=not_a_number: v, x0=np.zeros(2))
    with pytest.raises(TypeError, match="real number"):
        varopt.minimize(lambda X: ["1"] * len(X), x0=np.zeros(2), vectorized=True)
    with pytest.raises(TypeError, match="vectorized"):
        varopt.minimize(sphere, x0=np.zeros(2), vectorized="no")
    with pytest.raises(ValueError, match="on_error"):
        varopt.minimize(sphere, x0=np.zeros(2), on_error="ignore")


def test_keyboard_interrupt_is_raised_at_once():
    calls = []

    def f(x):
        calls.append(1)
        if len(calls) == 25:
            raise KeyboardInterrupt
        return sphere(x)

    with pytest.raises(KeyboardInterrupt):
        varopt.minimize(f, x0=np.zeros(3), on_error="worst")
    assert len(calls) == 25


def test_callback_sees_progress_and_can_stop():
    seen = []

    def callback(intermediate):
        seen.append(intermediate.nfev)
        return intermediate.nit >= 5

    res = varopt.minimize(sphere, x0=np.ones(3), callback=callback, seed=0)
    assert res.termination == "user_stop" and res.nit == 5 and len(seen) == 5

    def stop_iteration(intermediate):
        raise StopIteration

    assert varopt.minimize(sphere, x0=np.ones(3), callback=stop_iteration).nit == 1


def test_args_are_passed_to_the_objective():
    res = varopt.minimize(lambda x, c: float(np.sum((x - c) ** 2)), x0=np.zeros(3), args=(2.0,),
                          target=1e-10, seed=1)
    np.testing.assert_allclose(res.x, 2.0, atol=1e-4)


@pytest.mark.parametrize("method", ["cma", "sep-cma", "xnes", "snes"])
def test_methods_by_name_on_a_rotated_problem(method):
    budget = 80000 if method != "snes" else 20000
    res = varopt.minimize(shifted_ellipsoid if method in ("cma", "xnes") else sphere,
                          x0=np.zeros(4), method=method, seed=5, target=1e-8, max_evals=budget)
    assert res.termination == "target_reached", res
    assert res.method == method


def varopt_command():
    build = os.environ.get("VAROPT_BUILD_DIR")
    path = Path(build) / "cli" / "varopt" if build else None
    if path is None or not path.exists():
        pytest.skip("needs the varopt command of this build (VAROPT_BUILD_DIR, set by CTest)")
    return str(path)


@pytest.mark.parametrize("problem, f", [
    ("sphere", sphere),
    ("rosenbrock", lambda x: float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))),
])
def test_same_result_as_the_command_for_the_same_seed(problem, f):
    out = subprocess.run([varopt_command(), "minimize", "-p", problem, "-d", "4", "--x0", "0.5",
                          "--sigma0", "0.4", "--seed", "21", "--max-evals", "1200", "--json",
                          "-q"], capture_output=True, text=True, check=True)
    cli = json.loads(out.stdout)
    res = varopt.minimize(f, x0=np.full(4, 0.5), sigma0=0.4, seed=21, max_evals=1200)
    assert res.nfev == cli["evaluations"] and res.nit == cli["generations"]
    np.testing.assert_array_equal(res.x, np.array(cli["best_x"]))
    assert res.fun == pytest.approx(cli["best_f"], rel=1e-12, abs=1e-300)


def test_callback_returning_a_numpy_bool_stops():
    res = varopt.minimize(sphere, x0=np.ones(3), callback=lambda r: np.bool_(r.nit >= 3))
    assert res.termination == "user_stop" and res.nit == 3


def test_callback_return_values_are_read_by_their_truth_value():
    # as scipy's differential_evolution: 1 stops (it was ignored: only True did), None does not
    for stop, nit in ((lambda r: int(r.nit >= 2), 2), (lambda r: "stop" if r.nit >= 4 else "", 4),
                      (lambda r: None, None)):
        res = varopt.minimize(sphere, x0=np.ones(3), callback=stop, max_generations=6)
        assert res.nit == (nit or 6) and (res.termination == "user_stop") == (nit is not None)
    with pytest.raises(TypeError, match="to return a truth value"):
        varopt.minimize(sphere, x0=np.ones(3), callback=lambda r: np.array([True, False]))


def test_no_finite_value_gives_fun_inf_not_none():
    res = varopt.minimize(lambda x: float("nan"), x0=np.ones(2), max_evals=100)
    assert res.fun == float("inf") and not res.success


def test_explicit_sigma0_overrides_the_space_and_the_space_overrides_the_default():
    space = {"x": varopt.Real(2, sigma0=0.1)}
    assert varopt.Solver(space=space).sigma == pytest.approx(0.1)
    assert varopt.Solver(space=space, sigma0=1.0).sigma == pytest.approx(1.0)
    assert varopt.Solver(np.zeros(2)).sigma == pytest.approx(1.0)


def test_the_history_ends_with_the_last_generation_even_after_a_numerical_error():
    # sgd-vo's step diverges on this objective; the failed generation was evaluated, and its
    # record (not the previous one again) ends the history.
    res = varopt.minimize(lambda x: float(np.sum(x ** 2)) + 10, np.zeros(5), 0.5, method="sgd-vo",
                          seed=3)
    assert res.termination == "numerical_error"
    assert res.history[-1]["nit"] == res.nit
    assert res.history[-1]["nfev"] == res.nfev
    assert [r["nit"] for r in res.history] == list(range(1, res.nit + 1))


def test_vectorized_results_bools_huge_ints_and_bfloat16():
    f = lambda X: [True] + list(np.sum(X ** 2, 1)[1:])  # noqa: E731
    with pytest.raises(TypeError, match="expected a real number, got True"):
        varopt.minimize(f, x0=np.zeros(3), vectorized=True, max_evals=100)
    with pytest.raises(ValueError, match="objective \\(member 0\\): expected a real number within"):
        varopt.minimize(lambda x: 2 ** 2000, x0=np.zeros(3), max_evals=50)
    # A column of values (one list per point) is still one value per point.
    r = varopt.minimize(lambda X: [[float(v)] for v in np.sum(X ** 2, 1)], x0=np.ones(3),
                        vectorized=True, max_evals=600, seed=0)
    assert r.fun < 0.01
    torch = pytest.importorskip("torch")
    r = varopt.minimize(lambda X: torch.tensor(np.sum(X ** 2, 1)).bfloat16(), x0=np.ones(3),
                        vectorized=True, max_evals=600, seed=0)
    assert r.fun < 0.01


def test_a_step_out_of_range_says_what_to_change():
    # sgd-vo is the lecture's Algorithm 1 as it is: one sample, a fixed learning rate, no
    # baseline; on an ellipsoid of scale 1e6 its first step leaves the representable range.
    res = varopt.minimize(lambda x: float(np.sum(1e6 ** (np.arange(5) / 4) * x ** 2)), np.ones(5),
                          method="sgd-vo", seed=1)
    assert res.termination == "numerical_error"
    assert "lower learning_rate, or add a baseline" in res.message


def test_result_mean_is_the_summary_center_inside_the_box():
    res = varopt.minimize(sphere, np.ones(3), bounds=(0.5, 2), seed=1, max_evals=3000)
    assert ((res.mean >= 0.5) & (res.mean <= 2)).all(), res.mean
    res = varopt.minimize(lambda x: float(np.sum(1e6 ** (np.arange(5) / 4) * x ** 2)), np.ones(5),
                          0.5, method="sgd-vo", seed=1)
    assert "a step took sigma out of range" in res.message  # not a collapse: σ is still 0.5


def test_an_executor_must_have_submit():
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        with pytest.raises(TypeError, match="pass the pool itself, not pool.map"):
            varopt.minimize(sphere, np.ones(2), executor=pool.map)


def test_checkpoint_and_resume_continue_the_run_bit_identically(tmp_path):
    def f(x):
        return float(np.sum((x - 1) ** 2 * (1 + np.arange(len(x)))))
    full = varopt.minimize(f, np.zeros(6), 0.5, seed=3, max_evals=3000)
    path = tmp_path / "run.json"
    first = varopt.minimize(f, np.zeros(6), 0.5, seed=3, max_evals=1000, checkpoint=path)
    assert first.termination == "max_evaluations"
    resumed = varopt.minimize(f, resume=path, max_evals=3000, checkpoint=path)
    assert (resumed.fun, resumed.nfev) == (full.fun, full.nfev)
    np.testing.assert_array_equal(resumed.x, full.x)
    assert varopt.Solver.load(path).done  # the end was saved too

    # Ctrl-C inside an evaluation: the generation asked and not told is asked again on resume.
    calls = [0]

    def interrupted(x):
        calls[0] += 1
        if calls[0] == 150:
            raise KeyboardInterrupt
        return f(x)
    with pytest.raises(KeyboardInterrupt):
        varopt.minimize(interrupted, np.zeros(6), 0.5, seed=3, max_evals=3000,
                        checkpoint=tmp_path / "ctrl_c.json")
    again = varopt.minimize(f, resume=tmp_path / "ctrl_c.json")
    assert (again.fun, again.nfev) == (full.fun, full.nfev)

    with pytest.raises(ValueError, match="resume continues the saved run as it was: expected "
                                         "no 'x0'"):
        varopt.minimize(f, np.zeros(6), resume=path)
    with pytest.raises(TypeError, match="expected only budgets and stopping rules"):
        varopt.Solver.load(path, population=20)
    with pytest.raises(OSError, match="cannot create"):  # tried before the first evaluation
        varopt.minimize(lambda x: pytest.fail("evaluated"), np.zeros(2),
                        checkpoint=tmp_path / "missing" / "run.json")


def test_a_converged_run_stops_by_default_whatever_its_minimum():
    # f* = 10: the σ rule never fires (f stops resolving x first), so this run used to spend all
    # of max_evals after converging; the flat-fitness rule (pycma's and cmaes' TolFun) stops it.
    def f(x):
        return float(np.sum((x - 1) ** 2)) + 10

    res = varopt.minimize(f, np.zeros(10), 0.5, seed=1)
    assert res.termination == "flat_fitness", res
    assert res.fun < 10 + 1e-9 and res.nfev < 10000
    off = varopt.minimize(f, np.zeros(10), 0.5, seed=1, max_evals=20000, function_tolerance=None)
    assert off.termination == "max_evaluations", off


def test_noise_handling_sigma_that_overflows_returns_a_result_with_a_hint():
    # Multiplicative noise: widening sigma never shrinks it, so sigma grows until it overflows;
    # that used to escape minimize as a ValueError, losing the result.
    rng = np.random.default_rng(1001)
    res = varopt.minimize(lambda x: float(np.sum(x * x) * np.exp(rng.normal())), 3.0 * np.ones(10),
                          1.0, max_evals=200000, seed=1, noise_handling="sigma")
    assert res.termination == "numerical_error" and not res.success, res
    assert "noise_handling='evaluations'" in res.message
    assert np.isfinite(res.fun)


def test_equal_bounds_fix_a_coordinate_as_in_scipy():
    # scipy.optimize.Bounds(lb, ub) with lb == ub is a fixed variable; it was refused.
    seen = []

    def f(x):
        seen.append(x[1])
        return float(np.sum((x - 3) ** 2))

    res = varopt.minimize(f, [1.0, 2.0, 1.0], 0.5, bounds=([0, 2, 0], [5, 2, 5]), seed=1)
    assert set(seen) == {2.0} and res.x[1] == 2.0
    assert abs(res.fun - 1.0) < 1e-9, res


def test_an_executor_that_cannot_run_fun_raises_whatever_the_failure_policy():
    # A lambda cannot go to a process pool: with on_error="worst" that pickling error counted as
    # 7 failed evaluations (nfev 7, none run) and the run ended as non_finite.
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        with pytest.raises(TypeError, match="ProcessPoolExecutor can send to its workers"):
            varopt.minimize(lambda x: 1.0, np.ones(3), executor=pool, on_error="worst",
                            max_evals=300, seed=1)
        # an objective's own error in a worker still follows the policy
        res = varopt.minimize(failing_above, np.ones(3), executor=pool, on_error="worst",
                              max_evals=300, seed=1)
        assert "ArithmeticError" in res.last_failure and res.nit > 1, res


def test_a_bfloat16_tensor_from_fun_is_a_value():
    torch = pytest.importorskip("torch")
    res = varopt.minimize(lambda x: torch.tensor(x).pow(2).sum().bfloat16(), np.ones(3),
                          max_evals=300, seed=1)
    assert res.nfev >= 290 and np.isfinite(res.fun)


def _lock_pickling_objective(x):
    raise TypeError("cannot pickle '_thread.lock' object")


def test_an_objective_whose_own_error_mentions_pickle_follows_the_failure_policy():
    # Such errors were taken for the executor's own and ended the run under on_error="worst".
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        res = varopt.minimize(_lock_pickling_objective, np.ones(2), executor=pool,
                              on_error="worst", max_evals=60, seed=1)
    assert res.termination == "non_finite" and "cannot pickle" in res.last_failure, res
