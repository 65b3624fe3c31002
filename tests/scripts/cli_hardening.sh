#!/usr/bin/env bash
# `varopt` against a hostile user (issue 11): every bad input is a usage error (exit 2) naming
# what was expected, messages stay short, outputs never destroy what they should not, and a run
# that cannot write its outputs still prints its result.
set -euo pipefail
build_dir=$3
varopt="$build_dir/cli/varopt"
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
s5=(-p sphere -d 5 --max-evals 2000 -q)

# Bad input: one message on stderr, exit code 2, no crash or stack trace.
expect_usage_error() {
  local expect=$1; shift
  set +e; "$varopt" "$@" >"$work/bad_out.txt" 2>"$work/bad_err.txt"; local rc=$?; set -e
  [[ $rc -eq 2 ]] || fail "'$(echo "$*" | cut -c1-200)' exited $rc, expected 2"
  grep -q -- "$expect" "$work/bad_err.txt" ||
    fail "'$(echo "$*" | cut -c1-200)' said: $(head -c 600 "$work/bad_err.txt")"
  ! grep -qiE 'terminate|abort|what\(\)|json.exception' "$work/bad_err.txt" ||
    fail "'$(echo "$*" | cut -c1-200)' crashed: $(head -c 600 "$work/bad_err.txt")"
}

# An external objective for the runs below: f = Σ x²; each evaluation appends a line to EVAL_LOG;
# after N evaluations, ACTION: nan (every value from then on is NaN) or rmdir DIR (removes DIR).
cat >"$work/worker.py" <<'PY'
import json, shutil, sys
eval_log, after, action = sys.argv[1], int(sys.argv[2]), sys.argv[3]
count = 0
for line in sys.stdin:
    request = json.loads(line)
    count += 1
    with open(eval_log, "a") as out:
        out.write("evaluated\n")
    f = sum(float(v) ** 2 for v in request["x"]["x"])
    if count > after and action == "nan":
        f = float("nan")
    if count == after and action == "rmdir":
        shutil.rmtree(sys.argv[4], ignore_errors=True)
    sys.stdout.write(json.dumps({"id": request["id"], "f": f}) + "\n")
    sys.stdout.flush()
PY
echo '{"x": {"type": "real", "dim": 3, "lower": -5, "upper": 5, "x0": 2, "sigma0": 1}}' \
  >"$work/space.json"
external=(--space "$work/space.json" --seed 3 --worker-log "$work/workers.log")
worker=(--objective-cmd "$py" "$work/worker.py")  # EVAL_LOG N ACTION [DIR] follow

# D18: a message quotes at most a short excerpt (80 characters) of any input, however long.
long=$("$py" -c "print('a' * 100000)")
short_echo() { ! grep -qE 'a{81}' "$work/bad_err.txt" || fail "$1: a $(wc -c <"$work/bad_err.txt")-byte message"; }
expect_usage_error "got 'aaaa" minimize -p "$long"
short_echo "-p"
for key in problem method distribution estimator baseline shaping optimizer schedule nonfinite \
           restarts; do
  "$py" -c "import json; print(json.dumps({'method': 'xnes', '$key': 'a' * 1000000}))" \
    >"$work/long.json"
  expect_usage_error "aaaa\.\.\." minimize --config "$work/long.json"
  short_echo "config key $key"
done
expect_usage_error "not expected" minimize "${s5[@]}" "$long"
short_echo "an extra argument"

# D16: integer keys of a config file take integers in range, never a coerced number.
config() { echo "$1" >"$work/cfg.json"; }
for key in dim population seed threads problem_seed max_evals max_generations stagnation \
           max_restarts; do
  config "{\"$key\": 2.5}"
  expect_usage_error "expected '$key' to be an integer in \[" minimize --config "$work/cfg.json"
  config "{\"$key\": true}"
  expect_usage_error "expected '$key' to be an integer in \[" minimize --config "$work/cfg.json"
done
# Bounds name the coordinate a start lies outside; on a space with discrete blocks they belong on
# its real blocks (over all coordinates they clipped the discrete ones too).
expect_usage_error "x0\[0\] = 5 outside \[0, 1\]" minimize "${s5[@]}" --x0 5 --lower 0 --upper 1
expect_usage_error "bounds on a space of real variables only" minimize -p mixed -d 3 --lower 0 \
  --upper 1
