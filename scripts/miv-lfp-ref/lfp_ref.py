#!/usr/bin/python3
"""NEURON 8.2.2 reference for sim/lfp's MiV HEAD compat mode (issue 21).

MiV-Simulator's lfp.py (HEAD f279b9c) computes its line-source
coefficients with NEURON calls whose semantics the compat mode of
sim/lfp reproduces in Go (docs/LFP.md, SPEC.md 5.6): the nodes of a
section from Vector.interpolate over the normalized arc length of its
3-D points (Ted Carnevale's interpxyz: 0, 1/(2n), 3/(2n), ..., 1),
sec.L / nseg, and h.area(seg.x) called without a section, which is the
area of the default section (here the first section created, the soma,
as no access statement is made). This script builds a PVBC-like cell of
five sections with 3-D points (nseg 1, 9, 9, 7, 7), computes those
coefficients with NEURON, as SPEC 5.6 describes HEAD's (the rd, ld, sd
of segment j from node j; the absolute value of the log; one vector per
cell indexed by the segment's index within its section), and writes
sim/lfp/testdata/miv_head_ref.json: the sections' 3-D points as NEURON
stores them (single precision), nseg, L, NEURON's area(x) of every
segment, the default section's areas, and for three electrodes the
per-cell coefficient vector (of current densities, mA/cm2) and which
entry every segment reads.

    /usr/bin/python3 scripts/miv-lfp-ref/lfp_ref.py
"""

import json
import math
import os
import pathlib

from neuron import h

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "sim" / "lfp" / "testdata" / "miv_head_ref.json"

RHO = 333.0
WEIGHT = 10.0  # a distal cell, fdst 0.1
ELECTRODES = [[500.0, 500.0, 0.0], [20.0, 30.0, 5.0], [-60.0, -60.0, 40.0]]

# (name, nseg, points x, y, z, diam): values exact in single precision.
SECTIONS = [
    ("soma", 3, [[-10, 0, 0, 20], [0, 0, 0, 16], [10, 0, 0, 10]]),
    ("dend0", 9, [[10, 0, 0, 2], [40, 20, 5, 1.5], [60, 25, 10, 1.25], [90, 60, 0, 1]]),
    ("dend1", 9, [[-10, 0, 0, 2], [-40, 30, 0, 1.5], [-70, 30, 20, 1]]),
    ("dend2", 7, [[0, 0, 10, 1], [0, -80, 30, 1]]),
    ("dend3", 7, [[0, 0, -10, 1.25], [5, -40, -30, 1], [30, -90, -20, 0.75]]),
]


def main():
    secs = []
    for name, nseg, pts in SECTIONS:
        s = h.Section(name=name)
        for x, y, z, d in pts:
            s.pt3dadd(x, y, z, d)
        s.nseg = nseg
        secs.append(s)
    secs[1].connect(secs[0](1))
    secs[2].connect(secs[0](0))
    secs[3].connect(secs[0](0.5))
    secs[4].connect(secs[0](0.5))
    for s in secs:
        s.insert("extracellular")
    default = h.cas()
    assert default.name() == "soma", default.name()

    out = {"neuron": h.nrnversion(), "rho_ohm_cm": RHO, "weight": WEIGHT, "sections": [],
           "default_section": 0, "electrodes": []}
    for s in secs:
        n3d = int(s.n3d())
        out["sections"].append({
            "name": s.name(), "nseg": s.nseg, "L_um": s.L,
            "x_um": [s.x3d(i) for i in range(n3d)], "y_um": [s.y3d(i) for i in range(n3d)],
            "z_um": [s.z3d(i) for i in range(n3d)], "diam_um": [s.diam3d(i) for i in range(n3d)],
            "area_um2": [h.area(seg.x, sec=s) for seg in s],
        })

    for e in ELECTRODES:
        ex, ey, ez = e
        n = sum(s.nseg for s in secs)
        coeffs = [0.0] * n
        for s in secs:
            nn = int(s.n3d())
            xx, yy, zz, ll = h.Vector(nn), h.Vector(nn), h.Vector(nn), h.Vector(nn)
            for i in range(nn):
                xx.x[i], yy.x[i], zz.x[i], ll.x[i] = s.x3d(i), s.y3d(i), s.z3d(i), s.arc3d(i)
            ll.div(ll.x[nn - 1])
            rng = h.Vector(s.nseg + 2)
            rng.indgen(1.0 / s.nseg)
            rng.sub(1.0 / (2 * s.nseg))
            rng.x[0], rng.x[s.nseg + 1] = 0, 1
            xi, yi, zi = h.Vector(s.nseg + 2), h.Vector(s.nseg + 2), h.Vector(s.nseg + 2)
            xi.interpolate(rng, ll, xx)
            yi.interpolate(rng, ll, yy)
            zi.interpolate(rng, ll, zz)
            l = s.L / s.nseg
            for j, seg in enumerate(s):
                px, py, pz = xi.x[j], yi.x[j], zi.x[j]  # node j
                rd = math.sqrt((ex - px) ** 2 + (ey - py) ** 2 + (ez - pz) ** 2)
                ld = math.sqrt((px - xi.x[0]) ** 2 + (py - yi.x[0]) ** 2 + (pz - zi.x[0]) ** 2)
                sd = l - ld
                # h.area without sec=: the default section's area at x.
                k = 1e-4 * h.area(seg.x) * (RHO / (4 * math.pi * l)) * abs(
                    math.log((math.sqrt(ld * ld + rd * rd) - ld) / (math.sqrt(sd * sd + rd * rd) - sd)))
                if math.isnan(k):
                    k = 0.0
                coeffs[j] = WEIGHT * k
        out["electrodes"].append({"pos_um": e, "coeffs": coeffs})

    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(OUT) + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    os.replace(tmp, OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
