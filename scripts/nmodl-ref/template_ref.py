#!/usr/bin/python3
"""NEURON 8.2.2 reference for package sim/hoc: BBP emodel templates of the
SONATA test circuits instantiated in NEURON, their sections, segments and
mechanism parameters dumped for sim/hoc's TestTemplatesNEURON.

    /usr/bin/python3 scripts/nmodl-ref/template_ref.py

writes sim/hoc/testdata/neuron_templates.json.gz. Cases (CASES below):
usecase3 CircuitA cADpyr_L2TPC and cNAC_L23BTC, CircuitB bAC_IN, with
their .swc morphologies (the circuits' .swc alternates, so that the test
does not need an .asc reader) and AIS_scaler from nodes_*.h5
dynamics_params (float32, as stored).

The .swc files were exported by MorphIO from Neurolucida contours: their
soma points have radius 0, which NEURON's Import3d_SWC_read takes as a
chain of frustums of diameter 0 (zero soma area). Both this script and
the Go test give those points radius SOMA_RADIUS_UM instead (see
soma_fixed), so that the soma has a membrane; everything else is the
file as stored.

Per template the dump holds, for every section of the cell's `all` list
(name without the object prefix, in the list's order): the index the
template wrote into v(0.0001), parent and parentx, nseg, L, Ra, and per
segment x, area, ri, diam, cm, the PARAMETER range variables of every
inserted mechanism (MechanismStandard(name, 1)) and the reversal
potentials of the ions present; and the spike detector made by
connect2target (section, x, threshold).
"""

import gzip
import json
import os
import pathlib
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]
SOMA_RADIUS_UM = 5.0
MODS_V6 = ["NaTg", "Nap_Et2", "K_Pst", "K_Tst", "SKv3_1", "SK_E2", "Ca_HVA2",
           "Ca_LVAst", "CaDynamics_DC0", "Ih"]
# (case name, hoc file, template, morphology .swc, gid, AIS_scaler node)
CASES = [
    ("cADpyr_L2TPC", "usecase3/CircuitA/hoc/cADpyr_L2TPC.hoc", "cADpyr_L2TPC",
     "usecase3/CircuitA/morphologies/swc/rr110330_C3_idA.swc", 2, ("usecase3/nodes_A.h5", "NodeA", 2)),
    ("cNAC_L23BTC", "usecase3/CircuitA/hoc/cNAC_L23BTC.hoc", "cNAC_L23BTC",
     "usecase3/CircuitA/morphologies/swc/C210401C.swc", 1, ("usecase3/nodes_A.h5", "NodeA", 1)),
    ("bAC_IN", "usecase3/CircuitB/hoc/bAC_IN.hoc", "bAC_IN",
     "usecase3/CircuitB/morphologies/swc/dend-jy180406_B_idC_axon-jy171019_B_10x_resta_idB_-_Scale_x1.000_y0.950_z1.000_-_Clone_1.swc",
     0, None),
]
OUT = REPO / "sim" / "hoc" / "testdata" / "neuron_templates.json.gz"


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
    for name in MODS_V6:
        _, text = read_mod(ref_root() / "sonata/mod/neocortex/mod/v6" / f"{name}.mod")
        (work / f"{name}.mod").write_text(text)
    nrnivmodl = os.environ.get("GOLGI_NRNIVMODL", str(REPO.parent / "main" / "out" / "neuron" / "nrnivmodl"))
    if not pathlib.Path(nrnivmodl).exists():
        nrnivmodl = str(REPO / "out" / "neuron" / "nrnivmodl")
    r = subprocess.run([nrnivmodl], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("nrnivmodl failed (run scripts/install-neuron.sh):\n" + r.stdout + r.stderr)


def soma_fixed(text):
    """The SWC with soma points of radius 0 given radius SOMA_RADIUS_UM."""
    out = []
    for line in text.splitlines():
        f = line.split()
        if len(f) == 7 and not line.lstrip().startswith("#") and f[1] == "1" and float(f[5]) == 0:
            f[5] = repr(SOMA_RADIUS_UM)
            line = " ".join(f)
        out.append(line)
    return "\n".join(out) + "\n"


def ais_scaler(spec):
    if spec is None:
        return 0.0
    import h5py
    path, pop, row = spec
    with h5py.File(ref_root() / "sonata/circuits" / path) as f:
        return float(f["nodes"][pop]["0"]["dynamics_params"]["AIS_scaler"][row])


def params_of(h, mname):
    ms = h.MechanismStandard(mname, 1)
    out = []
    for i in range(int(ms.count())):
        nm = h.ref("")
        size = ms.name(nm, i)
        if size == 1:
            out.append(nm[0])
    return out


def dump_cell(h, cell, prefix):
    secs = []
    pcache = {}
    for sec in cell.all:
        name = sec.name()[len(prefix):]
        ps = sec.parentseg()
        d = {"name": name, "index": sec(0.0001).v, "nseg": sec.nseg, "L": sec.L, "Ra": sec.Ra,
             "parent": ps.sec.name()[len(prefix):] if ps is not None else "",
             "parentx": ps.x if ps is not None else 0.0, "n3d": int(sec.n3d()), "segs": []}
        for seg in sec:
            s = {"x": seg.x, "area": seg.area(), "ri": seg.ri(), "diam": seg.diam, "cm": seg.cm,
                 "mechs": {}, "ions": {}}
            for mech in seg:
                mname = mech.name()
                if mname not in pcache:
                    pcache[mname] = params_of(h, mname)
                s["mechs"][mname] = {p[: -len(mname) - 1]: getattr(seg, p) for p in pcache[mname]}
            for ion in ("na", "k", "ca"):
                if h.ismembrane(ion + "_ion", sec=sec):
                    s["ions"]["e" + ion] = getattr(seg, "e" + ion)
            d["segs"].append(s)
        secs.append(d)
    return secs


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="golgi-hoc-ref-"))
    compile_mods(work)
    os.chdir(work)
    from neuron import h
    h.load_file("stdrun.hoc")
    h.load_file("import3d.hoc")
    morph_dir = work / "morph"
    morph_dir.mkdir()
    out = {"neuron": h.nrnversion(), "soma_radius_um": SOMA_RADIUS_UM, "cases": []}
    for name, hoc, tmpl, swc, gid, ais_spec in CASES:
        root = ref_root() / "sonata/circuits"
        (morph_dir / pathlib.Path(swc).name).write_text(soma_fixed((root / swc).read_text()))
        h.load_file(str(root / hoc))
        ais = ais_scaler(ais_spec)
        cell = getattr(h, tmpl)(gid, str(morph_dir), pathlib.Path(swc).name, ais)
        prefix = cell.hname() + "."
        h("objref tmp_nc, tmp_nil")
        h(f"{cell.hname()}.connect2target(tmp_nil, tmp_nc)")
        seg = h.tmp_nc.preseg()
        case = {"name": name, "hoc": hoc, "template": tmpl, "morphology": swc, "gid": gid,
                "ais_scaler": ais, "sections": dump_cell(h, cell, prefix),
                "spike": {"section": seg.sec.name()[len(prefix):], "x": seg.x, "threshold": h.tmp_nc.threshold},
                "celsius": h.celsius, "v_init": h.v_init}
        out["cases"].append(case)
        print(name, len(case["sections"]), "sections", file=sys.stderr)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", OUT, OUT.stat().st_size, "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
