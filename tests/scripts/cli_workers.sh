#!/usr/bin/env bash
# External programs as objectives, end to end: `varopt minimize --space ... --objective-cmd ...`
# with the example workers (Python and C++), the solution by name in the user's types, clear
# errors for bad spaces and commands, and SIGTERM: exit 143, a checkpoint, the summary, no worker
# left behind, and a resume that continues.
set -euo pipefail
src_dir=$2
build_dir=$3
varopt="$build_dir/cli/varopt"
lecture="$build_dir/examples/lecture_1d_worker"
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
if [[ ! -x "$lecture" ]]; then  # built with the examples (VAROPT_BUILD_EXAMPLES)
  echo "skipped: $lecture not built"; exit 0
fi
check() { "$py" -c "import json,sys; d=json.load(open('$1')); $2" || fail "$3: $(head -c 600 "$1")"; }

# A mixed space with the Python worker on 2 workers: the solution by name, in the user's types.
cat >"$work/space.json" <<'JSON'
{"x": {"type": "real", "dim": 3, "lower": -5, "upper": 5, "x0": 1.5, "sigma0": 1},
 "solver": {"type": "categorical", "choices": ["gmres", "cg", "bicgstab"]},
 "n": {"type": "integer", "lower": -3, "upper": 4},
 "mask": {"type": "binary", "dim": 4}}
JSON
"$varopt" minimize --space "$work/space.json" --max-generations 80 --seed 2 --json \
  --worker-log "$work/workers.log" --workers 2 \
  --objective-cmd "$py" "$src_dir/examples/workers/sphere_worker.py" >"$work/mixed.json"
check "$work/mixed.json" "s=d['solution']
assert s['solver']=='cg', s
assert isinstance(s['n'], int) and s['n']==0, s
assert s['mask']==[0,0,0,0], s
assert len(s['x'])==3 and all(isinstance(v, float) for v in s['x']), s
assert len(d['best_x'])==9
assert d['workers']['count']==2 and d['workers']['restarts']==0, d['workers']
assert d['best_f'] < 0.5, d['best_f']
assert d['config']['problem'] is None and d['config']['dim'] is None, d['config']" "mixed space solution"

# The same space inline in a config file, batch mode.
"$py" -c "import json; print(json.dumps({'space': json.load(open('$work/space.json')), 'max_generations': 5}))" \
  >"$work/cfg.json"
"$varopt" minimize --config "$work/cfg.json" --batch 4 --worker-log "$work/workers.log" --json \
  --objective-cmd "$py" "$src_dir/examples/workers/sphere_worker.py" >"$work/cfg_out.json"
check "$work/cfg_out.json" "assert d['generations']==5 and d['solution']['solver'] in ('gmres','cg','bicgstab')" \
  "space from a config file"

# The lecture's 1-D function as an external C++ program: the global minimum ≈ −0.9730 at x ≈ −0.512.
# From x0 = 0.5 one CMA-ES run (the default method) ends in the local minimum near 1.55; IPOP
# restarts find the global one.
echo '{"x": {"type": "real", "x0": 0.5, "sigma0": 1}}' >"$work/lecture.json"
"$varopt" minimize --space "$work/lecture.json" --max-evals 3000 --seed 1 --restarts ipop --json \
  --worker-log "$work/workers.log" --workers 2 --objective-cmd "$lecture" >"$work/lecture_out.json"
check "$work/lecture_out.json" "
assert abs(d['best_f'] - (-0.9730)) < 1e-3, d['best_f']
assert abs(d['solution']['x'] - (-0.512)) < 0.01, d['solution']" "lecture 1-D minimum"

# Bad input: one message on stderr, exit code 2.
expect_usage_error() {
  local expect=$1; shift
  set +e; "$varopt" "$@" >"$work/bad_out.txt" 2>"$work/bad_err.txt"; local rc=$?; set -e
  [[ $rc -eq 2 ]] || fail "'$*' exited $rc, expected 2: $(cat "$work/bad_err.txt")"
  grep -q -- "$expect" "$work/bad_err.txt" || fail "'$*' said: $(cat "$work/bad_err.txt")"
  ! grep -qiE 'terminate|abort|what\(\)' "$work/bad_err.txt" || fail "'$*' crashed"
}
expect_usage_error "a space (--space) and an objective command" minimize --space "$work/space.json"
expect_usage_error "a space (--space) and an objective command" minimize --objective-cmd "$lecture"
expect_usage_error "expected a program" minimize --space "$work/space.json" --objective-cmd
expect_usage_error "can be started" minimize --space "$work/lecture.json" \
  --worker-log "$work/workers.log" --objective-cmd "$work/no-such-worker"
