#!/usr/bin/python3
"""Replays in NEURON 8.2.2 the inputs a Golgi SONATA run resolved and
delivered (issue: replayed spikes), to tell "engine" from "interpretation".

    GOLGI_DUMP_INPUTS=/tmp/x.json GOLGI_DUMP_CONFIG=neuromodulation/simulation_config.json \\
        go test ./sim/models/sonata/ -run TestDumpResolvedInputs
    /usr/bin/python3 scripts/sonata-ref/replay_ref.py /tmp/x.json [--out ref.csv.gz] [--every 4]
        [--sets sonatacommon,neocortexv6] [--no-events]
    /usr/bin/python3 scripts/sonata-ref/replay_ref.py --write-refs [--cases a,b]

GOLGI_DUMP_CONFIG is relative to $GOLGI_REF/sonata/circuits, or an
absolute path (a configuration written elsewhere, as --write-refs writes
the sscx and v5 mini cases).

The dump (sim/models/sonata/neuronref_test.go, resolveInputs) lists the
simulated cells (template, its arguments), their point processes
(section, x, parameters read back from Golgi's instances, Random123 ids),
the modifications applied to each cell, the conditions.mechanisms GLOBALs,
gap junctions (the potential their vgap reads), stimulus tables, and
every event Golgi delivered to a point process (time, weight vector,
flag), with Golgi's spikes and somatic potentials at every step.

In a temporary directory this script compiles the mechanisms of the
dump's sets (sonata/mod/neocortex/mod/v6 for neocortexv6, then
sonata/mod/common/mod for sonatacommon, a v6 file winning), instantiates
each cell as neurodamus does (T(args...), re_init_rng(ionchannel_seed)
when the template has it, Random123_globalindex(random_seed)), places
the point processes with the dumped parameters (setRNG(ids)), couples the
Gap junctions through ParallelContext's source_var/target_var (vgap), plays each stimulus table into an
IClamp at soma[0](0.5) (Vector.play continuous, as neurodamus's
stimuli), gives every dumped NetCon event (flag 0) to its synapse by
NetCon.event(t) on a NetCon of its own (weights as dumped), and runs at
the dump's dt (celsius, v_init, secondorder 0) with a spike detector of
the dump's threshold at the dump's location.

It prints NEURON's spikes against Golgi's, the largest |v| difference
per cell and the first step where it exceeds 1e-6 mV, and with --out
writes t_ms and NEURON's soma v per cell (every --every steps) as gzip
CSV. --sets changes the order of the mechanism sets (the first file of a
name wins): sonatacommon first gives common/mod's ProbAMPANMDA_EMS
instead of neocortex/mod/common's, to see what a mechanism's choice
changes.

--write-refs dumps (go test, GOLGI_REF) and replays the circuits of
REF_CASES (--cases: some of them) and writes
sim/models/sonata/testdata/replay/<name>.csv.gz, soma v every few steps
and NEURON's spikes, which TestResolvedInputsAgainstNEURON compares
Golgi's runs with.

Conductance stimuli are played as neurodamus's ConductanceSource (rs =
1/g into a ConductanceSource at soma[0](0.5), core/stimuli.py), and the
GLOBALs of conditions.mechanisms (the dump's "globals") are set.
"""

import argparse
import gzip
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "morph-ref"))
from morph_ref import import3d_dir  # noqa: E402  (PR #2491's Import3d)


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


SET_DIRS = {"neocortexv6": "neocortex/mod/v6", "neocortexv5": "neocortex/mod/v5",
            "sonatacommon": "common/mod"}


