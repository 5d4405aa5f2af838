#!/usr/bin/python3
"""NEURON 8.2.2 references for single SONATA cells (issue 19): every node of
usecase3's two populations, its BluePyOpt emodel template instantiated on
its morphology as neurodamus instantiates it, under a current step.

    /usr/bin/python3 scripts/sonata-ref/emodel_ref.py

What it does, in a temporary directory:
1. compiles the neocortex v6 mechanisms (shared/ref/sonata/mod/neocortex/mod/v6,
   git-symlink stubs followed) with the nrnivmodl of scripts/install-neuron.sh;
2. copies NEURON's import3d.hoc with the soma orientation of NEURON PR #2491
   (as scripts/morph-ref/morph_ref.py does: neurodamus's reference runs had
   it, and sim/morph follows it);
3. for each node of usecase3's NodeA and NodeB: loads <hoc dir>/<T>.hoc and
   makes T(gid, <asc dir>, "<morphology>.asc", AIS_scaler) (the
   neurolucida-asc alternate, as neurodamus prefers it), celsius 34, v_init
   -80 (the templates' check_simulator values), dt 0.025 ms, secondorder 0,
   an IClamp at soma(0.5) of STEP_FRACTION times the node's
   threshold_current from STEP_DELAY_MS for STEP_DUR_MS, and records v at
   soma(0.5) every 4th step and the spike times of a NetCon on soma(1)
   (threshold -30 mV) to TSTOP_MS.

Output: sim/models/sonata/testdata/emodels/<population>_<node>.csv.gz, one
per node: '#' comment lines (the protocol, the spike times), a header and
t_ms,v_soma rows printed with %.17g.
"""

import gzip
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import h5py

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "morph-ref"))
from morph_ref import import3d_dir  # noqa: E402  (PR #2491's Import3d)

OUT = REPO / "sim" / "models" / "sonata" / "testdata" / "emodels"
STEP_FRACTION = 0.5
STEP_DELAY_MS = 20.0
STEP_DUR_MS = 200.0
TSTOP_MS = 250.0


def ref_root():
    return pathlib.Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))


def read_mod(path):
    for _ in range(8):
        text = path.read_text()
        line = text.strip()
        if "\n" not in line and line.endswith(".mod"):
            path = (path.parent / line).resolve()
            continue
        return text
    raise RuntimeError(f"{path}: link loop")


def compile_mods(work):
    src = ref_root() / "sonata" / "mod" / "neocortex" / "mod" / "v6"
    for p in sorted(src.glob("*.mod")):
        (work / p.name).write_text(read_mod(p))
    nrnivmodl = os.environ.get("GOLGI_NRNIVMODL", str(REPO / "out" / "neuron" / "nrnivmodl"))
    r = subprocess.run([nrnivmodl], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("nrnivmodl failed (run scripts/install-neuron.sh):\n" + r.stdout + r.stderr)


def nodes(circuit):
    cfg = json.loads((circuit / "circuit_config.json").read_text())
    for nf in cfg["networks"]["nodes"]:
        f = h5py.File(circuit / nf["nodes_file"], "r")
        for name, pop in nf["populations"].items():
            g = f["nodes"][name]["0"]
            dec = lambda x: x.decode() if isinstance(x, bytes) else str(x)
            n = len(g["model_template"])
            for i in range(n):
                yield {
                    "population": name, "node": i,
                    "template": dec(g["model_template"][i]).removeprefix("hoc:"),
                    "morphology": dec(g["morphology"][i]),
                    "hoc_dir": str(circuit / pop["biophysical_neuron_models_dir"]),
                    "asc_dir": str(circuit / pop["alternate_morphologies"]["neurolucida-asc"]),
                    "AIS_scaler": float(g["dynamics_params"]["AIS_scaler"][i]),
                    "threshold_current": float(g["dynamics_params"]["threshold_current"][i]),
                }


def main():
    circuit = ref_root() / "sonata" / "circuits" / "usecase3"
    work = pathlib.Path(tempfile.mkdtemp(prefix="golgi-emodel-ref-"))
    try:
        compile_mods(work)
        d = import3d_dir("pr2491")
        shutil.copy(d / "import3d.hoc", work / "import3d.hoc")
        shutil.copytree(d / "import3d", work / "import3d")
        shutil.rmtree(d, ignore_errors=True)
        os.chdir(work)
        from neuron import h  # loads ./x86_64's mechanisms
        h.load_file("stdrun.hoc")
        h.load_file("import3d.hoc")  # the patched copy: the templates' load_file finds it loaded
        OUT.mkdir(parents=True, exist_ok=True)
        loaded = set()
        for nd in nodes(circuit):
            t = nd["template"]
            if t not in loaded:
                h.load_file(str(pathlib.Path(nd["hoc_dir"]) / (t + ".hoc")))
                loaded.add(t)
            cell = getattr(h, t)(nd["node"], nd["asc_dir"], nd["morphology"] + ".asc", nd["AIS_scaler"])
            soma = cell.soma[0]
            ic = h.IClamp(soma(0.5))
            amp = STEP_FRACTION * nd["threshold_current"]
            ic.delay, ic.dur, ic.amp = STEP_DELAY_MS, STEP_DUR_MS, amp
            nc = h.NetCon(soma(1)._ref_v, None, sec=soma)
            nc.threshold = -30
            spikes = h.Vector()
            nc.record(spikes)
            v = h.Vector()
            v.record(soma(0.5)._ref_v)
            tv = h.Vector()
            tv.record(h._ref_t)
            h.celsius, h.dt, h.secondorder = 34, 0.025, 0
            h.cvode_active(0)
            h.finitialize(-80)
            h.continuerun(TSTOP_MS)
            nsec = sum(1 for _ in cell.all)
            nseg = sum(s.nseg for s in cell.all)
            buf = io.StringIO()
            buf.write(f"# NEURON {h.nrnversion(5)}: {nd['population']} node {nd['node']}, {t} on {nd['morphology']}.asc, AIS_scaler {nd['AIS_scaler']!r}, "
                      f"celsius 34, v_init -80, dt 0.025, IClamp soma(0.5) {amp!r} nA from {STEP_DELAY_MS} ms for {STEP_DUR_MS} ms "
                      f"({STEP_FRACTION} x threshold_current), {nsec} sections, {nseg} segments (scripts/sonata-ref/emodel_ref.py)\n")
            buf.write("# spikes: " + " ".join("%.17g" % x for x in spikes) + "\n")
            buf.write("t_ms,v_soma\n")
            for i in range(0, len(tv), 4):
                buf.write("%.17g,%.17g\n" % (tv[i], v[i]))
            out = OUT / f"{nd['population']}_{nd['node']}.csv.gz"
            with open(out, "wb") as f:
                with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
                    z.write(buf.getvalue().encode())
            print(f"{out.name}: {t}, {len(spikes)} spikes, {nsec} sections, {nseg} segments")
            ic = nc = cell = None
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