# A misspelled flag is named, with the closest one, in one line; --objective-cmd before --space
# (which it swallows) is explained.
expect_usage_error "unknown option '--targt' (did you mean --target?); see 'varopt minimize --help'" \
  minimize "${s5[@]}" --targt 1e-8
[[ $(wc -l <"$work/bad_err.txt") -eq 1 ]] || fail "unknown option: $(cat "$work/bad_err.txt")"
expect_usage_error "unknown option '--seed' (did you mean --seeds?)" bench --seed 3
expect_usage_error "put it last" minimize --objective-cmd "$py" w.py --space "$work/space.json"
# A built-in problem's settings with a space are refused, not ignored (a run in dimension 3 said
# nothing of -d 10); their defaults, as a summary's config holds them, are accepted.
expect_usage_error "expected no 'dim' with a space" minimize "${external[@]}" -d 7 --objective-cmd w
expect_usage_error "expected no 'problem' with a space" minimize "${external[@]}" -p ackley \
  --objective-cmd w
expect_usage_error "expected no 'noise' with a space" minimize "${external[@]}" --noise 0.5 \
  --objective-cmd w
expect_usage_error "expected --checkpoint FILE" minimize -p sphere --checkpoint-every 5
expect_usage_error "from 1 to 999999999, got '9999999999'" minimize -p sphere \
  --checkpoint-every 9999999999
expect_usage_error "expected one of {bound, .*, convergence}, got 'foo'" plot foo
# A setting that nothing reads is refused, not silently ignored (max_restarts needs restarts).
expect_usage_error "expected no 'max_restarts' with restarts 'none'" minimize "${s5[@]}" \
  --max-restarts 3
config '{"seed": -1}'
expect_usage_error "expected 'seed' to be an integer in \[0, 18446744073709551615\], got -1" \
  minimize --config "$work/cfg.json"
config '{"threads": -1}'
expect_usage_error "expected 'threads' to be an integer in \[0, 4294967295\], got -1" \
  minimize --config "$work/cfg.json"
config '{"dim": 1e308}'
expect_usage_error "expected 'dim' to be an integer in .*, got 1e+308" minimize --config "$work/cfg.json"
config '{"workers": 2.5, "space": {"x": {"type": "real"}}, "objective_cmd": ["true"]}'
expect_usage_error "expected 'workers' to be an integer" minimize --config "$work/cfg.json"
config '{"learning_rate": true, "method": "xnes"}'
expect_usage_error "expected 'learning_rate' to be a number" minimize --config "$work/cfg.json"
# An integral number is an integer, whatever its spelling.
config '{"problem": "sphere", "dim": 3.0, "max_evals": 1e3, "seed": 7}'
"$varopt" minimize --config "$work/cfg.json" --json >"$work/integral.json" ||
  fail "dim 3.0 and max_evals 1e3 refused"
"$py" -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['dim']==3 and d['evaluations']<=1000, d" \
  "$work/integral.json" || fail "dim 3.0 and max_evals 1e3 not read as 3 and 1000"

# D15: a flag's whole text is one value of its type: no wrapped, saturated or empty values.
expect_usage_error "--seed: expected an integer in \[0, 18446744073709551615\], got '-1'" \
  minimize "${s5[@]}" --seed -1
expect_usage_error "--max-evals: expected an integer in \[-9223372036854775808, 9223372036854775807\], got '99999999999999999999'" \
  minimize -p sphere -d 5 -q --max-evals 99999999999999999999
expect_usage_error "--threads: expected an integer in \[0, 4294967295\], got '-1'" \
  minimize "${s5[@]}" --threads -1
expect_usage_error "threads in \[1, 1024\], got 0" minimize "${s5[@]}" -j 0
config '{"restarts": true}'
expect_usage_error "restarts: expected one of {none, ipop, bipop}, got true" minimize --config "$work/cfg.json"
config '{"hold_spread": "yes"}'
expect_usage_error "expected 'hold_spread' to be true or false, got \"yes\"" minimize --config "$work/cfg.json"
config '{"threads": 0}'
expect_usage_error "threads in \[1, 1024\], got 0" minimize --config "$work/cfg.json"
expect_usage_error "--problem-seed: expected an integer" minimize "${s5[@]}" --problem-seed 1.5
expect_usage_error "--dim: expected an integer" minimize -p sphere -d 010x
for flag in --x0 --lower --target --noise --sigma0 --lr; do
  expect_usage_error "$flag: expected a number, got ''" minimize "${s5[@]}" "$flag" ''