echo '{"x": {"type": "real", "dim": 0}}' >"$work/bad.json"
expect_usage_error "space: expected 'dim' >= 1" minimize --space "$work/bad.json" --objective-cmd "$lecture"
echo '{"x": {"type": "real"' >"$work/broken.json"
expect_usage_error "not valid JSON" minimize --space "$work/broken.json" --objective-cmd "$lecture"
expect_usage_error "workers, not threads" minimize --space "$work/lecture.json" -j 2 \
  --objective-cmd "$lecture"
expect_usage_error "workers in \[1, 1024\]" minimize --space "$work/lecture.json" --workers 0 \
  --objective-cmd "$lecture"

# SIGTERM: a clean stop with exit code 143, the summary, a checkpoint, and no worker left. The
# worker runs from a copy in this test's folder, so that pgrep finds only this run's workers
# (another test run may be going on at the same time).
own_worker="$work/lecture_worker_$$"
cp "$lecture" "$own_worker"
set +e
"$varopt" minimize --space "$work/lecture.json" --max-generations 1000 --workers 2 --json \
  --checkpoint "$work/ck.json" --checkpoint-every 1000 \
  --objective-cmd "$own_worker" --sleep-ms 37 >"$work/term.json" 2>"$work/term_err.txt" &
pid=$!
for _ in $(seq 100); do [[ -f "$work/ck.json.workers.log" ]] && break; sleep 0.05; done
sleep 0.5  # a few generations
kill -TERM $pid
wait $pid; rc=$?
set -e
[[ $rc -eq 143 ]] || fail "SIGTERM: exit code $rc, expected 143: $(cat "$work/term_err.txt")"
check "$work/term.json" "assert d['interrupted']=='SIGTERM' and d['termination']=='user_stop', d" \
  "SIGTERM summary"
[[ -s "$work/ck.json" ]] || fail "no checkpoint after SIGTERM"
[[ -f "$work/ck.json.workers.log" ]] || fail "default worker log next to the checkpoint"
sleep 0.2
! pgrep -f -- "$own_worker" >/dev/null || fail "a worker outlived varopt"
# SIGINT (Ctrl-C), from a parent that does not ignore it (bash ignores SIGINT in background jobs).
"$py" - "$varopt" "$work" "$lecture" <<'PY' || fail "SIGINT"
import json, os, signal, subprocess, sys, time
varopt, work, lecture = sys.argv[1:4]
log = os.path.join(work, "int.log")
p = subprocess.Popen([varopt, "minimize", "--space", os.path.join(work, "lecture.json"),
                      "--max-generations", "1000", "--json", "--worker-log", log,
                      "--objective-cmd", lecture, "--sleep-ms", "37"], stdout=subprocess.PIPE)
for _ in range(100):
    if os.path.exists(log): break
    time.sleep(0.05)
time.sleep(0.5)
p.send_signal(signal.SIGINT)
out, _ = p.communicate(timeout=10)
assert p.returncode == 130, p.returncode
summary = json.loads(out)
assert summary["interrupted"] == "SIGINT" and summary["generations"] < 1000, summary
PY
"$varopt" minimize --resume "$work/ck.json" --max-generations 3 --json \
  --worker-log "$work/workers.log" --objective-cmd "$lecture" >"$work/resumed.json" ||
  fail "resume after SIGTERM"
# Human output names the workers.
"$varopt" minimize --space "$work/lecture.json" --max-generations 3 --worker-log "$work/workers.log" \
  --objective-cmd "$lecture" | grep -q '^workers      1: ' || fail "human output lacks the workers"
check "$work/resumed.json" "assert d['generations']>=3" "resumed run"
# A worker that never answers (here: its script is missing) leaves no point with a finite value:
# the summary has no best point and the command fails, naming the workers' last failure.
set +e
"$varopt" minimize --space "$work/lecture.json" --max-evals 40 --json --worker-log "$work/none.log" \
  --objective-cmd "$py" "$work/no_such_worker.py" >"$work/none.json" 2>"$work/none_err.txt"
