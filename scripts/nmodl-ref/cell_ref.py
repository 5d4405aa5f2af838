#!/usr/bin/python3
"""NEURON 8.2 reference and timing of a multicompartment cell of translated
mechanisms (issue 18: NMODL mechanisms in sim/morph's CellGroup).

The cell ("v5 cell") is a soma with an axon, a basal dendrite and an apical
trunk with a tuft, carrying the neocortex v5 channels (NaTs2_t, NaTa_t,
Nap_Et2, K_Pst, K_Tst, SKv3_1, SK_E2, Ca_HVA, Ca_LVAst, CaDynamics_E2, Ih
with a distance rule, Im) and pas, with ena/ek set per region as the BBP
templates do, an IClamp at the soma and a translated synapse (LinExp2Syn of
MiV) on the apical trunk receiving NetCon events. The same cell is built in
Go by sim/morph's cellgroup_neuron_test.go (cellV5); the two descriptions
must stay the same.

    /usr/bin/python3 scripts/nmodl-ref/cell_ref.py          # writes the reference
    /usr/bin/python3 scripts/nmodl-ref/cell_ref.py --bench  # times h.run() (golgi bench cell compares)
    /usr/bin/python3 scripts/nmodl-ref/cell_ref.py --network  # two cells and a NetCon (sim/netcon)
    /usr/bin/python3 scripts/nmodl-ref/cell_ref.py --imem     # i_membrane_ (fast_imem) of the v5 cell

The reference (sim/morph/testdata/neuron_cell_v5.csv.gz) holds t and v at
soma(0.5), axon(0.5), apic(0.9), tuft(0.5), dend(0.5), cai and eca at
soma(0.5), and the synapse's conductance, every 4th step (0.1 ms), printed
with %.17g. celsius 34, v_init -80, dt 0.025 ms, 200 ms, secondorder 0.

--network writes sim/netcon/testdata/neuron_net_v5.csv.gz: two v5 cells, A
with the IClamp, B without; a NetCon from A's soma(0.5) (threshold -20 mV,
delay NET_DELAY_MS) to B's LinExp2Syn (weight NET_WEIGHT, g_unit 1), and a
second NetCon from B back to A's synapse; t, v at both somata and both
synapses' conductances every 4th step, and the spike times of both cells
(comment lines "# spikes A: ..." and "# spikes B: ...").

--bench scales the cell up (--nseg-scale multiplies every nseg) and prints
the wall time of h.run() and the time per compartment-step, the median of
--repeat runs.
"""

import argparse
import gzip
import io
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
MODS = ["NaTs2_t", "NaTa_t", "Nap_Et2", "K_Pst", "K_Tst", "SKv3_1", "SK_E2",
        "Ca_HVA", "Ca_LVAst", "CaDynamics_E2", "Ih", "Im"]
SYN_MOD = "miv/cases/1-construction/mechanisms/synaptic/lin_exp2syn.mod"
EVENTS_MS = [40.0, 45.0, 47.5, 150.0]
SYN_WEIGHT = 0.02
NET_DELAY_MS = 1.5
NET_WEIGHT = 0.08
NET_BACK_WEIGHT = 0.01


def ref_root():
    return pathlib.Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))


def read_mod(path):
    """Follows git symbolic links stored as one-line text files."""
    for _ in range(8):
        text = path.read_text()
        line = text.strip()
        if "\n" not in line and line.endswith(".mod"):
            path = (path.parent / line).resolve()
            continue
        return path, text
    raise RuntimeError(f"{path}: link loop")


