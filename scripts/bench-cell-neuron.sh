#!/usr/bin/env bash
# Times the v5 cell (internal/testcells.V5, scripts/nmodl-ref/cell_ref.py)
# with every nseg but the soma's scaled by SCALE (6: 205 compartments,
# twelve translated neocortex channels) in Golgi's CellGroup and in NEURON
# 8.2.2, one thread each, interleaved: REPEAT rounds of one Go benchmark
# run and one NEURON run, and prints the medians of the time per
# compartment-step and their ratio (NEURON / Golgi). Issue 18 asks for at
# least 2. Needs NEURON (make nmodl-ref installs it). Run it with nothing
# else on the machine; ratios in one run count, absolute times do not.
#
#   scripts/bench-cell-neuron.sh [REPEAT] [SCALE]     default: 7 rounds, scale 6
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-7}
scale=${2:-6}
if [[ -z "${GOEXPERIMENT+x}" ]] && GOEXPERIMENT=simd go env GOVERSION >/dev/null 2>&1; then export GOEXPERIMENT=simd; fi
[[ $scale == 6 ]] || { echo "bench-cell-neuron: BenchmarkCellGroupV5 is at scale 6" >&2; exit 2; }
work=$(mktemp -d /tmp/golgi-bench-cell.XXXXXX)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/morph.test" ./sim/morph
golgi=() neuron=()
for ((r = 0; r < repeat; r++)); do
  g=$("$work/morph.test" -test.run XXX -test.bench 'CellGroupV5$' -test.benchtime 8000x | awk '/ns\/compartment-step/ {for (i=1;i<=NF;i++) if ($(i+1)=="ns/compartment-step") print $i}')
  n=$(/usr/bin/python3 scripts/nmodl-ref/cell_ref.py --bench --nseg-scale "$scale" --tstop 200 --repeat 1 2>/dev/null | sed -n 's/.*ns_per_compartment_step=\([0-9.]*\).*/\1/p')
  golgi+=("$g") neuron+=("$n")
  echo "round $((r + 1)): golgi $g ns, neuron $n ns per compartment-step" >&2
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mg=$(median "${golgi[@]}") mn=$(median "${neuron[@]}")
echo "v5 cell, $(( 1 + 34 * scale )) compartments, one thread, medians of $repeat interleaved rounds:"
echo "  Golgi CellGroup  $mg ns per compartment-step"
echo "  NEURON 8.2.2     $mn ns per compartment-step"
awk -v g="$mg" -v n="$mn" 'BEGIN {printf "  NEURON / Golgi   %.2f\n", n / g}'