done
expect_usage_error "--x0: expected a number, got 'nan'" minimize "${s5[@]}" --x0 1,nan
expect_usage_error "--hold-sigma: expected true or false, got ''" minimize "${s5[@]}" --hold-sigma ''
expect_usage_error "--antithetic: expected true or false, got 'maybe'" \
  minimize "${s5[@]}" --antithetic maybe
for flag in --problem --method --worker-log; do
  expect_usage_error "$flag: expected a non-empty value, got ''" minimize "$flag" ''
done
# Negative numbers and lists still read.
"$varopt" minimize -p sphere -d 2 --max-evals 300 --lower -2,-3 --upper 5 --x0 -1 -q --json \
  >/dev/null || fail "--lower -2,-3 --x0 -1 refused"

# D17: a flag that is not UTF-8 is a usage error, before or after a checkpoint.
expect_usage_error "--problem: expected UTF-8 text, got byte 0xFF at offset 3" \
  minimize -p $'sph\xffere' -d 5 -q
"$varopt" minimize "${s5[@]}" --checkpoint "$work/ck_utf8.json" >/dev/null
expect_usage_error "--method: expected UTF-8 text" minimize --resume "$work/ck_utf8.json" -m $'cm\xe9a'
expect_usage_error "--objective-cmd: expected UTF-8 text" \
  minimize --space "$work/cfg.json" --objective-cmd prog $'\xc0\xaf'
# A path may be any bytes: the summary shows the workers' log next to such a checkpoint.
"$varopt" minimize --space "$work/space.json" --max-generations 3 --json \
  --checkpoint "$work/ck"$'\xff'".json" "${worker[@]}" "$work/evals.txt" 0 none >/dev/null ||
  fail "a checkpoint path that is not UTF-8 lost the summary"

# D22: an unknown command is named, with the list of commands.
expect_usage_error "unknown command 'frobnicate'; the commands are minimize, list, plot, bench" \
  frobnicate
expect_usage_error "unknown command 'minimise'" minimise -p sphere

# Runs "$@" with stderr on a terminal (a pseudo-terminal): prints what the terminal showed and
# exits with the command's code.
cat >"$work/on_terminal.py" <<'PY'
import os, pty, subprocess, sys
main, terminal = pty.openpty()
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=terminal)
os.close(terminal)
shown = b""
while True:
    try:
        chunk = os.read(main, 65536)
    except OSError:  # EIO: the command and its children closed the terminal
        break
    if not chunk:
        break
    shown += chunk
sys.stdout.write(shown.decode(errors="replace"))
sys.exit(child.wait())
PY

# D23: on a terminal, an error starts on a line of its own, not at the end of the progress line.
set +e
"$py" "$work/on_terminal.py" "$varopt" minimize "${external[@]}" --nonfinite error \
  "${worker[@]}" "$work/evals.txt" 100 nan >"$work/terminal.txt"
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "an objective error exited $rc, expected 1"
"$py" -c "
import sys
shown = open(sys.argv[1]).read()
before = shown[:shown.index('varopt: ')]
assert 'generation' in before and before.endswith('\n'), repr(shown[-300:])" "$work/terminal.txt" ||
  fail "the error is glued to the progress line: $(tail -c 300 "$work/terminal.txt" | cat -v)"

# D12: a checkpoint replaces a regular file only: never a link, a device, a directory or a fifo.
echo keep >"$work/target.json"
ln -s "$work/target.json" "$work/link.json"
expect_usage_error "cannot replace '$work/link.json': expected a regular file, got a symbolic link" \
  minimize "${s5[@]}" --checkpoint "$work/link.json"
[[ -L "$work/link.json" && $(cat "$work/target.json") == keep ]] || fail "a link was replaced"
mkfifo "$work/fifo"
expect_usage_error "expected a regular file, got a fifo" minimize "${s5[@]}" --checkpoint "$work/fifo"
[[ -p "$work/fifo" ]] || fail "a fifo was replaced"
mkdir "$work/dir.json"
expect_usage_error "expected a regular file, got a directory" \
  minimize "${s5[@]}" --checkpoint "$work/dir.json"
