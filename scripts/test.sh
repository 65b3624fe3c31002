#!/usr/bin/env bash
# Builds varopt and runs the whole test suite (unit, statistical, CLI, install, torch when
# libtorch is installed). Installs missing Debian packages first. Whatever an earlier
# configuration of build/ cached (scripts/run-default.sh turns tests, benches, examples and torch
# off), this configures them back on, and it fails when no test ran. Every warning of varopt's own
# code is an error (VAROPT_WARNINGS_AS_ERRORS).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --optional
cmake --preset release -DVAROPT_BUILD_TESTS=ON -DVAROPT_BUILD_BENCH=ON \
  -DVAROPT_BUILD_EXAMPLES=ON -DVAROPT_WITH_TORCH=AUTO -DVAROPT_BUILD_PYTHON=ON \
  -DVAROPT_WARNINGS_AS_ERRORS=ON
cmake --build --preset release -j "$(nproc)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ctest --preset release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if ! grep -Eq "^[0-9]+% tests passed, [0-9]+ tests failed out of [1-9][0-9]*" "$log"; then
  echo "test.sh: no test ran (expected the suite's tests)" >&2
  exit 1
fi
exit "$status"
