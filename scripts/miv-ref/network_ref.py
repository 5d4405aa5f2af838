#!/usr/bin/python3
"""NEURON 8.2.2 reference of a small MiV-Simulator network (issue 21).

    scripts/miv-ref/network_ref.sh   (writes the description, compiles the
                                      .mod files, then runs this)
    scripts/miv-ref/gap_ref.sh       (the same with gap junctions: argument
                                      gapnetwork, ggap.mod compiled too)

Reads sim/models/miv/testdata/network/net.json.gz, the network Golgi builds
from Microcircuit_Small with 2 STIM, 1 PYR, 1 PVBC and 1 OLM cell (its construction
in memory: somata, synapses, connections; TestWriteNetworkDescription
writes it), and builds it in NEURON as MiV's ExecutionEnvironment does:

1. every biophysical cell from its template on its population's neurotree
   (cell_ref.py's read_swc and make_cell: MiV's make_neurotree_hoc_cell),
   with MiV's spike detector (threshold -30 mV) at the section and x the
   description gives (checked against cell_ref.py's detector());
2. every point process of the description (LinExp2Syn, LinExp2SynNMDA) at
   sections[sec](x) with its parameters;
3. every STIM cell a VecStim (vecevent.mod) playing its train;
4. every NetCon: from the VecStim, or from the source cell's detector
   (NetCon on v, threshold -30), to the point process, with its delay and
   weight vector (weight, g_unit).

Then secondorder 2, dt 0.025, v_init -65 (stdinit, finitialize), run to
tstop; records the spike times of every biophysical cell at its detector
and v at sections[0](0.5) every `every` steps.

With an argument DIR, testdata/DIR instead of testdata/network; the
description's "gaps" (cell, point, other, sec, x) link each ggap's vgap
to the other cell's v (step 5).

Output: sim/models/miv/testdata/network/neuron.csv.gz: '#' lines (protocol;
'# spikes GID t...' per cell), a header v_GID,..., then a row per sample
(%.10g).
"""

import gzip
import io
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import cell_ref  # noqa: E402

OUT = cell_ref.REPO / "sim" / "models" / "miv" / "testdata" / (sys.argv[1] if len(sys.argv) > 1 else "network")


def main():
    from neuron import h
    h.load_file("stdrun.hoc")
    desc = json.loads(gzip.open(OUT / "net.json.gz").read())
    cases = cell_ref.ref_root() / "miv" / "cases" / "1-construction"
    loaded, trees = set(), {}
    cells, dets, points = [], [], []
    for c in desc["cells"]:
        if c["template"] not in loaded:
            h.load_file(str(cases / "templates" / (c["template"] + ".hoc")))
            loaded.add(c["template"])
        if c["population"] not in trees:
            trees[c["population"]] = cell_ref.read_swc(cases / "datasets" / (c["population"] + ".swc"))
        cell = cell_ref.make_cell(h, c["template"], c["gid"], trees[c["population"]])
        sec, x = cell_ref.detector(h, cell)
        idx = cell_ref.index_of(cell)
        want = (int(c["detector"][0]), c["detector"][1])
        assert (idx[sec], x) == want, f"gid {c['gid']}: detector {idx[sec]}({x}), Golgi {want}"
        pps = []
        for p in c["points"]:
            pp = getattr(h, p["mech"])(cell.sections[p["sec"]](p["x"]))
            for k, v in p["params"].items():
                setattr(pp, k, v)
            pps.append(pp)
        cells.append(cell)
        dets.append(cell.sections[want[0]](want[1]))
        points.append(pps)
    stims, vecs = {}, []
    for s in desc["stims"]:
        vs = h.VecStim()
        v = h.Vector(s["times"] or [])
        vs.play(v)
        stims[s["gid"]] = vs
        vecs.append(v)
    gidcell = {c["gid"]: i for i, c in enumerate(desc["cells"])}
    ncs = []
    for nc in desc["netcons"]:
        target = points[nc["cell"]][nc["point"]]
        if nc["source"] in stims:
            n = h.NetCon(stims[nc["source"]], target)
        else:
            d = dets[gidcell[nc["source"]]]
            n = h.NetCon(d._ref_v, target, sec=d.sec)
            n.threshold = -30
        n.delay = nc["delay"]
        for i, w in enumerate(nc["weight"]):
            n.weight[i] = w
        ncs.append(n)
    # 5. every half-gap (ggap) of the description: its vgap follows the
    #    other cell's v at (sec, x), through ParallelContext
    #    source_var/target_var as MiV's runtime links them (SPEC 3.6).
    pc = h.ParallelContext()
    for k, gp in enumerate(desc.get("gaps", [])):
        sec = cells[gp["other"]].sections[gp["sec"]]
        pc.source_var(sec(gp["x"])._ref_v, 2000000 + k, sec=sec)
        pp = points[gp["cell"]][gp["point"]]
        pc.target_var(pp, pp._ref_vgap, 2000000 + k)
    if desc.get("gaps"):
        pc.setup_transfer()
    spikes, vrec = [], []
    for i, c in enumerate(desc["cells"]):
        d = dets[i]
        n = h.NetCon(d._ref_v, None, sec=d.sec)
        n.threshold = -30
        sv = h.Vector()
        n.record(sv)
        ncs.append(n)
        spikes.append(sv)
        v = h.Vector()
        v.record(cells[i].sections[0](0.5)._ref_v)
        vrec.append(v)
    h.cvode_active(0)
    h.dt = desc["dt"]
    h.secondorder = desc["secondorder"]
    h.v_init = desc["v_init"]
    h.stdinit()
    h.finitialize(desc["v_init"])
    h.continuerun(desc["tstop"])
    every = desc["every"]
    buf = io.StringIO()
    buf.write(f"# NEURON {h.nrnversion(5)}: {len(cells)} cells, {len(desc['stims'])} VecStim, {len(desc['netcons'])} NetCons, "
              f"celsius {h.celsius:g}, v_init {desc['v_init']:g}, dt {desc['dt']:g}, secondorder {desc['secondorder']}, "
              f"tstop {desc['tstop']:g}; v at sections[0](0.5) every {every} steps (scripts/miv-ref/network_ref.py)\n")
    for i, c in enumerate(desc["cells"]):
        buf.write(f"# spikes {c['gid']} " + " ".join("%.17g" % s for s in spikes[i]) + "\n")
    buf.write(",".join(f"v_{c['gid']}" for c in desc["cells"]) + "\n")
    for k in range(0, len(vrec[0]), every):
        buf.write(",".join("%.10g" % v[k] for v in vrec) + "\n")
    with gzip.GzipFile(OUT / "neuron.csv.gz", "wb", mtime=0) as z:
        z.write(buf.getvalue().encode())
    for i, c in enumerate(desc["cells"]):
        print(f"{c['population']} gid {c['gid']}: {len(spikes[i])} spikes {list(spikes[i])[:8]}")


if __name__ == "__main__":
    main()
