#!/usr/bin/env bash
# Builds varopt (installing missing Debian packages first) and runs the main job:
# `varopt minimize` on its built-in default problem (Rosenbrock, dimension 10), with a live
# progress line and the result. Extra arguments go to `varopt minimize`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release -DVAROPT_BUILD_TESTS=OFF -DVAROPT_BUILD_BENCH=OFF -DVAROPT_BUILD_EXAMPLES=OFF \
  -DVAROPT_WITH_TORCH=OFF >/dev/null
cmake --build --preset release -j "$(nproc)" --target varopt_cli
exec build/cli/varopt minimize "$@"
