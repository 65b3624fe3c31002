"""varopt.plot.convergence: the lines drawn are the runs' histories (read back from the Axes)."""
import sys

import numpy as np
import pytest

import varopt
import varopt.plot
from conftest import sphere


@pytest.fixture
def plt():
    """pyplot on the Agg backend (no display); the test is skipped without matplotlib."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot
    yield pyplot
    pyplot.close("all")


def result(method="cma", seed=1, records=((10, 5.0), (20, 2.0), (30, 2.0), (40, 0.5))):
    """An OptimizeResult with a made-up history of (nfev, best f so far)."""
    history = [{"nit": i + 1, "nfev": nfev, "fun": fun, "generation_fun": fun, "mean_fun": fun,
                "sigma": 1.0} for i, (nfev, fun) in enumerate(records)]
    return varopt.OptimizeResult(history=history, method=method, seed=seed)


def test_one_run_draws_its_history(plt):
    fig, ax = plt.subplots()
    out = varopt.plot.convergence(result(), ax)
    assert out is ax
    [line] = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [10, 20, 30, 40])
    np.testing.assert_array_equal(line.get_ydata(), [5.0, 2.0, 2.0, 0.5])
    assert line.get_drawstyle() == "steps-post"
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "evaluations"
    assert ax.get_legend() is None  # one unlabelled run: no legend


def test_a_real_run_draws_best_so_far_against_nfev(plt):
    res = varopt.minimize(sphere, x0=np.ones(4), seed=2, max_evals=400)
    ax = varopt.plot.convergence(res)
    assert ax is plt.gca()
    [line] = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [r["nfev"] for r in res.history])
    np.testing.assert_array_equal(line.get_ydata(), [r["fun"] for r in res.history])
    assert np.all(np.diff(line.get_ydata()) <= 0)  # best so far never rises
    assert line.get_ydata()[-1] == res.fun


def test_optimum_is_subtracted_and_nonpositive_points_are_left_out_on_log_scale(plt):
    res = result(records=((10, 3.0), (20, 1.5), (30, 1.0), (40, 0.9)))
    ax = varopt.plot.convergence(res, optimum=1.0)
    [line] = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [10, 20])     # f − 1 ≤ 0 at 30 and 40
    np.testing.assert_allclose(line.get_ydata(), [2.0, 0.5])
    assert ax.get_ylabel() == "best f − f*"


def test_linear_scale_keeps_every_point(plt):
    res = result(records=((10, 3.0), (20, -1.0)))
    ax = varopt.plot.convergence(res, logy=False)
    [line] = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), [3.0, -1.0])
    assert ax.get_yscale() == "linear"


def test_generations_before_the_first_finite_value_are_left_out(plt):
    res = result(records=((10, float("inf")), (20, float("inf")), (30, 4.0)))
    for logy in (True, False):
        [line] = varopt.plot.convergence(res, plt.figure().gca(), logy=logy).get_lines()
        np.testing.assert_array_equal(line.get_xdata(), [30])
        np.testing.assert_array_equal(line.get_ydata(), [4.0])
    with pytest.raises(ValueError, match="no finite value"):
        varopt.plot.convergence(result(records=((10, float("inf")),)), logy=False)


def test_several_runs_share_the_axes_with_labels(plt):
    runs = [result("cma", 1), result("snes", 1, ((12, 9.0), (24, 4.0)))]
    ax = varopt.plot.convergence(runs, label=["full", "diagonal"])
    first, second = ax.get_lines()
    assert [first.get_label(), second.get_label()] == ["full", "diagonal"]
    np.testing.assert_array_equal(second.get_xdata(), [12, 24])
    np.testing.assert_array_equal(second.get_ydata(), [9.0, 4.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["full", "diagonal"]


def test_default_labels_are_methods_and_seeds_when_methods_repeat(plt):
    ax = varopt.plot.convergence([result("cma", 1), result("snes", 1)])
    assert [l.get_label() for l in ax.get_lines()] == ["cma", "snes"]
    plt.figure()
    ax = varopt.plot.convergence([result("cma", 1), result("cma", 2)])
    assert [l.get_label() for l in ax.get_lines()] == ["cma (seed 1)", "cma (seed 2)"]


def test_a_dict_is_labelled_by_its_keys(plt):
    ax = varopt.plot.convergence({"a": result(), "b": result("xnes")})
    assert [l.get_label() for l in ax.get_lines()] == ["a", "b"]


def test_one_label_for_one_result(plt):
    ax = varopt.plot.convergence(result(), label="my run")
    assert ax.get_lines()[0].get_label() == "my run"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["my run"]


def test_bad_input_gets_clear_errors(plt):
    with pytest.raises(ValueError, match="history"):
        varopt.plot.convergence(varopt.OptimizeResult(fun=1.0))     # a Solver.result has none
    with pytest.raises(ValueError, match="one label per result"):
        varopt.plot.convergence([result(), result()], label=["only one"])
    with pytest.raises(ValueError, match="log scale"):
        varopt.plot.convergence(result(records=((10, 0.0),)))
    with pytest.raises(TypeError, match="expected a result"):
        varopt.plot.convergence(3.0)
    assert plt.gca().get_lines() == []  # nothing drawn by a failed call


def test_missing_matplotlib_names_the_debian_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="python3-matplotlib"):
        varopt.plot.convergence(result())
