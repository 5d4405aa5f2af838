#!/usr/bin/python3
"""NEURON's Random123 draws, the reference of Golgi's sim/random123.

Prints, for a few streams and global indices, the first draws of NEURON
8.2's Random object on a Random123 generator, h.Random().Random123(id1,
id2, id3) after Random123_globalindex(gix):

    repick   the fresh object's default distribution (uniform(0, 1)),
             which is nrnran123_dblpick, what the synapse .mod files call
    uniform  r.uniform(lo, hi) (one pick) then repick
    negexp   r.negexp(mean) (one pick) then repick
    normal   r.normal(mean, var) (one pick) then repick

and r.seq() after the draws. Each line:

    dist id1 id2 id3 gix a b i value

a and b are the distribution's parameters (0 for repick), i the draw's
index (0 first) or "seq" for the sequence position after the draws, and
value printed with %.17g. The output is written to
sim/random123/testdata/neuron_random123.txt (or the path given).

Run it with the Python that has NEURON: /usr/bin/python3
scripts/nmodl-ref/random123_ref.py.
"""

import sys
from pathlib import Path

from neuron import h

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "sim" / "random123" / "testdata" / "neuron_random123.txt"

N = 23  # draws per case: not a multiple of 4, crosses several blocks
STREAMS = [
    (1, 2, 3),
    (0, 0, 0),
    (255, 103, 300),  # a synapse: tgid 5 + 250, synapseID 3 + 100, seed 0 + 300
    (4294967295, 65536, 123456789),
]
GLOBAL_INDICES = [0, 1, 2024]
DISTS = [
    ("repick", None, 0.0, 0.0),
    ("uniform", "uniform", -2.0, 3.0),
    ("negexp", "negexp", 2.5, 0.0),
    ("normal", "normal", 1.0, 4.0),
]


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    lines = ["# NEURON %s Random123 draws: dist id1 id2 id3 gix a b i value" % h.nrnversion(5)]
    for gix in GLOBAL_INDICES:
        h.Random().Random123_globalindex(gix)
        for ids in STREAMS:
            for name, method, a, b in DISTS:
                r = h.Random()
                r.Random123(*ids)
                vals = []
                if method is None:
                    vals = [r.repick() for _ in range(N)]
                else:
                    args = (a, b) if method in ("uniform", "normal") else (a,)
                    vals = [getattr(r, method)(*args)] + [r.repick() for _ in range(N - 1)]
                pre = "%s %d %d %d %d %.17g %.17g" % ((name,) + ids + (gix, a, b))
                lines += ["%s %d %.17g" % (pre, i, v) for i, v in enumerate(vals)]
                lines.append("%s seq %.17g" % (pre, r.seq()))
    h.Random().Random123_globalindex(0)
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
