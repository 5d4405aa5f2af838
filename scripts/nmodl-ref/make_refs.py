#!/usr/bin/python3
"""NEURON reference traces for Golgi's NMODL translator (issue 18).

Golgi translates NMODL (.mod) files to Go and must reproduce NEURON 8.2.x's
fixed-step results. This script is the NEURON side of that validation: it
runs the .mod files of the reference sets in NEURON and writes small
reference files into sim/nmodl/testdata/neuron, which are committed, so
that the Go tests (and CI) never need NEURON.

Run it with Debian's Python, which has the `neuron` module:

    make nmodl-ref                       # installs NEURON, then runs this
    /usr/bin/python3 scripts/nmodl-ref/make_refs.py

Inputs: the .mod files under $GOLGI_REF (default ../shared/ref next to the
repository, as internal/refdata finds it), in three sets:

    neocortex  sonata/mod/neocortex/mod              (all subdirectories)
    common     sonata/mod/common/mod                 (all subdirectories)
    miv        miv/cases/1-construction/mechanisms   (all subdirectories)

and Golgi's own test mechanisms in the repository:

    golgi      sim/nmodl/testdata/kinetic            (KINETIC schemes)

Some files there are git symbolic links stored as plain text (a one-line
relative path such as "../common/Ih.mod"); they are followed.

What it does:

1. Inventory (inventory.json): every .mod file, its mechanism name
   (SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL), kind, whether it has VERBATIM,
   and its content sha256. Files with the same content count once (all
   their paths are listed). An entry is named after its mechanism; when the
   same mechanism name comes with different contents, each such entry is
   named <set>_<subdir>_<Name> after the file's own (link-resolved) place.
2. Compilation: each distinct file is compiled alone with nrnivmodl (the
   patched copy written by scripts/install-neuron.sh) in a temporary
   directory; failures are recorded with the first line of the error.
3. Simulation, each entry in its own /usr/bin/python3 subprocess (so that
   mechanisms with the same name never meet in one NEURON), of a single
   compartment: soma nseg = 1, L = diam = 20 um, cm = 1 uF/cm2, Ra = 100
   ohm cm, celsius = 34 degC, dt = 0.025 ms, v_init = -70 mV, fixed-step
   backward Euler (secondorder = 0, CVode off), every mechanism at its
   default parameters:
   - density mechanisms (SUFFIX) without VERBATIM (VERBATIM blocks that
     hold only #include <...> lines, as in the MIV ca1_Poolos channels,
     do not count: they change nothing NEURON computes):
       vclamp: SEClamp at 0.5 (rs = 1 MOhm, NEURON's default), -70 mV for
               10 ms, V for 50 ms, -70 mV for 40 ms, V = -90..+40 mV by 10;
       iclamp: pas (g 1e-4 S/cm2, e -70 mV) and IClamp 0.1 nA, 10-90 ms;
       pointer (the mechanisms of POINTER_TARGETS): iclamp with the
               variable a POINTER or BBCOREPOINTER aims at set to 1 at
               30 ms (POINTER_STEP); NEURON reads the pointers, so they
               are aimed (setpointer) at Vector elements holding 0 in
               every protocol;
   - point processes (POINT_PROCESS) without VERBATIM (as above), at 0.5 on the
     compartment with pas: events through NetCon(None, pp).event(t) at
     t = 10, 30, 35, 60 ms, weight 0.001 (see NETCON_WEIGHTS); a point
     process without NET_RECEIVE runs with no input at all;
   - calcium_combo: Ca_HVA + Ca_LVAst + CaDynamics_E2 (neocortex v5) with
     pas and IClamp 0.3 nA, 10-90 ms.
   Recorded: v; the ion currents and concentrations the mechanism writes
   (and cai/eca where it uses ca, Xi/eX where it writes Xi); its own RANGE
   currents (NONSPECIFIC_CURRENT, ELECTRODE_CURRENT, ion currents it also
   lists in RANGE) and its STATEs (each element of an array STATE x[n]
   as column x[i]_<mech>, NEURON's x_<mech>[i]); for point processes every RANGE
   variable; for vclamp also the SEClamp current.
   Values are recorded every step; the files keep every SAMPLE_EVERY-th
   step (0.1 ms), except vclamp, which keeps every VCLAMP_SAMPLE_EVERY-th
   step (0.5 ms) plus every step in the first VCLAMP_DENSE_MS after each
   clamp transition (t = 10-11 ms and 60-61 ms), where the fast gates
   move: every 4th step there made the vclamp files alone about 28 MB,
   over the ~15 MB budget of the testdata. Each trace file is a gzip CSV
   with one '#' comment line describing the run, a header row and values
   printed with %.17g.
4. README.md in the output directory, describing all of it (NEURON
   version, units, protocols, columns, ion_style).

The output is deterministic (sorted entries, gzip without timestamps, no
temporary paths) and the script is idempotent: reference files it did not
write in this run are removed from the output directory. With
--only ENTRY (repeatable) it redoes only those entries of the existing
inventory.json (their records and traces), keeping everything else.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT_DIR = REPO / "sim" / "nmodl" / "testdata" / "neuron"

# The reference sets: (set name, directory under $GOLGI_REF).
SETS = [
    ("neocortex", "sonata/mod/neocortex/mod"),
    ("common", "sonata/mod/common/mod"),
    ("miv", "miv/cases/1-construction/mechanisms"),
]

# Golgi's own test mechanisms, in the repository (paths relative to it):
# KINETIC schemes (sim/nmodl/internal/kinmod holds their translation).
REPO_SETS = [
    ("golgi", "sim/nmodl/testdata/kinetic"),
]


def set_base(ref_root, setname):
    """The directory of a set: under the reference root, or the repository's."""
    for name, sub in SETS:
        if name == setname:
            return ref_root / sub
    return REPO / dict(REPO_SETS)[setname]

# The compartment and the integration, shared by every protocol.
CELSIUS = 34.0  # degC, as the neocortex (BBP) models are run
DT = 0.025  # ms
V_INIT = -70.0  # mV
SOMA_L = 20.0  # um
SOMA_DIAM = 20.0  # um
CM = 1.0  # uF/cm2
RA = 100.0  # ohm cm
TSTOP = 100.0  # ms
NSTEPS = round(TSTOP / DT)  # 4000 fixed steps
SAMPLE_EVERY = 4  # keep every 4th step: 0.1 ms, 1001 rows per trace
# vclamp: every 20th step (0.5 ms), and every step for 1 ms after each of
# the two clamp transitions; 277 rows per level (see the docstring).
VCLAMP_SAMPLE_EVERY = 20
VCLAMP_DENSE_MS = 1.0

# Voltage-clamp family (SEClamp, three levels).
VCLAMP_HOLD = -70.0  # mV, levels 1 and 3
VCLAMP_DUR = (10.0, 50.0, 40.0)  # ms
VCLAMP_LEVELS = [float(v) for v in range(-90, 41, 10)]  # mV, 14 steps

# Current clamp (IClamp) and the passive leak inserted with it.
PAS_G = 1e-4  # S/cm2
PAS_E = -70.0  # mV
ICLAMP = dict(delay=10.0, dur=80.0, amp=0.1)  # ms, ms, nA
COMBO_ICLAMP = dict(delay=10.0, dur=80.0, amp=0.3)
COMBO_MECHS = ["Ca_HVA", "Ca_LVAst", "CaDynamics_E2"]  # from neocortex v5
COMBO_DIR = ("neocortex", "v5")

# Synaptic events (NetCon(None, pp).event(t)) and the NetCon weight vector.
EVENT_TIMES = [10.0, 30.0, 35.0, 60.0]  # ms
WEIGHT = 0.001  # weight[0]; uS where the mechanism takes it as a conductance
# NET_RECEIVE arguments after the first are 0 unless named here, by
# mechanism and argument. LinExp2Syn/LinExp2SynNMDA increment their
# conductance by weight * g_unit, so g_unit = 1 makes each event add
# weight = 0.001 uS (times their normalisation factor).
NETCON_WEIGHTS = {
    "LinExp2Syn": {"g_unit": 1.0},
    "LinExp2SynNMDA": {"g_unit": 1.0},
}

# Event times by mechanism where EVENT_TIMES would not test its NET_RECEIVE:
# AMPA_S (metabolism/ampa.mod) turns its transmitter pulse off by a self
# event (net_send(Cdur, nspike)); spikes within Cdur = 0.3 ms of the
# previous one extend the pulse, so that the earlier self events arrive
# with a stale flag and are ignored.
EVENT_TIMES_OF = {
    "AMPA_S": [10.0, 30.0, 30.2, 35.0, 60.0, 60.1, 60.25, 60.4, 80.0],
}