rc=$?; set -e
[[ $rc -eq 1 ]] || fail "no finite value: exit code $rc, expected 1"
grep -q "no evaluation gave a finite value in .*the last failure: worker exited before answering" \
  "$work/none_err.txt" || fail "no finite value: $(cat "$work/none_err.txt")"
# ... and where the reason is: the worker's own message went to its log.
grep -qF "(the workers' stderr is in $work/none.log)" "$work/none_err.txt" ||
  fail "no pointer to the workers' log: $(cat "$work/none_err.txt")"
check "$work/none.json" "assert d['best_x'] is None and d['solution'] is None and d['best_f'] is None" \
  "no finite value: summary"
# A worker whose program disappears during the run (it answers once, then removes itself): the
# restarts fail with the reason, the run ends with its summary and checkpoint, exit 1 (it ended
# with exit 2 and no summary).
cat >"$work/space1.json" <<'JSON'
{"x": {"type": "real", "dim": 2, "x0": 1, "sigma0": 1}}
JSON
cat >"$work/vanishing.py" <<PY
#!$py
PY
cat >>"$work/vanishing.py" <<'PY'
import json, os, sys
request = json.loads(sys.stdin.readline())
print(json.dumps({"id": request["id"], "f": sum(v * v for v in request["x"]["x"])}), flush=True)
os.remove(sys.argv[0])
PY
chmod +x "$work/vanishing.py"
set +e
"$varopt" minimize --space "$work/space1.json" --max-evals 200 --json --checkpoint "$work/v.ckpt" \
  --worker-log "$work/v.log" --objective-cmd "$work/vanishing.py" >"$work/vanish.json" \
  2>"$work/vanish_err.txt"
rc=$?
set -e
[[ $rc == 1 ]] || fail "a vanished worker program: exit $rc, $(cat "$work/vanish_err.txt")"
check "$work/vanish.json" "assert d['termination'] == 'non_finite', d['termination']
assert d['best_f'] is not None and d['evaluations'] > 0
assert 'could not be started' in d['workers']['last_failure'], d['workers']" "vanished worker"
test -s "$work/v.ckpt" || fail "vanished worker: no checkpoint"
grep -q "gave no finite value; the last failure: worker could not be started" \
  "$work/vanish_err.txt" || fail "vanished worker: $(cat "$work/vanish_err.txt")"

# A worker that answers once and exits, and one that writes a line after its answer: the next
# request may reach them as they do; it is sent again without counting as a retry, so with
# --max-retries 0 no member fails (half of them did).
cat >"$work/oneshot.py" <<'PY'
import json, sys
request = json.loads(sys.stdin.readline())
print(json.dumps({"id": request["id"], "f": sum(v * v for v in request["x"]["x"])}), flush=True)
PY
cat >"$work/trailing.py" <<'PY'
import json, sys
for line in sys.stdin:
    request = json.loads(line)
    print(json.dumps({"id": request["id"], "f": sum(v * v for v in request["x"]["x"])}), flush=True)
    print("done", flush=True)
PY
for program in oneshot trailing; do
  "$varopt" minimize --space "$work/space1.json" --max-evals 100 --json --max-retries 0 \
    --worker-log "$work/$program.log" --objective-cmd "$py" "$work/$program.py" >"$work/$program.json"
  check "$work/$program.json" "assert d['non_finite_evaluations'] == 0 and d['evaluations'] > 90, d
assert 'last_failure' not in d['workers'], d['workers']" "$program worker"
done

# Ordered integers reach the worker as integers in range, and cma (the default: the space is
# one of real variables, rounded) solves the integer sphere.
echo '{"n": {"type": "integer", "dim": 10, "lower": -20, "upper": 20, "ordered": true}}' \
  >"$work/ordered.json"
cat >"$work/integer_sphere.py" <<'PY'
import json, sys
for line in sys.stdin:
    request = json.loads(line)
    n = request["x"]["n"]
    ok = all(isinstance(v, int) and -20 <= v <= 20 for v in n)
    print(json.dumps({"id": request["id"], "f": sum((v - 3) ** 2 for v in n)} if ok else
                     {"id": request["id"], "error": f"not integers in range: {n}"}), flush=True)
