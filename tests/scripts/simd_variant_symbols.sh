#!/usr/bin/env bash
# The kernel variants compiled for AVX-512 and AVX2 define no external symbol outside their own
# namespace (src/core/kernels/isa.hpp). Any other, an inline function or template instance of a
# shared header (std:: ones included), would be one of several copies the linker may pick from,
# and the program would run AVX-512 code where the CPU has none. Checked on the variants' object
# files in the build folder (DISPATCH builds).
set -euo pipefail
build_dir=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

for isa in avx512 avx2; do
  objects=$(find "$build_dir/CMakeFiles/varopt_kernels_$isa.dir" -name '*.o' 2>/dev/null || true)
  [[ -n $objects ]] || fail "no object files of the $isa variant under $build_dir/CMakeFiles"
  # External symbols (global, weak, unique) that the objects define; the personality routine's
  # weak pointer is the same data in every object file.
  # shellcheck disable=SC2086
  strays=$(nm -C --defined-only --extern-only $objects | grep -v -e '^$' -e ':$' \
    -e "::$isa::" -e ' DW\.ref\.__gxx_personality_v0$' || true)
  [[ -z $strays ]] || fail "the $isa variant defines symbols outside its namespace:
$strays"
done
echo "ok: the avx512 and avx2 variants define symbols in their own namespaces only"
