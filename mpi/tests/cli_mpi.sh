#!/usr/bin/env bash
# `mpirun -np N varopt minimize ...` on this machine (loopback, --oversubscribe, root allowed):
# the same result, bit for bit, as the serial run for 2 and 3 ranks, with threads and with each
# rank's own external workers; rank 0 alone writes the summary, log and checkpoint, and a run
# resumed under MPI ends like the uninterrupted one; an error on one rank ends every rank.
# Usage: cli_mpi.sh MPIRUN VAROPT SOURCE_DIR
set -euo pipefail
mpirun=$1; varopt=$2; src_dir=$3
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ranks() { local n=$1; shift; timeout 120 "$mpirun" --oversubscribe --allow-run-as-root -np "$n" "$@"; }
# The summary without the fields that name how it was computed.
# The result of a run: its summary without how it was spread (ranks, workers, and the threads of
# its configuration).
result() { "$py" -c "import json,sys; d=json.load(open('$1')); [d.pop(k, None) for k in ('ranks', 'workers')]; d['config'].pop('threads'); print(json.dumps(d, sort_keys=True))"; }
same() { [[ "$(result "$1")" == "$(result "$2")" ]] || fail "$3: $(result "$1") vs $(result "$2")"; }

run=(minimize -p rosenbrock -d 5 --seed 3 --max-evals 3000 --json -q)
"$varopt" "${run[@]}" >"$work/serial.json"
for n in 2 3; do
  ranks "$n" "$varopt" "${run[@]}" >"$work/ranks$n.json"
  [[ $(wc -l <"$work/ranks$n.json") -eq 1 ]] || fail "$n ranks: expected one summary (rank 0's)"
  same "$work/serial.json" "$work/ranks$n.json" "$n ranks against serial"
  "$py" -c "import json; assert json.load(open('$work/ranks$n.json'))['ranks'] == $n"
done
ranks 2 "$varopt" "${run[@]}" --threads 2 >"$work/threads.json"
same "$work/serial.json" "$work/threads.json" "2 ranks with 2 threads each"

# External workers: each rank runs its own, with its own worker log.
cat >"$work/space.json" <<'JSON'
{"x": {"type": "real", "dim": 3, "lower": -5, "upper": 5, "x0": 1.5, "sigma0": 1},
 "solver": {"type": "categorical", "choices": ["gmres", "cg", "bicgstab"]}}
JSON
workers=(minimize --space "$work/space.json" --max-generations 30 --seed 2 --json -q
         --worker-log "$work/w.log" --workers 2
         --objective-cmd "$py" "$src_dir/examples/workers/sphere_worker.py")
"$varopt" "${workers[@]}" >"$work/workers_serial.json"
ranks 2 "$varopt" "${workers[@]}" >"$work/workers_ranks.json"
same "$work/workers_serial.json" "$work/workers_ranks.json" "2 ranks with their own workers"
[[ -f "$work/w.log.rank0" && -f "$work/w.log.rank1" ]] || fail "expected one worker log per rank"

# Rank 0 writes the log and the checkpoint; a run resumed under MPI ends like an uninterrupted one.
ranks 2 "$varopt" minimize -p rosenbrock -d 5 --seed 3 --max-evals 800 --json -q \
  --checkpoint "$work/ck.json" --log "$work/run.jsonl" >/dev/null
[[ -f "$work/ck.json" ]] || fail "no checkpoint from rank 0"
[[ $(wc -l <"$work/run.jsonl") -ge 1 ]] || fail "no log from rank 0"
ranks 3 "$varopt" minimize --resume "$work/ck.json" --max-evals 3000 --json -q >"$work/resumed.json"
same "$work/serial.json" "$work/resumed.json" "resumed under 3 ranks against the uninterrupted serial run"

# kill -9 of the whole job (mpirun, both ranks, their workers) at a random moment, then a resume
# under MPI: the result of the uninterrupted serial run.
cat >"$work/slow.json" <<'JSON'
{"x": {"type": "real", "dim": 4, "lower": -5, "upper": 5, "x0": 2, "sigma0": 1}}
JSON
slow=(minimize --space "$work/slow.json" --max-generations 100 --seed 5 --json -q --workers 2
      --worker-log "$work/slow.log")
slow_worker=(--objective-cmd "$py" "$src_dir/tests/eval/workers/misbehave.py" slow 0.002)
"$varopt" "${slow[@]}" "${slow_worker[@]}" >"$work/slow_serial.json"
setsid bash -c "exec $(printf '%q ' timeout 120 "$mpirun" --oversubscribe --allow-run-as-root \
  -np 2 "$varopt" "${slow[@]}" --checkpoint "$work/slow_ck.json" --checkpoint-every 1 \
  "${slow_worker[@]}")" \
  >/dev/null 2>&1 &
job=$!
# The kill comes once the run has started (its first checkpoint is written at the start): a
# fixed 0.7 s was too short on a loaded machine, where mpirun had not started the ranks yet.
for _ in $(seq 600); do [[ -f "$work/slow_ck.json" ]] && break; sleep 0.1; done
sleep 0.3
kill -9 -- "-$job" 2>/dev/null || true
wait "$job" 2>/dev/null || true
[[ -f "$work/slow_ck.json" ]] || fail "no checkpoint after the kill (one is written at the start)"
ranks 2 "$varopt" minimize --resume "$work/slow_ck.json" --json -q \
  --checkpoint "$work/slow_ck.json" >"$work/slow_resumed.json"
same "$work/slow_serial.json" "$work/slow_resumed.json" "killed with -9 under MPI and resumed"

# The summary's worker figures are those of every rank (they were rank 0's alone): a worker that
# answers garbage gives the serial run's protocol errors, and the last failure.
garbage=(minimize --space "$work/slow.json" --seed 5 --max-evals 200 --json -q
         --worker-log "$work/garbage.log" --objective-cmd "$py"
         "$src_dir/tests/eval/workers/misbehave.py" garbage)
"$varopt" "${garbage[@]}" >"$work/garbage_serial.json" 2>/dev/null || true
ranks 2 "$varopt" "${garbage[@]}" >"$work/garbage_mpi.json" 2>/dev/null || true
"$py" - "$work/garbage_serial.json" "$work/garbage_mpi.json" <<'PY' || fail "worker figures under MPI"
import json, sys
serial, mpi = (json.load(open(p))["workers"] for p in sys.argv[1:])
assert serial["protocol_errors"] > 0 and mpi["protocol_errors"] == serial["protocol_errors"], (serial, mpi)
assert mpi["requests"] == serial["requests"] and "broke the protocol" in mpi["last_failure"], mpi
PY

# An error on rank 0 alone (its log cannot be opened) ends every rank, without a hang.
set +e
ranks 2 "$varopt" minimize -p sphere -d 3 -q --log /nonexistent/dir/run.jsonl >"$work/out" 2>"$work/err"
code=$?
set -e
[[ $code -ne 0 && $code -ne 124 ]] || fail "expected an error exit, got $code"
grep -q "cannot open ./nonexistent/dir/run.jsonl" "$work/err" || fail "expected the rank's message: $(head -c 400 "$work/err")"
echo "ok"