# Textual changes to a .mod file before NEURON compiles it, where NEURON
# cannot run the file as it is (see NOTES); each must leave what NEURON
# computes unchanged.
PATCHES = {
    # THREADSAFE makes the assigned GLOBALs Rinf and Rtau thread variables;
    # in one thread they hold the same values as plain GLOBALs.
    "AMPA_S": [("\tTHREADSAFE\n", "")],
}

# POINTERs and BBCOREPOINTERs NEURON dereferences while it runs a file
# (setpointer must have aimed them, or NEURON reads address 0), by
# mechanism: each is aimed at an element of a Vector of the run's own,
# holding 0, which is Golgi's translation (a per-instance variable of
# default 0; docs/NMODL.md). The "pointer" protocol is the iclamp one with
# that element set to POINTER_STEP["value"] after POINTER_STEP["t_ms"]
# (between two fadvance calls; Golgi sets the variable between steps).
POINTER_TARGETS = {
    "cadifus": ["glu2"],  # NGV cadifus.mod: if (glu2 > 0) {... glu2 = 0}
    "mcd": ["glu2"],  # NGV mcd13.mod: if (glu2 > glutReceived) {...}
}
POINTER_STEP = {"t_ms": 30.0, "value": 1.0}

FMT = "%.17g"

# What was found by hand about entries NEURON cannot run; copied into
# inventory.json ("note") so that the reason travels with the data.
NOTES = {
    "AMPA_S": ("NEURON 8.2.2 (Debian) crashes with SIGSEGV in the generated "
               "_net_receive__AMPA_S at the first self-event (net_send(Cdur, nspike), "
               "flag 1), with a NetStim source as with NetCon(None, pp).event(); "
               "the same file without THREADSAFE runs, so the references are of "
               "that copy (PATCHES). The file also printf()s 'Event!' from "
               "NET_RECEIVE."),
}


# ---------------------------------------------------------------------------
# Reading .mod files
# ---------------------------------------------------------------------------

def resolve_link_stub(path, limit=8):
    """Follows git symbolic links checked out as plain files.

    A file whose whole content is one relative path (no spaces) naming an
    existing file or directory is treated as a link to it. Returns the
    resolved path (the path itself when it is a real file)."""
    for _ in range(limit):
        if not path.is_file() or path.stat().st_size > 512:
            return path
        text = path.read_bytes().decode("latin-1").strip()
        if not text or any(c.isspace() for c in text) or "{" in text:
            return path
        target = (path.parent / text).resolve()
        if not target.exists():
            return path
        path = target
    raise RuntimeError(f"link stub chain too long at {path}")


def strip_mod(text):
    """Removes comments and VERBATIM blocks from NMODL source.

    Returns (code, verbatim_lines, verbatim_texts): code keeps one
    (possibly empty) line per source line so that line numbers stay;
    verbatim_lines are the 1-based line numbers where VERBATIM blocks
    start, verbatim_texts their contents. ':' and '?' start a comment to
    the end of the line; COMMENT ... ENDCOMMENT and VERBATIM ...
    ENDVERBATIM are line-level blocks (their contents are not NMODL)."""
    out, verbatim_lines, verbatim_texts, mode = [], [], [], None
    for n, line in enumerate(text.splitlines(), 1):
        if mode is not None:
            if re.match(r"\s*END" + mode + r"\b", line):
                mode = None
            elif mode == "VERBATIM":
                verbatim_texts[-1] += line + "\n"
            out.append("")
            continue
        code = re.split(r"[:?]", line, maxsplit=1)[0]
        m = re.match(r"\s*(COMMENT|VERBATIM)\b", code)
        if m:
            mode = m.group(1)
            if mode == "VERBATIM":
                verbatim_lines.append(n)
                verbatim_texts.append("")
            # A block closed on the same line ("VERBATIM x ENDVERBATIM").
            if re.search(r"\bEND" + mode + r"\b", code):
                mode = None
            out.append("")
            continue
        out.append(code)
    return "\n".join(out), verbatim_lines, verbatim_texts


def verbatim_include_only(texts):
    """True when every VERBATIM block holds only #include lines of C
    headers (and C comments), or only copies of ion variables into the
    mechanism's own (cai=_ion_cai;): such blocks change nothing NEURON
    computes where they stand (the Go translator checks that no statement
    before a copy assigns the variable). The MIV ca1_Poolos channels have
    #include <stdlib.h>, written to silence a compiler warning, and
    ch_CavL a cai=_ion_cai; at the end of INITIAL. Blocks of empty
    bbcore_write and bbcore_read functions (CoreNEURON's serialisation
    callbacks, which NEURON never calls; NGV's Glia.mod) count as well."""
    for t in texts:
        t = re.sub(r"/\*.*?\*/", " ", t, flags=re.S)  # C block comments
        t = re.sub(r"//[^\n]*", " ", t)  # C line comments
        t = t.replace("\\\n", "")  # line continuations
        t = re.sub(r"static\s+void\s+bbcore_(write|read)\s*\([^()]*\)\s*\{\s*\}", " ", t)
        for line in t.splitlines():
            if not line.strip() or re.match(r"\s*#\s*include\s*<[^>]+>\s*$", line):
                continue
            stmts = [x for x in line.split(";") if x.strip()]
            if not stmts or not all(re.match(r"\s*(\w+)\s*=\s*_ion_\1\s*$", x) for x in stmts):
                return False
    return bool(texts)


def block(code, name):
    """The text inside the first top-level `name { ... }` block, or None."""
    m = re.search(r"(?m)^\s*" + name + r"\b[^{\n]*\{", code)
    if not m:
        return None
    depth, i = 1, m.end()
    while i < len(code) and depth:
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        i += 1
    return code[m.end():i - 1]


NEURON_KEYWORDS = {
    "SUFFIX", "POINT_PROCESS", "ARTIFICIAL_CELL", "USEION", "NONSPECIFIC_CURRENT",
    "ELECTRODE_CURRENT", "RANGE", "GLOBAL", "POINTER", "BBCOREPOINTER", "EXTERNAL",
    "THREADSAFE", "REPRESENTS",
}


def parse_neuron_block(body):
    """Parses the NEURON block into a dict.

    kind/name from SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL; ions: a list of
    {ion, read, write, valence}; nonspecific, electrode, range, global,
    pointer, bbcorepointer: lists of names."""
    toks = re.findall(r"[A-Za-z_][A-Za-z_0-9]*|-?[0-9.]+(?:[eE][-+]?[0-9]+)?|[(),]", body)
    info = {"kind": None, "name": None, "ions": [], "nonspecific": [], "electrode": [],
            "range": [], "global": [], "pointer": [], "bbcorepointer": []}
    lists = {"NONSPECIFIC_CURRENT": "nonspecific", "ELECTRODE_CURRENT": "electrode",
             "RANGE": "range", "GLOBAL": "global", "POINTER": "pointer",
             "BBCOREPOINTER": "bbcorepointer"}
    kinds = {"SUFFIX": "density", "POINT_PROCESS": "point", "ARTIFICIAL_CELL": "artificial"}
    i, cur, ion, sub = 0, None, None, None
    while i < len(toks):
        t = toks[i]
        if t in kinds:
            info["kind"], info["name"] = kinds[t], toks[i + 1]
            i, cur = i + 2, None
            continue
        if t == "USEION":
            ion = {"ion": toks[i + 1], "read": [], "write": [], "valence": None}
            info["ions"].append(ion)
            cur, sub = "USEION", None
            i += 2
            continue
        if t in NEURON_KEYWORDS:
            cur = t
            i += 1
            continue
        if cur == "USEION":
            if t in ("READ", "WRITE"):
                sub = t.lower()
            elif t == "VALENCE":
                ion["valence"] = float(toks[i + 1])
                i += 1
            elif t not in ("(", ")", ","):
                ion[sub].append(t)
        elif cur in lists and re.match(r"[A-Za-z_]", t):
            info[lists[cur]].append(t)
        i += 1
    return info


def state_names(code):
    """Names declared in the STATE block (units, FROM/TO limits skipped)."""
    body = block(code, "STATE")
    if body is None:
        return []
    body = re.sub(r"\([^)]*\)", " ", body)  # units
    body = re.sub(r"<[^>]*>", " ", body)  # limits
    names, toks = [], re.findall(r"[A-Za-z_][A-Za-z_0-9]*|\[[^]]*\]|\S", body)
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in ("FROM", "TO", "START"):
            i += 2
            continue
        if t.startswith("[") and names:
            names[-1] += t.replace(" ", "")  # an array: ca[Nannuli]
        elif re.match(r"[A-Za-z_]", t):
            names.append(t)
        i += 1
    return names


