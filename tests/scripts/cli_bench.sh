#!/usr/bin/env bash
# `varopt bench` on a tiny suite (2 functions, d = 2 and 3, 2 seeds, small budget): the table's
# shape, the JSON records and the ERT arithmetic recomputed from them, the CSV, the ECDF files,
# the ratios to pagmo's peers when they are built, and one clear message with exit code 2 for
# bad input.
set -euo pipefail
build_dir=$3
varopt="$build_dir/cli/varopt"
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

common=(--seeds 2 --targets 1e0..1e-4 --budget-multiplier 300 --methods snes,xnes)
"$varopt" bench "${common[@]}" --functions shifted-sphere,shifted-rotated-rastrigin --dims 2,3 --peers none --json "$work/b.json" --csv "$work/b.csv" \
  -o "$work/fig" >"$work/out.txt" 2>"$work/err.txt" || fail "tiny run: $(cat "$work/err.txt")"

# The table: a title line, a header, one row per (function, dim, method), then the figure paths.
"$py" - "$work/out.txt" "$work/b.json" <<'PY' || fail "table"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0].startswith("varopt bench: 2 functions"), lines[0]
assert "table at Δf = 0.0001 (of 5 targets)" in lines[0], lines[0]
header = lines[1].split()
assert header == ["function", "d", "method", "success", "ERT", "median_ok"], header
rows = [l.split() for l in lines[2:2 + 8]]
assert [r[:3] for r in rows] == [[f, d, m] for f in ("shifted-sphere", "shifted-rotated-rastrigin")
                                 for d in ("2", "3") for m in ("snes", "xnes")], rows
table = json.load(open(sys.argv[2]))["table"]
for r, t in zip(rows, table):
    assert r[3] == f"{t['successes']}/{t['runs']}", (r, t)
    ert = "inf" if t["ert"] is None else f"{t['ert']:.0f}"
    assert r[4] == ert, (r, t)
PY

# The records, and the ERT of the table recomputed from them (COCO: evaluations spent to the hit,
# or in the whole run, summed over the runs, divided by the successes).
"$py" - "$work/b.json" <<'PY' || fail "json"
import json, math, sys
d = json.load(open(sys.argv[1]))
runs, table = d["runs"], d["table"]
assert len(runs) == 2 * 2 * 2 * 2, len(runs)
assert d["settings"]["targets"] == [1, 0.1, 0.01, 0.001, 0.0001], d["settings"]
for r in runs:
    assert set(r) >= {"method", "function", "dim", "seed", "evaluations", "best_f",
                      "evaluations_to_target", "stopped_by"}, r
    assert r["evaluations"] <= 300 * r["dim"], r
    hits = r["evaluations_to_target"]
    assert len(hits) == 5
    reached = [h for h in hits if h is not None]
    assert reached == sorted(reached), hits            # looser targets first
    assert all(h <= r["evaluations"] for h in reached)
    if hits[-1] is not None:
        assert r["stopped_by"] == "target_reached" and r["best_f"] - r["optimum"] <= 1e-4
    else:
        assert r["best_f"] - r["optimum"] > 1e-4
