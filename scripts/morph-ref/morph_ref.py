#!/usr/bin/python3
"""NEURON 8.2.2 references for sim/morph's morphology readers (issue 19).

Every Neurolucida morphology (.asc) of the SONATA circuits in shared/ref and the test files in sim/morph/testdata/asc is loaded the way the BBP
cell templates load them: Import3d_Neurolucida3 (or Import3d_SWC_read),
quiet, then Import3d_GUI(reader, 0).instantiate(cell) into a hoc template
with soma, axon, dend and apic arrays. For each morphology it writes
sim/morph/testdata/import3d/<name>.csv.gz: one "sec" row per section in
NEURON's order (soma, axon, dend, apic; each in Import3d's order) with its
name, type, parent, parentx, n3d, L, nseg = 1 + 2*floor(L/40) (BBP's
geom_nseg_fixed(40)), the sum of the segment areas with that nseg, and its
first and last 3-D points; and one "pt" row per 3-D point of the soma.

Import3d is run twice, in two processes: as NEURON 8.2.2 ships it, and with
the soma orientation of NEURON PR #2491 (major axis of the soma contour
turned to its largest positive component), which neurodamus's reference
runs used and sim/morph follows. The file holds the PR #2491 run; the
script checks that the stock run gives the same sections, lengths and
areas, and records in the header whether its soma points are the same or
reversed (the sign of meschach's eigenvector decides, by chance).

    /usr/bin/python3 scripts/morph-ref/morph_ref.py [--ref shared/ref]
"""

import argparse
import gzip
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "sim" / "morph" / "testdata" / "import3d"
HOCLIB = pathlib.Path("/usr/share/nrn/lib/hoc")

PR2491_OLD = "\tmajor = m.getcol(tobj.max_ind)\n"
PR2491_NEW = PR2491_OLD + """\tif (major.x[major.c.abs().max_ind()] < 0) {
\t\tmajor.mul(-1)
\t}
"""

TEMPLATE = """
begintemplate MorphRefCell
public soma, axon, dend, apic, all, somatic, axonal, basal, apical
create soma[1], axon[1], dend[1], apic[1]
objref all, somatic, axonal, basal, apical
proc init() {
    all = new SectionList()
    somatic = new SectionList()
    axonal = new SectionList()
    basal = new SectionList()
    apical = new SectionList()
}
endtemplate MorphRefCell
"""


def morphologies(ref):
    files = sorted(pathlib.Path(ref, "sonata", "circuits").rglob("*.asc"))
    files += sorted((REPO / "sim" / "morph" / "testdata" / "asc").glob("*.asc"))
    return files


def import3d_dir(variant):
    """A directory holding import3d.hoc and import3d/, patched for PR #2491."""
    d = pathlib.Path(tempfile.mkdtemp(prefix="import3d-"))
    shutil.copy(HOCLIB / "import3d.hoc", d / "import3d.hoc")
    shutil.copytree(HOCLIB / "import3d", d / "import3d")
    if variant == "pr2491":
        p = d / "import3d" / "import3d_gui.hoc"
        src = p.read_text()
        if src.count(PR2491_OLD) != 1:
            sys.exit("import3d_gui.hoc: cannot find the line PR #2491 follows")
        p.write_text(src.replace(PR2491_OLD, PR2491_NEW))
    return d