def net_receive_args(code):
    """The argument names of NET_RECEIVE, or None when there is none."""
    m = re.search(r"(?m)^\s*NET_RECEIVE\s*\(([^{]*)\)\s*\{", code)
    if not m:
        return None
    args = re.sub(r"\([^)]*\)", "", m.group(1))  # units
    return [a.strip() for a in args.split(",") if a.strip()]


def read_mod(path):
    """Parses what the inventory and the protocols need from one file."""
    raw = path.read_bytes()
    code, verbatim, verbatim_texts = strip_mod(raw.decode("latin-1"))
    nb = block(code, "NEURON")
    if nb is None:
        raise ValueError(f"{path}: no NEURON block")
    info = parse_neuron_block(nb)
    info["sha256"] = hashlib.sha256(raw).hexdigest()
    info["verbatim_lines"] = verbatim
    info["verbatim_include_only"] = verbatim_include_only(verbatim_texts)
    info["states"] = state_names(code)
    info["net_receive"] = net_receive_args(code)
    info["solve_methods"] = sorted(set(re.findall(r"\bMETHOD\s+([A-Za-z_]+)", code)))
    info["has_kinetic"] = bool(re.search(r"(?m)^\s*KINETIC\b", code))
    info["has_table"] = bool(re.search(r"\bTABLE\b", code))
    return info


def find_mod_files(ref_root):
    """All .mod files of the sets: [(set, relpath, real path)], sorted.

    Link stubs are resolved (to files, and to directories, whose .mod files
    are then listed under the stub's path too: v5/optimized is a link to
    common/mod/optimized). A link back to a directory being walked (a
    cycle) is not followed."""
    found = []

    def walk(setname, rel_prefix, d, ancestors):
        real = d.resolve()
        if real in ancestors:
            return
        ancestors = ancestors | {real}
        for p in sorted(d.iterdir()):
            rel = f"{rel_prefix}{p.name}"
            if p.is_dir():
                walk(setname, rel + "/", p, ancestors)
            elif p.suffix == ".mod":
                found.append((setname, rel, resolve_link_stub(p)))
            else:
                target = resolve_link_stub(p)
                if target != p and target.is_dir():
                    walk(setname, rel + "/", target, ancestors)

    for setname, _ in SETS + REPO_SETS:
        base = set_base(ref_root, setname)
        if not base.is_dir():
            raise SystemExit(f"make_refs: {base} is missing (GOLGI_REF={ref_root})")
        walk(setname, "", base, frozenset())
    return found


def place_of(ref_root, real):
    """(set, subdir) of a resolved file: the set whose directory holds it."""
    for setname, _ in SETS + REPO_SETS:
        base = set_base(ref_root, setname).resolve()
        try:
            rel = real.relative_to(base)
        except ValueError:
            continue
        return setname, "_".join(rel.parent.parts)
    return "other", real.parent.name


def inventory(ref_root):
    """Distinct files (by content) with their entry names and parses."""
    by_sha = {}
    for setname, rel, real in find_mod_files(ref_root):
        raw = real.read_bytes()
        sha = hashlib.sha256(raw).hexdigest()
        e = by_sha.get(sha)
        if e is None:
            info = read_mod(real)
            e = by_sha[sha] = {"info": info, "paths": [], "real": real}
        e["paths"].append(f"{dict(SETS + REPO_SETS)[setname]}/{rel}")
        # The canonical file is the first real path in sorted order.
        if str(real) < str(e["real"]):
            e["real"] = real
    by_name = {}
    for e in by_sha.values():
        by_name.setdefault(e["info"]["name"], []).append(e)
    entries = []
    for name, es in sorted(by_name.items()):
        for e in es:
            setname, subdir = place_of(ref_root, e["real"])
            if len(es) == 1:
                e["entry"] = name
            else:
                e["entry"] = "_".join(x for x in (setname, subdir, name) if x)
        # Two contents of one name in one directory (VecStim.mod and
        # vecevent.mod): the file name (stem) goes before the mechanism name.
        for e in es:
            if sum(x["entry"] == e["entry"] for x in es) > 1:
                setname, subdir = place_of(ref_root, e["real"])
                e["entry"] = "_".join(x for x in (setname, subdir, e["real"].stem, name) if x)
            if e["real"].is_relative_to(ref_root.resolve()):
                e["source"] = str(e["real"].relative_to(ref_root.resolve()))
            elif e["real"].is_relative_to(REPO.resolve()):
                e["source"] = str(e["real"].relative_to(REPO.resolve()))
            else:
                e["source"] = str(e["real"])
            e["paths"].sort()
            entries.append(e)
    entries.sort(key=lambda e: e["entry"])
    names = [e["entry"] for e in entries]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"make_refs: entry names not unique: {sorted(dup)}")
    return entries


# ---------------------------------------------------------------------------
# Compiling
# ---------------------------------------------------------------------------

def nrnivmodl_path():
    p = os.environ.get("GOLGI_NRNIVMODL", str(REPO / "out" / "neuron" / "nrnivmodl"))
    if not os.access(p, os.X_OK):
        raise SystemExit(f"make_refs: {p} not found: run scripts/install-neuron.sh first")
    return p


def first_error_line(output):
    """The first line of compiler / nocmodl output that reports an error.

    nocmodl writes "syntax error:" and the details on the next lines; those
    are joined up to the line naming the place ("... at line 4 in file")."""
    lines = [l.strip() for l in output.splitlines() if l.strip()]
    for i, l in enumerate(lines):
        if re.search(r"\berror\b|Error|not declared|undefined", l):
            msg = l
            while msg.endswith(":") and i + 1 < len(lines):
                i += 1
                msg += " " + lines[i]
            return msg
    return lines[-1] if lines else "unknown error"


def compile_mods(files, workdir):
    """Compiles the files together in workdir with nrnivmodl.

    Returns (library path, None) or (None, first error line)."""
    workdir.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copyfile(f[1], workdir / f[0])
    names = [f[0] for f in files]
    r = subprocess.run([nrnivmodl_path()] + names, cwd=workdir, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=dict(os.environ, NRNIVMODL_JOBS="1"))
    lib = workdir / "x86_64" / ".libs" / "libnrnmech.so"
    if r.returncode != 0 or not lib.exists():
        return None, first_error_line(r.stdout)
    return lib, None


# ---------------------------------------------------------------------------
# Simulating (runs in a child process: `make_refs.py --simulate` reads a
# job as JSON on stdin and prints the result as JSON on stdout)
# ---------------------------------------------------------------------------

def decode_ion_style(style):
    """NEURON's ion style bitmap (nrnoc/eion.cpp) as named fields."""
    s = int(style)
    styles = ["unused", "parameter", "assigned", "state"]
    return {
        "raw": s,
        "conc": styles[s & 3],  # 03: concentration style
        "cinit": bool(s & 4),  # 04: concentrations set from <ion>i0/<ion>o0 at init
        "erev": styles[(s >> 3) & 3],  # 030: reversal potential style
        "einit": bool(s & 0o40),  # erev from Nernst at finitialize
        "eadvance": bool(s & 0o100),  # erev from Nernst every step
        "ci_written": bool(s & 0o200),
        "co_written": bool(s & 0o400),
    }


def write_csv_gz(path, comment, header, rows):
    """A gzip CSV with no timestamp or file name inside (reproducible)."""
    buf = io.StringIO()
    buf.write("# " + comment + "\n")
    buf.write(",".join(header) + "\n")
    for r in rows:
        buf.write(",".join(FMT % x for x in r) + "\n")
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue().encode())
    path.write_bytes(raw.getvalue())


def kept_steps(proto):
    """The step numbers (0 = after finitialize, NSTEPS = t = TSTOP) that a
    protocol's file keeps."""
    if proto != "vclamp":
        return list(range(0, NSTEPS + 1, SAMPLE_EVERY))
    keep = set(range(0, NSTEPS + 1, VCLAMP_SAMPLE_EVERY))
    dense = round(VCLAMP_DENSE_MS / DT)
    for t_ms in (VCLAMP_DUR[0], VCLAMP_DUR[0] + VCLAMP_DUR[1]):
        start = round(t_ms / DT)
        keep.update(range(start, start + dense + 1))
    return sorted(keep)


