#!/usr/bin/python3
"""NEURON references for Golgi's native mechanisms (sim/mech/native).

ProbAMPANMDA_EMS, ProbGABAAB_EMS, DetAMPANMDA, DetGABAAB and VecStim
(neurodamus-models common/mod) have VERBATIM blocks, so Golgi implements them by hand; this
script runs the .mod files themselves in NEURON 8.2 and writes what the Go
tests compare with, into sim/mech/native/testdata:

  protocols.json     every run's settings, which the Go tests read (one
                     source of truth for both sides)
  <case>.csv.gz      traces of the synapse cases: one '#' comment line, a
                     header, then t_ms and the recorded variables every
                     SAMPLE_EVERY-th step, printed with %.17g
  vecstim.txt        the times VecStim emitted (NetCon.record), per case

The synapse cases: a soma (nseg 1, L = diam = 20 um, cm 1 uF/cm2, pas
g 1e-4 S/cm2, e -70 mV), celsius 34, v_init -70 mV, dt 0.025 ms, fixed
step (secondorder 0), with one synapse at 0.5 driven by a VecStim train
through a NetCon (delay 1 ms, weight vector (w, 0, ..., nc_type 0)) and
a "spontaneous mini" NetCon (nc_type 1) through NetCon.event; setRNG with
neurodamus's seeds (tgid + 250, synapseID + 100, 300) and the Random123
global index set first; Nrrp 3 and Use/Dep/Fac such that releases fail
and sites stay empty; for ProbAMPANMDA_EMS also delayed weights
(setup_delay_vecs) and minis_single_vesicle, for ProbGABAAB_EMS
init_depleted and a GABA_B ratio; the deterministic DetAMPANMDA (with
delayed weights) and DetGABAAB likewise, without RNG. Besides the
synapse's variables, the presynaptic NetCon's weight vector is recorded
(nc_weight, and nc_Psurv or the per-connection R, Pr, u and tsyn).

The VecStim cases: trains with times that are not multiples of dt (and not
exact in binary), an out-of-order time, and a vector played again in the
middle of a run (which takes over at the next ping).

Run with the Python that has NEURON (/usr/bin/python3); it compiles the
.mod files from $GOLGI_REF/sonata/mod/common/mod with the nrnivmodl
in $GOLGI_NRNIVMODL (default out/neuron/nrnivmodl of the repository, then
/work/main/out/neuron/nrnivmodl) in a temporary directory, and runs each
case in a subprocess.
"""

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "sim" / "mech" / "native" / "testdata"
MODS = ["ProbAMPANMDA_EMS.mod", "ProbGABAAB_EMS.mod", "DetAMPANMDA.mod", "DetGABAAB.mod",
        "VecStim.mod"]

SAMPLE_EVERY = 8  # keep every 8th step (0.2 ms)
TRAIN = [5.0, 10.0, 12.5, 15.0, 17.5, 20.0, 22.5, 25.0, 45.0, 47.0, 49.0, 51.0,
         53.0, 55.0, 57.0, 80.0, 81.3, 82.6, 83.9, 85.2, 86.5, 87.8, 89.1, 120.0,
         121.0, 122.0, 123.0, 124.0, 125.0, 140.0]

SOMA = dict(L_um=20.0, diam_um=20.0, cm_uF_cm2=1.0, pas_g_S_cm2=1e-4, pas_e_mV=-70.0,
            celsius=34.0, v_init_mV=-70.0, dt_ms=0.025, tstop_ms=160.0)

