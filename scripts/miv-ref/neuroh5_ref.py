"""neuroh5 side of SPEC 8 check 9 (issue 21): what neuroh5.io reads from
Golgi's construction files, and neuroh5's writers writing a network for
Golgi to read. Run by scripts/miv-ref/neuroh5_ref.sh under mpirun, with
PYTHONPATH naming the neuroh5 package (scripts/miv-ref/install_neuroh5.sh).

  neuroh5_ref.py read CELLS CONNECTIONS OUT.json.gz
      Reads CELLS and CONNECTIONS with neuroh5.io (1 rank: read_*;
      more: scatter_read_*) and writes on rank 0 what it returns, by gid:
      read_population_ranges; every namespace of read_cell_attribute_info
      through read_cell_attributes (Trees excepted); read_trees with
      topology=False (the stored x, y, z, radius, layer, parent, swc_type,
      sections, src, dst); read_graph with the namespaces Synapses and
      Connections. Every array is {"dtype", "n", "sha256"} (sha256 of its
      little-endian bytes) plus "values" when it has at most 8 elements.

  neuroh5_ref.py graph FILE OUT.json.gz NAMESPACE...
      read_graph (scatter_read_graph on more ranks) of FILE with the edge
      namespaces given; "edges" as for read.

  neuroh5_ref.py topology CELLS OUT.json.gz
      read_trees with topology=True (1 rank): per gid the per-point
      section vector and section_topology's src, dst, loc and nodes of
      every section. neuroh5 since commit 6f26369 (2026-07-17) asserts
      1-based point indices in the section vector there and aborts on
      0-based trees (those neurotrees_import makes from the cases' SWC
      files, whose ids start at 0, and Golgi's); run this with a build of
      an earlier commit (4937699).

  neuroh5_ref.py write CELLS CONNECTIONS OUT_CELLS OUT_CONNECTIONS
      Reads Golgi's files with neuroh5.io as above and writes the same
      network with neuroh5's writers as MiV-Simulator's construction
      calls them: append_cell_attributes for Generated Coordinates, Arc
      Distances and Synapse Attributes into OUT_CELLS, append_graph of
      every projection (namespaces Synapses {syn_id}, Connections
      {distance}) into OUT_CONNECTIONS. Both files must already hold
      /H5Types (neuroh5_h5types.py) and OUT_CELLS the Trees
      (neurotrees_import, neurotrees_copy).

Do not import h5py here: Debian's h5py is linked with serial HDF5 and
neuroh5 with the MPI one.
"""

import gzip
import hashlib
import json
import sys

import numpy as np
from mpi4py import MPI

from neuroh5.io import (
    append_cell_attributes,
    append_graph,
    read_cell_attribute_info,
    read_cell_attributes,
    read_graph,
    read_population_names,
    read_population_ranges,
    read_trees,
    scatter_read_cell_attributes,
    scatter_read_graph,
    scatter_read_trees,
)

COMM = MPI.COMM_WORLD
EDGE_NAMESPACES = ["Synapses", "Connections"]
TREE_KEYS = ["x", "y", "z", "radius", "layer", "parent", "swc_type", "sections", "src", "dst"]


def arr(a):
    a = np.ascontiguousarray(a)
    le = a.astype(a.dtype.newbyteorder("<"), copy=False)
    out = {"dtype": le.dtype.str, "n": int(a.size), "sha256": hashlib.sha256(le.tobytes()).hexdigest()}
    if a.size <= 8:
        out["values"] = a.tolist()
    return out


def gather_dict(d):
    """Merges the ranks' dicts (disjoint keys) on every rank."""
    if COMM.size == 1:
        return d
    out = {}
    for part in COMM.allgather(d):
        for k, v in part.items():
            if k in out:
                raise RuntimeError("key %r read on two ranks" % (k,))
            out[k] = v
    return out


def node_allocation(ranges):
    """Round-robin gid allocation over the ranks (scatter_read_*)."""
    alloc = set()
    for start, count in ranges.values():
        alloc.update(g for g in range(start, start + count) if g % COMM.size == COMM.rank)
    return alloc


def read_cells(cells):
    """Per population: {namespace: {gid: {attr: ndarray}}} and the trees
    {gid: {key: ndarray}}, merged over the ranks."""
    ranges, _ = read_population_ranges(cells, comm=COMM)
    pops = sorted(read_population_names(cells, comm=COMM))
    info = read_cell_attribute_info(cells, pops, comm=COMM)
    alloc = node_allocation(ranges)
    attrs, trees = {}, {}
    for pop in pops:
        for ns in sorted(info.get(pop, {})):
            if ns == "Trees":
                if COMM.size == 1:
                    it, _ = read_trees(cells, pop, comm=COMM, topology=False)
                else:
                    it, _ = scatter_read_trees(cells, pop, comm=COMM, node_allocation=alloc, topology=False)
                got = dict((int(g), {k: np.array(t[k]) for k in TREE_KEYS}) for g, t in it)
                trees[pop] = gather_dict(got)
                continue
            if COMM.size == 1:
                it = read_cell_attributes(cells, pop, namespace=ns, comm=COMM)
            else:
                it = scatter_read_cell_attributes(cells, pop, namespaces=[ns], comm=COMM, node_allocation=alloc)[ns]
            got = dict((int(g), {k: np.array(v) for k, v in a.items()}) for g, a in it)
            attrs.setdefault(pop, {})[ns] = gather_dict(got)
    return ranges, attrs, trees