def sampling(proto):
    """How a protocol's file is sampled, in words."""
    if proto != "vclamp":
        return f"every {SAMPLE_EVERY} steps ({SAMPLE_EVERY * DT:g} ms)"
    return (f"every {VCLAMP_SAMPLE_EVERY} steps ({VCLAMP_SAMPLE_EVERY * DT:g} ms) and every "
            f"step for {VCLAMP_DENSE_MS:g} ms after each clamp transition "
            f"(t = {VCLAMP_DUR[0]:g} and {VCLAMP_DUR[0] + VCLAMP_DUR[1]:g} ms)")


def simulate(job):
    """Runs the protocols of one entry; returns metadata for the inventory."""
    from neuron import h

    h.nrn_load_dll(job["lib"])
    h.CVode().active(0)
    h.secondorder = 0
    h.celsius = CELSIUS
    h.dt = DT
    out = Path(job["out"])
    result = {"files": {}}

    def soma_with(mechs, pas):
        s = h.Section(name="soma")
        s.nseg = 1
        s.L, s.diam, s.cm, s.Ra = SOMA_L, SOMA_DIAM, CM, RA
        for m in mechs:
            s.insert(m)
        if pas:
            s.insert("pas")
            s(0.5).pas.g, s(0.5).pas.e = PAS_G, PAS_E
        return s

    targets = []  # the Vectors pointers are aimed at, kept alive

    def aim_pointers(obj):
        """setpointer for each pointer of the mechanism (POINTER_TARGETS):
        obj is the segment's mechanism or the point process."""
        vecs = []
        for name in POINTER_TARGETS.get(job["info"]["name"], []):
            vec = h.Vector(1)
            vec.x[0] = 0.0
            h.setpointer(vec._ref_x[0], name, obj)
            vecs.append(vec)
        targets.append(vecs)
        return vecs

    def array_states(name):
        """The elements of the mechanism's array STATEs: (column
        "x[i]_<mech>", NEURON's name x_<mech>, i), Golgi's naming of
        NEURON's x_<mech>[i]."""
        ms = h.MechanismStandard(name, 3)
        out, nm = [], h.ref("")
        for i in range(int(ms.count())):
            size = int(ms.name(nm, i))
            base = nm[0][:-len("_" + name)] if nm[0].endswith("_" + name) else nm[0]
            if size > 1:
                out += [(f"{base}[{k}]_{name}", nm[0], k) for k in range(size)]
        return out

    def mech_vars(name, vartype):
        """The scalar variables NEURON lists for a mechanism: vartype 1
        PARAMETER, 2 ASSIGNED (RANGE), 3 STATE (RANGE). Arrays are left
        out: the elements of array STATEs are recorded by array_states,
        the other arrays are listed in the result's not_recorded."""
        ms = h.MechanismStandard(name, vartype)
        names, nm = [], h.ref("")
        for i in range(int(ms.count())):
            size = int(ms.name(nm, i))
            if size == 1:
                names.append(nm[0])
            elif vartype != 3:
                skipped = result.setdefault("not_recorded", [])
                if f"{nm[0]}[{size}]" not in skipped:
                    skipped.append(f"{nm[0]}[{size}]")
        return names

    def ion_columns(info):
        """Ion variables to record, at the segment: currents written,
        concentrations written, and for them (and always for ca) the
        concentration and reversal potential."""
        cols = []
        for ion in info["ions"]:
            x = ion["ion"]
            for w in ion["write"]:
                cols.append(w)
            if any(w in (x + "i", x + "o") for w in ion["write"]) or x == "ca":
                cols += [x + "i", "e" + x]
        seen, uniq = set(), []
        for c in cols:
            if c not in seen:
                seen.add(c)
                uniq.append(c)
        return uniq

    def ion_styles(sec, info):
        """Each ion's style bitmap, decoded, and its charge (valence)."""
        styles = {}
        for ion in sorted({i["ion"] for i in info["ions"]}):
            styles[ion] = decode_ion_style(h.ion_style(ion + "_ion", sec=sec))
            styles[ion]["charge"] = h.ion_charge(ion + "_ion")
        return styles

    def ion_values(sec, info):
        """Ion values at the segment after finitialize (documentation)."""
        seg, vals = sec(0.5), {}
        for ion in sorted({i["ion"] for i in info["ions"]}):
            for v in ("e" + ion, ion + "i", ion + "o"):
                vals[v] = getattr(seg, v)
        return vals

    def run(cols, keep, before_run=None, after_init=None, between=None):
        """finitialize, NSTEPS fixed steps; the samples (step numbers in
        keep, 0 = after finitialize) of t and of each (name, pointer)
        column. before_run() is called after finitialize (events are
        queued there); after_init() too, before it, to look at the state
        finitialize made; between(n), if given, before step n+1 (after n
        steps)."""
        tvec = h.Vector()
        tvec.record(h._ref_t)
        vecs = []
        for _, ptr in cols:
            vec = h.Vector()
            vec.record(ptr)
            vecs.append(vec)
        h.finitialize(V_INIT)
        if after_init:
            after_init()
        if before_run:
            before_run()
        for n in range(NSTEPS):
            if between:
                between(n)
            h.fadvance()
        if tvec.size() != NSTEPS + 1:
            raise RuntimeError(f"recorded {tvec.size()} samples, want {NSTEPS + 1}")
        data = [list(tvec)] + [list(v) for v in vecs]
        return [[d[i] for d in data] for i in keep]

    def comment(proto, extra):
        return (f"golgi nmodl-ref {job['entry']} {proto}: NEURON {h.nrnversion(5)}, "
                f"celsius={CELSIUS:g} degC, dt={DT:g} ms, v_init={V_INIT:g} mV, "
                f"soma L=diam={SOMA_L:g} um cm={CM:g} Ra={RA:g} nseg=1, "
                f"{sampling(proto)}; {extra}")

    info, mech = job["info"], job["info"]["name"]

    if job["kind"] == "density":
        names = set(mech_vars(mech, 1) + mech_vars(mech, 2) + mech_vars(mech, 3))
        result["parameters"] = {}
        result["globals"] = {}

        def mech_columns(sec):
            seg, cols = sec(0.5), []
            for c in ion_columns(info):
                cols.append((c, getattr(seg, "_ref_" + c)))
            # The mechanism's own RANGE currents: NONSPECIFIC_CURRENT and
            # ELECTRODE_CURRENT names, and ion currents also declared RANGE
            # (NEURON then keeps the mechanism's contribution as <i>_<mech>).
            currents = info["nonspecific"] + info["electrode"]
            currents += [w for ion in info["ions"] for w in ion["write"]
                         if w.startswith("i")]
            for c in currents:
                if f"{c}_{mech}" in names:
                    cols.append((f"{c}_{mech}", getattr(seg, f"_ref_{c}_{mech}")))
            # STATE variables: the mechanism's own, or an ion variable the
            # mechanism declares as STATE (cai in CaDynamics_E2).
            for st in mech_vars(mech, 3):
                cols.append((st, getattr(seg, "_ref_" + st)))
            for col, nm, k in array_states(mech):
                cols.append((col, getattr(seg, "_ref_" + nm)[k]))
            for st in info["states"]:
                if "[" not in st and f"{st}_{mech}" not in names \
                        and st not in [c for c, _ in cols]:
                    cols.append((st, getattr(seg, "_ref_" + st)))
            return cols

        # vclamp
        sec = soma_with([mech], pas=False)
        aim_pointers(getattr(sec(0.5), mech))
        clamp = h.SEClamp(sec(0.5))
        clamp.dur1, clamp.dur2, clamp.dur3 = VCLAMP_DUR
        clamp.amp1 = clamp.amp3 = VCLAMP_HOLD
        for n in mech_vars(mech, 1):
            result["parameters"][n] = getattr(sec(0.5), n)
        for g in info["global"]:
            if hasattr(h, f"{g}_{mech}"):
                x = getattr(h, f"{g}_{mech}")
                # an array GLOBAL (cadifus's vrat) as its elements' list
                result["globals"][f"{g}_{mech}"] = x if isinstance(x, float) else list(x)
        cols = [("v", sec(0.5)._ref_v)] + mech_columns(sec) + [("i_SEClamp", clamp._ref_i)]
        rows = []
        for level in VCLAMP_LEVELS:
            clamp.amp2 = level
            rows += [[level] + r for r in run(cols, kept_steps("vclamp"))]
        result["ion_style"] = ion_styles(sec, info)
        f = f"{job['entry']}_vclamp.csv.gz"
        write_csv_gz(out / f, comment("vclamp", (
            f"SEClamp rs={clamp.rs:g} MOhm: {VCLAMP_HOLD:g} mV for {VCLAMP_DUR[0]:g} ms, "
            f"step_mV for {VCLAMP_DUR[1]:g} ms, {VCLAMP_HOLD:g} mV for {VCLAMP_DUR[2]:g} ms")),
            ["step_mV", "t_ms"] + [c for c, _ in cols], rows)
        result["files"]["vclamp"] = {"file": f, "columns": ["step_mV", "t_ms"] + [c for c, _ in cols]}
        del clamp, sec

        # iclamp
        sec = soma_with([mech], pas=True)
        vecs = aim_pointers(getattr(sec(0.5), mech))
        stim = h.IClamp(sec(0.5))
        stim.delay, stim.dur, stim.amp = ICLAMP["delay"], ICLAMP["dur"], ICLAMP["amp"]
        cols = [("v", sec(0.5)._ref_v)] + mech_columns(sec)
        rows = run(cols, kept_steps("iclamp"), after_init=lambda: result.__setitem__(
            "ion_values_after_init", ion_values(sec, info)))
        f = f"{job['entry']}_iclamp.csv.gz"
        write_csv_gz(out / f, comment("iclamp", (
            f"pas g={PAS_G:g} S/cm2 e={PAS_E:g} mV; IClamp {ICLAMP['amp']:g} nA "
            f"from {ICLAMP['delay']:g} ms for {ICLAMP['dur']:g} ms")),
            ["t_ms"] + [c for c, _ in cols], rows)
        result["files"]["iclamp"] = {"file": f, "columns": ["t_ms"] + [c for c, _ in cols]}

        # pointer: iclamp with the pointers' targets set at POINTER_STEP, in
        # a compartment of its own (a mechanism's first INITIAL can differ
        # from later ones: cadifus reads nai before it sets it).
        pnames = POINTER_TARGETS.get(mech, [])
        if pnames:
            del stim, sec
            sec = soma_with([mech], pas=True)
            vecs = aim_pointers(getattr(sec(0.5), mech))
            stim = h.IClamp(sec(0.5))
            stim.delay, stim.dur, stim.amp = ICLAMP["delay"], ICLAMP["dur"], ICLAMP["amp"]
            cols = [("v", sec(0.5)._ref_v)] + mech_columns(sec)
            at = round(POINTER_STEP["t_ms"] / DT)

            def set_targets(step):
                if step == at:
                    for vec in vecs:
                        vec.x[0] = POINTER_STEP["value"]
            rows = run(cols, kept_steps("pointer"), between=set_targets)
            f = f"{job['entry']}_pointer.csv.gz"
            write_csv_gz(out / f, comment("pointer", (
                f"as iclamp, with the variables {', '.join(pnames)} point at (Vector "
                f"elements, 0 before) set to {POINTER_STEP['value']:g} after step {at} "
                f"(t = {POINTER_STEP['t_ms']:g} ms)")),
                ["t_ms"] + [c for c, _ in cols], rows)
            result["files"]["pointer"] = {"file": f, "columns": ["t_ms"] + [c for c, _ in cols]}
            result["pointer_step"] = {"names": pnames, **POINTER_STEP}

    elif job["kind"] == "point":
        sec = soma_with([], pas=True)
        pp = getattr(h, mech)(sec(0.5))
        result["parameters"] = {n: getattr(pp, n) for n in mech_vars(mech, 1)}
        result["globals"] = {f"{g}_{mech}": getattr(h, f"{g}_{mech}")
                             for g in info["global"] if hasattr(h, f"{g}_{mech}")}
        cols = [("v", sec(0.5)._ref_v)]
        seg = sec(0.5)
        for c in ion_columns(info):
            cols.append((c, getattr(seg, "_ref_" + c)))
        # Every RANGE variable of the point process, as <var>_<mech>: its
        # currents (nA), conductances, STATEs, and the PARAMETERs too, which
        # NET_RECEIVE may change (GlutReceive counts events in one). The
        # files of point processes are small, so nothing is left out.
        for vartype in (2, 3, 1):
            for n in mech_vars(mech, vartype):
                cols.append((f"{n}_{mech}", getattr(pp, "_ref_" + n)))
        args = info["net_receive"]
        if args is None:
            proto, extra, before = "point", "no NET_RECEIVE: no input", None
            result["events"] = None
        else:
            nc = h.NetCon(None, pp)
            wv = [WEIGHT] + [NETCON_WEIGHTS.get(mech, {}).get(a, 0.0) for a in args[1:]]
            for k, w in enumerate(wv):
                nc.weight[k] = w
            nc.delay = 0

            times = EVENT_TIMES_OF.get(mech, EVENT_TIMES)

            def before():
                for te in times:
                    nc.event(te)
            proto = "events"
            extra = (f"NetCon(None, pp).event(t) at t={times} ms, "
                     f"weights ({', '.join(args)}) = {wv}")
            result["events"] = {"times_ms": times, "net_receive_args": args,
                                "weights": wv}
        rows = run(cols, kept_steps(proto), before, after_init=lambda: result.__setitem__(
            "ion_values_after_init", ion_values(sec, info)))
        result["ion_style"] = ion_styles(sec, info)
        f = f"{job['entry']}_{proto}.csv.gz"
        write_csv_gz(out / f, comment(proto, (
            f"pas g={PAS_G:g} S/cm2 e={PAS_E:g} mV; {mech} at 0.5; {extra}")),
            ["t_ms"] + [c for c, _ in cols], rows)
        result["files"][proto] = {"file": f, "columns": ["t_ms"] + [c for c, _ in cols]}

    elif job["kind"] == "combo":
        sec = soma_with(COMBO_MECHS, pas=True)
        stim = h.IClamp(sec(0.5))
        stim.delay, stim.dur = COMBO_ICLAMP["delay"], COMBO_ICLAMP["dur"]
        stim.amp = COMBO_ICLAMP["amp"]
        seg = sec(0.5)
        cols = [("v", seg._ref_v), ("cai", seg._ref_cai), ("eca", seg._ref_eca),
                ("ica", seg._ref_ica)]
        for m in COMBO_MECHS:
            if hasattr(seg, m) and hasattr(getattr(seg, m), "ica"):
                cols.append((f"ica_{m}", getattr(seg, f"_ref_ica_{m}")))
        # Also every step of cai and eca, to document when NEURON updates
        # eca: the file keeps every 4th step only.
        cai_all, eca_all = h.Vector(), h.Vector()
        cai_all.record(seg._ref_cai)
        eca_all.record(seg._ref_eca)
        rows = run(cols, kept_steps("calcium_combo"))
        cao, z = seg.cao, h.ion_charge("ca_ion")
        result["eca_check"] = {
            "max_abs_eca_n_minus_nernst_cai_n": max(
                abs(eca_all[n] - h.nernst(cai_all[n], cao, z)) for n in range(NSTEPS + 1)),
            "max_abs_eca_n_minus_nernst_cai_n_minus_1": max(
                abs(eca_all[n] - h.nernst(cai_all[n - 1], cao, z)) for n in range(1, NSTEPS + 1)),
            "eca_0_minus_nernst_cai_0": eca_all[0] - h.nernst(cai_all[0], cao, z),
        }
        result["ion_style"] = {"ca": decode_ion_style(h.ion_style("ca_ion", sec=sec))}
        result["ion_values_after_init"] = {"eca": rows[0][3], "cai": rows[0][2], "cao": seg.cao}
        result["ca_defaults"] = {"cai0_ca_ion": h.cai0_ca_ion, "cao0_ca_ion": h.cao0_ca_ion}
        f = "calcium_combo.csv.gz"
        write_csv_gz(out / f, comment("calcium_combo", (
            f"{' + '.join(COMBO_MECHS)} (neocortex v5) + pas g={PAS_G:g} S/cm2 "
            f"e={PAS_E:g} mV; IClamp {COMBO_ICLAMP['amp']:g} nA from "
            f"{COMBO_ICLAMP['delay']:g} ms for {COMBO_ICLAMP['dur']:g} ms")),
            ["t_ms"] + [c for c, _ in cols], rows)
        result["files"]["calcium_combo"] = {"file": f, "columns": ["t_ms"] + [c for c, _ in cols]}
    else:
        raise ValueError(f"unknown job kind {job['kind']}")
    return result