CASES = [
    dict(name="ProbAMPANMDA_EMS", mechanism="ProbAMPANMDA_EMS",
         range={"Nrrp": 3, "Use": 0.35, "Dep": 18.0, "Fac": 12.0, "tau_d_AMPA": 1.7,
                "NMDA_ratio": 0.71, "conductance": 4.0, "synapseID": 3},
         globals={"minis_single_vesicle": 1},
         rng=[5 + 250, 3 + 100, 300], global_index=7,
         train=TRAIN, delay_ms=1.0, weight_nS=4.0,
         delay_vecs=dict(times_ms=[40.0, 100.0], weights=[1.5, 0.25]),
         minis=dict(times_ms=[33.3, 66.6, 101.1, 133.3], weight_nS=4.0),
         record=["v", "i", "g", "g_AMPA", "g_NMDA", "A_AMPA", "B_AMPA", "A_NMDA", "B_NMDA",
                 "u", "tsyn", "occupied", "unoccupied", "next_delay"]),
    dict(name="ProbGABAAB_EMS", mechanism="ProbGABAAB_EMS",
         range={"Nrrp": 3, "Use": 0.3, "Dep": 40.0, "Fac": 0.0, "tau_d_GABAA": 8.0,
                "GABAB_ratio": 0.4, "conductance": 2.0, "synapseID": 11},
         globals={"init_depleted": 1},
         rng=[42 + 250, 11 + 100, 65536 + 300], global_index=0,
         train=TRAIN, delay_ms=1.0, weight_nS=3.0,
         delay_vecs=None,
         minis=dict(times_ms=[33.3, 66.6, 101.1], weight_nS=3.0),
         record=["v", "i", "g", "g_GABAA", "g_GABAB", "A_GABAA", "B_GABAA", "A_GABAB", "B_GABAB",
                 "u", "tsyn", "occupied", "unoccupied"]),
    dict(name="DetAMPANMDA", mechanism="DetAMPANMDA",
         range={"Use": 0.35, "Dep": 18.0, "Fac": 12.0, "tau_d_AMPA": 1.7, "NMDA_ratio": 0.71,
                "conductance": 4.0, "u0": 0.1},
         globals={}, rng=None, global_index=0,
         train=TRAIN, delay_ms=1.0, weight_nS=4.0,
         delay_vecs=dict(times_ms=[40.0, 100.0], weights=[1.5, 0.25]),
         minis=dict(times_ms=[33.3, 66.6, 101.1, 133.3], weight_nS=4.0),
         record=["v", "i", "g", "g_AMPA", "g_NMDA", "A_AMPA", "B_AMPA", "A_NMDA", "B_NMDA",
                 "next_delay"]),
    dict(name="DetGABAAB", mechanism="DetGABAAB",
         range={"Use": 0.3, "Dep": 40.0, "Fac": 0.0, "tau_d_GABAA": 8.0, "GABAB_ratio": 0.4},
         globals={}, rng=None, global_index=0,
         train=TRAIN, delay_ms=1.0, weight_nS=3.0, delay_vecs=None,
         minis=dict(times_ms=[33.3, 66.6, 101.1], weight_nS=3.0),
         record=["v", "i", "g", "g_GABAA", "g_GABAB", "A_GABAA", "B_GABAA", "A_GABAB", "B_GABAB"]),
]
# The NET_RECEIVE arguments: their number (nc_type last) and those
# recorded from the presynaptic NetCon's weight vector, as nc_<name>.
NARGS = {"ProbAMPANMDA_EMS": 5, "ProbGABAAB_EMS": 5, "DetAMPANMDA": 8, "DetGABAAB": 8}
NC_RECORD = {"ProbAMPANMDA_EMS": {"weight": 0, "Psurv": 3},
             "ProbGABAAB_EMS": {"weight": 0, "Psurv": 3},
             "DetAMPANMDA": {"weight": 0, "R": 3, "Pr": 4, "u": 5, "tsyn": 6},
             "DetGABAAB": {"weight": 0, "R": 3, "Pr": 4, "u": 5, "tsyn": 6}}
for c in CASES:
    c["nargs"] = NARGS[c["mechanism"]]
    c["nc_record"] = NC_RECORD[c["mechanism"]]

VECSTIM_CASES = [
    dict(name="sorted", times_ms=[0.3, 0.7, 1.1, 2.0, 3.3333333333333335, 7.1, 7.1, 10.9, 20.05],
         replay=None, tstop_ms=30.0),
    dict(name="out_of_order", times_ms=[1.0, 2.5, 2.4, 4.0], replay=None, tstop_ms=10.0),
    dict(name="replayed", times_ms=[1.0, 2.0, 3.0, 4.0, 30.0],
         replay=dict(at_ms=5.0, times_ms=[1.0, 6.3, 6.7, 9.05, 12.0]), tstop_ms=20.0),
]


def nrnivmodl():
    for p in [os.environ.get("GOLGI_NRNIVMODL"), REPO / "out/neuron/nrnivmodl",
              "/work/main/out/neuron/nrnivmodl"]:
        if p and Path(p).is_file():
            return str(p)
    sys.exit("no nrnivmodl: set GOLGI_NRNIVMODL (scripts/install-neuron.sh writes one)")


def resolve(path):
    """Follows git symbolic links stored as one-line text files."""
    for _ in range(8):
        text = path.read_bytes()
        if len(text) > 512 or b"\n" in text.strip() or b"{" in text:
            return path
        target = (path.parent / text.decode().strip()).resolve()
        if not target.is_file():
            return path
        path = target
    return path


