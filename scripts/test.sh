#!/usr/bin/env bash
# Builds varopt and runs the whole test suite (unit, statistical, CLI, install, torch when
# libtorch is installed). Installs missing Debian packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --optional
cmake --preset release
cmake --build --preset release -j "$(nproc)"
ctest --preset release "$@"
