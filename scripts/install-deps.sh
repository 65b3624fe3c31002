#!/usr/bin/env bash
# Installs the Debian packages varopt needs, only those that are missing.
# Usage: scripts/install-deps.sh [--optional]
#   core (always): compiler, CMake, Ninja, Eigen, Random123, CLI11, nlohmann-json, fmt,
#                  GoogleTest, Google Benchmark, gnuplot (figures)
#   --optional:    libtorch (the torch target and its tests), the 8×8 digits of python3-sklearn
#                  (the categorical VAE example), zlib, numpy and pagmo2 (benchmark peers),
#                  pybind11, pytest, torch, matplotlib and cmaes (the Python package, its tests,
#                  plots and benchmark peers), pip and venv (installing it), OpenMPI
#                  (mpirun), clang-14 and libFuzzer (scripts/fuzz.sh)
set -euo pipefail
core=(g++ cmake ninja-build pkg-config libeigen3-dev librandom123-dev libcli11-dev
      nlohmann-json3-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev gnuplot-nox)
optional=(libtorch-dev python3-sklearn zlib1g-dev python3-numpy libpagmo-dev python3-dev
          python3-wheel pybind11-dev python3-pybind11 python3-pytest python3-setuptools python3-pip python3-venv
          python3-torch python3-matplotlib python3-cmaes libopenmpi-dev openmpi-bin
          clang-14 libfuzzer-14-dev)
want=("${core[@]}")
[[ "${1:-}" == "--optional" ]] && want+=("${optional[@]}")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
