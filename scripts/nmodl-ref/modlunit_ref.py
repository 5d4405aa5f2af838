#!/usr/bin/env python3
"""Records NEURON's modlunit verdict on every .mod file of the reference
sets, for sim/nmodl/units' agreement test (which then needs no NEURON).

    GOLGI_REF=/work/shared/ref python3 scripts/nmodl-ref/modlunit_ref.py \
        > sim/nmodl/units/testdata/modlunit_ref.txt

Each line is "path<TAB>ok" or "path<TAB>line N: message", path relative to
GOLGI_REF, message modlunit's first error with its lines joined. Files
that hold only the relative path of another .mod file (symbolic links
stored as text by git) are followed, as nmodl.ReadMod does. modlunit
runs in a scratch directory on a copy named like the file.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SETS = ["sonata/mod", "miv/cases"]


def read_mod(path):
    for _ in range(8):
        with open(path, encoding="utf-8", errors="replace") as f:
            src = f.read()
        s = src.strip()
        if not s.endswith(".mod") or any(c in s for c in "\n{ \t"):
            return path, src
        path = os.path.join(os.path.dirname(path), s)
    raise RuntimeError(path + ": too many links")


def verdict(path, modlunit):
    real, _ = read_mod(path)
    with tempfile.TemporaryDirectory() as d:
        name = os.path.basename(path)
        shutil.copy(real, os.path.join(d, name))
        p = subprocess.run([modlunit, name], cwd=d, capture_output=True, text=True)
    if p.returncode == 0:
        return "ok"
    err = "\n".join(l for l in p.stderr.splitlines()
                    if not l.startswith("model ") and not l.startswith("Checking units"))
    m = re.search(r" at line (\d+) in file", err)
    if not m:
        if " at end of file" in err:
            return "line end: " + squeeze(err.split(" at end of file")[0])
        return "error: " + squeeze(err)
    return "line %s: %s" % (m.group(1), squeeze(err[:m.start()]))


def squeeze(s):
    s = re.sub(r"(?m)^units:", " ", s)
    return " ".join(s.split())


def main():
    ref = os.environ.get("GOLGI_REF")
    if not ref:
        sys.exit("set GOLGI_REF")
    modlunit = shutil.which("modlunit") or sys.exit("modlunit (NEURON) not found")
    files = []
    for s in SETS:
        for root, _, names in os.walk(os.path.join(ref, s)):
            if s == "miv/cases" and "/mechanisms" not in root:
                continue
            files += [os.path.join(root, n) for n in names if n.endswith(".mod")]
    for path in sorted(files):
        print("%s\t%s" % (os.path.relpath(path, ref), verdict(path, modlunit)))


if __name__ == "__main__":
    main()