def run_child(job, cwd):
    """Runs simulate(job) in a fresh /usr/bin/python3 (one NEURON per entry).

    Returns (result, None) or (None, error text)."""
    try:
        r = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--simulate"],
                           input=json.dumps(job), text=True, cwd=cwd, timeout=600,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except subprocess.TimeoutExpired:
        return None, "the NEURON process took more than 600 s"
    # the result is the last line; a mechanism's printf without a newline
    # (AMPA_S's "Event!") may come before it on that line
    lines = [l[l.index('{"'):] for l in r.stdout.splitlines() if '{"' in l]
    if r.returncode == 0 and lines:
        res = json.loads(lines[-1])
        if "error" not in res:
            return res, None
        err = res["error"]
    elif r.returncode < 0:
        err = (f"the NEURON process was killed by signal {-r.returncode} "
               f"({signal.Signals(-r.returncode).name})")
    else:
        err = f"exit status {r.returncode}"
    # NEURON reports hoc errors on stderr ("NEURON: ..."); keep the first.
    neuron_err = [l.strip() for l in r.stderr.splitlines() if l.startswith("NEURON:")
                  or "Error" in l or "error" in l]
    if neuron_err:
        err = neuron_err[0] + (f" ({err})" if err not in neuron_err[0] else "")
    return None, err


