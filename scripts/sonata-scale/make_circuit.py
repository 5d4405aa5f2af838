#!/usr/bin/python3
"""Writes a synthetic SONATA circuit for issue 19's scale test: the five
v5 emodel cells of neurodamus's v5_sonata mini circuit replicated to N
cells (node i is a copy of node i mod 5: template, morphology, holding and
threshold currents, classes; positions spread on a grid), each with S
afferent synapses drawn from its prototype's afferent synapses (both of
v5 mini's edge populations: their section ids, positions, kinetics,
conductances and delays, taken in turn and again), every synapse's source
a cell of the synapse's class drawn uniformly among the N (excitatory
syn_type_id >= 100 from EXC cells, inhibitory from INH cells, never the
cell itself) with numpy's default_rng(seed). One edge population
"default" -> "default", sorted by target, with both SONATA indices.

    /usr/bin/python3 scripts/sonata-scale/make_circuit.py OUT_DIR [--cells 1000] [--synapses 1000] [--tstop 1000] [--seed 1]

OUT_DIR gets circuit_config.json, simulation_config.json (tstop, dt
0.025, the noise at 100.457 % of threshold and hyperpolarizing inputs of
v5 mini, spikes to out.h5), node_sets.json, nodes.h5 and edges.h5; the
templates and morphologies are those of the reference data (linked).
"""

import argparse
import json
import os
import pathlib

import h5py
import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]


