"""The lecture's examples (python/examples/*.py) run as scripts, and what they print is checked
against the lecture's claims.

Every script uses fixed seeds, so its output is deterministic; the tolerances are still derived
from the estimators' variances, with the rate at which a correct script would fail on a random
seed stated at each check (so a change of seed or sample size keeps them meaningful).
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "python" / "examples"
TIME_LIMIT_S = 120
NUMBER = r"[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|inf|nan)"

# A reference Gumbel-softmax op with varopt.torch's signature, installed as varopt.torch in the
# script's process, so that the relaxed path of figure3_estimators.py is exercised whether or not
# the real op is built.
REFERENCE_OP = """
import runpy, sys, types
import torch

def gumbel_softmax(logits, tau=1.0, hard=False, dim=-1, generator=None):
    u = torch.rand(logits.shape, generator=generator, dtype=logits.dtype)
    gumbel = -torch.log(-torch.log(u.clamp_min(torch.finfo(logits.dtype).tiny)))
    y = torch.softmax((logits + gumbel) / tau, dim=dim)
    if not hard:
        return y
    one_hot = torch.zeros_like(y).scatter_(dim, y.argmax(dim=dim, keepdim=True), 1.0)
    return one_hot + y - y.detach()

module = types.ModuleType("varopt.torch")
module.gumbel_softmax = gumbel_softmax
sys.modules["varopt.torch"] = module
runpy.run_path(sys.argv[1], run_name="__main__")
"""


def run_script(name: str, *prefix: str) -> str:
    """The stdout of python/examples/<name> run by this interpreter (PYTHONPATH inherited)."""
    proc = subprocess.run([sys.executable, *prefix, str(EXAMPLES / name)], capture_output=True,
                          text=True, timeout=TIME_LIMIT_S, env=dict(os.environ), cwd=ROOT)
    assert proc.returncode == 0, f"{name} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def numbers(line: str) -> list[float]:
    return [float(x) for x in re.findall(NUMBER, line)]


# ---- quickstart ---------------------------------------------------------------------------------

def test_quickstart_is_the_guides_quickstart_and_runs_as_written():
    guide = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    section = guide.split("\n## Quickstart", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert block == (EXAMPLES / "quickstart.py").read_text(encoding="utf-8")

    lines = run_script("quickstart.py").splitlines()
    termination, fun, nfev = lines[0].split()
    assert termination == "target_reached" and float(fun) <= 1e-10 and int(nfev) > 0
    assert numbers(lines[1]) == [1.0] * 10
    assert lines[2] == "same result: True"
    solver, n, cost = lines[3].split()
    assert (solver, n) == ("cg", "3") and float(cost) <= 1e-6


# ---- the quiz -----------------------------------------------------------------------------------

def test_quiz_answer_is_2_and_its_estimate_has_mean_dJ_dmu():
    out = run_script("lecture_quiz.py")
    assert "answer: 2\n" in out
    rows = [numbers(line) for line in out.splitlines() if re.match(r"\s*-?\d+\.\d\s+\d+\.\d\s", line)]
    assert len(rows) == 4
    for row in rows:
        # μ, σ, ∂J/∂μ (quadrature), cos μ e^(−σ²/2), then mean and SE of candidates 1..4
        mu, sigma, by_quadrature, closed_form = row[:4]
        assert by_quadrature == pytest.approx(closed_form, abs=2e-6)  # printed to 6 decimals
        mean, se = row[6], row[7]
        # 4.5 SE: a correct estimate fails at a point with probability 6.8e-6 (normal means of
        # 200000 samples), 2.7e-5 over the 4 points.
        assert abs(mean - by_quadrature) <= 4.5 * se
    assert re.search(r"candidate 2: .* unbiased", out)
    for k in (1, 3, 4):
        assert re.search(rf"candidate {k}: .* biased", out)


# ---- the two-point Bernoulli example ------------------------------------------------------------

def test_bernoulli_bound_gradient_variance_and_collapse():
    out = run_script("bernoulli_two_point.py")
    lines = out.splitlines()

    bound_rows = [numbers(l) for l in lines[2:7]]
    for p, by_enumeration, lecture in bound_rows:
        assert by_enumeration == pytest.approx(0.08 * p + 0.45, abs=1e-12) == lecture
    assert "dJ/dp by a difference of the enumeration: 0.080000000000" in out

    start = lines.index(next(l for l in lines if l.startswith("2. ")))
    estimate_rows = [numbers(l) for l in lines[start + 2:start + 8]]
    assert len(estimate_rows) == 6
    for p, baseline, mean, se, var, exact_var, var_se, ratio in estimate_rows:
        # mean: 4.5 SE (rate 6.8e-6 per row); sample variance against the exact one: 4.5 of its
        # standard errors (from the exact fourth moment; normal approximation for 100000 draws),
        # plus the printed rounding. b = J(p) at p = ½ makes the estimate exact (SE 0).
        assert abs(mean - 0.08) <= 4.5 * se + 1e-9
        assert abs(var - exact_var) <= 4.5 * var_se + 1e-5 * exact_var + 1e-12
    plain = {row[0]: row for row in estimate_rows if row[1] == 0}
    with_baseline = {row[0]: row for row in estimate_rows if row[1] > 0}
    for p in plain:
        assert plain[p][5] > 0.9                # "high variance": Var ĝ > 0.9, σ_ĝ ≫ 0.08 = dJ/dp
        assert plain[p][7] > 12                 # std / |gradient|
        assert with_baseline[p][5] < plain[p][5] / 50

    trajectory = numbers(next(l for l in lines if l.startswith("gen 1:")))[1::2]
    assert trajectory[0] > trajectory[1] > trajectory[2] > trajectory[3] > trajectory[4] > trajectory[5]
    final = re.search(rf"final P\(x = 1\) = ({NUMBER}) .* best x = (\d), f = ({NUMBER})", out)
    assert float(final.group(1)) < 0.01         # collapsed towards δ(x*)
    assert final.group(2) == "0" and float(final.group(3)) == 0.45


# ---- Figure 3: the estimators ------------------------------------------------------------------

def table(out: str) -> dict:
    """(estimator, τ) → {bias, floor, max_z, var, var_se} from the printed table."""
    rows = {}
    for line in out.splitlines():
        m = re.match(r"(score-function|rloo|straight-through|st-gumbel-softmax|gumbel-softmax)\s+"
                     r"(\S+)\s+(\d+)\s+(.*)$", line)
        if m:
            bias, floor, max_z, var, var_se = numbers(m.group(4).replace("±", " "))
            rows[m.group(1), m.group(2)] = dict(bias=bias, floor=floor, max_z=max_z, var=var,
                                                var_se=var_se)
    return rows


# Thresholds (each a false-failure rate for a correct script on a random seed):
Z_UNBIASED = 4.6   # max over 20 components of 2 estimators: P(any |z| > 4.6) ≤ 40·4.2e-6 < 2e-4
BIAS_BAND = 6.0    # ‖mean − E mean‖ ≤ (1 + 5)·floor with probability ≥ 1 − e^(−25/2) = 1 − 3.7e-6
                   # (Gaussian concentration of the norm of the mean; floor = √tr(Cov)/N)
VAR_BAND = 4.5     # var/eval ± 4.5 upper-bound SEs: ≤ 6.8e-6 per interval


def biased(row) -> bool:
    return row["bias"] - BIAS_BAND * row["floor"] > 0


def more_variance(a, b) -> bool:
    return a["var"] - VAR_BAND * a["var_se"] > b["var"] + VAR_BAND * b["var_se"]


def check_score_function_rows(rows):
    for name in ("score-function", "rloo"):            # the VO estimates are unbiased
        assert rows[name, "–"]["max_z"] <= Z_UNBIASED
    assert biased(rows["straight-through", "–"])      # straight-through is not
    # the lecture's "high variance" of the score function, against straight-through's
    assert more_variance(rows["score-function", "–"], rows["straight-through", "–"])


def check_relaxed_rows(rows):
    soft_1, soft_01 = rows["gumbel-softmax", "1.0"], rows["gumbel-softmax", "0.1"]
    assert biased(soft_1)
    # τ → 0: dy/dπ → dz/dπ, the bias shrinks and the variance grows (lecture, slides 22–23)
    assert soft_1["bias"] - BIAS_BAND * soft_1["floor"] > soft_01["bias"] + BIAS_BAND * soft_01["floor"]
    assert more_variance(soft_01, soft_1)
    assert more_variance(rows["st-gumbel-softmax", "0.1"], rows["st-gumbel-softmax", "1.0"])
    assert more_variance(rows["score-function", "–"], soft_1)


def check_vo_rows(out):
    for method in ("score-vo", "rloo-vo", "disarm-vo"):
        assert re.search(rf"  {method}\s+target_reached\s", out), out


def test_figure3_estimators_as_installed():
    out = run_script("figure3_estimators.py")
    rows = table(out)
    check_score_function_rows(rows)
    check_vo_rows(out)
    try:
        import varopt.torch  # noqa: F401
    except ImportError:
        assert "gumbel-softmax, st-gumbel-softmax: not computed, varopt.torch is not importable" in out
        assert not any(name.endswith("gumbel-softmax") for name, _ in rows)
    else:
        check_relaxed_rows(rows)


def test_figure3_estimators_with_a_reference_gumbel_softmax_op():
    pytest.importorskip("torch")
    out = run_script("figure3_estimators.py", "-c", REFERENCE_OP)
    rows = table(out)
    assert {tau for name, tau in rows if name == "gumbel-softmax"} == {"0.1", "0.5", "1.0"}
    check_score_function_rows(rows)
    check_relaxed_rows(rows)
