#!/usr/bin/env bash
# Times MiV-Simulator's cells (PYR, PVBC, OLM of MiV-Simulator-Cases) in
# Golgi (BenchmarkMiVCells) and in NEURON 8.2.2
# (scripts/miv-ref/bench_cells.py), one thread each, interleaved: REPEAT
# rounds of one Go benchmark run and one NEURON run, 8 copies of each
# cell, secondorder 2, dt 0.025 ms. Prints per population the medians of
# the time per compartment-step and their ratio (NEURON / Golgi), and
# what NEURON would take for the cells of the rc-separation network
# (223 PYR, 93 PVBC, 21 OLM) over 500 ms at those costs (issue 21's
# "single-cell script scaled"). Needs NEURON (make nmodl-ref installs it).
# Run it with nothing else on the machine; ratios in one run count,
# absolute times do not.
#
#   scripts/bench-miv-neuron.sh [REPEAT]     default: 5 rounds
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
repeat=${1:-5}
ref=${GOLGI_REF:-$repo/../shared/ref}
if [[ -z "${GOEXPERIMENT+x}" ]] && GOEXPERIMENT=simd go env GOVERSION >/dev/null 2>&1; then export GOEXPERIMENT=simd; fi
nrnivmodl=${GOLGI_NRNIVMODL:-}
if [ -z "$nrnivmodl" ]; then
  for p in "$repo/out/neuron/nrnivmodl" /work/main/out/neuron/nrnivmodl; do
    if [ -x "$p" ]; then nrnivmodl=$p; break; fi
  done
fi
[ -n "$nrnivmodl" ] || { echo "no nrnivmodl: set GOLGI_NRNIVMODL (scripts/install-neuron.sh writes one)" >&2; exit 1; }
work=$(mktemp -d /tmp/golgi-bench-miv.XXXXXX)
trap 'rm -rf "$work"' EXIT
mods=$ref/miv/cases/1-construction/mechanisms
cp "$mods"/ca1_Poolos/*.mod "$mods"/synaptic/*.mod "$work"/
(cd "$work" && "$nrnivmodl" >nrnivmodl.log 2>&1) || { cat "$work/nrnivmodl.log" >&2; exit 1; }
go test -c -o "$work/miv.test" ./sim/models/miv
pops=(PYR PVBC OLM)
declare -A golgi neuron
for ((r = 0; r < repeat; r++)); do
  out=$(cd sim/models/miv && GOLGI_REF=$ref "$work/miv.test" -test.run XXX -test.bench 'MiVCells' -test.benchtime 2000x)
  nrn=$(cd "$work" && GOLGI_REF=$ref /usr/bin/python3 "$repo/scripts/miv-ref/bench_cells.py" --tstop 50 2>/dev/null)
  for p in "${pops[@]}"; do
    g=$(awk -v p="$p" '$1 ~ "BenchmarkMiVCells/"p"-" {for (i=1;i<=NF;i++) if ($(i+1)=="ns/compartment-step") print $i}' <<<"$out")
    n=$(sed -n "s/^$p:.*ns_per_compartment_step=\([0-9.]*\).*/\1/p" <<<"$nrn")
    golgi[$p]+="$g " neuron[$p]+="$n "
    echo "round $((r + 1)) $p: golgi $g ns, neuron $n ns per compartment-step" >&2
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "MiV cells, 8 copies each, secondorder 2, one thread, medians of $repeat interleaved rounds (ns per compartment-step):"
declare -A segs=([PYR]=167 [PVBC]=33 [OLM]=14) cells=([PYR]=223 [PVBC]=93 [OLM]=21)
total_n=0 total_g=0
for p in "${pops[@]}"; do
  mg=$(median ${golgi[$p]}) mn=$(median ${neuron[$p]})
  awk -v p="$p" -v g="$mg" -v n="$mn" 'BEGIN {printf "  %-5s Golgi %7.1f  NEURON %7.1f  NEURON / Golgi %.2f\n", p, g, n, n / g}'
  total_n=$(awk -v t="$total_n" -v n="$mn" -v c="${cells[$p]}" -v s="${segs[$p]}" 'BEGIN {print t + n * c * s * 20000 / 1e9}')
  total_g=$(awk -v t="$total_g" -v g="$mg" -v c="${cells[$p]}" -v s="${segs[$p]}" 'BEGIN {print t + g * c * s * 20000 / 1e9}')
done
awk -v n="$total_n" -v g="$total_g" 'BEGIN {printf "rc-separation cells (223 PYR, 93 PVBC, 21 OLM), 500 ms, cells only, one thread, at these costs: NEURON %.0f s, Golgi %.0f s\n", n, g}'