def ref_root():
    return pathlib.Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--cells", type=int, default=1000)
    ap.add_argument("--synapses", type=int, default=1000)
    ap.add_argument("--tstop", type=float, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    n, s = a.cells, a.synapses
    if n < 2 or s < 1:
        raise SystemExit("make_circuit: want at least 2 cells and 1 synapse per cell")
    mini = ref_root() / "sonata" / "circuits" / "v5_sonata" / "sub_mini5"
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(a.seed)

    # Nodes: row i is prototype i % 5.
    src = h5py.File(mini / "default" / "nodes.h5", "r")
    g0 = src["nodes"]["default"]["0"]
    proto = np.arange(n) % 5
    with h5py.File(out / "nodes.h5.tmp", "w") as f:
        g = f.create_group("nodes/default")
        g.create_dataset("node_type_id", data=np.full(n, -1, dtype=np.int64))
        d = g.create_group("0")
        def copy(name, obj):
            if isinstance(obj, h5py.Dataset):
                if name.startswith("@library"):
                    d.create_dataset(name, data=obj[()])
                else:
                    d.create_dataset(name, data=obj[()][proto])
        g0.visititems(copy)
        side = int(np.ceil(np.sqrt(n)))
        for k, axis in enumerate(("x", "z")):
            del d[axis]
            d.create_dataset(axis, data=((np.arange(n) // side if k else np.arange(n) % side) * 20.0))
    os.replace(out / "nodes.h5.tmp", out / "nodes.h5")
    lib = [x.decode() for x in g0["@library"]["synapse_class"][()]]
    cls = np.array([lib[c] for c in g0["synapse_class"][()][proto]])
    exc = np.flatnonzero(cls == "EXC")
    inh = np.flatnonzero(cls == "INH")

    # Each prototype's afferent synapses, from both edge files.
    tmpl = {}
    for path, pop in ((mini / "default" / "edges.h5", "default"), (mini / "external_default.h5", "external_default")):
        e = h5py.File(path, "r")["edges"][pop]
        tgt = e["target_node_id"][()].astype(np.int64)
        attrs = {k: e["0"][k][()] for k in e["0"].keys()}
        for p in range(5):
            rows = np.flatnonzero(tgt == p)
            for k, v in attrs.items():
                tmpl.setdefault(p, {}).setdefault(k, []).append(v[rows])
    for p in tmpl:
        for k in tmpl[p]:
            tmpl[p][k] = np.concatenate(tmpl[p][k])
    keys = sorted(tmpl[0].keys())
    cols = {k: [] for k in keys}
    sources = np.empty(n * s, dtype=np.uint64)
    for i in range(n):
        t = tmpl[i % 5]
        m = len(t["syn_type_id"])
        rows = np.arange(s) % m
        for k in keys:
            cols[k].append(t[k][rows])
        excitatory = t["syn_type_id"][rows] >= 100
        for mask, pool in ((excitatory, exc), (~excitatory, inh)):
            cand = pool[pool != i]
            sources[i * s:(i + 1) * s][mask] = rng.choice(cand, size=int(mask.sum()))
    targets = np.repeat(np.arange(n, dtype=np.uint64), s)
    with h5py.File(out / "edges.h5.tmp", "w") as f:
        g = f.create_group("edges/default")
        g.create_dataset("source_node_id", data=sources).attrs["node_population"] = "default"
        g.create_dataset("target_node_id", data=targets).attrs["node_population"] = "default"
        g.create_dataset("edge_group_id", data=np.zeros(n * s, dtype=np.int64))
        g.create_dataset("edge_group_index", data=np.arange(n * s, dtype=np.uint64))
        g.create_dataset("edge_type_id", data=np.full(n * s, -1, dtype=np.int64))
        d = g.create_group("0")
        for k in keys:
            d.create_dataset(k, data=np.concatenate(cols[k]))
        ix = g.create_group("indices")
        t2s = ix.create_group("target_to_source")
        t2s.create_dataset("node_id_to_ranges", data=np.stack([np.arange(n), np.arange(n) + 1], axis=1).astype(np.uint64))
        t2s.create_dataset("range_to_edge_id", data=np.stack([np.arange(n) * s, (np.arange(n) + 1) * s], axis=1).astype(np.uint64))
        order = np.argsort(sources, kind="stable").astype(np.uint64)
        s2t = ix.create_group("source_to_target")
        ranges, blocks = np.zeros((n, 2), dtype=np.uint64), []
        srt = sources[order]
        for node in range(n):
            lo, hi = np.searchsorted(srt, node), np.searchsorted(srt, node, side="right")
            r0 = len(blocks)
            k = lo
            while k < hi:  # runs of consecutive edge ids
                j = k
                while j + 1 < hi and order[j + 1] == order[j] + 1:
                    j += 1
                blocks.append((order[k], order[j] + 1))
                k = j + 1
            ranges[node] = (r0, len(blocks))
        s2t.create_dataset("node_id_to_ranges", data=ranges)
        s2t.create_dataset("range_to_edge_id", data=np.array(blocks, dtype=np.uint64).reshape(-1, 2))
    os.replace(out / "edges.h5.tmp", out / "edges.h5")

    (out / "node_sets.json").write_text(json.dumps({
        "All": {"population": "default"},
        "Excitatory": {"synapse_class": "EXC"},
        "Inhibitory": {"synapse_class": "INH"},
    }, indent=2))
    (out / "circuit_config.json").write_text(json.dumps({
        "manifest": {"$BASE_DIR": "./", "$MINI": str(mini)},
        "components": {"biophysical_neuron_models_dir": "$MINI/biophysical_model_templates", "morphologies_dir": "$MINI/morphologies"},
        "node_sets_file": "$BASE_DIR/node_sets.json",
        "networks": {
            "nodes": [{"nodes_file": "$BASE_DIR/nodes.h5", "populations": {"default": {
                "type": "biophysical", "alternate_morphologies": {"neurolucida-asc": "$MINI/morphologies"}}}}],
            "edges": [{"edges_file": "$BASE_DIR/edges.h5", "populations": {"default": {"type": "chemical"}}}],
        },
    }, indent=2))
    (out / "simulation_config.json").write_text(json.dumps({
        "version": 1,
        "manifest": {"$OUTPUT_DIR": "./"},
        "network": "circuit_config.json",
        "node_set": "All",
        "target_simulator": "NEURON",
        "run": {"tstop": a.tstop, "dt": 0.025, "random_seed": 767740},
        "conditions": {},
        "output": {"output_dir": "output"},
        "inputs": {
            "ThresholdExc": {"module": "noise", "input_type": "current_clamp", "mean_percent": 100.457136089,
                             "variance": 0.001, "delay": 0.0, "duration": 30000, "node_set": "Excitatory"},
            "ThresholdInh": {"module": "noise", "input_type": "current_clamp", "mean_percent": 100.457136089,
                             "variance": 0.001, "delay": 0.0, "duration": 30000, "node_set": "Inhibitory"},
            "hypamp": {"module": "hyperpolarizing", "input_type": "current_clamp", "delay": 0.0, "duration": 30000, "node_set": "All"},
        },
        "reports": {},
    }, indent=2))
    print(f"{out}: {n} cells, {n * s} synapses ({len(exc)} EXC, {len(inh)} INH cells)")


if __name__ == "__main__":
    main()