def simulate_main():
    job = json.loads(sys.stdin.read())
    try:
        res = simulate(job)
    except Exception as exc:  # reported to the parent, which records it
        res = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
    print(json.dumps(res))


# ---------------------------------------------------------------------------
# Main: inventory, compile, simulate, write
# ---------------------------------------------------------------------------

README = """# NEURON reference traces for the NMODL translator

Generated by `scripts/nmodl-ref/make_refs.py` (run `make nmodl-ref`, which
first runs `scripts/install-neuron.sh`); do not edit by hand. The Go tests
of the NMODL translator (issue 18) compare Golgi with these files, so CI
needs no NEURON.

- NEURON: `{version}` (Debian 12 packages: {packages}; mechanisms
  compiled by nrnivmodl, each .mod file alone).
- Reference sets (under `$GOLGI_REF`, default `../shared/ref`):
{sets}
- Units: NEURON's (`FARADAY` = {faraday!r} C/mol, `R` = {gasconst!r} J/(K mol),
  legacy units: {legacy}).

## Files

- `inventory.json`: every distinct .mod file (by sha256 of its content;
  all paths where it occurs, git symbolic links resolved) with its
  mechanism name, kind, VERBATIM lines, ions, currents, STATEs, compile
  result, status (`ok` or why no traces were made), default PARAMETER and
  GLOBAL values as NEURON reports them, `ion_style` after insertion (the
  bitmap of nrnoc/eion.cpp, decoded), ion values after `finitialize`, and
  for each trace file its columns. Entry names: the mechanism name, or
  `<set>_<subdir>_<Name>` when one name comes with different contents.
- `<entry>_vclamp.csv.gz`, `<entry>_iclamp.csv.gz`: density mechanisms;
  `<entry>_pointer.csv.gz`: those with a POINTER the file reads (NGV's
  cadifus and mcd13: glu2).
- `<entry>_events.csv.gz`: point processes with NET_RECEIVE;
  `<entry>_point.csv.gz`: point processes without (no input).
- `calcium_combo.csv.gz`: the calcium combination below.

Each trace is a gzip CSV: one comment line starting with `#` (the run's
settings), a header row, then rows with values printed by `%.17g`
(exactly the doubles NEURON had). Rows are samples after step n of the
run (n = 0 is the state after `finitialize`); n = round(t_ms / dt), and
`t_ms` is NEURON's `t`, accumulated by `t += dt`, so not exactly n*dt.

- iclamp, events, point, calcium_combo: every {every}th step (every
  {sample:g} ms), {nrows} rows.
- vclamp: every {vevery}th step ({vsample:g} ms) and every step in the
  first {dense:g} ms after each clamp transition (n = {d1n}..{d1m} and
  {d2n}..{d2m}), {vrows} rows per level, levels one after the other. (Every
  4th step throughout made the vclamp files about 28 MB; this keeps the
  testdata near 10 MB and keeps the fast gating after the steps at full
  resolution.) inventory.json has the list of kept steps.

## The simulation

One section `soma`, nseg = 1, L = diam = {L:g} um (area {area!r} um2),
cm = {cm:g} uF/cm2, Ra = {ra:g} ohm cm, `celsius` = {celsius:g} degC,
dt = {dt:g} ms, `finitialize({vinit:g})`, then {nsteps} calls of
`fadvance()` (fixed step, backward Euler: `secondorder` = 0, CVode off) to
t = {tstop:g} ms. Mechanisms at their default parameters (PARAMETER and
GLOBAL defaults of the .mod file, as recorded in inventory.json). Each
entry runs in its own NEURON process. Traces exist for the density
mechanisms and point processes that NEURON compiles and runs and that
have no VERBATIM, or whose VERBATIM blocks hold nothing but `#include
<...>` lines (`verbatim_include_only` in inventory.json: the MIV
ca1_Poolos channels include <stdlib.h> to silence a compiler warning).
Mechanisms with other VERBATIM code and ARTIFICIAL_CELLs have none (see
`status`).

- vclamp (density mechanisms): the mechanism alone (no pas); SEClamp at
  0.5 with rs = {rs:g} MOhm (NEURON's default, so v is not exactly the
  command), {hold:g} mV for {d1:g} ms, `step_mV` for {d2:g} ms, {hold:g} mV
  for {d3:g} ms; `step_mV` = {levels}. Each level is a separate run from
  `finitialize`. Column `i_SEClamp` is the clamp current (nA, positive
  depolarises).
- iclamp (density mechanisms): the mechanism + pas (g_pas = {pasg:g} S/cm2,
  e_pas = {pase:g} mV), IClamp at 0.5, {iamp:g} nA from {idel:g} ms for
  {idur:g} ms.
- pointer (density mechanisms with POINTERs or BBCOREPOINTERs the file
  reads, cadifus and mcd): NEURON dereferences them, so in every protocol
  each is aimed by `setpointer` at an element of a Vector of the run's
  own holding 0 (Golgi's translation: a per-instance variable of default
  0). This protocol is iclamp, in a new section, with those elements set
  to 1 between steps 1200 and 1201 (t = 30 ms); writes of the mechanism
  to the pointer (cadifus: glu2 = 0) go to the element.
- events (point processes): pas as above, the point process at 0.5,
  `nc = NetCon(None, pp)`, `nc.delay = 0`, `nc.weight[0] = {w:g}` (uS for
  mechanisms that take the weight as a conductance), other NET_RECEIVE
  arguments 0 except LinExp2Syn/LinExp2SynNMDA `g_unit` = 1 (uS); after
  `finitialize`, `nc.event(t)` for t = {events} ms. The arguments and
  weights used are in inventory.json.
- calcium_combo: {combo} (neocortex v5) + pas as above, IClamp
  {camp:g} nA from {cdel:g} ms for {cdur:g} ms; columns v, cai, eca, ica
  and each mechanism's own `ica_<mech>`.

## Columns and units

- `t_ms` (ms), `step_mV` (mV), `v` (mV).
- Ion variables of the segment, as NEURON names them: `ina`, `ik`, `ica`,
  ... (mA/cm2: the sum over all mechanisms, here just the one), `cai`, ...
  (mM), `eca`, ... (mV). Recorded: the currents and concentrations the
  mechanism WRITEs, and for an ion whose concentration it writes, or for
  ca, the inside concentration and the reversal potential.
- `<var>_<mech>`: a mechanism's RANGE variables. Density mechanisms:
  NONSPECIFIC_CURRENT / ELECTRODE_CURRENT currents (mA/cm2) and ion
  currents the .mod also lists in RANGE (NEURON then keeps the
  mechanism's own contribution in `<ion current>_<mech>`), and every
  STATE (an array STATE `x[n]`, NEURON's `x_<mech>[i]`, as the columns
  `x[i]_<mech>`, Golgi's variable names). A STATE that is an ion concentration (cai in CaDynamics_E2) is
  recorded as the ion variable (`cai`). Point processes: every RANGE variable
  (ASSIGNED, then STATE, then PARAMETER; currents in nA, conductances in
  the units the .mod declares, usually uS).

## NEURON semantics seen in these runs

- ion_style (inventory.json, `ion_style`) depends on what the inserted
  mechanisms do with the ion, not on the ion alone (nrn_promote in
  nrnoc/eion.cpp). A mechanism that only READs the reversal potential
  (Ca_HVA: READ eca) leaves it a parameter: eca stays {eca_default!r} mV,
  NEURON's built-in default, not the Nernst value at {celsius:g} degC. A
  mechanism that READs a concentration (cal: READ cai, cao) makes the
  concentration a parameter and the reversal potential `assigned` with
  einit: eca = Nernst(cai, cao) once, at finitialize ({eca_nernst!r} mV at
  {celsius:g} degC). A mechanism that WRITEs the concentration
  (CaDynamics_E2: WRITE cai) makes it `state` with cinit (cai =
  cai0_ca_ion = {cai0:g} mM, cao = cao0_ca_ion = {cao0:g} mM at
  finitialize) and the reversal potential `assigned` with einit and
  eadvance: recomputed by the Nernst equation at every step.
- When eca is recomputed (calcium_combo, checked on every step of the run,
  inventory.json `calcium_combo.eca_check`): the eca recorded after step n
  is Nernst(cai after step n-1) (largest difference
  {lag1!r} mV; against cai after step n: {lag0!r} mV): the ion
  mechanism updates e at the start of a step, before the currents, and
  the concentration STATE is integrated later in the same step. After
  finitialize, eca = Nernst(cai, cao) (difference {lag00!r}).
- finitialize ends by computing the currents once, with the ions' own
  step first: row 0 (t = 0) already holds nonzero currents (ica of
  Ca_HVA), and an eadvance ion's e is the Nernst value of the
  concentration the INITIAL blocks left, not of cai0: CaDynamics_DC0's
  INITIAL sets cai = minCai, so after finitialize cai = {dc0_cai!r} mM and
  eca = {dc0_eca!r} mV.
- Which styles occurred (ion: conc style / erev style, flags; e after
  finitialize; entries):
{style_table}
- An ion a .mod introduces without VALENCE gets charge -10000 (NEURON's
  "unset" value): see `charge` in `ion_style` (cl in IonIClamp, which
  never needs it). With VALENCE (kcc2, leak, nakcc, internal_ions: cl -1;
  nakpump: atp -3, adp -2, p -3) the given charge is used. Ions NEURON
  does not predefine (cl, ttx, atp, ...) start at e = 0 mV and inside =
  outside = 1 mM.
- An ion current written by a mechanism and also listed in its RANGE
  (Ca_HVA: `RANGE ... ica`) becomes a RANGE variable of its own,
  `ica_Ca_HVA`, the mechanism's contribution; the segment's `ica` is the
  sum over mechanisms (calcium_combo has both).
- Default ion values: {ion_defaults}; ena = {ena:g} mV, ek = {ek:g} mV when
  they are parameters.

## Entries

{entries}
"""


