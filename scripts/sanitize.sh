#!/usr/bin/env bash
# The unit and statistical tests (tests/**/*_test.cpp, CTest label "unit") built with
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer (gcc; the "debug" preset of
# CMakePresets.json: -O1, line tables only, undefined behaviour fatal) and run through CTest.
# It builds the core library and its tests only: the command, torch, the Python package, MPI,
# pagmo, the benches and the examples stay off (their tests are scripts/test.sh's, unsanitized).
# Any report (an invalid access, a leak at exit, undefined behaviour) ends its test process with
# a non-zero status, so the test fails with the report in its output, and so does the script.
# Extra arguments go to ctest (e.g. -R Gaussian).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset debug -DVAROPT_BUILD_TESTS=ON -DVAROPT_BUILD_CLI=OFF -DVAROPT_BUILD_BENCH=OFF \
  -DVAROPT_BUILD_EXAMPLES=OFF -DVAROPT_WITH_TORCH=OFF -DVAROPT_BUILD_PYTHON=OFF \
  -DVAROPT_WITH_MPI=OFF -DCMAKE_DISABLE_FIND_PACKAGE_pagmo=ON >/dev/null
cmake --build --preset debug -j "$(nproc)"
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:\
check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --preset debug -L unit "$@"