if mknod "$work/null" c 1 3 2>/dev/null; then  # as root: a device like /dev/null
  expect_usage_error "expected a regular file, got a character device" \
    minimize "${s5[@]}" --checkpoint "$work/null"
  [[ -c "$work/null" ]] || fail "a device was replaced"
fi

# D14: writing a checkpoint removes the temporary files that writers killed mid-write left behind
# (<path>.tmp.<pid> of a process that no longer runs), and nothing else.
dead=999999999  # above any pid_max
head -c 1000000 /dev/zero >"$work/ck14.json.tmp.$dead"
touch "$work/ck14.json.tmp.1" "$work/ck14.json.tmp.$$" "$work/ck14.json.tmp.x" \
  "$work/other.json.tmp.$dead"
"$varopt" minimize "${s5[@]}" --checkpoint "$work/ck14.json" >/dev/null
[[ ! -e "$work/ck14.json.tmp.$dead" ]] || fail "a killed writer's temporary file is left"
for kept in ck14.json.tmp.1 "ck14.json.tmp.$$" ck14.json.tmp.x "other.json.tmp.$dead"; do
  [[ -e "$work/$kept" ]] || fail "$kept was removed"
done

# D11: the outputs are tried before any evaluation (bad input: exit 2), and a message names the
# user's path, not a temporary file.
expect_usage_error "--checkpoint: cannot create '$work/missing/ck.json': No such file or directory" \
  minimize "${external[@]}" --checkpoint "$work/missing/ck.json" "${worker[@]}" "$work/evals11" 0 none
! grep -q '\.tmp' "$work/bad_err.txt" || fail "the message names the temporary file"
[[ ! -e "$work/evals11" ]] || fail "evaluations ran before the checkpoint's path was tried"
expect_usage_error "--log: cannot open '$work/missing/log.jsonl': No such file or directory" \
  minimize "${external[@]}" --log "$work/missing/log.jsonl" "${worker[@]}" "$work/evals11" 0 none
[[ ! -e "$work/evals11" ]] || fail "evaluations ran before the log's path was tried"
# A checkpoint that cannot be written later (its directory removed after 30 evaluations) stops
# the run: its summary, then the error, exit 1.
mkdir "$work/ckdir"
set +e
"$varopt" minimize "${external[@]}" --max-generations 100 --checkpoint "$work/ckdir/ck.json" \
  --checkpoint-every 1 --json "${worker[@]}" "$work/evals11" 30 rmdir "$work/ckdir" \
  >"$work/out11.json" 2>"$work/err11.txt"
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "a checkpoint that failed during the run exited $rc, expected 1"
"$py" -c "import json,sys; d=json.load(open(sys.argv[1])); assert 0 < d['generations'] < 100, d" \
  "$work/out11.json" || fail "no summary after a failed checkpoint: $(head -c 300 "$work/out11.json")"
grep -q "^varopt: --checkpoint: cannot create '$work/ckdir/ck.json': No such file or directory" \
  "$work/err11.txt" || fail "a failed checkpoint said: $(cat "$work/err11.txt")"
! grep -q '\.tmp' "$work/err11.txt" || fail "the message names the temporary file"

# D10: a log that cannot be written is an error (exit 1), after the summary.
set +e
"$varopt" minimize "${s5[@]}" --log /dev/full --json >"$work/out10.json" 2>"$work/err10.txt"
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "--log /dev/full exited $rc, expected 1"
"$py" -c "import json,sys; json.load(open(sys.argv[1]))" "$work/out10.json" ||
  fail "no summary after a failed log write"
grep -q "^varopt: --log: cannot write '/dev/full': No space left on device" "$work/err10.txt" ||
  fail "a failed log write said: $(cat "$work/err10.txt")"

# D13: one file in two roles, one of them written, is refused (as canonical paths).
expect_usage_error "--log and --checkpoint: expected different files, got one file ('$work/same')" \
  minimize "${s5[@]}" --log "$work/same" --checkpoint "$work/same"
expect_usage_error "--log and --checkpoint: expected different files" \
  minimize "${s5[@]}" --log "$work/same" --checkpoint "$work/./nothing/../same"
