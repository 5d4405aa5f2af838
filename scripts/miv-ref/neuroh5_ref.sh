#!/usr/bin/env bash
# neuroh5 references of SPEC 8 check 9 (issue 21), for
# sim/models/miv/neuroh5_interop_test.go:
#
#  1. golgi miv network writes Microcircuit_Small's construction files for
#     the first 2 gids of each population; neuroh5.io reads them
#     (neuroh5_ref.py read: read_population_ranges, read_cell_attributes of
#     every namespace, read_trees, read_graph) on 1 rank and again on 2
#     ranks (scatter_read_cell_attributes, scatter_read_trees,
#     scatter_read_graph) -> testdata/neuroh5/golgi_read_np{1,2}.json.gz.
#  2. neuroh5's own writers write the network of the first gid of each
#     population as MiV-Simulator's construction does: /H5Types with h5py
#     (neuroh5_h5types.py, MiV's make_h5types), Trees with neurotrees_import
#     of the case's SWC files (MiV's notebook: neurotrees_import POP
#     FILE SWC; then neurotrees_copy to the population's first gid), the
#     attribute namespaces with append_cell_attributes and the projections
#     with append_graph (neuroh5_ref.py write, values as neuroh5 read them
#     from Golgi's files), the Arc Distances' Reference attributes with
#     h5py -> testdata/neuroh5/neuroh5_{cells,connections}.h5.gz.
#
#  3. read_trees with topology=True (MiV's way of reading trees) on the
#     files of 1 -> testdata/neuroh5/golgi_topology.json.gz, with a neuroh5
#     build of commit 4937699 (TOPOLOGY_PREFIX): from 6f26369 on,
#     read_trees(topology=True) asserts 1-based section points and aborts
#     on 0-based trees, Golgi's and neurotrees_import's alike. Skipped
#     (the old file kept) when TOPOLOGY_PREFIX has no neuroh5 package.
#  4. read_graph (1 rank) and scatter_read_graph (2 ranks) with the
#     namespaces Location and Coupling strength on the gapjunctions.h5
#     that golgi miv network writes for 6-gapjunctions (-first 1)
#     -> testdata/neuroh5/golgi_gapjunctions_np{1,2}.json.gz.
#
#   scripts/miv-ref/neuroh5_ref.sh [NEUROH5_PREFIX [TOPOLOGY_PREFIX]]
#
# NEUROH5_PREFIX (default /opt/neuroh5): where install_neuroh5.sh put the
# Python package (PREFIX/python) and its build (PREFIX/build, whose
# neurotrees_import and neurotrees_copy this script builds if missing).
# TOPOLOGY_PREFIX (default /opt/neuroh5-4937699): install_neuroh5.sh's
# prefix for a checkout of commit 4937699.
# GOLGI_REF: the shared/ref directory (default ../shared/ref).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
ref=${GOLGI_REF:-$repo/../shared/ref}
prefix=${1:-/opt/neuroh5}
topoprefix=${2:-/opt/neuroh5-4937699}
export PYTHONPATH=$prefix/python
out=$repo/sim/models/miv/testdata/neuroh5
case=$ref/miv/cases/1-construction
mpirun=(mpirun --allow-run-as-root --oversubscribe)
[ -d "$PYTHONPATH/neuroh5" ] || { echo "no neuroh5 package in $PYTHONPATH: run scripts/miv-ref/install_neuroh5.sh SRC $prefix" >&2; exit 1; }
make -C "$prefix/build" neurotrees_import neurotrees_copy >/dev/null
bin=$prefix/build/bin