def build_entry(e, tmp, out, written):
    """Compiles and simulates one inventory entry, setting e["rec"] and
    adding the files written to written."""
    info, name = e["info"], e["entry"]
    rec = {
        "entry": name, "mechanism": info["name"], "kind": info["kind"],
        "source": e["source"], "paths": e["paths"], "sha256": info["sha256"],
        "verbatim": bool(info["verbatim_lines"]), "verbatim_lines": info["verbatim_lines"],
        "verbatim_include_only": info["verbatim_include_only"],
        "ions": info["ions"], "nonspecific_current": info["nonspecific"],
        "electrode_current": info["electrode"], "range": info["range"],
        "global": info["global"], "pointer": info["pointer"],
        "bbcorepointer": info["bbcorepointer"], "states": info["states"],
        "net_receive": info["net_receive"], "solve_methods": info["solve_methods"],
        "kinetic": info["has_kinetic"], "table": info["has_table"],
    }
    e["rec"] = rec
    src = e["real"]
    if name in PATCHES:
        text = src.read_text()
        for a, b in PATCHES[name]:
            if a not in text:
                raise SystemExit(f"make_refs: patch of {name}: {a!r} not found")
            text = text.replace(a, b)
        (tmp / "patched").mkdir(exist_ok=True)
        src = tmp / "patched" / e["real"].name
        src.write_text(text)
        rec["patched"] = [list(p) for p in PATCHES[name]]
        rec["note"] = NOTES[name]
    lib, err = compile_mods([(e["real"].name, src)], tmp / name)
    rec["compiles"] = err is None
    if err:
        rec["compile_error"] = err
        rec["status"] = "skipped: NEURON's nrnivmodl fails: " + err
    elif (info["verbatim_lines"] and not info["verbatim_include_only"]) \
            or info["kind"] == "artificial":
        reasons = []
        if info["verbatim_lines"] and not info["verbatim_include_only"]:
            reasons.append("VERBATIM (needs a native implementation)")
        if info["kind"] == "artificial":
            reasons.append("ARTIFICIAL_CELL (no membrane protocol)")
        rec["status"] = "skipped: " + "; ".join(reasons)
    else:
        job = {"entry": name, "kind": info["kind"], "info": info,
               "lib": str(lib), "out": str(out)}
        res, err = run_child(job, tmp)
        if err:
            rec["status"] = "skipped: NEURON simulation fails: " + err
            if name in NOTES:
                rec["note"] = NOTES[name]
        else:
            rec["status"] = "ok"
            rec.update(res)
            written.update(f["file"] for f in res["files"].values())
    print(f"make_refs: {name:40s} {rec['status']}", file=sys.stderr)