[[ ! -e "$work/same" ]] || fail "a refused run wrote its outputs"
echo '{"problem": "sphere", "dim": 2}' >"$work/cfg13.json"
expect_usage_error "--config and --log: expected different files" \
  minimize --config "$work/cfg13.json" --log "$work/cfg13.json"
[[ $(cat "$work/cfg13.json") == '{"problem": "sphere", "dim": 2}' ]] || fail "the config was written"
expect_usage_error "--log and --worker-log: expected different files" \
  minimize "${external[@]}" --log "$work/workers.log" "${worker[@]}" "$work/evals13" 0 none
# A run resumes from its checkpoint and goes on writing it.
"$varopt" minimize -p sphere -d 5 -q --max-evals 400 --checkpoint "$work/ck13.json" >/dev/null
"$varopt" minimize --resume "$work/ck13.json" --checkpoint "$work/ck13.json" >/dev/null ||
  fail "--resume ck --checkpoint ck refused"
# --config with --resume: its keys override the checkpoint's, as flags do (and flags override it).
"$varopt" minimize -p sphere -d 5 -q --max-evals 400 --checkpoint "$work/ck13.json" >/dev/null
echo '{"max_evals": 1200}' >"$work/more.json"
"$varopt" minimize --resume "$work/ck13.json" --config "$work/more.json" --json >"$work/more_out.json"
"$py" -c "import json,sys; d=json.load(open(sys.argv[1])); assert 400 < d['evaluations'] <= 1200, d" \
  "$work/more_out.json" || fail "--resume ignored --config"
# (that resume went on checkpointing into ck13.json: start again from 400 evaluations)
"$varopt" minimize -p sphere -d 5 -q --max-evals 400 --checkpoint "$work/ck13.json" >/dev/null
"$varopt" minimize --resume "$work/ck13.json" --config "$work/more.json" --max-evals 600 --json \
  >"$work/more_out.json"
"$py" -c "import json,sys; d=json.load(open(sys.argv[1])); assert 400 < d['evaluations'] <= 600, d" \
  "$work/more_out.json" || fail "--resume --config: a flag does not override the config file"
echo '{"problem": "rastrigin"}' >"$work/other.json"
expect_usage_error "--resume: expected the checkpoint's problem \"sphere\", got \"rastrigin\"" \
  minimize --resume "$work/ck13.json" --config "$work/other.json"

# A resumed run keeps its settings: λ, σ0 and x0, which the restored state would ignore while
# the summary claimed them, are refused like the problem (budgets may change, as above).
expect_usage_error "--resume: expected the checkpoint's population (not set), got 20" \
  minimize --resume "$work/ck13.json" -n 20
expect_usage_error "--resume: expected the checkpoint's sigma0 (not set), got 3" \
  minimize --resume "$work/ck13.json" --sigma0 3
expect_usage_error "--resume: expected the checkpoint's x0 (not set), got \[3" \
  minimize --resume "$work/ck13.json" --x0 3
# Relative spellings of one file are one file too (x.json and ./x.json, neither existing yet).
(cd "$work" && expect_usage_error "--log and --checkpoint: expected different files" \
  minimize "${s5[@]}" --log rel13.json --checkpoint ./rel13.json)
[[ ! -e "$work/rel13.json" ]] || fail "a refused run wrote its outputs"

# With --nonfinite error, a NaN after 30 evaluations stops the run (exit 1), but only after the
# checkpoint (at the last generation told) and the summary, which names the error and the
# workers' last failure.
set +e
"$varopt" minimize "${external[@]}" --max-evals 300 --nonfinite error --json \
  --checkpoint "$work/ck_nan.json" "${worker[@]}" "$work/evals_nan" 30 nan \
  >"$work/out_nan.json" 2>"$work/err_nan.txt"
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "--nonfinite error on a NaN exited $rc, expected 1"
grep -q "non-finite policy: error" "$work/err_nan.txt" || fail "the NaN said: $(cat "$work/err_nan.txt")"
"$py" - "$work/out_nan.json" "$work/ck_nan.json" <<'PY' || fail "no summary or checkpoint after the NaN"
import json, sys
summary, checkpoint = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert "non-finite policy: error" in summary["error"], summary
assert "NaN" in summary["workers"]["last_failure"], summary["workers"]
told = checkpoint["solver"]["run"]["generation"]
assert told > 0 and told == summary["generations"], (told, summary["generations"])
PY

