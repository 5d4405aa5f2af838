#!/usr/bin/env bash
# NEURON 8.2.2 references of MiV-Simulator's single cells (issue 21):
# compiles cases/1-construction/mechanisms/{ca1_Poolos,ca3_SM,synaptic}
# with nrnivmodl in a temporary directory and runs cell_ref.py and
# secondorder_ref.py there.
#
#   scripts/miv-ref/cell_ref.sh [PYR PVBC OLM]
#
# GOLGI_REF: the reference data (default ../shared/ref of the repository);
# GOLGI_NRNIVMODL: nrnivmodl (default out/neuron/nrnivmodl of the
# repository, then /work/main/out/neuron/nrnivmodl; scripts/install-neuron.sh
# writes one).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
ref=${GOLGI_REF:-$repo/../shared/ref}
nrnivmodl=${GOLGI_NRNIVMODL:-}
if [ -z "$nrnivmodl" ]; then
  for p in "$repo/out/neuron/nrnivmodl" /work/main/out/neuron/nrnivmodl; do
    if [ -x "$p" ]; then nrnivmodl=$p; break; fi
  done
fi
[ -n "$nrnivmodl" ] || { echo "no nrnivmodl: set GOLGI_NRNIVMODL (scripts/install-neuron.sh writes one)" >&2; exit 1; }
work=$(mktemp -d -t golgi-miv-ref-XXXXXX)
trap 'rm -rf "$work"' EXIT
mods=$ref/miv/cases/1-construction/mechanisms
cp "$mods"/ca1_Poolos/*.mod "$mods"/ca3_SM/*.mod "$mods"/synaptic/*.mod "$work"/
(cd "$work" && "$nrnivmodl" >nrnivmodl.log 2>&1) || { cat "$work/nrnivmodl.log" >&2; exit 1; }
cd "$work"
GOLGI_REF=$ref /usr/bin/python3 "$repo/scripts/miv-ref/cell_ref.py" "$@"
/usr/bin/python3 "$repo/scripts/miv-ref/secondorder_ref.py"
