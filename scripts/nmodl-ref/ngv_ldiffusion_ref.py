#!/usr/bin/python3
"""NEURON reference for LONGITUDINAL_DIFFUSION of a mechanism's own array
STATEs (NGV's mcd13.mod: ca[i], bufm[i], cabufm[i] of its 4 shells).

A cell of a soma (20x20 um, nseg 1) and a dendrite (100 um x 2 um, nseg 5)
at soma(1), mcd and pas (g 1e-4 S/cm2, e -70 mV) everywhere, cm 1 uF/cm2,
Ra 100 ohm cm, celsius 34 degC, v_init -70 mV, dt 0.025 ms, fixed step
(secondorder 0), 100 ms; DCa and DBufm of mcd (GLOBALs) raised to 20 and
5 um2/ms so that what diffuses crosses segments within the run. Every
segment's glu2 (a BBCOREPOINTER NEURON dereferences) is aimed with
setpointer at its own Vector element, 0; the element of dend(0.1) is set
to 1 between steps 400 and 401 (t = 10 ms), which puts that segment's
ca[0] to 60 uM (mcd13's BREAKPOINT), whence calcium and the buffer spread
along the dendrite and into the soma. Recorded every 40 steps (1 ms): v
at soma(0.5), and ca[0], ca[3], bufm[0], cabufm[0] of mcd at the segments
of LOCATIONS, as columns <var>_<section>_<x> (var in Golgi's names,
ca[0] for NEURON's ca_mcd[0]). Written to
sim/nmodl/mods/ngv/testdata/ldiffusion.csv.gz (one '#' comment line, a
header, the values with %.17g); the cell and protocol are repeated in
sim/nmodl/mods/ngv/ldiffusion_test.go (sim/morph's CellGroup with the
ngv set).

Run with the Python that has NEURON (/usr/bin/python3); mcd13.mod comes
from $GOLGI_REF/sonata/mod/common/mod/ngv, compiled by the nrnivmodl of
$GOLGI_NRNIVMODL (default /work/main/out/neuron/nrnivmodl).
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
OUT = REPO / "sim" / "nmodl" / "mods" / "ngv" / "testdata" / "ldiffusion.csv.gz"
LOCATIONS = [("soma", 0.5), ("dend", 0.1), ("dend", 0.3), ("dend", 0.5), ("dend", 0.9)]
VARS = [("ca", 0), ("ca", 3), ("bufm", 0), ("cabufm", 0)]
GLOBALS = {"DCa_mcd": 20.0, "DBufm_mcd": 5.0}
TRIGGER = ("dend", 0.1)
TRIGGER_STEP = 400
NSTEPS = 4000
EVERY = 40


def run(lib):
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    h("secondorder = 0")
    h.celsius = 34
    h.dt = 0.025
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    for sec, L, d, nseg in [(soma, 20, 20, 1), (dend, 100, 2, 5)]:
        sec.L, sec.diam, sec.nseg, sec.cm, sec.Ra = L, d, nseg, 1, 100
        sec.insert("mcd")
        sec.insert("pas")
        for seg in sec:
            seg.pas.g, seg.pas.e = 1e-4, -70
    dend.connect(soma(1), 0)
    secs = {"soma": soma, "dend": dend}
    targets = {}
    for name, sec in secs.items():
        for seg in sec:
            vec = h.Vector(1)
            h.setpointer(vec._ref_x[0], "glu2", seg.mcd)
            targets[(name, round(seg.x, 6))] = vec
    for k, v in GLOBALS.items():
        setattr(h, k, v)
    cols, vecs = ["t_ms", "v_soma"], [h.Vector().record(h._ref_t), h.Vector().record(soma(0.5)._ref_v)]
    for name, x in LOCATIONS:
        for var, i in VARS:
            cols.append("%s[%d]_%s_%g" % (var, i, name, x))
            vecs.append(h.Vector().record(getattr(secs[name](x), "_ref_%s_mcd" % var)[i]))
    h.CVode().active(0)
    h.finitialize(-70)
    for n in range(NSTEPS):
        if n == TRIGGER_STEP:
            targets[(TRIGGER[0], TRIGGER[1])].x[0] = 1.0
        h.fadvance()
    buf = io.StringIO()
    buf.write("# NEURON %s: scripts/nmodl-ref/ngv_ldiffusion_ref.py (mcd13's LONGITUDINAL_DIFFUSION "
              "of ca, bufm, cabufm; glu2 of %s(%g) set to 1 after step %d)\n"
              % (h.nrnversion(5), TRIGGER[0], TRIGGER[1], TRIGGER_STEP))
    buf.write(",".join(cols) + "\n")
    for i in range(0, NSTEPS + 1, EVERY):
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
        shutil.copy(ref / "sonata/mod/common/mod/ngv/mcd13.mod", Path(d) / "mcd13.mod")
        env = dict(os.environ, NRNIVMODL_JOBS=os.environ.get("NRNIVMODL_JOBS", "1"))
        subprocess.run([nrnivmodl], cwd=d, check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([sys.executable, __file__, str(Path(d) / "x86_64" / ".libs" / "libnrnmech.so")],
                       check=True)


if __name__ == "__main__":
    main()
