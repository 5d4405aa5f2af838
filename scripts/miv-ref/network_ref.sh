#!/usr/bin/env bash
# NEURON 8.2.2 reference of a small MiV-Simulator network (issue 21):
# writes the network Golgi builds (TestWriteNetworkDescription ->
# sim/models/miv/testdata/network/net.json.gz), compiles
# cases/1-construction/mechanisms/{ca1_Poolos,synaptic} and vecevent.mod
# with nrnivmodl in a temporary directory and runs network_ref.py there
# (-> testdata/network/neuron.csv.gz).
#
#   scripts/miv-ref/network_ref.sh
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
(cd "$repo" && GOLGI_REF=$ref GOLGI_MIV_WRITE_NETREF=1 go test ./sim/models/miv/ -run '^TestWriteNetworkDescription$' -count=1)
work=$(mktemp -d -t golgi-miv-netref-XXXXXX)
trap 'rm -rf "$work"' EXIT
mods=$ref/miv/cases/1-construction/mechanisms
cp "$mods"/ca1_Poolos/*.mod "$mods"/synaptic/*.mod "$mods"/vecevent.mod "$work"/
(cd "$work" && "$nrnivmodl" >nrnivmodl.log 2>&1) || { cat "$work/nrnivmodl.log" >&2; exit 1; }
cd "$work"
GOLGI_REF=$ref /usr/bin/python3 "$repo/scripts/miv-ref/network_ref.py"