def compile_mods(work, sets):
    done = set()
    for s in sets:
        src = ref_root() / "sonata" / "mod" / SET_DIRS[s]
        for p in sorted(src.glob("*.mod")):
            if p.name in done or p.name == "vecevent.mod":  # a second VecStim
                continue
            done.add(p.name)
            (work / p.name).write_text(read_mod(p))
    nrnivmodl = os.environ.get("GOLGI_NRNIVMODL", str(REPO / "out" / "neuron" / "nrnivmodl"))
    if not pathlib.Path(nrnivmodl).is_file():
        nrnivmodl = "/work/main/out/neuron/nrnivmodl"
    env = dict(os.environ, NRNIVMODL_JOBS=os.environ.get("NRNIVMODL_JOBS", "1"))
    r = subprocess.run([nrnivmodl], cwd=work, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit("nrnivmodl failed (run scripts/install-neuron.sh):\n" + r.stdout + r.stderr)


def section(cell, name):
    base, _, idx = name.partition("[")
    return getattr(cell, base)[int(idx.rstrip("]"))] if idx else getattr(cell, base)


def conductance_source(h, seg, times, values):
    """neurodamus's ConductanceSource._DynamicClamp (core/stimuli.py) for
    a conductance table (uS) framed by the reversal potential: a
    ConductanceSource (SEClamp without it) on until the table's last
    time at the reversal potential (the table's first value), and rs =
    1/g (1e9 MOhm where g is not within (1e-9, 1e9)) played continuously
    on (0, 0) and the table."""
    cls = getattr(h, "ConductanceSource", None) or h.SEClamp
    clamp = cls(seg)
    clamp.dur1 = times[-1]
    clamp.amp1 = values[0]
    tv = h.Vector([0.0] + list(times))
    rs = h.Vector([1 / x if 1e-9 < x < 1e9 else 1e9 for x in [0.0] + list(values)])
    rs.play(clamp._ref_rs, tv, 1)
    return [clamp, tv, rs]


def modify(h, cell, m):
    """Applies a modification as neurodamus's modification_manager does to
    every section of the cell: TTX inserts TTXDynamicsSwitch with
    ttxo_level 1; ConfigureAllSections executes its statements (%s. the
    section) where the section has every attribute they name."""
    if m["type"] == "TTX":
        for sec in cell.all:
            if not h.ismembrane("TTXDynamicsSwitch", sec=sec):
                sec.insert("TTXDynamicsSwitch")
            sec.ttxo_level_TTXDynamicsSwitch = 1.0
        return
    if m["type"] != "ConfigureAllSections":
        sys.exit("modification %r is not replayed" % m["type"])
    import ast
    config = m["section_configure"].replace("%s.", "sec.")
    attrs = {n.attr for n in ast.walk(ast.parse(config)) if isinstance(n, ast.Attribute)}
    for sec in cell.all:
        if all(hasattr(sec, a) for a in attrs):
            exec(config, {"__builtins__": None}, {"sec": sec})


def run(d, use_events=True, prepare=None, timing=None):
    """Builds and runs the dump in NEURON (the mechanisms compiled in the
    working directory); prepare(h, cells), if given, is called before
    finitialize. Returns the spikes and soma potentials; timing, a dict if
    given, receives the seconds of the build (NEURON's import to the
    events queued) and of the run (the steps)."""
    t0 = time.perf_counter()
    from neuron import h  # loads ./x86_64's mechanisms
    h.load_file("stdrun.hoc")
    h.load_file("import3d.hoc")
    for name, value in (d.get("globals") or {}).items():
        if hasattr(h, name):
            setattr(h, name, value)
    h.Random().Random123_globalindex(d["random_seed"])
    loaded, cells, keep = set(), [], []
    for c in d["cells"]:
        if c["template"] not in loaded:
            h.load_file(c["hoc_file"])
            loaded.add(c["template"])
        cell = getattr(h, c["template"])(*c["template_args"])
        if hasattr(cell, "re_init_rng"):
            cell.re_init_rng(d["ionchannel_seed"])
        cells.append(cell)
    points, gaps = {}, []
    for ci, c in enumerate(d["cells"]):
        cell = cells[ci]
        for p in c["points"] or []:
            sec = section(cell, p["section"])
            pp = getattr(h, p["mech"])(sec(p["x"]))
            for k, v in p["params"].items():
                setattr(pp, k, v)
            if p.get("rng"):
                pp.setRNG(*p["rng"])
            points[(ci, p["name"])] = pp
        for g in c["gaps"] or []:
            gaps.append((ci, g))
        for st in c["stimuli"] or []:
            if st["Conductance"]:
                keep += conductance_source(h, cell.soma[0](0.5), st["TMs"], st["Value"])
                continue
            ic = h.IClamp(cell.soma[0](0.5))
            ic.delay, ic.dur = 0, 1e9
            tv, vv = h.Vector(st["TMs"]), h.Vector(st["Value"])
            vv.play(ic._ref_amp, tv, 1)
            keep += [ic, tv, vv]
    # The gap junctions' vgap through ParallelContext's transfer, as
    # neurodamus couples them: one source per published point.
    pc = h.ParallelContext()
    sources = {}
    for ci, g in gaps:
        key = (g["cell"], g["section"], g["x"])
        if key not in sources:
            sources[key] = len(sources)
            src = section(cells[g["cell"]], g["section"])
            pc.source_var(src(g["x"])._ref_v, sources[key], sec=src)
        gp = points[(ci, g["point"])]
        pc.target_var(gp, gp._ref_vgap, sources[key])
    if gaps:
        pc.setup_transfer()
    spikes = []
    for ci, c in enumerate(d["cells"]):
        sec = section(cells[ci], c["spike_section"])
        nc = h.NetCon(sec(c["spike_x"])._ref_v, None, sec=sec)
        nc.threshold = d["spike_threshold_mv"]
        vec = h.Vector()
        nc.record(vec)
        spikes.append(vec)
        keep.append(nc)
    vrec = [h.Vector().record(cells[ci].soma[0](0.5)._ref_v) for ci in range(len(cells))]
    for ci, c in enumerate(d["cells"]):
        for m in c.get("modifications") or []:
            modify(h, cells[ci], m)
    h.celsius, h.dt, h.secondorder = d["celsius"], d["dt_ms"], 0
    h.cvode_active(0)
    if prepare:
        prepare(h, cells)
    h.finitialize(d["v_init_mv"])
    ncs = []
    if use_events:
        for ev in d["events"] or []:
            if ev["flag"] != 0:
                continue
            nc = h.NetCon(None, points[(ev["cell"], ev["point"])])
            for i, w in enumerate(ev["args"]):
                nc.weight[i] = w
            nc.event(ev["t_ms"])
            ncs.append(nc)
    steps = round(d["tstop_ms"] / d["dt_ms"])
    t1 = time.perf_counter()
    for _ in range(steps):
        h.fadvance()
    if timing is not None:
        timing["build_s"], timing["run_s"] = t1 - t0, time.perf_counter() - t1
    sp = sorted((t, d["cells"][ci]["gid"]) for ci, v in enumerate(spikes) for t in v)
    return sp, [list(v) for v in vrec]


def replay(dump, sets=None, use_events=True, timing=None):
    """Runs run() on the dump in a temporary directory with its mechanisms
    compiled; returns NEURON's spikes and soma potentials."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="golgi-replay-ref-"))
    cwd = os.getcwd()
    try:
        compile_mods(work, sets or dump["mechanism_sets"])
        i3 = import3d_dir("pr2491")
        shutil.copy(i3 / "import3d.hoc", work / "import3d.hoc")
        shutil.copytree(i3 / "import3d", work / "import3d")
        shutil.rmtree(i3, ignore_errors=True)
        os.chdir(work)
        return run(dump, use_events, timing=timing)
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)


def compare(d, sp, v):
    print("NEURON spikes:", " ".join("gid %d at %.4f" % (g, t) for t, g in sp))
    print("Golgi  spikes:", " ".join("gid %d at %.4f" % (g, t) for g, t in d["spikes"]))
    dt = d["dt_ms"]
    for ci, c in enumerate(d["cells"]):
        gv = d["soma_v"][ci]
        diffs = [abs(a - b) for a, b in zip(gv, v[ci])]
        first = next((k for k, x in enumerate(diffs) if x > 1e-6), None)
        print("gid %d: max |dv| %.3g mV, first > 1e-6 mV at step %s (t %s ms)" % (
            c["gid"], max(diffs), first, None if first is None else round(first * dt, 4)))


def write(path, d, sp, v, every, name):
    from neuron import h
    dt = d["dt_ms"]
    buf = io.StringIO()
    buf.write("# NEURON %s replay of the inputs Golgi resolved for %s, mechanism sets %s "
              "(scripts/sonata-ref/replay_ref.py)\n" % (h.nrnversion(5), name, ",".join(d["mechanism_sets"])))
    buf.write("# spikes: " + " ".join("%d:%.17g" % (g, t) for t, g in sp) + "\n")
    buf.write(",".join(["t_ms"] + ["v_gid%d" % c["gid"] for c in d["cells"]]) + "\n")
    for k in range(0, len(v[0]), every):
        buf.write(",".join(["%.17g" % (k * dt)] + ["%.17g" % v[ci][k] for ci in range(len(v))]) + "\n")
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
            z.write(buf.getvalue().encode())


# The references sim/models/sonata's TestResolvedInputsAgainstNEURON reads:
# testdata/replay/<name>.csv.gz, soma v of every cell every "every" steps.
# A case with "input" is its configuration with that input added, as
# sscxFixture (sim/models/sonata/inputs_test.go) writes it: the network
# by absolute path, $CURRENT_DIR a temporary directory, inputs {"stim":
# input}.
SSCX_INPUTS = {
    "sscx_relative_ou": {"module": "relative_ornstein_uhlenbeck", "input_type": "conductance",
                         "node_set": "L5_5cells", "delay": 50, "duration": 200, "reversal": 0, "tau": 2.8,
                         "mean_percent": 20, "sd_percent": 20},
    "sscx_relative_shot_noise": {"module": "relative_shot_noise", "input_type": "conductance",
                                 "node_set": "L5_5cells", "delay": 50, "duration": 200, "reversal": 0,
                                 "rise_time": 2.8, "decay_time": 28, "relative_skew": 0.5,
                                 "mean_percent": 20, "sd_percent": 20},
}
REF_CASES = {"neuromodulation": {"config": "neuromodulation/simulation_config.json", "every": 4},
             "v5_gapjunctions": {"config": "v5_gapjunctions/simulation_config.json", "every": 4}}
for _name, _input in SSCX_INPUTS.items():
    REF_CASES[_name] = {"config": "sscx-v7-plasticity/simulation_config_base.json",
                        "network": "sub_L5_5cells/circuit_config.json", "input": _input, "every": 20}
# test_modification's ConfigureAllSections on v5 mini for 150 ms, the
# conditions as sim/models/sonata's AddModifications writes them (v_init
# -65 mV kept), the configuration next to the circuit's files
# (V5MiniConfig).
REF_CASES["v5_mini_no_sk_e2"] = {
    "config": "v5_sonata/simulation_config_mini.json", "linked": True, "tstop": 150.0,
    "conditions": {"v_init": -65.0, "modifications": [
        {"name": "no_SK_E2", "node_set": "Mosaic", "type": "ConfigureAllSections",
         "section_configure": "%s.gSK_E2bar_SK_E2 = 0"}]},
    "every": 20}


def case_config(case, tmp):
    """The configuration of a REF_CASES entry: its path relative to the
    circuits, or the absolute path of the one written in tmp: with
    "input", the configuration with that input (sscxFixture); with
    "linked", in tmp next to links to the circuit's files, run.tstop and
    conditions replaced (V5MiniConfig)."""
    if "input" not in case and "linked" not in case:
        return case["config"]
    circuits = ref_root() / "sonata" / "circuits"
    base = circuits / case["config"]
    cfg = json.loads(base.read_text())
    if "input" in case:
        cfg["manifest"] = {"$CURRENT_DIR": str(tmp)}
        cfg["network"] = str(base.parent / case["network"])
        cfg["inputs"] = {"stim": case["input"]}
    if case.get("linked"):
        for e in base.parent.iterdir():
            (pathlib.Path(tmp) / e.name).symlink_to(e)
    if "tstop" in case:
        cfg["run"]["tstop"] = case["tstop"]
    if "conditions" in case:
        cfg["conditions"] = case["conditions"]
    path = pathlib.Path(tmp) / "simulation_config_case.json"
    path.write_text(json.dumps(cfg, indent=2))
    return str(path)


def write_refs(names=None):
    """Dumps and replays each case (or those named) in processes of their
    own (NEURON loads one mechanism library per process)."""
    out = REPO / "sim" / "models" / "sonata" / "testdata" / "replay"
    out.mkdir(parents=True, exist_ok=True)
    go = shutil.which("go") or "/usr/local/go/bin/go"
    for name, case in REF_CASES.items():
        if names and name not in names:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            config = case_config(case, tmp)
            dump = pathlib.Path(tmp) / "dump.json"
            env = dict(os.environ, GOLGI_DUMP_INPUTS=str(dump), GOLGI_DUMP_CONFIG=config,
                       GOEXPERIMENT=os.environ.get("GOEXPERIMENT", "simd"),
                       GOLGI_REF=str(ref_root()))
            subprocess.run([go, "test", "./sim/models/sonata/", "-run", "^TestDumpResolvedInputs$", "-count=1"],
                           cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
            print(name)
            label = case["config"] + "".join(" with %s %s" % (k, json.dumps(case[k], sort_keys=True))
                                             for k in ("input", "tstop", "conditions") if k in case)
            subprocess.run([sys.executable, __file__, str(dump), "--out", str(out / (name + ".csv.gz")),
                            "--every", str(case["every"]), "--name", label], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump", nargs="?")
    ap.add_argument("--out")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--no-events", action="store_true")
    ap.add_argument("--sets", help="mechanism sets, comma-separated, first wins (default: the dump's)")
    ap.add_argument("--write-refs", action="store_true", help="write the references of REF_CASES")
    ap.add_argument("--cases", help="with --write-refs: only these cases, comma-separated")
    ap.add_argument("--name", help="the circuit's name in --out's header (default: the dump's path)")
    ap.add_argument("--time", action="store_true", help="print NEURON's build and run seconds (the mechanisms' compilation not counted)")
    args = ap.parse_args()
    if args.write_refs:
        write_refs(args.cases.split(",") if args.cases else None)
        return
    if not args.dump:
        ap.error("a dump, or --write-refs")
    d = json.loads(pathlib.Path(args.dump).read_text())
    timing = {}
    sp, v = replay(d, args.sets.split(",") if args.sets else None, not args.no_events, timing)
    compare(d, sp, v)
    if args.time:
        print("neuron build_s=%.3f run_s=%.3f total_s=%.3f" % (timing["build_s"], timing["run_s"], timing["build_s"] + timing["run_s"]))
    if args.out:
        write(args.out, d, sp, v, args.every, args.name or d["config"])


if __name__ == "__main__":
    main()
