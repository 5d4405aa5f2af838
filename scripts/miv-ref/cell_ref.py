#!/usr/bin/python3
"""NEURON 8.2.2 references for MiV-Simulator's single cells (issue 21):
PoolosPyramidalCell (PYR), PVBasketCell (PVBC) and OLMCell (OLM) of
MiV-Simulator-Cases/1-construction, built from their neurotrees as MiV
builds them, under somatic current steps.

    scripts/miv-ref/cell_ref.sh      (compiles the .mod files, then runs this)

Run by cell_ref.sh in a directory holding the x86_64/ that nrnivmodl built
from cases/1-construction/mechanisms/{ca1_Poolos,synaptic}.

What it does:
1. reads each SWC file into a neurotree as NeuroH5 does (read_swc,
   contract_tree_dfs, and py_build_tree_value's section_topology with loc),
   written here independently of Golgi's Go code (sim/models/miv/tree.go);
2. instantiates the template as MiV's make_neurotree_hoc_cell does:
   T(gid, secnodes, layer, src, dst, loc, x, y, z, radius, swc_type) with
   numpy arrays (secnodes a dict of point-index arrays);
3. places MiV's spike detector (cells.init_spike_detector: the first axon
   segment centre >= 100 um from the root by get_distance_to_node, else
   the 1 end of the last axon section, else ais[0](0.5), else
   soma[-1](0.5); threshold -30 mV);
4. dumps every section (nseg, L, Ra, parent, parent x, its first and last
   3-D points after define_shape's translation and PYR's x<->y swap) and segment (area,
   cm, the PARAMETERs of every inserted mechanism, the reversal potentials)
   and the detector;
5. for secondorder 0 and 2 (MiV's) and each of three step amplitudes:
   IClamp at sections[0](0.5) from STEP_DELAY_MS for STEP_DUR_MS, celsius
   34 (the templates'), v_init -65, dt 0.025, to TSTOP_MS; records the
   spike times at the detector and v at sections[0](0.5) every 8th step.

Output: sim/models/miv/testdata/cells/<POP>.json.gz (structure) and
<POP>_<k>.csv.gz, <POP>_<k>_so2.csv.gz (step k, secondorder 0 and 2:
'#' lines with the protocol and spikes, then
v_soma rows, one per 0.2 ms, printed with %.10g).
"""

import gzip
import io
import json
import os
import pathlib
import sys

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "sim" / "models" / "miv" / "testdata" / "cells"

CELLS = [
    # population, template, step amplitudes (nA)
    ("PYR", "PoolosPyramidalCell", [0.3, 0.5, 0.8]),
    ("PVBC", "PVBasketCell", [0.3, 0.5, 1.0]),
    ("OLM", "OLMCell", [0.1, 0.15, 0.25]),
]
GID = 10
STEP_DELAY_MS = 50.0
STEP_DUR_MS = 400.0
TSTOP_MS = 500.0
V_INIT = -65.0
DT = 0.025
EVERY = 8
SECONDORDERS = [0, 2]  # 0: what CellGroup stepped first; 2: MiV's setting


def ref_root():
    return pathlib.Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))


