#!/usr/bin/env bash
# Checks that the vector lanes run on a CPU with AVX2 and no AVX-512: in
# the test binaries of vmath, channels and every generated NMODL package
# with lanes (*_mod_simd.go), built with GOEXPERIMENT=simd, no function of
# the module holds an AVX-512 instruction (EVEX prefix 0x62, a k-mask
# instruction, zmm or k-mask registers) except the eight-lane ones, which
# run only where the CPU has AVX-512 (vmath.Wide): by convention the
# functions whose names end in 8 (the generated *Lanes8, vmath's NewExp8
# and expSlice8, channels' newVexp8 and membraneVec8) and the methods of
# types whose names end in 8 ((*vmath.Exp8).Exp). The compiler may encode
# four-lane masks with AVX-512 instructions inside a function that also
# has eight-lane code, which is why sim/nmodl/lanes.go puts the eight
# lanes in their own //go:noinline function; this script checks that it
# worked. It also checks that it sees the eight-lane AVX-512 code (so a
# disassembler that cannot decode EVEX would fail it, not pass it).
#
# go tool objdump does not decode VEX or EVEX instructions, so this uses
# GNU objdump (binutils). Not in make test (it builds and disassembles a
# dozen test binaries): make check-lanes.
#
#   scripts/check-lanes-avx2.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export GOEXPERIMENT=simd
command -v objdump >/dev/null || { echo "check-lanes-avx2: needs GNU objdump (binutils)" >&2; exit 2; }
module=$(go list -m)
work=$(mktemp -d /tmp/golgi-check-lanes.XXXXXX)
trap 'rm -rf "$work"' EXIT
pkgs=(./sim/vmath ./sim/channels)
while IFS= read -r d; do pkgs+=("./$d"); done < <(find sim/nmodl -name '*_mod_simd.go' -printf '%h\n' | sort -u)
# wide matches the functions allowed AVX-512 instructions.
wide='(8|8\)\.[A-Za-z0-9_]+)$'
status=0 lanes8=0
for p in "${pkgs[@]}"; do
  bin="$work/$(basename "$p").test"
  go test -c -o "$bin" "$p"
  objdump -d -w "$bin" >"$bin.dis"
  # One line per function of the module: AVX-512 instructions, then the name.
  awk -F'\t' -v mod="$module/" '
    /^[0-9a-f]+ <.*>:$/ { fn = substr($0, index($0, "<") + 1); sub(/>:$/, "", fn); mine = index(fn, mod) == 1; if (mine) n[fn] += 0; next }
    mine && NF >= 3 {
      split($2, b, " ")
      split($3, m, " ")
      if (b[1] == "62" || m[1] ~ /^k/ || $3 ~ /zmm|%k[0-7]/) n[fn]++
    }
    END { for (f in n) print n[f], f }' "$bin.dis" >"$bin.count"
  bad=$(awk -v wide="$wide" '$1 > 0 && $2 !~ wide' "$bin.count")
  if [[ -n $bad ]]; then
    echo "check-lanes-avx2: $p: AVX-512 instructions outside the eight-lane functions:" >&2
    echo "$bad" >&2
    status=1
  fi
  own="$module/${p#./}."
  n=$(awk -v own="$own" 'index($2, own) == 1 && $2 ~ /Lanes$/' "$bin.count" | wc -l)
  w=$(awk -v own="$own" 'index($2, own) == 1 && $2 ~ /Lanes8$/ && $1 > 0' "$bin.count" | wc -l)
  lanes8=$((lanes8 + w))
  echo "$p: $n four-lane functions without AVX-512, $w eight-lane functions with it"
done
if ((lanes8 == 0)); then
  echo "check-lanes-avx2: no AVX-512 instruction in any *Lanes8 function: the disassembly does not show EVEX" >&2
  status=1
fi
exit $status
