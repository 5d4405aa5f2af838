#!/usr/bin/python3
"""NEURON 8.2.2 reference for secondorder 2 with calcium dynamics (issue 21):
a soma (L = diam = 20 um, Ra 100, cm 1) with pas (1e-4 S/cm2, -65 mV),
MiV's ca3_SM cal (L-type calcium, writes ica) and cacum (READ ica WRITE
cai, METHOD derivimplicit), an IClamp of 0.2 nA from 50 ms for 100 ms,
celsius 34, v_init -65, dt 0.025, 200 ms, secondorder 0 and 2: what
NEURON's second_order_cur (ica moved to t + dt/2 by its slope) and
nocmodl's half-step derivimplicit do to a concentration.

Run by scripts/miv-ref/cell_ref.sh (which compiles ca3_SM too) in the
directory of the compiled mechanisms. Output:
sim/models/miv/testdata/cells/CACUM_so<k>.csv.gz: '#' protocol line, then
v_soma,cai rows every 8th step printed with %.10g.
"""

import gzip
import io
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "sim" / "models" / "miv" / "testdata" / "cells"


def main():
    from neuron import h
    h.load_file("stdrun.hoc")
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.Ra, soma.cm, soma.nseg = 100, 1, 1
    soma.insert("pas")
    soma.g_pas, soma.e_pas = 1e-4, -65
    soma.insert("cal")
    soma.insert("cacum")
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = 50, 100, 0.2
    v = h.Vector()
    v.record(soma(0.5)._ref_v)
    cai = h.Vector()
    cai.record(soma(0.5)._ref_cai)
    h.celsius = 34
    OUT.mkdir(parents=True, exist_ok=True)
    for so in (0, 2):
        h.dt, h.secondorder = 0.025, so
        h.cvode_active(0)
        h.finitialize(-65)
        h.continuerun(200)
        buf = io.StringIO()
        buf.write(f"# NEURON {h.nrnversion(5)}: soma L = diam = 20, pas 1e-4/-65, cal, cacum, IClamp 0.2 nA 50-150 ms, "
                  f"celsius 34, v_init -65, dt 0.025, secondorder {so}, every 8 steps (scripts/miv-ref/secondorder_ref.py)\n")
        buf.write("v_soma,cai\n")
        for i in range(0, len(v), 8):
            buf.write("%.10g,%.10g\n" % (v[i], cai[i]))
        with gzip.GzipFile(OUT / f"CACUM_so{so}.csv.gz", "wb", mtime=0) as z:
            z.write(buf.getvalue().encode())
        print(f"secondorder {so}: v(150) {v[6000]:.6f} mV, cai(150) {cai[6000]:.6g} mM")


if __name__ == "__main__":
    main()