def read_swc(path):
    """NeuroH5's read_swc + contract_tree_dfs + py_build_tree_value."""
    rows = []
    for line in open(path):
        f = line.split()
        try:
            int(f[0])
        except (ValueError, IndexError):
            continue
        rows.append(f)
    first = int(rows[0][0])
    n = len(rows)
    for k, f in enumerate(rows):
        assert int(f[0]) - first == k, "ids must be consecutive"
    x = np.array([float(f[2]) for f in rows], dtype=np.float32)
    y = np.array([float(f[3]) for f in rows], dtype=np.float32)
    z = np.array([float(f[4]) for f in rows], dtype=np.float32)
    radius = np.array([float(f[5]) for f in rows], dtype=np.float32)
    swc_type = np.array([int(f[1]) for f in rows], dtype=np.int8)
    parents = [int(f[6]) - first if int(f[6]) > -1 else -1 for f in rows]
    layer = np.array([int(f[7]) if len(f) > 7 else -1 for f in rows], dtype=np.int8)
    children = [[] for _ in range(n)]
    roots = []
    for i, p in enumerate(parents):
        (roots if p < 0 else children[p]).append(i)
    for c in children:
        c.sort()
    cmap = {0: []}
    edges = []

    def dfs(rs, sp, spp):
        for v in rs:
            ptype = swc_type[v]
            if len(cmap[sp]) > 1:
                s = len(cmap)
                cmap[s] = [v]
                edges.append((sp, s))
            else:
                s = sp
                cmap[s].append(v)
            outs = children[v]
            type_change = False
            while len(outs) == 1 and not type_change:
                v = outs[0]
                if swc_type[v] != ptype:
                    type_change = True
                else:
                    cmap[s].append(v)
                    outs = children[v]
            if len(outs) == 0 and len(cmap[s]) == 1 and spp != v:
                cmap[s].insert(0, spp)
            if len(outs) > 1 or type_change:
                for o in outs:
                    dfs([o], s, v)

    dfs(roots, 0, 0)
    edges.sort()
    src, dst, loc = [], [], []
    for a, b in edges:
        start = cmap[b][0]
        if start in cmap[a]:
            pos = cmap[a].index(start)
        else:
            pos = cmap[a].index(parents[start])
        src.append(a)
        dst.append(b)
        loc.append(pos)
    return {
        "x": x, "y": y, "z": z, "radius": radius, "layer": layer, "swc_type": swc_type,
        "section_topology": {
            "nodes": {s: np.array(p, dtype=np.uint32) for s, p in cmap.items()},
            "src": np.array(src, dtype=np.uint16),
            "dst": np.array(dst, dtype=np.uint16),
            "loc": np.array(loc, dtype=np.uint32),
        },
    }


def make_cell(h, template, gid, tree):
    """MiV's make_neurotree_hoc_cell."""
    st = tree["section_topology"]
    return getattr(h, template)(gid, st["nodes"], tree["layer"], st["src"], st["dst"], st["loc"],
                                tree["x"], tree["y"], tree["z"], tree["radius"], tree["swc_type"])


def sec_lists(cell):
    return {t: list(getattr(cell, t + "_list")) for t in ("soma", "axon", "ais", "basal", "apical")}


def detector(h, cell):
    """MiV's init_spike_detector with get_distance_to_node (SPEC 3.3)."""
    lists = sec_lists(cell)
    root = lists["soma"][0]

    def dist(sec, x):
        if sec == root:
            return 0.0
        d = x * sec.L
        s = sec
        while True:
            ref = h.SectionRef(sec=s)
            if not ref.has_parent():
                break
            p = ref.parent
            d += s.parentseg().x * p.L
            s = p
        return d

    if lists["axon"]:
        for sec in lists["axon"]:
            for seg in sec:
                if dist(sec, seg.x) >= 100.0:
                    return sec, seg.x
        return lists["axon"][-1], 1.0
    if lists["ais"]:
        return lists["ais"][0], 0.5
    return lists["soma"][-1], 0.5


def index_of(cell):
    return {cell.sections[i]: i for i in range(len(cell.sections))}


