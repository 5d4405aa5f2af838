#!/usr/bin/python3
"""Times NEURON 8.2.2 on v5_sonata mini's five cells (issue 19's
performance comparison): the five nodes of sub_mini5 instantiated from
their v5 emodel templates on their .asc morphologies (with the v5
mechanisms compiled by nrnivmodl), each with an IClamp at soma(0.5) of its
threshold_current plus its holding_current from 0 to 100 ms, run 100 ms at
dt 0.025 ms (celsius 34, v_init -65, secondorder 0).

It has no synapses and no noise: a lower bound of neurodamus's run of the
same cells, which adds 2204 stochastic synapses, noise stimuli and its
Python driver. Golgi's side is `golgi run` of simulation_config_mini.json
(the whole circuit) or BenchmarkV5SonataMini.

    /usr/bin/python3 scripts/sonata-ref/v5mini_bench.py [--repeat 5]

prints one line: the cells' compartments, the median of --repeat runs of
h.continuerun(100) (run_s), the time to start NEURON and build the cells
(build_s; the mechanisms' compilation by nrnivmodl not counted, as a
neurodamus installation has them built) and their sum (total_s).
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import h5py  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "morph-ref"))
from morph_ref import import3d_dir  # noqa: E402


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
    src = ref_root() / "sonata" / "mod" / "neocortex" / "mod" / "v5"
    for p in sorted(src.glob("*.mod")):
        (work / p.name).write_text(read_mod(p))
    nrnivmodl = os.environ.get("GOLGI_NRNIVMODL", str(REPO / "out" / "neuron" / "nrnivmodl"))
    r = subprocess.run([nrnivmodl], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("nrnivmodl failed (run scripts/install-neuron.sh):\n" + r.stdout + r.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--tstop", type=float, default=100)
    args = ap.parse_args()
    circuit = ref_root() / "sonata" / "circuits" / "v5_sonata" / "sub_mini5"
    cfg = json.loads((circuit / "circuit_config.json").read_text())
    work = pathlib.Path(tempfile.mkdtemp(prefix="golgi-v5bench-"))
    try:
        compile_mods(work)
        d = import3d_dir("pr2491")
        shutil.copy(d / "import3d.hoc", work / "import3d.hoc")
        shutil.copytree(d / "import3d", work / "import3d")
        shutil.rmtree(d, ignore_errors=True)
        os.chdir(work)
        t_build = time.perf_counter()
        from neuron import h
        h.load_file("stdrun.hoc")
        h.load_file("import3d.hoc")
        f = h5py.File(circuit / "default" / "nodes.h5", "r")
        g = f["nodes"]["default"]["0"]
        dec = lambda x: x.decode() if isinstance(x, bytes) else str(x)
        hoc_dir = circuit / "biophysical_model_templates"
        asc_dir = circuit / "morphologies"
        cells, clamps, loaded = [], [], set()
        for i in range(len(g["model_template"])):
            t = dec(g["model_template"][i]).removeprefix("hoc:")
            if t not in loaded:
                h.load_file(str(hoc_dir / (t + ".hoc")))
                loaded.add(t)
            cell = getattr(h, t)(i + 1, str(asc_dir), dec(g["morphology"][i]) + ".asc")
            ic = h.IClamp(cell.soma[0](0.5))
            ic.delay, ic.dur = 0, 1e9
            ic.amp = float(g["dynamics_params"]["threshold_current"][i]) + float(g["dynamics_params"]["holding_current"][i])
            cells.append(cell)
            clamps.append(ic)
        build = time.perf_counter() - t_build
        nseg = sum(s.nseg for c in cells for s in c.all)
        h.celsius, h.dt, h.secondorder = 34, 0.025, 0
        h.cvode_active(0)
        times = []
        for _ in range(args.repeat):
            h.finitialize(-65)
            t0 = time.perf_counter()
            h.continuerun(args.tstop)
            times.append(time.perf_counter() - t0)
        times.sort()
        med = times[len(times) // 2]
        steps = round(args.tstop / h.dt)
        print(f"neuron cells={len(cells)} compartments={nseg} tstop_ms={args.tstop} run_s={med:.4f} build_s={build:.4f} "
              f"total_s={build + med:.4f} ns_per_compartment_step={med / steps / nseg * 1e9:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