def run_variant(variant, files):
    """Loads every file with Import3d and returns, per file, its sections."""
    d = import3d_dir(variant)
    os.chdir(d)
    from neuron import h
    h.load_file("stdlib.hoc")
    h.load_file(str(d / "import3d.hoc"))
    h(TEMPLATE)
    out = {}
    for f in files:
        if f.suffix == ".asc":
            reader = h.Import3d_Neurolucida3()
        else:
            reader = h.Import3d_SWC_read()
        reader.quiet = 1
        reader.input(str(f))
        cell = h.MorphRefCell()
        h.Import3d_GUI(reader, 0).instantiate(cell)
        secs = []
        for arr in ("soma", "axon", "dend", "apic"):
            for s in getattr(cell, arr):
                if s.n3d() > 0:
                    secs.append(s)
        index = {s.hname(): i for i, s in enumerate(secs)}
        rows = []
        for s in secs:
            ps = s.parentseg()
            parent, px = -1, 0.0
            if ps is not None:
                parent, px = index[ps.sec.hname()], ps.x
            L = s.L
            s.nseg = 1 + 2 * int(L / 40)
            area = sum(seg.area() for seg in s)
            n = s.n3d()
            pts = [[s.x3d(i), s.y3d(i), s.z3d(i), s.diam3d(i)] for i in range(n)]
            name = s.hname().split(".", 1)[1]
            rows.append({"name": name, "parent": parent, "parentx": px, "n3d": n,
                         "L": L, "nseg": s.nseg, "area": area, "pts": pts})
        out[str(f)] = rows
        del cell
    print(json.dumps(out))


def variant(name, files):
    r = subprocess.run([sys.executable, __file__, "--variant", name] + [str(f) for f in files],
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def same_geometry(a, b):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        for k in ("name", "parent", "parentx", "n3d", "nseg"):
            if x[k] != y[k]:
                return False
        for k in ("L", "area"):
            if not math.isclose(x[k], y[k], rel_tol=1e-9):
                return False
    return True


def orientation(a, b):
    pa, pb = a[0]["pts"], b[0]["pts"]
    if pa == pb:
        return "same"
    close = lambda p, q: all(math.isclose(u, v, rel_tol=1e-5, abs_tol=1e-4) for u, v in zip(p, q))
    if all(close(p, q) for p, q in zip(pa, reversed(pb))):
        return "reversed"
    return "different"


def g(x):
    return "%.9g" % x


def write(f, ref, rows, orient):
    name = f.stem
    if f.suffix == ".swc":
        name += ".swc"
    OUT.mkdir(parents=True, exist_ok=True)
    rel = os.path.relpath(f, ref) if str(f).startswith(str(ref)) else os.path.relpath(f, REPO)
    lines = ["# NEURON 8.2.2 Import3d with PR #2491's soma orientation (scripts/morph-ref/morph_ref.py)",
             "# file %s" % rel,
             "# stock 8.2.2 soma points: %s" % orient,
             "sec,i,name,parent,parentx,n3d,L,nseg,area,x0,y0,z0,d0,x1,y1,z1,d1"]
    for i, r in enumerate(rows):
        p0, p1 = r["pts"][0], r["pts"][-1]
        lines.append(",".join(["sec", str(i), r["name"], str(r["parent"]), repr(r["parentx"]),
                               str(r["n3d"]), "%.17g" % r["L"], str(r["nseg"]), "%.17g" % r["area"]]
                              + [g(v) for v in p0 + p1]))
    for i, p in enumerate(rows[0]["pts"]):
        lines.append(",".join(["pt", str(i)] + [g(v) for v in p]))
    with gzip.open(OUT / (name + ".csv.gz"), "wt", compresslevel=9) as w:
        w.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", default=os.environ.get("GOLGI_REF", str(REPO.parent / "shared" / "ref")))
    ap.add_argument("--variant")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    if a.variant:
        run_variant(a.variant, [pathlib.Path(f) for f in a.files])
        return
    ref = pathlib.Path(a.ref).resolve()
    files = morphologies(ref)
    if not files:
        sys.exit("no morphologies under %s" % ref)
    new = variant("pr2491", files)
    old = variant("stock", files)
    for f in files:
        a_, b_ = new[str(f)], old[str(f)]
        if not same_geometry(a_, b_):
            sys.exit("%s: stock Import3d and PR #2491 differ beyond the soma orientation" % f)
        o = orientation(a_, b_)
        write(f, ref, a_, o)
        print("%-60s %4d sections, soma %s in 8.2.2" % (f.name[:60], len(a_), o))


if __name__ == "__main__":
    main()