def run_synapse(case, lib):
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    h("secondorder = 0")
    s = SOMA
    h.celsius = s["celsius"]
    h.dt = s["dt_ms"]
    soma = h.Section(name="soma")
    soma.L, soma.diam, soma.nseg, soma.cm = s["L_um"], s["diam_um"], 1, s["cm_uF_cm2"]
    soma.insert("pas")
    soma(0.5).pas.g, soma(0.5).pas.e = s["pas_g_S_cm2"], s["pas_e_mV"]
    h.Random().Random123_globalindex(case["global_index"])
    syn = getattr(h, case["mechanism"])(soma(0.5))
    for k, v in case["range"].items():
        setattr(syn, k, v)
    for k, v in case["globals"].items():
        setattr(h, "%s_%s" % (k, case["mechanism"]), v)
    if case["rng"]:
        syn.setRNG(*case["rng"])
    keep = []
    if case["delay_vecs"]:
        tv = h.Vector(case["delay_vecs"]["times_ms"])
        wv = h.Vector(case["delay_vecs"]["weights"])
        keep += [tv, wv]
        syn.setup_delay_vecs(tv, wv)
    vs = h.VecStim()
    tvec = h.Vector(case["train"])
    vs.play(tvec)
    nc = h.NetCon(vs, syn)
    nc.delay = case["delay_ms"]
    nc.weight[0] = case["weight_nS"]
    nc.weight[case["nargs"] - 1] = 0
    mini = h.NetCon(None, syn)
    mini.weight[0] = case["minis"]["weight_nS"]
    mini.weight[case["nargs"] - 1] = 1
    cols = case["record"]
    # Vector.record samples at the end of each step before the events due
    # by its middle are delivered, as Golgi's Compartment records.
    vecs = [h.Vector().record(h._ref_t, sec=soma)]
    for c in cols:
        ref = soma(0.5)._ref_v if c == "v" else getattr(syn, "_ref_" + c)
        vecs.append(h.Vector().record(ref, sec=soma))
    ncols = sorted(case["nc_record"], key=case["nc_record"].get)
    for c in ncols:
        vecs.append(h.Vector().record(nc._ref_weight[case["nc_record"][c]], sec=soma))
    emitted = None
    if case.get("net_event"):
        # the synapse as an event source (net_event at a release)
        out_nc = h.NetCon(syn, None)
        emitted = h.Vector()
        out_nc.record(emitted)
        keep.append(out_nc)
    h.CVode().active(0)
    h.finitialize(s["v_init_mV"])
    for tm in case["minis"]["times_ms"]:
        mini.event(tm)
    nsteps = round(s["tstop_ms"] / s["dt_ms"])
    for _ in range(nsteps):
        h.fadvance()
    if emitted is not None:
        (OUT / (case["name"] + "_events.txt")).write_text(
            "# %s: NEURON %s, the times of net_event (NetCon.record)\n%s\n"
            % (case["name"], h.nrnversion(5), " ".join("%.17g" % x for x in emitted)))
    rows = [[v[i] for v in vecs] for i in range(0, nsteps + 1, SAMPLE_EVERY)]
    buf = io.StringIO()
    buf.write("# %s: NEURON %s, %s, protocol %s in %s\n"
              % (case["name"], h.nrnversion(5),
                 case.get("mod", "sonata/mod/common/mod/%s.mod" % case["mechanism"]),
                 case["name"], case.get("protocols", "protocols.json")))
    buf.write(",".join(["t_ms"] + cols + ["nc_" + c for c in ncols]) + "\n")
    for r in rows:
        buf.write(",".join("%.17g" % x for x in r) + "\n")
    with open(OUT / (case["name"] + ".csv.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode())


def run_vecstim(case, lib):
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    h.dt = SOMA["dt_ms"]
    vs = h.VecStim()
    tvec = h.Vector(case["times_ms"])
    vs.play(tvec)
    nc = h.NetCon(vs, None)
    out = h.Vector()
    nc.record(out)
    h.CVode().active(0)
    h.finitialize(-65)
    keep = None
    if case["replay"]:
        h.continuerun(case["replay"]["at_ms"])
        keep = h.Vector(case["replay"]["times_ms"])
        vs.play(keep)
    h.continuerun(case["tstop_ms"])
    print(" ".join("%.17g" % x for x in out))


def main():
    if len(sys.argv) == 4 and sys.argv[1] in ("synapse", "vecstim"):
        lib, name = sys.argv[2], sys.argv[3]
        cases = CASES if sys.argv[1] == "synapse" else VECSTIM_CASES
        case = next(c for c in cases if c["name"] == name)
        (run_synapse if sys.argv[1] == "synapse" else run_vecstim)(case, lib)
        return
    ref = Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        for m in MODS:
            shutil.copy(resolve(ref / "sonata/mod/common/mod" / m), Path(d) / m)
        env = dict(os.environ, NRNIVMODL_JOBS=os.environ.get("NRNIVMODL_JOBS", "1"))
        subprocess.run([nrnivmodl()], cwd=d, check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lib = str(Path(d) / "x86_64" / ".libs" / "libnrnmech.so")
        for c in CASES:
            subprocess.run([sys.executable, __file__, "synapse", lib, c["name"]], check=True)
        lines = []
        for c in VECSTIM_CASES:
            r = subprocess.run([sys.executable, __file__, "vecstim", lib, c["name"]], check=True,
                               capture_output=True, text=True)
            lines.append("%s %s" % (c["name"], r.stdout.strip().splitlines()[-1]
                                    if r.stdout.strip() else ""))
        (OUT / "vecstim.txt").write_text(
            "# VecStim (sonata/mod/common/mod/VecStim.mod) emitted times, NEURON 8.2: case t1 t2 ...\n"
            + "\n".join(lines) + "\n")
    (OUT / "protocols.json").write_text(json.dumps(
        dict(soma=SOMA, sample_every=SAMPLE_EVERY, synapses=CASES, vecstim=VECSTIM_CASES),
        indent=1) + "\n")


if __name__ == "__main__":
    main()