work=$(mktemp -d -t golgi-neuroh5-XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/golgi" ./cmd/golgi)
mkdir -p "$work/g2" "$work/g1" "$work/nh5" "$out"
conf=$case/config/Microcircuit_Small.yaml
"$work/golgi" miv network "$conf" -cells "$work/g2/cells.h5" -connections "$work/g2/connections.h5" -first 2 >/dev/null
"$work/golgi" miv network "$conf" -cells "$work/g1/cells.h5" -connections "$work/g1/connections.h5" -first 1 >/dev/null

# 1. neuroh5 reads Golgi's files.
(cd "$work" && "${mpirun[@]}" -np 1 /usr/bin/python3 "$repo/scripts/miv-ref/neuroh5_ref.py" read g2/cells.h5 g2/connections.h5 "$out/golgi_read_np1.json.gz")
(cd "$work" && "${mpirun[@]}" -np 2 /usr/bin/python3 "$repo/scripts/miv-ref/neuroh5_ref.py" read g2/cells.h5 g2/connections.h5 "$out/golgi_read_np2.json.gz")

# 2. neuroh5 writes the network for Golgi to read.
cd "$work"
/usr/bin/python3 "$repo/scripts/miv-ref/neuroh5_h5types.py" g1/cells.h5 nh5/cells.h5 nh5/connections.h5 PYR_tree.h5 PVBC_tree.h5 OLM_tree.h5
for pop in PYR PVBC OLM; do
  "${mpirun[@]}" -np 1 "$bin/neurotrees_import" "$pop" "${pop}_tree.h5" "$case/datasets/$pop.swc" >/dev/null
done
# neurotrees_import gives the tree cell index 0, the population's first
# gid; neurotrees_copy copies it into cells.h5 (as MiV's "neurotrees_copy
# --fill" does for every gid; here for the one gid of -first 1).
# neurotrees_copy returns an uninitialised status when the output file
# already has /H5Types (neurotrees_copy.cc: status is set only by
# copy_tree_h5types), so its exit code is ignored and the tree checked.
for pg in "PYR 10" "PVBC 90" "OLM 143"; do
  set -- $pg
  "${mpirun[@]}" -np 1 "$bin/neurotrees_copy" --output nh5/cells.h5 "${1}_tree.h5" "$1" "$2" "$2" >copy.log 2>&1 || true
  grep -q "Output local id $2 (global id $2)" copy.log || { cat copy.log >&2; exit 1; }
  h5ls "nh5/cells.h5/Populations/$1/Trees/Cell Index" >/dev/null || { echo "neurotrees_copy wrote no $1 tree" >&2; exit 1; }
done
"${mpirun[@]}" -np 1 /usr/bin/python3 "$repo/scripts/miv-ref/neuroh5_ref.py" write g1/cells.h5 g1/connections.h5 nh5/cells.h5 nh5/connections.h5
/usr/bin/python3 "$repo/scripts/miv-ref/neuroh5_h5types.py" --arcs g1/cells.h5 nh5/cells.h5
gzip -9nc nh5/cells.h5 >"$out/neuroh5_cells.h5.gz"
gzip -9nc nh5/connections.h5 >"$out/neuroh5_connections.h5.gz"
# (neuroh5 records HDF5 object times: these two differ from run to run
# in those bytes only.)

# 3. read_trees(topology=True), with neuroh5 4937699.
if [ -d "$topoprefix/python/neuroh5" ]; then
  (cd "$work" && PYTHONPATH=$topoprefix/python "${mpirun[@]}" -np 1 -x PYTHONPATH /usr/bin/python3 "$repo/scripts/miv-ref/neuroh5_ref.py" topology g2/cells.h5 "$out/golgi_topology.json.gz")
else
  echo "no neuroh5 in $topoprefix/python: golgi_topology.json.gz not rewritten" >&2
fi

# 4. neuroh5 reads Golgi's gap-junction graph.
mkdir -p "$work/gj"
"$work/golgi" miv network "$ref/miv/cases/6-gapjunctions/config/Microcircuit_Small.yaml" -cells "$work/gj/cells.h5" -connections "$work/gj/connections.h5" -first 1 -swc "$case/datasets" >/dev/null
for np in 1 2; do
  (cd "$work" && "${mpirun[@]}" -np $np /usr/bin/python3 "$repo/scripts/miv-ref/neuroh5_ref.py" graph gj/gapjunctions.h5 "$out/golgi_gapjunctions_np$np.json.gz" Location "Coupling strength")
done

ls -l "$out"