def compile_mods(work):
    root = ref_root()
    for name in MODS:
        _, text = read_mod(root / "sonata/mod/neocortex/mod/v5" / f"{name}.mod")
        (work / f"{name}.mod").write_text(text)
    _, text = read_mod(root / SYN_MOD)
    (work / "lin_exp2syn.mod").write_text(text)
    nrnivmodl = os.environ.get("GOLGI_NRNIVMODL", str(REPO / "out" / "neuron" / "nrnivmodl"))
    r = subprocess.run([nrnivmodl], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("nrnivmodl failed (run scripts/install-neuron.sh):\n" + r.stdout + r.stderr)


def build(h, scale=1):
    return build_named(h, "", scale)


def build_named(h, prefix, scale=1):
    soma = h.Section(name=prefix + "soma")
    soma.L, soma.diam, soma.nseg = 20, 20, 1
    axon = h.Section(name=prefix + "axon")
    axon.L, axon.diam, axon.nseg = 60, 1, 5 * scale
    axon.connect(soma(0))
    dend = h.Section(name=prefix + "dend")
    dend.L, dend.diam, dend.nseg = 200, 1.5, 7 * scale
    dend.connect(soma(0))
    apic = h.Section(name=prefix + "apic")
    apic.L, apic.diam, apic.nseg = 400, 2.5, 13 * scale
    apic.connect(soma(1))
    tuft = h.Section(name=prefix + "tuft")
    tuft.L, tuft.diam, tuft.nseg = 250, 1, 9 * scale
    tuft.connect(apic(1))
    secs = [soma, axon, dend, apic, tuft]
    for s in secs:
        s.cm, s.Ra = 1, 100
        s.insert("pas")
        for seg in s:
            seg.pas.g, seg.pas.e = 3e-5, -75
    for s in (dend, apic, tuft):
        s.cm = 2
    for name in ("NaTs2_t", "SKv3_1", "SK_E2", "Ca_HVA", "Ca_LVAst", "CaDynamics_E2", "Ih"):
        soma.insert(name)
    soma(0.5).NaTs2_t.gNaTs2_tbar = 0.983
    soma(0.5).SKv3_1.gSKv3_1bar = 0.303
    soma(0.5).SK_E2.gSK_E2bar = 0.0008
    soma(0.5).Ca_HVA.gCa_HVAbar = 0.000994
    soma(0.5).Ca_LVAst.gCa_LVAstbar = 0.000333
    soma(0.5).CaDynamics_E2.gamma = 0.000609
    soma(0.5).CaDynamics_E2.decay = 210.485284
    soma(0.5).Ih.gIhbar = 8e-5
    for name in ("NaTa_t", "Nap_Et2", "K_Pst", "K_Tst", "SKv3_1", "SK_E2", "Ca_HVA", "Ca_LVAst", "CaDynamics_E2"):
        axon.insert(name)
    for seg in axon:
        seg.NaTa_t.gNaTa_tbar = 3.137
        seg.Nap_Et2.gNap_Et2bar = 0.00672
        seg.K_Pst.gK_Pstbar = 0.973
        seg.K_Tst.gK_Tstbar = 0.089
        seg.SKv3_1.gSKv3_1bar = 1.02
        seg.SK_E2.gSK_E2bar = 0.0014
        seg.Ca_HVA.gCa_HVAbar = 0.00099
        seg.Ca_LVAst.gCa_LVAstbar = 0.0087
        seg.CaDynamics_E2.gamma = 0.0191
        seg.CaDynamics_E2.decay = 277.3
    for s in (apic, tuft):
        for name in ("NaTs2_t", "SKv3_1", "Ih", "Im"):
            s.insert(name)
        for seg in s:
            seg.NaTs2_t.gNaTs2_tbar = 0.0213
            seg.SKv3_1.gSKv3_1bar = 0.00261
            seg.Im.gImbar = 6.75e-5
    dend.insert("Ih")
    for seg in dend:
        seg.Ih.gIhbar = 8e-5
    for s in (soma, axon):
        s.ena, s.ek = 50, -85
    for s in (apic, tuft):
        s.ena, s.ek = 50, -85
    # The distance rule of the BBP apical Ih, from soma(0.5).
    h.distance(0, soma(0.5))
    for s in (apic, tuft):
        for seg in s:
            d = h.distance(seg)
            seg.Ih.gIhbar = (-0.8696 + 2.087 * h.exp(d * 0.0031)) * 8e-5
    return secs


def run_reference(h, out):
    soma, axon, dend, apic, tuft = build(h)
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = 20, 150, 0.35
    syn = h.LinExp2Syn(apic(0.5))
    nc = h.NetCon(None, syn)
    nc.weight[0] = SYN_WEIGHT
    nc.weight[1] = 1  # g_unit (uS): LinExp2Syn's second NET_RECEIVE argument
    h.celsius = 34
    h.dt = 0.025
    h.secondorder = 0
    h.cvode_active(0)
    cols = [("v_soma", soma(0.5)._ref_v), ("v_axon", axon(0.5)._ref_v),
            ("v_apic", apic(0.9)._ref_v), ("v_tuft", tuft(0.5)._ref_v),
            ("v_dend", dend(0.5)._ref_v), ("cai_soma", soma(0.5)._ref_cai),
            ("eca_soma", soma(0.5)._ref_eca), ("g_syn", syn._ref_g)]
    vecs = []
    for _, ref in cols:
        v = h.Vector()
        v.record(ref)
        vecs.append(v)
    tv = h.Vector()
    tv.record(h._ref_t)
    h.finitialize(-80)
    for t in EVENTS_MS:
        nc.event(t)
    h.continuerun(200)
    buf = io.StringIO()
    buf.write(f"# NEURON {h.nrnversion(5)}: v5 cell (scripts/nmodl-ref/cell_ref.py), celsius 34, v_init -80, dt 0.025, every 4th step\n")
    buf.write(",".join(["t_ms"] + [c for c, _ in cols]) + "\n")
    for i in range(0, len(tv), 4):
        buf.write(",".join("%.17g" % x for x in [tv[i]] + [v[i] for v in vecs]) + "\n")
    with open(out, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
            z.write(buf.getvalue().encode())
    print(f"wrote {out}: {len(tv)} steps, {h.nrnversion(5)}")


def run_imem(h, out, secondorder=0):
    """The reference cell's fast membrane current (cvode.use_fast_imem: NEURON's
    i_membrane_, nA per node: capacitive plus ionic current, electrode
    currents excluded) at six nodes and the IClamp's current, every step."""
    soma, axon, dend, apic, tuft = build(h)
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = 20, 150, 0.35
    syn = h.LinExp2Syn(apic(0.5))
    nc = h.NetCon(None, syn)
    nc.weight[0] = SYN_WEIGHT
    nc.weight[1] = 1
    h.celsius, h.dt, h.secondorder = 34, 0.025, secondorder
    h.cvode_active(0)
    h.CVode().use_fast_imem(1)
    cols = [("imem_soma", soma(0.5)._ref_i_membrane_), ("imem_axon", axon(0.5)._ref_i_membrane_),
            ("imem_apic09", apic(0.9)._ref_i_membrane_), ("imem_tuft", tuft(0.5)._ref_i_membrane_),
            ("imem_dend", dend(0.5)._ref_i_membrane_), ("imem_syn", apic(0.5)._ref_i_membrane_),
            ("i_iclamp", ic._ref_i)]
    vecs = []
    for _, ref in cols:
        v = h.Vector()
        v.record(ref)
        vecs.append(v)
    tv = h.Vector()
    tv.record(h._ref_t)
    h.finitialize(-80)
    for t in EVENTS_MS:
        nc.event(t)
    h.continuerun(60)
    buf = io.StringIO()
    buf.write(f"# NEURON {h.nrnversion(5)}: v5 cell's i_membrane_ (scripts/nmodl-ref/cell_ref.py --imem), celsius 34, v_init -80, dt 0.025, secondorder {secondorder}, every 2nd step to 60 ms\n")
    buf.write(",".join(["t_ms"] + [c for c, _ in cols]) + "\n")
    for i in range(0, len(tv), 2):
        buf.write(",".join("%.17g" % x for x in [tv[i]] + [v[i] for v in vecs]) + "\n")
    with open(out, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
            z.write(buf.getvalue().encode())
    print(f"wrote {out}: {len(tv)} steps")


def run_network(h, out):
    cells = [build_named(h, "a_"), build_named(h, "b_")]
    ic = h.IClamp(cells[0][0](0.5))
    ic.delay, ic.dur, ic.amp = 20, 150, 0.35
    syns = [h.LinExp2Syn(c[3](0.5)) for c in cells]
    ncs = []
    for src, dst, w in ((0, 1, NET_WEIGHT), (1, 0, NET_BACK_WEIGHT)):
        nc = h.NetCon(cells[src][0](0.5)._ref_v, syns[dst], sec=cells[src][0])
        nc.threshold, nc.delay = -20, NET_DELAY_MS
        nc.weight[0], nc.weight[1] = w, 1
        ncs.append(nc)
    spk = [h.Vector(), h.Vector()]
    ncs[0].record(spk[0])
    ncs[1].record(spk[1])
    h.celsius, h.dt, h.secondorder = 34, 0.025, 0
    h.cvode_active(0)
    cols = [("v_a", cells[0][0](0.5)._ref_v), ("v_b", cells[1][0](0.5)._ref_v),
            ("g_a", syns[0]._ref_g), ("g_b", syns[1]._ref_g)]
    vecs = []
    for _, ref in cols:
        v = h.Vector()
        v.record(ref)
        vecs.append(v)
    tv = h.Vector()
    tv.record(h._ref_t)
    h.finitialize(-80)
    h.continuerun(200)
    buf = io.StringIO()
    buf.write(f"# NEURON {h.nrnversion(5)}: two v5 cells and NetCons (scripts/nmodl-ref/cell_ref.py --network), delay {NET_DELAY_MS} ms, weights {NET_WEIGHT} (A->B) {NET_BACK_WEIGHT} (B->A), every 4th step\n")
    buf.write("# spikes A: " + " ".join("%.17g" % x for x in spk[0]) + "\n")
    buf.write("# spikes B: " + " ".join("%.17g" % x for x in spk[1]) + "\n")
    buf.write(",".join(["t_ms"] + [c for c, _ in cols]) + "\n")
    for i in range(0, len(tv), 4):
        buf.write(",".join("%.17g" % x for x in [tv[i]] + [v[i] for v in vecs]) + "\n")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
            z.write(buf.getvalue().encode())
    print(f"wrote {out}: spikes A {list(spk[0])}, B {list(spk[1])}")


def run_bench(h, scale, tstop, repeat):
    secs = build(h, scale)
    ic = h.IClamp(secs[0](0.5))
    ic.delay, ic.dur, ic.amp = 20, 1e9, 0.35
    h.celsius, h.dt, h.secondorder = 34, 0.025, 0
    h.cvode_active(0)
    segs = sum(s.nseg for s in secs)
    times = []
    for _ in range(repeat):
        h.finitialize(-80)
        t0 = time.perf_counter()
        h.continuerun(tstop)
        times.append(time.perf_counter() - t0)
    times.sort()
    med = times[len(times) // 2]
    steps = round(tstop / h.dt)
    print(f"neuron segments={segs} tstop_ms={tstop} run_s={med:.4f} ns_per_compartment_step={med / steps / segs * 1e9:.1f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--network", action="store_true")
    ap.add_argument("--imem", action="store_true")
    ap.add_argument("--nseg-scale", type=int, default=1)
    ap.add_argument("--tstop", type=float, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=str(REPO / "sim" / "morph" / "testdata" / "neuron_cell_v5.csv.gz"))
    args = ap.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="golgi-cellref-"))
    try:
        compile_mods(work)
        os.chdir(work)
        from neuron import h  # loads ./x86_64's mechanisms
        if not hasattr(h, "NaTs2_t"):
            h.nrn_load_dll(str(work / "x86_64" / ".libs" / "libnrnmech.so"))
        h.load_file("stdrun.hoc")
        if args.bench:
            run_bench(h, args.nseg_scale, args.tstop, args.repeat)
        elif args.imem:
            out = args.out
            if out == ap.get_default("out"):
                out = str(REPO / "sim" / "morph" / "testdata" / "neuron_cell_v5_imem.csv.gz")
            run_imem(h, out)
            run_imem(h, out.replace("_imem.csv", "_imem_so2.csv"), secondorder=2)
        elif args.network:
            out = args.out
            if out == ap.get_default("out"):
                out = str(REPO / "sim" / "netcon" / "testdata" / "neuron_net_v5.csv.gz")
            run_network(h, out)
        else:
            run_reference(h, args.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