PY
"$varopt" minimize --space "$work/ordered.json" --seed 1 --target 0 --max-evals 3000 --json \
  --worker-log "$work/ordered.log" --objective-cmd "$py" "$work/integer_sphere.py" \
  >"$work/ordered_run.json"
check "$work/ordered_run.json" "assert d['termination'] == 'target_reached' and d['method'] == 'cma', d
assert d['solution']['n'] == [3] * 10 and d['non_finite_evaluations'] == 0, d" "ordered integers"

# A second Ctrl-C or SIGTERM ends varopt at once and its workers with it (in process groups of
# their own, the terminal's signal never reaches them: they kept computing).
cat >"$work/busy_second_signal.py" <<'PY'
import json, sys, time
for line in sys.stdin:
    deadline = time.time() + 30
    while time.time() < deadline:
        pass
PY
busy_workers() {  # the running workers (varopt's own command line names the script too)
  ps -eo comm=,args= | awk '$1 ~ /^python3/ && /busy_second_signal/' | wc -l
}
# (SIGTERM: a background job of a script ignores SIGINT)
"$varopt" minimize --space "$work/space1.json" --workers 2 --max-evals 20 -q \
  --worker-log "$work/busy.log" --objective-cmd "$py" "$work/busy_second_signal.py" \
  >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
  [[ $(busy_workers) -ge 2 ]] && break
  sleep 0.05
done
[[ $(busy_workers) -ge 2 ]] || fail "the busy workers did not start"
kill -TERM "$pid"
sleep 0.05
kill -TERM "$pid"
wait "$pid" || true
sleep 0.3
[[ $(busy_workers) == 0 ]] || fail "workers left running after a second signal"

# Started with stdout or stdin closed, a worker's stderr still goes to the worker log, never
# into its answers (the log took fd 1 and the answers read "ARGS"; with stdin closed it hung).
cat >"$work/chatty.py" <<'PY'
import json, sys
for line in sys.stdin:
    request = json.loads(line)
    print("progress", file=sys.stderr, flush=True)
    print(json.dumps({"id": request["id"], "f": sum(v * v for v in request["x"]["x"])}), flush=True)
PY
"$varopt" minimize --space "$work/space1.json" --max-evals 40 --checkpoint "$work/c.ckpt" \
  --worker-log "$work/closed_out.log" --objective-cmd "$py" "$work/chatty.py" >&- ||
  fail "stdout closed: exit $?"
grep -q progress "$work/closed_out.log" || fail "stdout closed: the worker's stderr is not in its log"
timeout 60 "$varopt" minimize --space "$work/space1.json" --max-evals 40 --json \
  --worker-log "$work/closed_in.log" --objective-cmd "$py" "$work/chatty.py" <&- \
  >"$work/closed_in.json" || fail "stdin closed: exit $? (124: it hung)"
check "$work/closed_in.json" "assert d['best_f'] < 1 and d['workers']['protocol_errors'] == 0" \
  "stdin closed"

# A worker's error text reaches the summary as one short line (it was printed whole, with its
# escape sequences and newlines).
cat >"$work/erring.py" <<'PY'
import json, sys
for line in sys.stdin:
    request = json.loads(line)
    text = "Traceback\n  \x1b[31mboom\x1b[0m\n" + "x" * 5000
    print(json.dumps({"id": request["id"], "error": text}), flush=True)
PY
set +e
"$varopt" minimize --space "$work/space1.json" --max-evals 20 --json \
  --worker-log "$work/erring.log" --objective-cmd "$py" "$work/erring.py" >"$work/erring.json" 2>/dev/null
set -e
check "$work/erring.json" "m = d['workers']['last_failure']
assert m.startswith('worker error: Traceback') and len(m) < 400, m
assert not any(ord(c) < 32 for c in m), repr(m)" "a worker's error text"

# A log that cannot be written stops the run with the reason in the summary (it read user_stop).
set +e
"$varopt" minimize -p sphere -d 3 --max-evals 2000 --json --log /dev/full >"$work/full.json" 2>/dev/null
rc=$?
set -e
[[ $rc == 1 ]] || fail "--log /dev/full: exit $rc"
check "$work/full.json" "assert d['termination'] == 'output_error' and 'log' in d['error'], d" \
  "a log that cannot be written"
echo "ok"
