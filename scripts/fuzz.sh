#!/usr/bin/env bash
# Fuzzes every parser of outside input (fuzz/*_fuzz.cpp: spaces, worker answers, configs,
# checkpoints) with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer (clang-14).
# Usage: scripts/fuzz.sh [SECONDS per target, default 60]
#        scripts/fuzz.sh --runs N   (N executions per target, however long that takes)
# Each target starts from its corpus in the repository (fuzz/corpus/<name>, read only) and writes
# what it finds to a scratch folder; a crash, a leak, a sanitizer report or an exception other
# than varopt's documented refusals fails the script, with the input saved in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --runs ]]; then
  [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS] | --runs N" >&2; exit 2; }
  limit=(-runs="$2") budget="$2 executions"
else
  [[ ${1:-60} =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS] | --runs N" >&2; exit 2; }
  limit=(-max_total_time="${1:-60}") budget="${1:-60}s"
fi
scripts/install-deps.sh --optional
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link -g -O1"
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags" -DVAROPT_FUZZ=ON -DVAROPT_SIMD=NATIVE -DVAROPT_NATIVE_ARCH= -DVAROPT_BUILD_CLI=OFF \
  -DVAROPT_BUILD_TESTS=OFF -DVAROPT_BUILD_BENCH=OFF -DVAROPT_BUILD_EXAMPLES=OFF \
  -DVAROPT_WITH_TORCH=OFF -DVAROPT_BUILD_PYTHON=OFF -DVAROPT_WITH_MPI=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_pagmo=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenMP=ON >/dev/null
targets=(space worker_answer config checkpoint)
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]/%/_fuzz}"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for name in "${targets[@]}"; do
  scratch=build-fuzz/corpus/$name
  mkdir -p "$scratch"
  echo "fuzz: $name for $budget"
  start=$SECONDS
  (cd build-fuzz && "./fuzz/${name}_fuzz" "${limit[@]}" -print_final_stats=1 \
      -max_len=65536 -rss_limit_mb=2048 -timeout=10 "corpus/$name" "../fuzz/corpus/$name" \
      2>"$name.log") || { tail -n 60 "build-fuzz/$name.log"; echo "fuzz: $name FAILED" >&2; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/$name.log" | tr '\n' ' '
  echo "in $((SECONDS - start))s"
done
echo "fuzz: every target ran $budget without a finding"