# Sphere in d = 2 is solved by both methods; Rastrigin's table has ∞ where nothing succeeded.
for t in table:
    mine = [r for r in runs if (r["function"], r["dim"], r["method"]) == (t["function"], t["dim"], t["method"])]
    spent = sum(r["evaluations_to_target"][-1] or r["evaluations"] for r in mine)
    ok = [r["evaluations_to_target"][-1] for r in mine if r["evaluations_to_target"][-1] is not None]
    assert t["successes"] == len(ok) and t["runs"] == 2
    if ok:
        assert math.isclose(t["ert"], spent / len(ok)), (t, spent, ok)
        assert t["median_successful"] == sorted(ok)[len(ok) // 2] if len(ok) % 2 else sum(ok) / 2
    else:
        assert t["ert"] is None and t["median_successful"] is None
assert all(t["successes"] == 2 for t in table if t["function"] == "shifted-sphere"), table
PY

# Progress on stderr: one line per (function, dimension) cell.
[[ $(grep -c "^bench: .* d=[23] done" "$work/err.txt") -eq 4 ]] || fail "progress: $(cat "$work/err.txt")"

# --quick: dims 2, 5, 10 and 3 seeds unless given.
"$varopt" bench --quick --functions shifted-sphere --methods snes --peers none \
  --budget-multiplier 20 --json "$work/q.json" >/dev/null 2>&1 || fail "--quick"
"$py" -c "import json,sys; s=json.load(open('$work/q.json'))['settings']; assert s['dims']==[2,5,10] and s['seeds']==3, s" ||
  fail "--quick settings"

# The CSV: a header with one column per target, one line per run, empty cells for misses.
"$py" - "$work/b.csv" "$work/b.json" <<'PY' || fail "csv"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
runs = json.load(open(sys.argv[2]))["runs"]
assert len(rows) == len(runs)
assert list(rows[0])[-5:] == ["evals_1", "evals_0.1", "evals_0.01", "evals_0.001", "evals_0.0001"]
for row, run in zip(rows, runs):
    assert int(row["evaluations"]) == run["evaluations"] and row["method"] == run["method"]
    assert row["evals_0.0001"] == ("" if run["evaluations_to_target"][-1] is None
                                   else str(run["evaluations_to_target"][-1]))
PY

# The ECDF: PNG, SVG and its CSV (columns per dimension and method, y from 0 up to at most 1).
if command -v gnuplot >/dev/null; then
  for ext in png svg csv gp; do [[ -s "$work/fig/bench_ecdf.$ext" ]] || fail "bench_ecdf.$ext"; done
  "$py" - "$work/fig/bench_ecdf.csv" <<'PY' || fail "ecdf csv"
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert set(rows[0]) == {f"d{d}_{m}_{c}" for d in (2, 3) for m in ("snes", "xnes") for c in "xy"}
y = [float(r["d2_snes_y"]) for r in rows if r["d2_snes_y"] != "NaN"]
assert y[0] == 0 and y == sorted(y) and 0.5 <= y[-1] <= 1, y   # sphere solved: ≥ half the pairs
x = [float(r["d2_snes_x"]) for r in rows if r["d2_snes_x"] != "NaN"]
assert math.isclose(x[-1], math.log10(300)), x
PY
fi

# The peers, when built: their rows follow varopt's, and each varopt row has ERT / peer ERT.
if "$varopt" bench "${common[@]}" --functions shifted-sphere --dims 2 --peers pagmo \
     --json "$work/p.json" >"$work/p.txt" 2>"$work/p_err.txt"; then
  "$py" - "$work/p.json" "$work/p.txt" <<'PY' || fail "peers"
import json, math, sys
d = json.load(open(sys.argv[1]))
methods = [t["method"] for t in d["table"]]
assert methods == ["snes", "xnes", "pagmo-cmaes", "pagmo-xnes"], methods
ert = {t["method"]: t["ert"] for t in d["table"]}
for t in d["table"][:2]:
    for peer in ("pagmo-cmaes", "pagmo-xnes"):
        assert math.isclose(t["ert_ratio"][peer], ert[t["method"]] / ert[peer]), (t, ert)
header = open(sys.argv[2]).read().splitlines()[1]
assert header.endswith("ERT/pagmo-cmaes  ERT/pagmo-xnes"), header
assert all(r["library"] == "pagmo2" for r in d["runs"] if r["method"].startswith("pagmo"))
PY
else
  grep -q "pagmo peers not built" "$work/p_err.txt" || fail "peers: $(cat "$work/p_err.txt")"
fi

bad() {
  set +e; "$varopt" "$@" >"$work/bad_out.txt" 2>"$work/bad_err.txt"; local rc=$?; set -e
  [[ $rc -eq 2 ]] || fail "'$*' exited $rc, expected 2"
  [[ $(wc -l <"$work/bad_err.txt") -eq 1 ]] || fail "'$*' printed $(cat "$work/bad_err.txt")"
  grep -q "expected" "$work/bad_err.txt" || fail "'$*': $(cat "$work/bad_err.txt")"
}
bad bench --methods no-such-method --dims 2 --seeds 1 --peers none
bad bench --methods disarm-vo --dims 2 --seeds 1 --peers none
bad bench --functions no-such-function --dims 2 --seeds 1
bad bench --dims 0 --seeds 1
bad bench --seeds 0 --dims 2
bad bench --targets 0 --dims 2 --seeds 1
bad bench --targets 1e1..3 --dims 2 --seeds 1
bad bench --peers nobody --dims 2 --seeds 1
bad bench --budget-multiplier 0.5 --dims 2 --seeds 1

# Outputs that cannot be written are refused before the runs (exit 2, no run started): they were
# found only when the whole suite had run, and its files were lost.
unwritable() {
  local expect=$1; shift
  set +e; "$varopt" bench --methods cma --functions shifted-sphere --dims 2 --seeds 1 --peers none \
    "$@" >"$work/bad_out.txt" 2>"$work/bad_err.txt"; local rc=$?; set -e
  [[ $rc -eq 2 ]] || fail "'$*' exited $rc, expected 2"
  grep -q -- "$expect" "$work/bad_err.txt" || fail "'$*': $(cat "$work/bad_err.txt")"
  ! grep -q "done" "$work/bad_err.txt" || fail "'$*' ran the suite first"
}
unwritable "--json: cannot create '$work/missing/b.json'" --json "$work/missing/b.json"
unwritable "--csv: cannot replace '$work'" --csv "$work"
touch "$work/a_file"
unwritable "-o: cannot create directory '$work/a_file/fig'" -o "$work/a_file/fig"
as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
if [[ $(id -u) -eq 0 ]] && "${as_nobody[@]}" "$varopt" --help >/dev/null 2>&1; then
  # (root ignores permissions: the read-only directory is tried as nobody)
  chmod 755 "$work" && mkdir "$work/read_only" && chmod 555 "$work/read_only"
  "${as_nobody[@]}" "$varopt" bench --methods cma \
    --functions shifted-sphere --dims 2 --seeds 1 --peers none --json "$work/read_only/b.json" \
    >/dev/null 2>"$work/bad_err.txt" && fail "a read-only directory was accepted"
  grep -q "Permission denied" "$work/bad_err.txt" || fail "read-only: $(cat "$work/bad_err.txt")"
  ! grep -q "done" "$work/bad_err.txt" || fail "read-only: the suite ran first"
fi
# -o creates its directory before --json writes into it.
"$varopt" bench --methods cma --functions shifted-sphere --dims 2 --seeds 1 --peers none \
  -o "$work/new_dir" --json "$work/new_dir/b.json" >/dev/null 2>&1 || fail "-o DIR --json DIR/b.json"
[[ -s "$work/new_dir/b.json" ]] || fail "b.json inside the new -o directory"
echo "cli_bench: ok"