# A failing first generation under --nonfinite error: the summary says so, not "running".
set +e
"$varopt" minimize -p sphere -d 3 --x0 1e200 --nonfinite error -q --json >"$work/out_err.json" 2>/dev/null
set -e
"$py" -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['termination'] == 'objective_error', d" \
  "$work/out_err.json" || fail "termination after --nonfinite error: $(head -c 300 "$work/out_err.json")"
# Bounds too close for %f are shown as they are given.
expect_usage_error "expected lower <= upper (equal: a fixed coordinate) at coordinate 0, got 2e-07 and 1e-07" \
  minimize -p sphere -d 3 --lower 2e-7 --upper 1e-7
# σ collapsing below what doubles resolve (cma, no --min-sigma) is not blamed on the learning rate.
"$varopt" minimize -p sphere -d 2 -m cma --target 1e-300 --min-sigma 0 --function-tolerance 0 \
  --max-evals 200000 \
  >"$work/out_collapse.txt"
grep -q "^termination  numerical_error" "$work/out_collapse.txt" || fail "no numerical_error"
grep -q "^hint         σ fell to" "$work/out_collapse.txt" ||
  fail "the collapse's hint: $(grep hint "$work/out_collapse.txt")"

# D9: a resumed run cuts its log back to the checkpoint's generation: the generations a killed
# run logged after its last checkpoint are not logged twice.
run9=(-p sphere -d 5 -q --max-evals 100000)
"$varopt" minimize "${run9[@]}" --max-generations 20 --checkpoint "$work/ck9.json" \
  --checkpoint-every 10 --log "$work/log9.jsonl" >/dev/null
cp "$work/ck9.json" "$work/ck9_at20.json"
# As if killed at generation 35, its last checkpoint at 20, in the middle of a line.
"$varopt" minimize --resume "$work/ck9.json" --max-generations 35 --log "$work/log9.jsonl" >/dev/null
printf '{"generation": 36, "evalu' >>"$work/log9.jsonl"
"$varopt" minimize --resume "$work/ck9_at20.json" --max-generations 40 --log "$work/log9.jsonl" \
  >/dev/null
"$varopt" minimize "${run9[@]}" --max-generations 40 --log "$work/straight9.jsonl" >/dev/null
cmp -s "$work/log9.jsonl" "$work/straight9.jsonl" ||
  fail "the resumed log is not the straight run's: $(wc -l <"$work/log9.jsonl") lines, expected 40"

# D19: a problem whose memory grows faster than n is refused up front, naming the memory it
# would take, within a second (not after minutes of allocating and swapping).
expect_quick_usage_error() {
  local expect=$1 start=$SECONDS; shift
  expect_usage_error "$expect" "$@"
  ((SECONDS - start <= 5)) || fail "'$*' took $((SECONDS - start)) s to be refused"
}
expect_quick_usage_error "MaxCutGraph: expected n <= 10000 vertices (the edge list of G(n, 0.5) takes about 40 GB at n = 100000), got 100000" \
  minimize -p maxcut -d 100000
for problem in rotated-ellipsoid shifted-rotated-rastrigin; do
  expect_quick_usage_error "random_rotation: expected a dimension <= 10000 (an n × n rotation takes about 240 GB to make at n = 100000), got 100000" \
    minimize -p "$problem" -m sep-cma -d 100000
done
"$varopt" minimize -p maxcut -d 300 --max-evals 200 -q --json >/dev/null || fail "maxcut -d 300 refused"

# A population that makes every weight of the gradient estimate 0 (so the run never moves) is
# refused before the run, naming the smallest that works and why.
expect_usage_error "a population size >= 2 for natural-score(baseline=none, shaping=nes).*every shaped weight is 0" \
  minimize "${s5[@]}" -m xnes --population 1
expect_usage_error "a population size >= 2 for score(baseline=none, shaping=centered-ranks)" \
  minimize "${s5[@]}" -m sgd-vo --shaping centered-ranks
expect_usage_error "the mean baseline of a member is taken from the other members" \
  minimize "${s5[@]}" -m sgd-vo --baseline mean
expect_usage_error "a population size >= 4 for score(baseline=leave-one-out, shaping=none).* with antithetic pairs" \
  minimize "${s5[@]}" -m pgpe --population 2

echo "cli_hardening: all checks passed"
