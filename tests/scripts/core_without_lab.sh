#!/usr/bin/env bash
# The core library (varopt::varopt) is what a user links: it holds none of the benchmark
# harness's or the lab's code and needs none of it (docs/architecture.md, "Targets"). Checked on
# the built libraries: no symbol that libvaropt_bench or libvaropt_lab defines is defined or
# referenced by libvaropt, and nothing of varopt::plot (the figures and their gnuplot subprocess)
# is in it.
set -euo pipefail
lib_dir=$1
fail() { echo "FAIL: $*" >&2; exit 1; }

# The static or shared library lib<name> of the build folder, and its symbol table.
library() {
  local ext
  for ext in a so; do
    if [[ -f $lib_dir/lib$1.$ext ]]; then echo "$lib_dir/lib$1.$ext"; return; fi
  done
  fail "no lib$1.a or lib$1.so in $lib_dir"
}
symbols() { if [[ $1 == *.so ]]; then nm -D "${@:2}" "$1"; else nm "${@:2}" "$1"; fi; }

core=$(library varopt)
# Every symbol the core defines or references (mangled names; skips the archive's member lines).
core_symbols=$(symbols "$core" | awk 'NF >= 2 {print $NF}' | sort -u)
[[ -n $core_symbols ]] || fail "no symbols read from $core"
for part in varopt_bench varopt_lab; do
  lib=$(library "$part")
  # The part's own code: the functions and data it defines strongly (not the weak copies of
  # inline functions and templates that any user of a header gets).
  own=$(symbols "$lib" --defined-only --extern-only | awk 'NF >= 3 && $2 ~ /^[TDBR]$/ {print $3}' |
        sort -u)
  [[ -n $own ]] || fail "no symbols read from $lib"
  shared=$(comm -12 <(echo "$own") <(echo "$core_symbols"))
  [[ -z $shared ]] || fail "libvaropt defines or needs code of lib$part:
$(echo "$shared" | c++filt | head -20)"
done
plot=$(symbols "$core" -C | grep 'varopt::plot::' || true)
[[ -z $plot ]] || fail "libvaropt holds code of varopt::plot:
$(echo "$plot" | head -20)"
echo "ok: libvaropt holds and needs no code of the benchmark harness or the lab"
