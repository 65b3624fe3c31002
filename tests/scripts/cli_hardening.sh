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

echo "cli_hardening: all checks passed"
