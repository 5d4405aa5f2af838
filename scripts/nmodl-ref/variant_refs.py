#!/usr/bin/python3
"""NEURON references for the variants of Golgi's native synapses.

The .mod files of the plasticity, optimized, ngv, metabolism,
neocortexv5 and neocortexv6 sets (neurodamus-models
neocortex/mod/plasticity, common/mod/optimized, common/mod/ngv,
neocortex/mod/metabolism, neocortex/mod/v5 and v6) are variants of
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

import gzip
import io
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


def variant(base, name, mod, mset, range_=None, globals_=None, record=(), drop=(),
            net_event=False):
    c = json.loads(json.dumps(BASE[base]))
    c.update(name=name, mod=mod, set=mset, protocols="variants.json", net_event=net_event)
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
            record=AMPA_ION + ["Rstate", "Ustate", "testState", "release_accumulator"],
            net_event=True),
    # neocortex/mod/v5 and v6 link neocortex/mod/common's file (Chindemi's
    # magnesium block), which neurodamus-models builds before common/mod
    variant("ProbAMPANMDA_EMS", "ProbAMPANMDA_EMS_neocortexv5",
            "sonata/mod/neocortex/mod/v5/ProbAMPANMDA_EMS.mod", "neocortexv5"),
    variant("ProbAMPANMDA_EMS", "ProbAMPANMDA_EMS_neocortexv6",
            "sonata/mod/neocortex/mod/v6/ProbAMPANMDA_EMS.mod", "neocortexv6"),
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

# GluSynapse_ionic (metabolism): an older GluSynapse with ion currents, a
# one-argument NET_RECEIVE (weight scales A and B at a release), the
# release state in RANGE variables, Use plasticity (enable_GB) and
# rewiring (enable_RW, whose flag-1 draw shifts the stream). The protocol
# of stoch_refs.py's GLU (train, minis, IClamp, thresholds crossed both
# ways), a mini of weight 0.8 among them.
GLU_MOD = "sonata/mod/neocortex/mod/metabolism/GluSynapse.mod"
GLU_RECORD = ["v", "g_AMPA", "g_NMDA", "A_AMPA", "B_AMPA", "A_NMDA", "B_NMDA", "Use_GB",
              "m_VDCC", "h_VDCC", "cai_CR", "effcai_GB", "Rho_GB", "depress_GB", "potentiate_GB",
              "ica_NMDA", "ica_VDCC", "u", "tsyn", "occupied", "unoccupied", "ina", "ik", "ica",
              "tot_ica_NMDA", "ina_AMPA"]
GLU_BASE = dict(mechanism="GluSynapse_ionic", mod=GLU_MOD, set="metabolism", global_index=4,
                syn_rng=[9 + 250, 4 + 100, 300], train=sr.GLU_TRAIN, delay_ms=1.0, weight=1.0,
                minis=dict(times_ms=[40.5, 95.0, 201.2, 240.0, 480.0],
                           weights=[1.0, 1.0, 0.8, 1.0, 1.0]),
                iclamp=dict(del_ms=5.0, dur_ms=250.0, amp_nA=0.03), tstop_ms=600.0,
                sample_every=40, record=GLU_RECORD)
GLU_RANGE = {"Nrrp": 3, "Use": 0.6, "Dep": 80.0, "Fac": 15.0, "gmax_AMPA": 1.2,
             "NMDA_ratio": 1.6, "theta_d_GB": sr.THETA_D, "theta_p_GB": sr.THETA_P,
             "rho0_GB": 0.4, "synapseID": 4, "volume_CR": 0.05}
GLU_CASES = [
    dict(GLU_BASE, name="GluSynapse_ionic", range=dict(GLU_RANGE)),
    dict(GLU_BASE, name="GluSynapse_ionic_plastic",
         range=dict(GLU_RANGE, enable_GB=1, enable_RW=1, Use_d_GB=0.3, theta_p_GB=2.4),
         globals={"tau_Use_GB": 0.05, "tau_GB": 0.02}),
]
for c in GLU_CASES:
    c.setdefault("globals", {})


def run_glu_ionic(case, lib):
    h, soma = sr.passive_soma(lib)
    s = sr.SOMA
    h.Random().Random123_globalindex(case["global_index"])
    syn = h.GluSynapse_ionic(soma(0.5))
    for k, v in case["range"].items():
        setattr(syn, k, v)
    for k, v in case["globals"].items():
        setattr(h, "%s_GluSynapse_ionic" % k, v)
    syn.setRNG(*case["syn_rng"])
    vs = h.VecStim()
    train = h.Vector(case["train"])
    vs.play(train)
    nc = h.NetCon(vs, syn)
    nc.delay = case["delay_ms"]
    nc.weight[0] = case["weight"]
    minis = []
    for w in sorted(set(case["minis"]["weights"])):
        m = h.NetCon(None, syn)
        m.weight[0] = w
        minis.append((w, m))
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = (case["iclamp"]["del_ms"], case["iclamp"]["dur_ms"],
                                case["iclamp"]["amp_nA"])
    cols = case["record"]
    vecs = [h.Vector().record(h._ref_t, sec=soma)]
    for c in cols:
        ref = soma(0.5)._ref_v if c == "v" else getattr(syn, "_ref_" + c)
        vecs.append(h.Vector().record(ref, sec=soma))
    h.CVode().active(0)
    h.finitialize(s["v_init_mV"])
    for tm, w in zip(case["minis"]["times_ms"], case["minis"]["weights"]):
        dict(minis)[w].event(tm)
    nsteps = round(case["tstop_ms"] / s["dt_ms"])
    for _ in range(nsteps):
        h.fadvance()
    rows = [[v[i] for v in vecs] for i in range(0, nsteps + 1, case["sample_every"])]
    buf = io.StringIO()
    buf.write("# %s: NEURON %s, %s, protocol %s in glu_variants.json\n"
              % (case["name"], h.nrnversion(5), case["mod"], case["name"]))
    buf.write(",".join(["t_ms"] + cols) + "\n")
    for r in rows:
        buf.write(",".join("%.17g" % x for x in r) + "\n")
    with open(nr.OUT / (case["name"] + ".csv.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode())


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
        glu = [c for c in GLU_CASES if c["name"] == name]
        if glu:
            run_glu_ionic(glu[0], lib)
        elif chan:
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
    if not only or only in [c["name"] for c in GLU_CASES]:
        with tempfile.TemporaryDirectory() as d:
            lib = compile_into(d, {"GluSynapse.mod": nr.resolve(ref / GLU_MOD).read_text(),
                                   "VecStim.mod": nr.resolve(
                                       ref / "sonata/mod/common/mod/VecStim.mod").read_text()}, env)
            if os.environ.get("GOLGI_KEEP_C"):
                shutil.copy(Path(d) / "x86_64" / "GluSynapse.c",
                            Path(os.environ["GOLGI_KEEP_C"]) / "GluSynapse_ionic.c")
            for c in GLU_CASES:
                subprocess.run([sys.executable, __file__, lib, c["name"]], check=True,
                               stdout=subprocess.DEVNULL)
        (nr.OUT / "glu_variants.json").write_text(json.dumps(
            dict(soma=sr.SOMA, glusynapse=GLU_CASES), indent=1) + "\n")
    if not only:
        (nr.OUT / "variants.json").write_text(json.dumps(
            dict(soma=nr.SOMA, sample_every=nr.SAMPLE_EVERY, synapses=CASES), indent=1) + "\n")


if __name__ == "__main__":
    main()