def read_edges(conns, ranges, namespaces=EDGE_NAMESPACES):
    """{dst: {src: {dst_gid: (src_gids, {ns: {attr: ndarray}})}}}, merged
    over the ranks."""
    if COMM.size == 1:
        graph, info = read_graph(conns, comm=COMM, namespaces=namespaces)
    else:
        graph, info = scatter_read_graph(conns, comm=COMM, namespaces=namespaces, node_allocation=node_allocation(ranges))
    out = {}
    for dst in sorted(graph):
        for src in sorted(graph[dst]):
            names = info[dst][src]
            got = {}
            for g, (srcs, a) in graph[dst][src]:
                vals = {}
                for ns in namespaces:
                    for name, idx in names.get(ns, {}).items():
                        vals.setdefault(ns, {})[name] = np.array(a[ns][idx])
                got[int(g)] = (np.array(srcs), vals)
            out.setdefault(dst, {})[src] = gather_dict(got)
    return out


def edges_json(edges):
    return {
        dst: {
            src: {
                str(g): dict([("sources", arr(s))] + [("%s/%s" % (ns, k), arr(v)) for ns in sorted(a) for k, v in sorted(a[ns].items())])
                for g, (s, a) in sorted(by.items())
            }
            for src, by in sorted(srcs.items())
        }
        for dst, srcs in sorted(edges.items())
    }


def write_json(ref, out_path):
    with gzip.GzipFile(out_path, "wb", mtime=0) as f:
        f.write((json.dumps(ref, sort_keys=True, separators=(",", ":")) + "\n").encode())


def cmd_graph(path, out_path, namespaces):
    """read_graph (scatter_read_graph on more ranks) of any NeuroH5 graph
    file with the given edge namespaces, e.g. a gap-junction file."""
    ranges, _ = read_population_ranges(path, comm=COMM)
    edges = read_edges(path, ranges, namespaces)
    if COMM.rank == 0:
        write_json({"ranks": COMM.size, "edges": edges_json(edges)}, out_path)


def cmd_read(cells, conns, out_path):
    ranges, attrs, trees = read_cells(cells)
    edges = read_edges(conns, ranges)
    if COMM.rank != 0:
        return
    ref = {
        "ranks": COMM.size,
        "populations": {p: [int(s), int(c)] for p, (s, c) in sorted(ranges.items())},
        "attributes": {
            pop: {ns: {str(g): {k: arr(v) for k, v in sorted(a.items())} for g, a in sorted(by.items())} for ns, by in sorted(nss.items())}
            for pop, nss in sorted(attrs.items())
        },
        "trees": {pop: {str(g): {k: arr(t[k]) for k in TREE_KEYS} for g, t in sorted(by.items())} for pop, by in sorted(trees.items())},
        "edges": edges_json(edges),
    }
    write_json(ref, out_path)


def cmd_topology(cells, out_path):
    """read_trees with topology=True, as MiV-Simulator reads its trees:
    per gid the per-point section vector ("section") and section_topology
    (src, dst, loc, and the points of every section as "nodes/<k>")."""
    if COMM.size != 1:
        raise SystemExit("topology: run on 1 rank")
    ranges, _ = read_population_ranges(cells, comm=COMM)
    info = read_cell_attribute_info(cells, sorted(ranges), comm=COMM)
    ref = {"ranks": COMM.size, "trees": {}}
    for pop in sorted(ranges):
        if "Trees" not in info.get(pop, {}):
            continue
        it, _ = read_trees(cells, pop, comm=COMM, topology=True)
        by = {}
        for g, t in it:
            topo = t["section_topology"]
            rec = {"section": arr(t["section"]), "src": arr(topo["src"]), "dst": arr(topo["dst"]), "loc": arr(topo["loc"])}
            if int(topo["num_sections"]) != len(topo["nodes"]):
                raise RuntimeError("gid %d: num_sections %d, %d node lists" % (g, topo["num_sections"], len(topo["nodes"])))
            for k, nodes in topo["nodes"].items():
                rec["nodes/%d" % k] = arr(nodes)
            by[str(int(g))] = rec
        ref["trees"][pop] = by
    write_json(ref, out_path)


def cmd_write(cells, conns, out_cells, out_conns):
    if COMM.size != 1:
        raise SystemExit("write: run on 1 rank")
    ranges, attrs, _ = read_cells(cells)
    edges = read_edges(conns, ranges)
    for pop in sorted(attrs):
        for ns in ["Generated Coordinates", "Arc Distances", "Synapse Attributes"]:
            if ns in attrs[pop]:
                append_cell_attributes(out_cells, pop, attrs[pop][ns], namespace=ns, comm=COMM)
    for dst in sorted(edges):
        for src in sorted(edges[dst]):
            append_graph(out_conns, {dst: {src: edges[dst][src]}}, comm=COMM)


def main(argv):
    if len(argv) == 5 and argv[1] == "read":
        cmd_read(argv[2], argv[3], argv[4])
    elif len(argv) >= 5 and argv[1] == "graph":
        cmd_graph(argv[2], argv[3], argv[4:])
    elif len(argv) == 4 and argv[1] == "topology":
        cmd_topology(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "write":
        cmd_write(*argv[2:6])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
