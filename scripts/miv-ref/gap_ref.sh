#!/usr/bin/env bash
# NEURON 8.2.2 reference of MiV-Simulator gap junctions (issue 21, SPEC
# 3.6): writes the tiny network with one ggap junction between its two
# PYR cells (TestWriteGapNetworkDescription ->
# sim/models/miv/testdata/gapnetwork/net.json.gz), compiles
# cases/1-construction/mechanisms/{ca1_Poolos,synaptic}, vecevent.mod and
# cases/6-gapjunctions/mechanisms/ggap.mod with nrnivmodl in a temporary
# directory and runs network_ref.py gapnetwork there
# (-> testdata/gapnetwork/neuron.csv.gz).
#
#   scripts/miv-ref/gap_ref.sh
#
# GOLGI_REF, GOLGI_NRNIVMODL: as cell_ref.sh.
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
(cd "$repo" && GOLGI_REF=$ref GOLGI_MIV_WRITE_NETREF=1 go test ./sim/models/miv/ -run '^TestWriteGapNetworkDescription$' -count=1)
work=$(mktemp -d -t golgi-miv-gapref-XXXXXX)
trap 'rm -rf "$work"' EXIT
mods=$ref/miv/cases/1-construction/mechanisms
cp "$mods"/ca1_Poolos/*.mod "$mods"/synaptic/*.mod "$mods"/vecevent.mod "$ref"/miv/cases/6-gapjunctions/mechanisms/ggap.mod "$work"/
(cd "$work" && "$nrnivmodl" >nrnivmodl.log 2>&1) || { cat "$work/nrnivmodl.log" >&2; exit 1; }
cd "$work"
GOLGI_REF=$ref /usr/bin/python3 "$repo/scripts/miv-ref/network_ref.py" gapnetwork
