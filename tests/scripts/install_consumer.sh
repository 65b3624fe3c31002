#!/usr/bin/env bash
# Installs varopt into a temporary prefix and builds small consumer projects against it with
# find_package(varopt): one of the core alone (varopt::varopt, with libtorch hidden), one of the
# benchmark harness and the lab (varopt::lab), and, when varopt was built with libtorch, one of
# varopt::torch; runs them.
set -euo pipefail
source_dir=$2; build_dir=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -x "$work/prefix/bin/varopt"
mkdir -p "$work/consumer"
cat > "$work/consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.22)
project(consumer LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(varopt REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE varopt::varopt)
CMAKE
cat > "$work/consumer/main.cpp" <<'CPP'
#include <varopt/varopt.hpp>
#include <cstdio>
int main() {
  const auto space = varopt::SearchSpace::continuous(5);
  varopt::Solver solver = varopt::make_solver(varopt::method_preset("snes", space), space,
                                              varopt::Vec::Constant(5, 2.0), 1.0,
                                              {.seed = 1, .stop = {.target = 1e-6}});
  const auto summary = varopt::minimize([](varopt::ConstVecRef x) { return x.squaredNorm(); }, solver);
  std::printf("best f %g after %lld evaluations\n", summary.best_f, (long long)summary.evaluations);
  return summary.best_f <= 1e-6 ? 0 : 1;
}
CPP
# The core alone needs no libtorch, even from a varopt built with it (Torch hidden here).
cmake -S "$work/consumer" -B "$work/consumer/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON >/dev/null
cmake --build "$work/consumer/build" >/dev/null
"$work/consumer/build/consumer"

# The lab target brings the benchmark harness and the core: a measured run and its ECDF figure.
mkdir -p "$work/lab_consumer"
cat > "$work/lab_consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.22)
project(lab_consumer LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(varopt REQUIRED)
add_executable(lab_consumer main.cpp)
target_link_libraries(lab_consumer PRIVATE varopt::lab)
CMAKE
cat > "$work/lab_consumer/main.cpp" <<'CPP'
#include <varopt/bench/run_preset.hpp>
#include <varopt/plot/ecdf_figure.hpp>
#include <cstdio>
int main() {
  const varopt::Problem sphere = varopt::make_problem("sphere", {.dim = 3});
  const varopt::bench::RunRecord run =
      varopt::bench::run_preset("snes", sphere, 1, {.targets = {1e-3}, .budget = 20000});
  const varopt::plot::Figure figure = varopt::plot::ecdf_figure({run}, {"snes"}, 100.0);
  figure.validate();
  const bool reached = run.evaluations_to_target[0].has_value();
  std::printf("snes on the sphere: 1e-3 %s after %lld evaluations; ECDF panels: %zu\n",
              reached ? "reached" : "not reached", (long long)run.evaluations, figure.panels.size());
  return reached && figure.panels.size() == 1 ? 0 : 1;
}
CPP
cmake -S "$work/lab_consumer" -B "$work/lab_consumer/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/lab_consumer/build" >/dev/null
"$work/lab_consumer/build/lab_consumer"

# With libtorch, the installed varopt::torch target builds a consumer of the autograd op.
if [ -f "$work/prefix/lib/cmake/varopt/varoptTorchTargets.cmake" ] || ls "$work"/prefix/lib*/cmake/varopt/varoptTorchTargets.cmake >/dev/null 2>&1; then
  mkdir -p "$work/torch_consumer"
  cat > "$work/torch_consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.22)
project(torch_consumer LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(varopt REQUIRED)
add_executable(torch_consumer main.cpp)
target_link_libraries(torch_consumer PRIVATE varopt::torch)
CMAKE
  cat > "$work/torch_consumer/main.cpp" <<'CPP'
#include <torch/torch.h>
#include <varopt/torch/relax.hpp>
#include <cstdio>
int main() {
  const at::Tensor logits = torch::zeros({4, 3}, torch::requires_grad());
  const at::Tensor y = varopt::nn::gumbel_softmax(logits, 0.5, /*hard=*/true);
  y.sum().backward();
  const bool one_hot = y.sum(1).eq(1).all().item<bool>();
  std::printf("one-hot rows: %s, grad defined: %s\n", one_hot ? "yes" : "no",
              logits.grad().defined() ? "yes" : "no");
  return one_hot && logits.grad().defined() ? 0 : 1;
}
CPP
  cmake -S "$work/torch_consumer" -B "$work/torch_consumer/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
  cmake --build "$work/torch_consumer/build" >/dev/null
  "$work/torch_consumer/build/torch_consumer"
  # Asked for as a component without libtorch: refused, naming what is missing.
  sed -i 's/find_package(varopt REQUIRED)/find_package(varopt REQUIRED COMPONENTS torch)/' \
    "$work/torch_consumer/CMakeLists.txt"
  if cmake -S "$work/torch_consumer" -B "$work/torch_consumer/no_torch" \
      -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON \
      > "$work/no_torch.log" 2>&1; then
    echo "find_package(varopt COMPONENTS torch) succeeded without libtorch" >&2; exit 1
  fi
  grep -q "libtorch-dev" "$work/no_torch.log"
fi
