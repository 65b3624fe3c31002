#!/usr/bin/env bash
# The `varopt minimize` command as a user runs it: JSON summary, logs, config files,
# checkpoint/resume, and one clear message with exit code 2 for every kind of bad input.
set -euo pipefail
build_dir=$3
varopt="$build_dir/cli/varopt"
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
json_field() { "$py" -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# A bare run works, is quiet on a non-terminal, and prints every summary field.
"$varopt" minimize --max-evals 3000 --json >"$work/out.json" 2>"$work/err.txt"
[[ ! -s "$work/err.txt" ]] || fail "progress written to a non-terminal: $(cat "$work/err.txt")"
for key in best_f best_x evaluations generations termination seed problem method; do
  "$py" -c "import json,sys; d=json.load(open('$work/out.json')); assert '$key' in d" ||
    fail "summary lacks $key"
done
[[ $(json_field "['problem']" <"$work/out.json") == rosenbrock ]] || fail "default problem"

# Sphere at d = 10 to 1e-8.
"$varopt" minimize -p sphere -d 10 --target 1e-8 --json >"$work/sphere.json"
[[ $(json_field "['termination']" <"$work/sphere.json") == target_reached ]] || fail "sphere"

# Human-readable output.
"$varopt" minimize -p sphere -d 3 --max-evals 500 >"$work/human.txt"
grep -q '^best f' "$work/human.txt" || fail "human output"
# (a solution line by block name is for --space runs: here it would repeat best x)
! grep -q '^solution' "$work/human.txt" || fail "a solution line for a built-in problem"

# One JSON line per generation.
"$varopt" minimize -p sphere -d 4 --max-generations 25 --log "$work/log.jsonl" --json >/dev/null
[[ $(wc -l <"$work/log.jsonl") -eq 25 ]] || fail "log has $(wc -l <"$work/log.jsonl") lines"
"$py" -c "
import json
rows=[json.loads(l) for l in open('$work/log.jsonl')]
assert [r['generation'] for r in rows]==list(range(1,26))
assert all(k in rows[0] for k in ('evaluations','best_f','mean_f','spread'))" || fail "log content"

# A config file, overridden by a flag.
echo '{"problem": "ellipsoid", "dim": 3, "method": "xnes", "max_evals": 1000}' >"$work/cfg.json"
"$varopt" minimize --config "$work/cfg.json" --seed 7 --json >"$work/cfg_out.json"
[[ $(json_field "['problem']" <"$work/cfg_out.json") == ellipsoid ]] || fail "config problem"
[[ $(json_field "['seed']" <"$work/cfg_out.json") == 7 ]] || fail "flag over config"
[[ $(json_field "['evaluations']" <"$work/cfg_out.json") -le 1000 ]] || fail "config budget"

# Checkpoint in the middle, resume with a larger budget: the same as one straight run.
"$varopt" minimize -p rastrigin -d 5 -m adam-vo --max-generations 40 --json >"$work/straight.json"
"$varopt" minimize -p rastrigin -d 5 -m adam-vo --max-generations 20 --checkpoint "$work/ck.json" \
  --json >/dev/null
"$varopt" minimize --resume "$work/ck.json" --max-generations 40 --json >"$work/resumed.json"
[[ "$(json_field "['best_x']" <"$work/straight.json")" == "$(json_field "['best_x']" <"$work/resumed.json")" ]] ||
  fail "resumed run differs from the straight run"

# A run stopped by its evaluation budget continues when resumed with a larger one (with
# restarts and bounds too).
"$varopt" minimize -p rastrigin -d 3 -m cma --restarts ipop --upper 2 --max-evals 6000 --json \
  >"$work/straight_budget.json"
"$varopt" minimize -p rastrigin -d 3 -m cma --restarts ipop --upper 2 --max-evals 1500 \
  --checkpoint "$work/ck_budget.json" --json >/dev/null
"$varopt" minimize --resume "$work/ck_budget.json" --max-evals 6000 --json >"$work/resumed_budget.json"
[[ "$(json_field "['evaluations']" <"$work/straight_budget.json")" == \
   "$(json_field "['evaluations']" <"$work/resumed_budget.json")" ]] ||
  fail "a resumed run with a larger budget did not continue as the straight run"
[[ "$(json_field "['best_x']" <"$work/straight_budget.json")" == \
   "$(json_field "['best_x']" <"$work/resumed_budget.json")" ]] ||
  fail "resumed run (budget) differs from the straight run"
# The resume above had no --checkpoint: it went on checkpointing into the file it came from (D24:
# the README's own example resumed without --checkpoint and lost its protection).
"$py" -c "
import json, sys
ck = json.load(open(sys.argv[1]))['solver']
assert ck['spent'] + ck['run']['evaluations'] == json.load(open(sys.argv[2]))['evaluations'], ck
" "$work/ck_budget.json" "$work/resumed_budget.json" ||
  fail "a resume without --checkpoint did not checkpoint into the resumed file"

# --maximize --target T stops when f ≥ T (D5): sphere from 3·1 grows; the run reaches 100.
"$varopt" minimize -p sphere -d 5 --max-evals 2000 --maximize --target 100 --json >"$work/max.json"
"$py" -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['termination']=='target_reached' and d['best_f']>=100, d" \
  "$work/max.json" || fail "--maximize --target compares with the user's f"
# The problem's optimum is its minimum: a maximized run's summary does not claim it.
"$py" -c "import json,sys; assert 'optimum' not in json.load(open(sys.argv[1]))" "$work/max.json" ||
  fail "--maximize reports the minimum as its optimum"
# A checkpoint resumes only its own problem (D6).
"$varopt" minimize -p sphere -d 5 --max-evals 500 --checkpoint "$work/ck_sphere.json" --json >/dev/null

# Bad input: one message on stderr, exit code 2, no crash or stack trace.
expect_usage_error() {
  local expect=$1; shift
  set +e; "$varopt" "$@" >"$work/bad_out.txt" 2>"$work/bad_err.txt"; local rc=$?; set -e
  [[ $rc -eq 2 ]] || fail "'$*' exited $rc, expected 2"
  grep -q -- "$expect" "$work/bad_err.txt" || fail "'$*' said: $(cat "$work/bad_err.txt")"
  ! grep -qiE 'terminate|abort|what\(\)' "$work/bad_err.txt" || fail "'$*' crashed"
}
expect_usage_error "expected one of" minimize -p spehre
expect_usage_error "expected one of" minimize -m cmaes
expect_usage_error "expected the checkpoint's problem" minimize --resume "$work/ck_sphere.json" -p rastrigin
# D7: an edited or corrupted checkpoint is refused by its checksum (best_f -1e9 used to be
# reported as the result), and a reformatted but unchanged one still resumes.
/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
d = json.load(open(f"{work}/ck_sphere.json"))
json.dump(d, open(f"{work}/ck_reformatted.json", "w"), indent=2)
d["solver"]["best_f"] = -1e9
json.dump(d, open(f"{work}/ck_edited.json", "w"))
text = open(f"{work}/ck_sphere.json").read()
i = text.index('"generation":') + len('"generation":')
open(f"{work}/ck_flipped.json", "w").write(text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1:])
PY
expect_usage_error "checksum does not match" minimize --resume "$work/ck_edited.json"
expect_usage_error "checksum does not match" minimize --resume "$work/ck_flipped.json"
"$varopt" minimize --resume "$work/ck_reformatted.json" --max-evals 600 -q --json >/dev/null \
  || fail "a reformatted, unchanged checkpoint must resume"
