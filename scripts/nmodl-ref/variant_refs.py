#!/usr/bin/python3
"""NEURON references for the variants of Golgi's native synapses.

The .mod files of the plasticity, optimized, ngv and metabolism sets
(neurodamus-models neocortex/mod/plasticity, common/mod/optimized,
common/mod/ngv, neocortex/mod/metabolism) are variants of
ProbAMPANMDA_EMS.mod and ProbGABAAB_EMS.mod that sim/mech/native
registers under the same names in those mechanism sets. This script runs
each variant's own .mod in NEURON 8.2 under the protocol of
native_refs.py (the same soma, event train, minis, Random123 seeds and
delayed weights; run_synapse is native_refs.py's) and writes into
sim/mech/native/testdata:

  variants.json       every case's settings (native_refs.py's fields, plus
                      mod: the file, set: the mechanism set)
  stoch_variants.json the same for the metabolism set's StochKv3 (cases
                      of stoch_refs.py's channel protocol, run by its
                      run_channel; the populations, gk0 and ik_stoch_0,
                      ASSIGNED but not RANGE, declared RANGE in the
                      compiled copy to be recorded: one compartment, so
                      NEURON computes the same)
  <case>.csv.gz       the traces, as native_refs.py writes them

The variants share their mechanism's name, so each file is compiled by
nrnivmodl alone (with VecStim.mod) in a temporary directory.

Run with the Python that has NEURON (/usr/bin/python3); GOLGI_REF and
GOLGI_NRNIVMODL as for native_refs.py.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import native_refs as nr  # noqa: E402
import stoch_refs as sr  # noqa: E402

BASE = {c["name"]: c for c in nr.CASES}


def variant(base, name, mod, mset, range_=None, globals_=None, record=(), drop=()):
    c = json.loads(json.dumps(BASE[base]))
    c.update(name=name, mod=mod, set=mset, protocols="variants.json")
    c["range"].update(range_ or {})
    c["globals"].update(globals_ or {})
    c["record"] = [r for r in c["record"] if r not in drop] + list(record)
    return c


AMPA_ION = ["ina", "ik", "ica", "i_sum", "ina_AMPA", "ica_NMDA"]
CASES = [
    variant("ProbAMPANMDA_EMS", "ProbAMPANMDA_EMS_plasticity",
            "sonata/mod/neocortex/mod/plasticity/ProbAMPANMDA_EMS.mod", "plasticity",
            globals_={"mg": 1.2}),
    variant("ProbAMPANMDA_EMS", "ProbAMPANMDA_EMS_optimized",
            "sonata/mod/common/mod/optimized/ProbAMPANMDA_EMS.mod", "optimized"),
    variant("ProbAMPANMDA_EMS", "ProbAMPANMDA_EMS_ngv",
            "sonata/mod/common/mod/ngv/ProbAMPANMDA_EMS.mod", "ngv",
            range_={"verboseLevel": 1}, record=["Rstate", "Ustate"]),
    variant("ProbAMPANMDA_EMS", "ProbAMPANMDA_EMS_metabolism",
            "sonata/mod/neocortex/mod/metabolism/ProbAMPANMDA_EMS.mod", "metabolism",
            range_={"e_AMPA": 5.0}, drop=["i"],  # i is not RANGE there
            record=AMPA_ION + ["Rstate", "Ustate", "testState", "release_accumulator"]),
    variant("ProbGABAAB_EMS", "ProbGABAAB_EMS_plasticity",
            "sonata/mod/neocortex/mod/plasticity/ProbGABAAB_EMS.mod", "plasticity"),
    variant("ProbGABAAB_EMS", "ProbGABAAB_EMS_optimized",
            "sonata/mod/common/mod/optimized/ProbGABAAB_EMS.mod", "optimized",
            range_={"tau_d_GABAB": 180.0, "tau_r_GABAB": 4.0}),
    variant("ProbGABAAB_EMS", "ProbGABAAB_EMS_metabolism",
            "sonata/mod/neocortex/mod/metabolism/ProbGABAAB_EMS.mod", "metabolism",
            record=["icl", "ik", "release_accumulator"]),
    # DetAMPANMDA_ionic and DetGABAAB_ionic: new names, 7 NET_RECEIVE
    # arguments (no nc_type), no delayed weights
    variant("DetAMPANMDA", "DetAMPANMDA_ionic", "sonata/mod/neocortex/mod/metabolism/DetAMPANMDA.mod",
            "metabolism", range_={"e_AMPA": 5.0, "e_NMDA": -3.0}, drop=["next_delay", "g"],
            record=["ina", "ik", "ica", "ina_NMDA", "ica_AMPA"]),
    variant("DetGABAAB", "DetGABAAB_ionic", "sonata/mod/neocortex/mod/metabolism/DetGABAAB.mod",
            "metabolism", record=["icl", "ik"]),
]
for c in CASES:
    if c["name"].endswith("_ionic"):
        c.update(mechanism=c["name"], nargs=7, delay_vecs=None)
        c["range"].pop("conductance", None)

SCHAN = {c["name"]: c for c in sr.CHANNEL_CASES}
KV3_MOD = "sonata/mod/neocortex/mod/metabolism/StochKv3.mod"
CHANNEL_CASES = []
for base in ["StochKv3", "StochKv3_clamp"]:
    c = json.loads(json.dumps(SCHAN[base]))
    c.update(name=base + "_metabolism", mod=KV3_MOD, set="metabolism",
             protocols="stoch_variants.json")
    c["record"] = c["record"] + ["gk0", "ik_stoch_0"]
    CHANNEL_CASES.append(c)


def compile_into(d, files, env):
    for name, text in files.items():
        (Path(d) / name).write_text(text)
    subprocess.run([nr.nrnivmodl()], cwd=d, check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return str(Path(d) / "x86_64" / ".libs" / "libnrnmech.so")


def main():
    if len(sys.argv) == 3:
        lib, name = sys.argv[1], sys.argv[2]
        chan = [c for c in CHANNEL_CASES if c["name"] == name]
        if chan:
            sr.run_channel(chan[0], lib)
        else:
            nr.run_synapse(next(c for c in CASES if c["name"] == name), lib)
        return
    ref = Path(os.environ.get("GOLGI_REF", nr.REPO.parent / "shared" / "ref"))
    nr.OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NRNIVMODL_JOBS=os.environ.get("NRNIVMODL_JOBS", "1"))
    only = os.environ.get("GOLGI_VARIANT")  # one case, for development
    for c in CASES:
        if only and c["name"] != only:
            continue
        with tempfile.TemporaryDirectory() as d:
            shutil.copy(nr.resolve(ref / c["mod"]), Path(d) / Path(c["mod"]).name)
            shutil.copy(nr.resolve(ref / "sonata/mod/common/mod/VecStim.mod"), Path(d) / "VecStim.mod")
            subprocess.run([nr.nrnivmodl()], cwd=d, check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            lib = str(Path(d) / "x86_64" / ".libs" / "libnrnmech.so")
            if os.environ.get("GOLGI_KEEP_C"):
                for f in (Path(d) / "x86_64").glob("*.c"):
                    shutil.copy(f, Path(os.environ["GOLGI_KEEP_C"]) / (c["name"] + "_" + f.name))
            subprocess.run([sys.executable, __file__, lib, c["name"]], check=True,
                           stdout=subprocess.DEVNULL)
    if not only or only in [c["name"] for c in CHANNEL_CASES]:
        with tempfile.TemporaryDirectory() as d:
            text = nr.resolve(ref / KV3_MOD).read_text()
            expose = sr.EXPOSE_KV3 + "    RANGE gk0, ik_stoch_0\n"
            text = text.replace("    RANGE P_an, P_bn, P_al, P_bl\n",
                                "    RANGE P_an, P_bn, P_al, P_bl\n" + expose, 1)
            assert expose in text
            lib = compile_into(d, {"StochKv3.mod": text}, env)
            for c in CHANNEL_CASES:
                subprocess.run([sys.executable, __file__, lib, c["name"]], check=True)
        (nr.OUT / "stoch_variants.json").write_text(json.dumps(
            dict(soma=sr.SOMA, sample_every=sr.SAMPLE_EVERY, inhpoisson=[],
                 channels=CHANNEL_CASES), indent=1) + "\n")
    if not only:
        (nr.OUT / "variants.json").write_text(json.dumps(
            dict(soma=nr.SOMA, sample_every=nr.SAMPLE_EVERY, synapses=CASES), indent=1) + "\n")


if __name__ == "__main__":
    main()
