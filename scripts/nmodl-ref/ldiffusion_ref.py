#!/usr/bin/python3
"""NEURON reference for LONGITUDINAL_DIFFUSION (metabolism's internal_ions).

A branched cell (soma 20x20 um, nseg 1; dend 200 um x 2 um, nseg 9, at
soma(1); tuft 80 um x 1.2 um, nseg 4, at dend(1); axon 100 um x 1 um,
nseg 5, at soma(0)) with internal_ions everywhere (its sodium, potassium,
calcium and chloride diffusing along the cell) and NaTs2_t and SKv3_1 of
the metabolism set in the soma and the axon, cm 1 uF/cm2, Ra 100 ohm cm,
celsius 34 degC, v_init -70 mV, dt 0.025 ms, fixed step (secondorder 0),
an IClamp of 0.5 nA at soma(0.5) from 10 ms for 140 ms, 200 ms; DNa and DK
of internal_ions raised to 200 and 300 um2/ms so that the sodium and
potassium moved by the spikes spread over several segments in the run.
Recorded every 40 steps (1 ms): v at soma(0.5), and nai, ki, cai, cli at
the segments listed in LOCATIONS. Written to
sim/nmodl/mods/metabolism/testdata/ldiffusion.csv.gz (one '#' comment
line, a header, the values with %.17g); the cell and protocol are
repeated in sim/nmodl/mods/metabolism/ldiffusion_test.go (sim/morph's
CellGroup with the metabolism set).

Run with the Python that has NEURON (/usr/bin/python3); the .mod files
come from $GOLGI_REF/sonata/mod/neocortex/mod/metabolism, compiled by the
nrnivmodl of $GOLGI_NRNIVMODL (default /work/main/out/neuron/nrnivmodl).
"""

import gzip
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "sim" / "nmodl" / "mods" / "metabolism" / "testdata" / "ldiffusion.csv.gz"
MODS = ["internal_ions.mod", "NaTs2_t.mod", "SKv3_1.mod"]
LOCATIONS = [("soma", 0.5), ("dend", 0.05), ("dend", 0.5), ("dend", 0.95), ("tuft", 0.375),
             ("axon", 0.1), ("axon", 0.9)]
GLOBALS = {"DNa_internal_ions": 200.0, "DK_internal_ions": 300.0}


def run(lib):
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    h("secondorder = 0")
    h.celsius = 34
    h.dt = 0.025
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    tuft = h.Section(name="tuft")
    axon = h.Section(name="axon")
    for sec, L, d, nseg in [(soma, 20, 20, 1), (dend, 200, 2, 9), (tuft, 80, 1.2, 4), (axon, 100, 1, 5)]:
        sec.L, sec.diam, sec.nseg, sec.cm, sec.Ra = L, d, nseg, 1, 100
        sec.insert("internal_ions")
        sec.insert("pas")
        for seg in sec:
            seg.pas.g, seg.pas.e = 3e-5, -70
    dend.connect(soma(1), 0)
    tuft.connect(dend(1), 0)
    axon.connect(soma(0), 0)
    for sec, gna, gk in [(soma, 0.5, 0.2), (axon, 1.0, 0.5)]:
        sec.insert("NaTs2_t")
        sec.insert("SKv3_1")
        for seg in sec:
            seg.NaTs2_t.gNaTs2_tbar, seg.SKv3_1.gSKv3_1bar = gna, gk
    for k, v in GLOBALS.items():
        setattr(h, k, v)
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = 10, 140, 0.5
    secs = {"soma": soma, "dend": dend, "tuft": tuft, "axon": axon}
    cols, vecs = ["t_ms", "v_soma"], [h.Vector().record(h._ref_t), h.Vector().record(soma(0.5)._ref_v)]
    for name, x in LOCATIONS:
        for ion in ["nai", "ki", "cai", "cli"]:
            cols.append("%s_%s_%g" % (ion, name, x))
            vecs.append(h.Vector().record(getattr(secs[name](x), "_ref_" + ion)))
    h.CVode().active(0)
    h.finitialize(-70)
    n = round(200 / h.dt)
    for _ in range(n):
        h.fadvance()
    buf = io.StringIO()
    buf.write("# NEURON %s: scripts/nmodl-ref/ldiffusion_ref.py (internal_ions' LONGITUDINAL_DIFFUSION)\n"
              % h.nrnversion(5))
    buf.write(",".join(cols) + "\n")
    for i in range(0, n + 1, 40):
        buf.write(",".join("%.17g" % v[i] for v in vecs) + "\n")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode())


def main():
    if len(sys.argv) == 2:
        run(sys.argv[1])
        return
    ref = Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))
    nrnivmodl = os.environ.get("GOLGI_NRNIVMODL", "/work/main/out/neuron/nrnivmodl")
    with tempfile.TemporaryDirectory() as d:
        for m in MODS:
            shutil.copy(ref / "sonata/mod/neocortex/mod/metabolism" / m, Path(d) / m)
        env = dict(os.environ, NRNIVMODL_JOBS=os.environ.get("NRNIVMODL_JOBS", "1"))
        subprocess.run([nrnivmodl], cwd=d, check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.environ.get("GOLGI_KEEP_C"):
            shutil.copy(Path(d) / "x86_64" / "internal_ions.c", os.environ["GOLGI_KEEP_C"])
        subprocess.run([sys.executable, __file__, str(Path(d) / "x86_64" / ".libs" / "libnrnmech.so")],
                       check=True)


if __name__ == "__main__":
    main()