expect_usage_error "expected a number of generations from 1 to" minimize --checkpoint-every 0
expect_usage_error "expected one of" minimize --distribution wishart
expect_usage_error "expected one of" minimize -m xnes --optimizer adamw
expect_usage_error "expected no 'optimizer' with estimator 'cma'" minimize -m cma --optimizer adam
expect_usage_error "dim" minimize -p sphere -d 0
expect_usage_error "sigma0 > 0" minimize --sigma0 -1
expect_usage_error "population" minimize --population abc
# D19: sizes that cannot be allocated are refused up front, naming the limit.
expect_usage_error "population size in \[1, 2^20\]" minimize --population 99999999999
expect_usage_error "use a diagonal method" minimize -m xnes -d 100000
expect_usage_error "x0 with 1 or 10 values" minimize --x0 1,2
expect_usage_error "nonfinite" minimize --nonfinite ignore
expect_usage_error "max_evaluations >= 1" minimize --max-evals 0
expect_usage_error "--frobnicate" minimize --frobnicate
echo '{"problem": "sphere",' >"$work/broken.json"
expect_usage_error "not valid JSON" minimize --config "$work/broken.json"
echo '{"dim": 3, "problem": "sphere", "dim": 4}' >"$work/twice.json"
expect_usage_error "the key 'dim' given twice" minimize --config "$work/twice.json"
# D1: 100 000 levels of nesting in a config or a checkpoint: a message, not a stack overflow.
/usr/bin/python3 -c "print('{\"problem\": ' + '[' * 100000 + ']' * 100000 + '}')" >"$work/deep.json"
expect_usage_error "nested deeper than 64 levels" minimize --config "$work/deep.json"
expect_usage_error "nested deeper than 64 levels" minimize --resume "$work/deep.json"
# D24: an option that the rest of the run would ignore is refused, naming what ignores it.
expect_usage_error "expected no 'decay' with schedule 'constant'" minimize -m adam-vo --decay 0.9
expect_usage_error "expected no 'momentum' with optimizer 'adam'" minimize -m adam-vo --momentum 0.5
expect_usage_error "expected no 'natural' with estimator 'pathwise'" \
  minimize -m adam-vo --estimator pathwise --natural true
