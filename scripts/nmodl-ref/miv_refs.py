#!/usr/bin/python3
"""NEURON references for Golgi's native Gfluct3 and for MiV's vecevent.mod.

MiV-Simulator's Gfluct3.mod (Destexhe 2001 fluctuating conductances) and
vecevent.mod (VecStim with a DESTRUCTOR in C) have VERBATIM code, so Golgi
runs them natively (sim/mech/native: Gfluct3, VecStim); this script runs
the .mod files of miv/cases/1-construction/mechanisms in NEURON 8.2 and
writes what the Go tests compare with, into sim/mech/native/testdata:

  gfluct3_protocols.json  every case's settings, which the Go test reads
  Gfluct3_<case>.csv.gz   one '#' comment line, a header, then t_ms and
                          v, i, g_e, g_i, g_e1, g_i1 every SAMPLE_EVERY-th
                          step, printed with %.17g
  vecevent_miv.txt        the times MiV's VecStim emitted (NetCon.record)
                          for the sorted VecStim case of native_refs.py

The Gfluct3 cases: a soma (nseg 1, L = diam = 20 um, cm 1 uF/cm2, pas
g 1e-4 S/cm2, e -70 mV), celsius 34, v_init -70 mV, dt 0.025 ms, fixed
step, 100 ms, Gfluct3 at 0.5 with on = 1: without noise (std_e = std_i =
0: the deterministic part), noiseFromRandom123 under a nonzero global
index (h = dt, and h = 0.1 ms, an update every fourth step), and
noiseFromRandom with a Random object on a Random123 stream set to
normal(0, 1). noiseFromRandom and noiseFromRandom123 cannot be mixed in
one process (the .mod's static _ran_compat), so each case runs in a
subprocess.

Run with the Python that has NEURON (/usr/bin/python3); it compiles the
.mod files from $GOLGI_REF/miv/cases/1-construction/mechanisms with the
nrnivmodl in $GOLGI_NRNIVMODL (default out/neuron/nrnivmodl of the
repository, then /work/main/out/neuron/nrnivmodl) in a temporary directory.
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
MODS = ["Gfluct3.mod", "vecevent.mod"]

SAMPLE_EVERY = 4

SOMA = dict(L_um=20.0, diam_um=20.0, cm_uF_cm2=1.0, pas_g_S_cm2=1e-4, pas_e_mV=-70.0,
            celsius=34.0, v_init_mV=-70.0, dt_ms=0.025, tstop_ms=100.0)

RECORD = ["v", "i", "g_e", "g_i", "g_e1", "g_i1"]

CASES = [
    dict(name="zero_noise", range={"on": 1, "std_e": 0, "std_i": 0}, noise=None),
    dict(name="random123", range={"on": 1}, noise=dict(kind="random123", ids=[7, 11, 13],
                                                        global_index=3)),
    dict(name="random123_h", range={"on": 1, "h": 0.1, "std_e": 0.006, "g_e0": 0.02},
         noise=dict(kind="random123", ids=[1, 2, 3], global_index=0)),
    dict(name="random", range={"on": 1, "tau_i": 5.0},
         noise=dict(kind="random", ids=[4, 5, 6], global_index=2)),
]

VECEVENT_TIMES = [0.3, 0.7, 1.1, 2.0, 3.3333333333333335, 7.1, 7.1, 10.9, 20.05]
VECEVENT_TSTOP = 30.0


def nrnivmodl():
    for p in [os.environ.get("GOLGI_NRNIVMODL"), REPO / "out/neuron/nrnivmodl",
              "/work/main/out/neuron/nrnivmodl"]:
        if p and Path(p).is_file():
            return str(p)
    sys.exit("no nrnivmodl: set GOLGI_NRNIVMODL (scripts/install-neuron.sh writes one)")


def run_gfluct3(case, lib):
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    s = SOMA
    soma = h.Section(name="soma")
    soma.L, soma.diam, soma.cm, soma.nseg = s["L_um"], s["diam_um"], s["cm_uF_cm2"], 1
    soma.insert("pas")
    soma(0.5).pas.g, soma(0.5).pas.e = s["pas_g_S_cm2"], s["pas_e_mV"]
    h.celsius, h.dt, h.steps_per_ms = s["celsius"], s["dt_ms"], 1.0 / s["dt_ms"]
    g = h.Gfluct3(soma(0.5))
    for k, v in case["range"].items():
        setattr(g, k, v)
    keep = []
    n = case["noise"]
    if n is not None:
        h.Random().Random123_globalindex(n["global_index"])
        if n["kind"] == "random123":
            g.noiseFromRandom123(*n["ids"])
        else:
            r = h.Random()
            r.Random123(*n["ids"])
            r.normal(0, 1)
            g.noiseFromRandom(r)
            keep.append(r)
    vecs = [h.Vector().record(h._ref_t)]
    for name in RECORD:
        ref = soma(0.5)._ref_v if name == "v" else getattr(g, "_ref_" + name)
        vecs.append(h.Vector().record(ref))
    h.CVode().active(0)
    h.v_init = s["v_init_mV"]
    h.tstop = s["tstop_ms"]
    h.run()
    buf = io.StringIO()
    buf.write("# Gfluct3 (miv/cases/1-construction/mechanisms/Gfluct3.mod), NEURON 8.2, case %s\n"
              % case["name"])
    buf.write(",".join(["t_ms"] + RECORD) + "\n")
    for i in range(0, len(vecs[0]), SAMPLE_EVERY):
        buf.write(",".join("%.17g" % v[i] for v in vecs) + "\n")
    with open(OUT / ("Gfluct3_" + case["name"] + ".csv.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
            z.write(buf.getvalue().encode())


def run_vecevent(lib):
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    h.dt = SOMA["dt_ms"]
    vs = h.VecStim()
    tvec = h.Vector(VECEVENT_TIMES)
    vs.play(tvec)
    nc = h.NetCon(vs, None)
    out = h.Vector()
    nc.record(out)
    h.CVode().active(0)
    h.finitialize(-65)
    h.continuerun(VECEVENT_TSTOP)
    print(" ".join("%.17g" % x for x in out))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "gfluct3":
        run_gfluct3(next(c for c in CASES if c["name"] == sys.argv[3]), sys.argv[2])
        return
    if len(sys.argv) == 3 and sys.argv[1] == "vecevent":
        run_vecevent(sys.argv[2])
        return
    ref = Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        for m in MODS:
            shutil.copy(ref / "miv/cases/1-construction/mechanisms" / m, Path(d) / m)
        env = dict(os.environ, NRNIVMODL_JOBS=os.environ.get("NRNIVMODL_JOBS", "1"))
        subprocess.run([nrnivmodl()], cwd=d, check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lib = str(Path(d) / "x86_64" / ".libs" / "libnrnmech.so")
        for c in CASES:
            subprocess.run([sys.executable, __file__, "gfluct3", lib, c["name"]], check=True)
        r = subprocess.run([sys.executable, __file__, "vecevent", lib], check=True,
                           capture_output=True, text=True)
        (OUT / "vecevent_miv.txt").write_text(
            "# VecStim (miv/cases/1-construction/mechanisms/vecevent.mod) emitted times, "
            "NEURON 8.2: times %s played before finitialize, tstop %g ms\n%s\n"
            % (" ".join("%.17g" % x for x in VECEVENT_TIMES), VECEVENT_TSTOP,
               r.stdout.strip().splitlines()[-1]))
    (OUT / "gfluct3_protocols.json").write_text(json.dumps(
        dict(soma=SOMA, sample_every=SAMPLE_EVERY, record=RECORD, cases=CASES,
             vecevent=dict(times_ms=VECEVENT_TIMES, tstop_ms=VECEVENT_TSTOP)), indent=1) + "\n")


if __name__ == "__main__":
    main()
