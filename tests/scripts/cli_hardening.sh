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

echo "cli_hardening: all checks passed"