def only_entries(names, entries, out):
    """Redoes the entries names of an existing inventory.json in out: their
    records and traces; the other records, the calcium combination and the
    other files stay as they are."""
    inv = json.loads((out / "inventory.json").read_text())
    with tempfile.TemporaryDirectory(prefix="golgi-nmodl-ref-") as tmp:
        tmp = Path(tmp)
        for name in names:
            e = next((e for e in entries if e["entry"] == name), None)
            if e is None:
                raise SystemExit(f"make_refs: no entry {name}")
            old = next(r for r in inv["entries"] if r["entry"] == name)
            for f in old.get("files", {}).values():
                (out / f["file"]).unlink(missing_ok=True)
            build_entry(e, tmp, out, set())
            inv["entries"] = [e["rec"] if r["entry"] == name else r for r in inv["entries"]]
    (out / "inventory.json").write_text(json.dumps(inv, indent=1, sort_keys=True) + "\n")
    (out / "README.md").write_text(readme(inv))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--simulate", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(OUT_DIR), help="output directory")
    ap.add_argument("--only", action="append", default=[], metavar="ENTRY",
                    help="redo only these entries of an existing inventory.json "
                         "(their traces and records; the rest is kept)")
    args = ap.parse_args()
    if args.simulate:
        simulate_main()
        return

    ref_root = Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))
    if not ref_root.is_dir():
        raise SystemExit(f"make_refs: reference directory {ref_root} not found (set GOLGI_REF)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    entries = inventory(ref_root)
    print(f"make_refs: {len(entries)} distinct .mod files", file=sys.stderr)
    if args.only:
        only_entries(args.only, entries, out)
        return

    written = {"inventory.json", "README.md"}
    with tempfile.TemporaryDirectory(prefix="golgi-nmodl-ref-") as tmp:
        tmp = Path(tmp)
        for e in entries:
            build_entry(e, tmp, out, written)

        # The calcium combination, compiled together from neocortex v5.
        combo_files = []
        for m in COMBO_MECHS:
            e = next(e for e in entries if e["info"]["name"] == m and any(
                p.startswith(f"{dict(SETS)[COMBO_DIR[0]]}/{COMBO_DIR[1]}/") for p in e["paths"]))
            combo_files.append((e["real"].name, e["real"], e["entry"]))
        lib, err = compile_mods([f[:2] for f in combo_files], tmp / "calcium_combo")
        if err:
            raise SystemExit(f"make_refs: calcium combination does not compile: {err}")
        combo_info = {"name": "calcium_combo", "ions": [{"ion": "ca", "read": [], "write": []}],
                      "nonspecific": [], "electrode": [], "global": [], "states": [],
                      "net_receive": None}
        res, err = run_child({"entry": "calcium_combo", "kind": "combo", "info": combo_info,
                              "lib": str(lib), "out": str(out)}, tmp)
        if err:
            raise SystemExit(f"make_refs: calcium combination fails: {err}")
        written.update(f["file"] for f in res["files"].values())
        combo = {"mechanisms": COMBO_MECHS, "entries": [f[2] for f in combo_files],
                 "sources": [str(f[1].relative_to(ref_root.resolve())) for f in combo_files],
                 **res}

        facts = neuron_facts(tmp)

    inv = {
        "generator": "scripts/nmodl-ref/make_refs.py",
        "neuron_version": facts["version"],
        "neuron": facts,
        "settings": {
            "celsius_degC": CELSIUS, "dt_ms": DT, "v_init_mV": V_INIT, "tstop_ms": TSTOP,
            "nsteps": NSTEPS, "sample_every": SAMPLE_EVERY,
            "vclamp_sampling": {"every": VCLAMP_SAMPLE_EVERY, "dense_ms": VCLAMP_DENSE_MS,
                                "steps_kept": kept_steps("vclamp")},
            "soma_L_um": SOMA_L,
            "soma_diam_um": SOMA_DIAM, "cm_uF_cm2": CM, "Ra_ohm_cm": RA, "nseg": 1,
            "secondorder": 0, "cvode": False,
            "vclamp": {"hold_mV": VCLAMP_HOLD, "durations_ms": list(VCLAMP_DUR),
                       "levels_mV": VCLAMP_LEVELS, "rs_MOhm": facts["seclamp_rs"]},
            "iclamp": {"pas_g_S_cm2": PAS_G, "pas_e_mV": PAS_E, **ICLAMP},
            "events": {"times_ms": EVENT_TIMES, "weight0": WEIGHT,
                       "other_weights": NETCON_WEIGHTS},
            "calcium_combo": {"iclamp": COMBO_ICLAMP, "pas_g_S_cm2": PAS_G, "pas_e_mV": PAS_E},
        },
        "sets": {s: d for s, d in SETS},
        "entries": [e["rec"] for e in entries],
        "calcium_combo": combo,
    }
    (out / "inventory.json").write_text(json.dumps(inv, indent=1, sort_keys=True) + "\n")
    (out / "README.md").write_text(readme(inv))

    # Idempotence: remove trace files of earlier runs that this run did not write.
    for p in sorted(out.iterdir()):
        if p.name not in written and (p.name.endswith(".csv.gz") or p.suffix == ".json"):
            print(f"make_refs: removing stale {p.name}", file=sys.stderr)
            p.unlink()

    ok = [e["rec"] for e in entries if e["rec"]["status"] == "ok"]
    print(f"make_refs: {len(ok)} of {len(entries)} entries with traces; "
          f"{sum(p.stat().st_size for p in out.iterdir())} bytes in {out}", file=sys.stderr)


def neuron_facts(tmp):
    """Version, constants and defaults of this NEURON, from a child process."""
    code = (
        "import json\nfrom neuron import h\n"
        f"h.celsius = {CELSIUS!r}\n"
        "s = h.Section(name='soma'); s.L = s.diam = %r\n" % SOMA_L +
        "c = h.SEClamp(s(0.5))\n"
        "s.insert('hh')\n"
        "print(json.dumps({'version': h.nrnversion(), 'version_short': h.nrnversion(5),\n"
        " 'FARADAY': h.FARADAY, 'R': h.R, 'legacy_units': int(h.nrnunit_use_legacy()),\n"
        " 'seclamp_rs': c.rs, 'area_um2': s(0.5).area(),\n"
        " 'ion_defaults': {n: getattr(h, n) for n in ['nai0_na_ion', 'nao0_na_ion',\n"
        "   'ki0_k_ion', 'ko0_k_ion']},\n"
        " 'erev_defaults': {'ena': s(0.5).ena, 'ek': s(0.5).ek}}))\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    facts = json.loads([l for l in r.stdout.splitlines() if l.startswith("{")][-1])
    pkgs = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n",
                           "neuron", "python3-neuron", "neuron-dev"],
                          text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    facts["debian_packages"] = sorted(pkgs.stdout.split("\n")[:-1])
    return facts


def readme(inv):
    st, nf = inv["settings"], inv["neuron"]
    lines = []
    for r in inv["entries"]:
        files = ", ".join(f"`{f['file']}`" for f in sorted(r.get("files", {}).values(),
                                                            key=lambda f: f["file"]))
        lines.append(f"| {r['entry']} | {r['mechanism']} | {r['kind']} | "
                     f"{r['source']} | {r['status']} | {files} |")
    table = ("| entry | mechanism | kind | source | status | files |\n"
             "|---|---|---|---|---|---|\n" + "\n".join(lines))
    sample = DT * SAMPLE_EVERY
    dense = round(VCLAMP_DENSE_MS / DT)
    d1 = round(VCLAMP_DUR[0] / DT)
    d2 = round((VCLAMP_DUR[0] + VCLAMP_DUR[1]) / DT)
    return README.format(
        version=nf["version"], packages=", ".join(nf["debian_packages"]),
        sets="\n".join(f"  - {s}: `{d}`" for s, d in SETS),
        faraday=nf["FARADAY"], gasconst=nf["R"], legacy=bool(nf["legacy_units"]),
        every=SAMPLE_EVERY, sample=sample, nrows=len(kept_steps("iclamp")),
        vevery=VCLAMP_SAMPLE_EVERY, vsample=VCLAMP_SAMPLE_EVERY * DT, dense=VCLAMP_DENSE_MS,
        d1n=d1, d1m=d1 + dense, d2n=d2, d2m=d2 + dense, vrows=len(kept_steps("vclamp")),
        L=SOMA_L, area=nf["area_um2"], cm=CM, ra=RA, celsius=CELSIUS, dt=DT,
        vinit=V_INIT, nsteps=NSTEPS, tstop=TSTOP, rs=nf["seclamp_rs"], hold=VCLAMP_HOLD,
        d1=VCLAMP_DUR[0], d2=VCLAMP_DUR[1], d3=VCLAMP_DUR[2],
        levels=", ".join(f"{v:g}" for v in VCLAMP_LEVELS),
        pasg=PAS_G, pase=PAS_E, iamp=ICLAMP["amp"], idel=ICLAMP["delay"],
        idur=ICLAMP["dur"], w=WEIGHT, events=", ".join(f"{t:g}" for t in EVENT_TIMES),
        combo=" + ".join(COMBO_MECHS), camp=COMBO_ICLAMP["amp"],
        cdel=COMBO_ICLAMP["delay"], cdur=COMBO_ICLAMP["dur"],
        eca_default=next(r["ion_values_after_init"]["eca"] for r in inv["entries"]
                         if r["entry"] == "Ca_HVA"),
        cai0=inv["calcium_combo"]["ca_defaults"]["cai0_ca_ion"],
        cao0=inv["calcium_combo"]["ca_defaults"]["cao0_ca_ion"],
        ion_defaults=", ".join(f"{k} = {v:g}" for k, v in sorted(
            {**nf["ion_defaults"], **inv["calcium_combo"]["ca_defaults"]}.items())),
        entries=table, style_table=style_table(inv),
        eca_nernst=next(r["ion_values_after_init"]["eca"] for r in inv["entries"]
                        if r["entry"] == "cal"),
        lag1=inv["calcium_combo"]["eca_check"]["max_abs_eca_n_minus_nernst_cai_n_minus_1"],
        lag0=inv["calcium_combo"]["eca_check"]["max_abs_eca_n_minus_nernst_cai_n"],
        lag00=inv["calcium_combo"]["eca_check"]["eca_0_minus_nernst_cai_0"],
        ena=nf["erev_defaults"]["ena"], ek=nf["erev_defaults"]["ek"],
        dc0_cai=next(r["ion_values_after_init"]["cai"] for r in inv["entries"]
                     if r["entry"] == "CaDynamics_DC0"),
        dc0_eca=next(r["ion_values_after_init"]["eca"] for r in inv["entries"]
                     if r["entry"] == "CaDynamics_DC0"),
    )


def style_table(inv):
    """Markdown list of the ion styles seen: one line per ion and style."""
    groups = {}
    for r in inv["entries"]:
        for ion, st in sorted(r.get("ion_style", {}).items()):
            flags = [f for f in ("cinit", "einit", "eadvance", "ci_written", "co_written")
                     if st[f]]
            key = (ion, st["conc"], st["erev"], ",".join(flags), st["charge"])
            e = r.get("ion_values_after_init", {}).get("e" + ion)
            g = groups.setdefault(key, {"e": set(), "entries": []})
            if e is not None:
                g["e"].add(e)
            g["entries"].append(r["entry"])
    lines = []
    for (ion, conc, erev, flags, charge), g in sorted(groups.items()):
        es = ", ".join(f"{x!r}" for x in sorted(g["e"])) or "-"
        lines.append(f"  - {ion} (charge {charge:g}): {conc} / {erev}"
                     f"{' (' + flags + ')' if flags else ''}; e{ion} = {es}; "
                     f"{', '.join(g['entries'])}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