# Refused before any evaluation where no ∇f exists (it failed at the first evaluation).
expect_usage_error "expected one that needs f only for problem 'knapsack'" \
  minimize -p knapsack -d 10 --estimator pathwise
# Unknown names get the nearest one.
expect_usage_error "did you mean 'sphere'" minimize -p spher
expect_usage_error "did you mean 'xnes'" minimize -m xnse
expect_usage_error "expected no 'spread_learning_rate' with hold_spread 'true'" \
  minimize -m adam-vo --hold-sigma true --spread-lr 0.5
expect_usage_error "expected x0 and sigma0 only on a space with real variables" minimize -p onemax --x0 1
expect_usage_error "expected x0 and sigma0 only on a space with real variables" \
  minimize -p onemax --sigma0 0.5
expect_usage_error "expected no 'workers' with a built-in problem" minimize --workers 4
expect_usage_error "expected no 'noise_max_evaluations' with noise_handling 'off'" \
  minimize -p noisy-sphere --noise 1 --noise-max-evaluations 10
# Where they apply, they are taken.
"$varopt" minimize -p sphere -d 3 -m sgd-vo --optimizer momentum --momentum 0.5 \
  --schedule inverse-time --time-scale 20 --lr-floor 0.001 --max-evals 200 -q --json >/dev/null ||
  fail "momentum and the inverse-time schedule's parameters refused where they apply"
# --problem-seed on a problem with one instance changes nothing: a warning, the run goes on.
"$varopt" minimize -p sphere -d 3 --problem-seed 4 --max-evals 200 --json >/dev/null 2>"$work/warn.txt"
grep -q "^varopt: warning: --problem-seed changes nothing: problem 'sphere' has one instance" \
  "$work/warn.txt" || fail "no warning for --problem-seed on sphere: $(cat "$work/warn.txt")"
"$varopt" minimize -p rotated-sphere -d 3 --problem-seed 4 --max-evals 200 --json >/dev/null \
  2>"$work/warn.txt"
[[ ! -s "$work/warn.txt" ]] || fail "a warning for --problem-seed on rotated-sphere: $(cat "$work/warn.txt")"
# --help lists every option under its group, with its type and default (one table: a config key
# without a flag, as time_scale had, cannot happen).
"$varopt" minimize --help >"$work/help.txt"
for line in "^Method parts (default: the preset's):" "^Stopping:" "-s,--seed UINT=0 " \
            "--max-evals INT=100000 " "--min-sigma FLOAT=1e-12 " "--nonfinite TEXT=worst " \
            "--optimizer TEXT  *sgd | momentum | nesterov | adam" "--time-scale FLOAT" \
            "--lr-floor FLOAT" "--stagnation-tolerance FLOAT=0.0" "--workers UINT=1 " "--maximize  " \
            "--noise-handling TEXT=off "; do
  grep -q -- "$line" "$work/help.txt" || fail "--help lacks '$line'"