def dump(h, cell, det):
    idx = index_of(cell)
    secs = []
    for i in range(len(cell.sections)):
        sec = cell.sections[i]
        ref = h.SectionRef(sec=sec)
        d = {"i": i, "nseg": sec.nseg, "L": sec.L, "Ra": sec.Ra,
             "parent": idx[ref.parent] if ref.has_parent() else -1,
             "parentx": sec.parentseg().x if ref.has_parent() else 0.0, "segs": [],
             "n3d": sec.n3d(),
             "ends": [[sec.x3d(k), sec.y3d(k), sec.z3d(k), sec.diam3d(k)] for k in (0, sec.n3d() - 1)]}
        for seg in sec:
            sd = {"x": seg.x, "area": seg.area(), "cm": seg.cm, "diam": seg.diam, "mechs": {}, "ions": {}}
            for m in seg:
                if m.is_ion():
                    continue
                ps = {}
                for name in dir(m):
                    if name.startswith("_") or name in ("name", "is_ion", "segment"):
                        continue
                    try:
                        v = getattr(m, name)
                    except Exception:
                        continue
                    if isinstance(v, float):
                        ps[name] = v
                sd["mechs"][m.name()] = ps
            for ion, vars_ in (("na", ["ena"]), ("k", ["ek"]), ("ca", ["eca", "cai", "cao"]), ("h", ["eh"])):
                if h.ismembrane(ion + "_ion", sec=sec):
                    for var in vars_:
                        sd["ions"][var] = getattr(seg, var)
            d["segs"].append(sd)
        secs.append(d)
    sec, x = det
    return {"sections": secs, "celsius": h.celsius,
            "detector": {"section": idx[sec], "x": x, "threshold": -30.0}}


def main():
    from neuron import h  # loads ./x86_64's mechanisms
    h.load_file("stdrun.hoc")
    cases = ref_root() / "miv" / "cases" / "1-construction"
    OUT.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])
    for pop, template, amps in CELLS:
        if only and pop not in only:
            continue
        h.load_file(str(cases / "templates" / (template + ".hoc")))
        tree = read_swc(cases / "datasets" / (pop + ".swc"))
        cell = make_cell(h, template, GID, tree)
        det = detector(h, cell)
        h.dt, h.secondorder = DT, 0
        h.finitialize(V_INIT)  # ion_style: eca from the concentrations when they are read
        info = dump(h, cell, det)
        info["template"], info["population"], info["gid"] = template, pop, GID
        info["neuron"] = h.nrnversion(5)
        with gzip.GzipFile(OUT / f"{pop}.json.gz", "wb", mtime=0) as z:
            z.write(json.dumps(info, indent=None, sort_keys=True).encode())
        soma = cell.sections[0]
        ic = h.IClamp(soma(0.5))
        ic.delay, ic.dur = STEP_DELAY_MS, STEP_DUR_MS
        nc = h.NetCon(det[0](det[1])._ref_v, None, sec=det[0])
        nc.threshold = -30
        spikes = h.Vector()
        nc.record(spikes)
        v = h.Vector()
        v.record(soma(0.5)._ref_v)
        nsec = len(cell.sections)
        nseg = sum(s.nseg for s in cell.sections)
        for so in SECONDORDERS:
            for k, amp in enumerate(amps):
                ic.amp = amp
                h.dt, h.secondorder = DT, so
                h.cvode_active(0)
                h.finitialize(V_INIT)
                h.continuerun(TSTOP_MS)
                buf = io.StringIO()
                buf.write(f"# NEURON {h.nrnversion(5)}: {pop} {template} gid {GID}, {nsec} sections, {nseg} segments, "
                          f"celsius {h.celsius:g}, v_init {V_INIT:g}, dt {DT:g}, secondorder {so}, "
                          f"IClamp sections[0](0.5) {amp!r} nA from {STEP_DELAY_MS:g} ms for {STEP_DUR_MS:g} ms, "
                          f"v every {EVERY} steps (scripts/miv-ref/cell_ref.py)\n")
                buf.write("# spikes: " + " ".join("%.17g" % s for s in spikes) + "\n")
                buf.write("v_soma\n")
                for i in range(0, len(v), EVERY):
                    buf.write("%.10g\n" % v[i])
                suffix = "" if so == 0 else f"_so{so}"
                with gzip.GzipFile(OUT / f"{pop}_{k}{suffix}.csv.gz", "wb", mtime=0) as z:
                    z.write(buf.getvalue().encode())
                print(f"{pop} secondorder {so} step {amp} nA: {len(spikes)} spikes, first {spikes[0] if len(spikes) else None}; "
                      f"{nsec} sections, {nseg} segments, detector sections[{info['detector']['section']}]({det[1]:g})")
        ic = nc = cell = None


if __name__ == "__main__":
    main()
