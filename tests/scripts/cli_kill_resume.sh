#!/usr/bin/env bash
# A run with external workers killed with SIGKILL at random moments (workers busy, checkpoints
# being written) and resumed from its last checkpoint ends with exactly the result of the
# uninterrupted run of the same seed: evaluations in flight are re-run, never counted twice.
set -euo pipefail
src_dir=$2
build_dir=$3
varopt="$build_dir/cli/varopt"
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cat >"$work/space.json" <<'JSON'
{"x": {"type": "real", "dim": 4, "lower": -5, "upper": 5, "x0": 2, "sigma0": 1},
 "n": {"type": "integer", "lower": -3, "upper": 4}}
JSON
run=(minimize --space "$work/space.json" --max-generations 100 --seed 5 --json -q --workers 2
     --worker-log "$work/w.log")
# 2 ms per evaluation: the run lasts about a second, so the kills find it busy.
worker=(--objective-cmd "$py" "$src_dir/tests/eval/workers/misbehave.py" slow 0.002)
result() { "$py" -c "import json; d=json.load(open('$1')); print(d['best_f'], d['best_x'], d['evaluations'], d['generations'])"; }
"$varopt" "${run[@]}" "${worker[@]}" >"$work/reference.json"
expected=$(result "$work/reference.json")

RANDOM=7  # the kill times are reproducible
total_kills=0
for trial in 1 2 3 4; do
  ck="$work/ck$trial.json"
  kills=0
  for _ in 1 2 3; do  # up to three kills per trial, at 0.1 to 0.8 s
    if [[ -f "$ck" ]]; then
      "$varopt" minimize --resume "$ck" --json -q --checkpoint "$ck" --checkpoint-every 1 \
        >"$work/out.json" &
    else
      "$varopt" "${run[@]}" --checkpoint "$ck" --checkpoint-every 1 "${worker[@]}" \
        >"$work/out.json" &
    fi
    pid=$!
    sleep "0.$((RANDOM % 8 + 1))"
    if kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
  done
  # Finish: resume until the run completes (or start over when no checkpoint was written).
  if [[ -f "$ck" ]]; then
    "$varopt" minimize --resume "$ck" --json -q --checkpoint "$ck" >"$work/final.json"
  else
    "$varopt" "${run[@]}" --checkpoint "$ck" "${worker[@]}" >"$work/final.json"
  fi
  got=$(result "$work/final.json")
  [[ "$got" == "$expected" ]] || fail "trial $trial ($kills kills): $got, expected $expected"
  total_kills=$((total_kills + kills))
  ls "$work"/ck$trial.json.tmp* >/dev/null 2>&1 && echo "note: a temporary file survived a kill"
done
((total_kills >= 6)) || fail "expected the kills to find the run busy, only $total_kills of 12 did"
echo "ok: $total_kills kills, every resumed run equal to the uninterrupted one"