done
# The --json summary carries the whole configuration: run again from it, the run is the same.
"$varopt" minimize -p shifted-rotated-ellipsoid -d 4 --problem-seed 7 --lower -5 --upper 5 \
  --restarts ipop --noise-handling evaluations --max-evals 3000 --seed 3 --json >"$work/first.json"
"$py" -c "import json; json.dump(json.load(open('$work/first.json'))['config'], open('$work/again.json', 'w'))"
"$varopt" minimize --config "$work/again.json" --json >"$work/second.json"
"$py" -c "
import json
a, b = (json.load(open('$work/' + f)) for f in ('first.json', 'second.json'))
assert a['config']['problem_seed'] == 7 and a['config']['restarts'] == 'ipop', a['config']
assert (a['best_f'], a['best_x'], a['evaluations']) == (b['best_f'], b['best_x'], b['evaluations'])
" || fail "the summary's config does not reproduce the run"
# `varopt list config-keys` names each config key with its flag (they differ: learning_rate is
# --lr), and every key it lists is one a config file takes.
"$varopt" list config-keys >"$work/keys.txt"
grep -Eq "^learning_rate +--lr " "$work/keys.txt" || fail "config-keys lacks learning_rate --lr"
grep -Eq "^objective_cmd +--objective-cmd " "$work/keys.txt" || fail "config-keys lacks objective_cmd"
while read -r key _; do
  echo "{\"$key\": null}" >"$work/key.json"
  if "$varopt" minimize --config "$work/key.json" --max-evals 1 2>&1 | grep -q "expected a key among"; then
    fail "config-keys lists '$key', which a config refuses as unknown"
  fi
done <"$work/keys.txt"
echo '{"problme": "sphere"}' >"$work/typo.json"
expect_usage_error "got 'problme'" minimize --config "$work/typo.json"
echo '{"format": "something else"}' >"$work/notck.json"
expect_usage_error "checkpoint" minimize --resume "$work/notck.json"
# A preset with parts set one by one is named with them (it may be another algorithm), and the
# hint after a σ overflow suggests only what the run lacks.
"$varopt" minimize --distribution full --estimator score --baseline leave-one-out \
  --shaping centered-ranks --optimizer adam --lr 0.05 --population 20 >"$work/parts.txt" ||
  fail "parts run"
grep -q "^method       cma with baseline, distribution, estimator, learning_rate, optimizer, population, shaping set: GaussianFull" \
  "$work/parts.txt" || fail "parts: $(grep method "$work/parts.txt")"
if grep -q "^termination  numerical_error" "$work/parts.txt"; then
  grep -q "^hint .*lower --lr, or take the natural gradient (--natural true)" "$work/parts.txt" ||
    fail "hint: $(grep hint "$work/parts.txt")"
  ! grep -q "add a baseline" "$work/parts.txt" || fail "the hint suggests a baseline the run has"
fi
"$varopt" minimize -p sphere -d 3 -n 8 --json >"$work/parts.json" || fail "-n run"
"$py" -c "import json, sys; assert json.load(open(sys.argv[1]))['method_overrides'] == ['population']" \
  "$work/parts.json" || fail "method_overrides"
# The summary's config runs the same run again, without a warning (it held the unused problem
# seed of a problem with one instance, which re-running it warned of).
"$varopt" minimize -p sphere -d 3 --max-evals 300 --json >"$work/first.json"
"$py" -c "import json, sys; json.dump(json.load(open(sys.argv[1]))['config'], open(sys.argv[2], 'w'))" \
  "$work/first.json" "$work/again_cfg.json"
"$varopt" minimize --config "$work/again_cfg.json" --json >"$work/again.json" 2>"$work/again_err.txt"
[[ ! -s "$work/again_err.txt" ]] || fail "re-run of the summary config: $(cat "$work/again_err.txt")"
"$py" -c "import json, sys; a, b = (json.load(open(f)) for f in sys.argv[1:]); assert a['best_f'] == b['best_f']" \
  "$work/first.json" "$work/again.json" || fail "the summary config ran another run"
echo "cli_minimize: all checks passed"
