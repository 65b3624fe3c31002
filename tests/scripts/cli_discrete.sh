#!/usr/bin/env bash
# `varopt minimize` on discrete and mixed problems: every discrete preset solves OneMax, best_x
# holds integers for discrete coordinates, the mixed problem is reported by block name, and bad
# combinations get one clear message with exit code 2.
set -euo pipefail
build_dir=$3
varopt="$build_dir/cli/varopt"
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for method in rloo-vo disarm-vo score-vo pbil cem; do
  "$varopt" minimize -p onemax -d 30 -m "$method" --target 0 --max-evals 50000 --json >"$work/$method.json"
  "$py" - "$work/$method.json" "$method" <<'PY' || fail "onemax with $method"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["termination"] == "target_reached", d["termination"]
assert d["best_f"] == 0 and d["optimum"] == 0
assert d["best_x"] == [1] * 30, d["best_x"]          # integers, not 1.0
assert all(isinstance(v, int) for v in d["best_x"])
assert d["solution"]["b"] == [1] * 30
PY
done

# Issue 11: a problem whose optimum is known stops when it is reached, with its own reason (it
# used to spend the whole budget after solving OneMax); maximizing, the known optimum (min f)
# says nothing, and the run stops when its distribution has converged.
"$varopt" minimize -p onemax -d 10 --max-evals 200 | grep -q "^final spread .* (the largest standard deviation of a variable)" ||
  fail "a discrete run reports σ"
"$varopt" minimize -p onemax -d 100 --json >"$work/onemax100.json"
"$py" - "$work/onemax100.json" <<'PY' || fail "onemax stops at its optimum"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["termination"] == "optimum_reached", d["termination"]
assert d["best_f"] == 0 and d["evaluations"] < 20000, (d["best_f"], d["evaluations"])
PY
"$varopt" minimize -p onemax -d 20 --maximize --json >"$work/onemax_max.json"
"$py" - "$work/onemax_max.json" <<'PY' || fail "maximized onemax"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["termination"] == "distribution_converged", d["termination"]
assert d["best_f"] == 20 and d["evaluations"] < 100000, (d["best_f"], d["evaluations"])
PY
echo '{"discrete_convergence": null}' >"$work/no_convergence_stop.json"
"$varopt" minimize -p onemax -d 20 --maximize --config "$work/no_convergence_stop.json" --json |
  "$py" -c "import json,sys; d=json.load(sys.stdin); assert d['termination'] != 'distribution_converged', d" ||
  fail "discrete_convergence null turns the stop off"

# The default method of a discrete space, and the mixed problem by name.
"$varopt" minimize -p mixed -d 3 --target 1e-3 --max-evals 100000 --json >"$work/mixed.json"
"$py" - "$work/mixed.json" <<'PY' || fail "mixed"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["method"] == "rloo-vo", d["method"]
assert d["termination"] == "target_reached", d["termination"]
s = d["solution"]
assert s["kind"] == [1, 1, 1] and s["count"] == 7, s
assert all(abs(x - 1) < 0.1 for x in s["x"]), s
assert isinstance(s["count"], int) and all(isinstance(x, float) for x in s["x"])
PY

# Knapsack and NK report their exact optimum.
"$varopt" minimize -p knapsack -d 20 -m cem --json | "$py" -c "import json,sys; d=json.load(sys.stdin); assert d['optimum'] <= d['best_f'] <= 0" ||
  fail "knapsack"
"$varopt" minimize -p nk -d 12 --json | "$py" -c "import json,sys; d=json.load(sys.stdin); assert d['optimum'] <= d['best_f']" ||
  fail "nk"

bad() {
  set +e; "$varopt" "$@" >"$work/bad_out.txt" 2>"$work/bad_err.txt"; local rc=$?; set -e
  [[ $rc -eq 2 ]] || fail "'$*' exited $rc, expected 2"
  [[ $(wc -l <"$work/bad_err.txt") -eq 1 ]] || fail "'$*' printed $(cat "$work/bad_err.txt")"
  grep -q "expected" "$work/bad_err.txt" || fail "'$*': $(cat "$work/bad_err.txt")"
}
bad minimize -p mixed -d 2 --distribution bernoulli
bad minimize -p onemax -d 10 -m disarm-vo --antithetic false
bad minimize -p onemax -d 10 -m pbil --smoothing 2
bad minimize -p onemax -d 10 -m pbil --lr 0.1
bad minimize -p onemax -d 10 -m cem --optimizer adam
bad minimize -p onemax -d 0
bad minimize -p nk -d 3
echo "cli_discrete: ok"
