#!/usr/bin/python3
"""NEURON references for Golgi's native InhPoissonStim, StochKv, StochKv3
and GluSynapse.

netstim_inhpoisson.mod and GluSynapse.mod (neurodamus-models common/mod),
StochKv.mod (neocortex/mod/v5) and StochKv3.mod (neocortex/mod/v6) draw
from Random123 streams in VERBATIM code, so Golgi implements them by hand in
sim/mech/native; this script runs the .mod files in NEURON 8.2 and writes
what the Go tests compare with, into sim/mech/native/testdata:

  stoch_protocols.json  every run's settings, which the Go tests read
  GluSynapse.csv.gz     the GluSynapse case's trace (every 40th step)
  minis.csv.gz          the minis case's trace, its emitted times in the
                        comment line
  inhpoisson.txt        the times each InhPoissonStim case emitted
                        (NetCon.record), one case a line, %.17g
  <case>.csv.gz         the channel cases' traces: one '#' comment line, a
                        header, then t_ms and the recorded variables every
                        SAMPLE_EVERY-th step, printed with %.17g

The InhPoissonStim cases: the two streams seeded as neurodamus seeds a
synapse's spontaneous minis (exp: synID + 200, tgid + 250, seed2 + 300;
uniform: the same with seed2 + 350) under a nonzero Random123 global
index; a constant rate as neurodamus sets it (time bins [0], one rate)
with a duration that ends the train, a high rate, and piecewise rates
(thinning) whose first bin starts after 0.

The channel cases: a soma (nseg 1, L = diam = 20 um, cm 1 uF/cm2, pas
g 1e-4 S/cm2, e -70 mV), celsius 34, v_init -70 mV, dt 0.025 ms, fixed
step, with the channel at 0.5, setRNG(ionchannel_seed, channel_index,
raw_gid + 1) as neurodamus's re_init_rng, and an IClamp step or a
three-level SEClamp; stochastic (every branch of BnlDev: the Bernoulli
loop under 25 channels, the product of uniforms, the rejection method)
and deterministic.

The minis case: spontaneous minis as neurodamus makes them, an
InhPoissonStim at 40 Hz through a NetCon (delay 0.1 ms, nc_type 1) into
a ProbAMPANMDA_EMS synapse on the soma, every stream under one global
index, recording the emitted times (in the trace's comment line), v, g,
u, tsyn, occupied and unoccupied.

The GluSynapse case: a VecStim train (nc_type 0, delay 1 ms) with a
delayed weight (setup_delay_vecs) that switches the connection off at
190 ms, mini events (nc_type 1, minis_single_vesicle), an IClamp that
relieves the magnesium block, thresholds theta_d_GB and theta_p_GB that
effcai_GB crosses up and down (the four WATCH statements), 600 ms,
recording the states, currents, dep_GB, pot_GB and the NetCon's weight
vector (weight, u, tsyn, recovered, unrecovered).

StochKv3's populations and transitions are ASSIGNED
but not RANGE; the copy compiled here declares them RANGE as well, so
that they can be recorded (a declaration only: NEURON computes the same).

Run with the Python that has NEURON (/usr/bin/python3); it compiles the
.mod files from $GOLGI_REF/sonata/mod with the nrnivmodl in
$GOLGI_NRNIVMODL (default out/neuron/nrnivmodl of the repository, then
/work/main/out/neuron/nrnivmodl) in a temporary directory and runs each
case in a subprocess.
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

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "sim" / "mech" / "native" / "testdata"
MODS = ["common/mod/netstim_inhpoisson.mod", "neocortex/mod/v5/StochKv.mod",
        "neocortex/mod/v6/StochKv3.mod", "common/mod/ProbAMPANMDA_EMS.mod",
        "common/mod/GluSynapse.mod", "common/mod/VecStim.mod"]

SAMPLE_EVERY = 8  # keep every 8th step (0.2 ms)


def mini_seeds(syn_id, tgid, spopid, tpopid, minis_seed):
    seed2 = spopid * 65536 + tpopid + minis_seed
    return ([syn_id + 200, tgid + 250, seed2 + 300], [syn_id + 200, tgid + 250, seed2 + 350])


INHPOISSON_CASES = []
for name, seeds, gix, tbins, rates, duration, tstop in [
        ("constant", mini_seeds(3, 5, 0, 0, 0), 7, [0.0], [20.0], 1500.0, 2000.0),
        ("high_rate", mini_seeds(17, 1234, 1, 0, 11), 0, [0.0], [250.0], 1e6, 1000.0),
        ("piecewise", mini_seeds(8, 42, 0, 1, 3), 3, [100.0, 400.0, 900.0, 1300.0],
         [10.0, 60.0, 0.0, 25.0], 1e6, 2000.0)]:
    INHPOISSON_CASES.append(dict(name=name, exp_rng=seeds[0], uniform_rng=seeds[1],
                                 global_index=gix, tbins_ms=tbins, rates_hz=rates,
                                 duration_ms=duration, tstop_ms=tstop))

# Spontaneous minis as neurodamus makes them (SPEC 3.7): an InhPoissonStim
# per synapse at a constant rate, through a NetCon of delay 0.1 ms with
# nc_type 1 into a ProbAMPANMDA_EMS synapse whose release draws from its
# own stream; one global index for all streams.
MINIS = dict(name="minis", tgid=5, synapse_id=3, global_index=7, rate_hz=40.0,
             exp_rng=mini_seeds(3, 5, 0, 0, 0)[0], uniform_rng=mini_seeds(3, 5, 0, 0, 0)[1],
             syn_rng=[5 + 250, 3 + 100, 300], delay_ms=0.1, weight_nS=1.5,
             range={"Nrrp": 2, "Use": 0.5, "Dep": 60.0, "Fac": 0.0, "conductance": 1.5,
                    "synapseID": 3},
             globals={"minis_single_vesicle": 1}, tstop_ms=400.0,
             record=["v", "g", "u", "tsyn", "occupied", "unoccupied"])

THETA_D, THETA_P = 1.5, 3.0

# GluSynapse (plasticity): a VecStim train through a NetCon (delay 1 ms,
# nc_type 0) with a delayed weight that switches it off, mini events
# (nc_type 1), an IClamp that relieves the magnesium block, thresholds
# that effcai_GB crosses both ways.
GLU_TRAIN = [10.0 + 20.0 * i for i in range(6)] + [130.0 + 8.0 * i for i in range(6)] + \
    [200.0, 205.0, 210.0]
GLU = dict(name="GluSynapse", tgid=9, synapse_id=4, global_index=4, syn_rng=[9 + 250, 4 + 100, 300],
           range={"Nrrp": 3, "Use": 0.6, "Dep": 80.0, "Fac": 15.0, "gmax0_AMPA": 1.2,
                  "gmax_NMDA": 2.0, "theta_d_GB": THETA_D, "theta_p_GB": THETA_P, "rho0_GB": 0.4,
                  "conductance": 1.0, "synapseID": 4, "volume_CR": 0.05},
           globals={"minis_single_vesicle": 1}, train=GLU_TRAIN, delay_ms=1.0,
           delay_vecs=dict(times_ms=[190.0], weights=[0.0]),
           minis=dict(times_ms=[40.5, 95.0, 201.2, 240.0, 480.0]),
           iclamp=dict(del_ms=5.0, dur_ms=250.0, amp_nA=0.03), tstop_ms=600.0, sample_every=40,
           record=["v", "i", "g_AMPA", "g_NMDA", "A_AMPA", "B_AMPA", "A_NMDA", "B_NMDA",
                   "gmax_AMPA", "Use_GB", "m_VDCC", "h_VDCC", "cai_CR", "effcai_GB", "rho_GB",
                   "dep_GB", "pot_GB", "ica_NMDA", "ica_VDCC", "next_delay"],
           nc_record={"weight": 0, "u": 1, "tsyn": 2, "recovered": 3, "unrecovered": 4})

SOMA = dict(L_um=20.0, diam_um=20.0, cm_uF_cm2=1.0, pas_g_S_cm2=1e-4, pas_e_mV=-70.0,
            celsius=34.0, v_init_mV=-70.0, dt_ms=0.025, tstop_ms=150.0)

KV_RECORD = ["v", "ik", "gk", "n", "N0", "N1", "n0_n1", "n1_n0", "a", "b"]
KV3_RECORD = ["v", "ik", "gk", "n", "l", "N0L0", "N1L0", "N0L1", "N1L1",
              "n0l0_n1l0", "n1l1_n0l1", "n0l0_n0l1", "n1l1_n1l0"]
ICLAMP = dict(del_ms=20.0, dur_ms=100.0, amp_nA=0.04)
SECLAMP = dict(dur_ms=[30.0, 70.0, 50.0], amp_mV=[-70.0, -10.0, -40.0], rs_MOhm=0.01)

EXPOSE_KV3 = ("    RANGE N0L0, N1L0, N0L1, N1L1, n0l0_n1l0, n0l0_n0l1, n1l0_n1l1, n1l0_n0l0,"
              " n0l1_n1l1, n0l1_n0l0, n1l1_n0l1, n1l1_n1l0\n")

CHANNEL_CASES = [
    dict(name="StochKv", mechanism="StochKv", range={}, rng=[11, 2, 1235 + 1],
         global_index=5, iclamp=ICLAMP, seclamp=None, record=KV_RECORD),
    dict(name="StochKv_many", mechanism="StochKv", range={"gkbar": 40.0}, rng=[11, 7, 88 + 1],
         global_index=0, iclamp=None, seclamp=SECLAMP, record=KV_RECORD),
    dict(name="StochKv_deterministic", mechanism="StochKv",
         range={"deterministic": 1, "gkbar": 40.0}, rng=[11, 2, 1235 + 1], global_index=5,
         iclamp=ICLAMP, seclamp=None, record=KV_RECORD),
    dict(name="StochKv3", mechanism="StochKv3", range={"gkbar": 0.002}, rng=[3, 1, 1235 + 1],
         global_index=5, iclamp=ICLAMP, seclamp=None, record=KV3_RECORD),
    dict(name="StochKv3_clamp", mechanism="StochKv3", range={}, rng=[3, 4, 77 + 1],
         global_index=9, iclamp=None, seclamp=SECLAMP, record=KV3_RECORD),
    dict(name="StochKv3_deterministic", mechanism="StochKv3",
         range={"deterministic": 1, "gkbar": 0.002}, rng=[3, 1, 1235 + 1], global_index=5,
         iclamp=ICLAMP, seclamp=None, record=KV3_RECORD),
]


def nrnivmodl():
    for p in [os.environ.get("GOLGI_NRNIVMODL"), REPO / "out/neuron/nrnivmodl",
              "/work/main/out/neuron/nrnivmodl"]:
        if p and Path(p).is_file():
            return str(p)
    sys.exit("no nrnivmodl: set GOLGI_NRNIVMODL (scripts/install-neuron.sh writes one)")


def resolve(path):
    """Follows git symbolic links stored as one-line text files."""
    for _ in range(8):
        text = path.read_bytes()
        if len(text) > 512 or b"\n" in text.strip() or b"{" in text:
            return path
        target = (path.parent / text.decode().strip()).resolve()
        if not target.is_file():
            return path
        path = target
    return path


def run_inhpoisson(case, lib):
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    h.dt = SOMA["dt_ms"]
    h.Random().Random123_globalindex(case["global_index"])
    ips = h.InhPoissonStim()
    ips.setRNGs(*(case["exp_rng"] + case["uniform_rng"]))
    tbins = h.Vector(case["tbins_ms"])
    rates = h.Vector(case["rates_hz"])
    ips.setTbins(tbins)
    ips.setRate(rates)
    ips.duration = case["duration_ms"]
    nc = h.NetCon(ips, None)
    out = h.Vector()
    nc.record(out)
    h.CVode().active(0)
    h.finitialize(-65)
    h.continuerun(case["tstop_ms"])
    print(" ".join("%.17g" % x for x in out))


def passive_soma(lib):
    """NEURON with the mechanisms of lib and the protocols' soma (SOMA):
    one segment with pas, secondorder 0, SOMA's celsius and dt."""
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    h("secondorder = 0")
    s = SOMA
    h.celsius = s["celsius"]
    h.dt = s["dt_ms"]
    soma = h.Section(name="soma")
    soma.L, soma.diam, soma.nseg, soma.cm = s["L_um"], s["diam_um"], 1, s["cm_uF_cm2"]
    soma.insert("pas")
    soma(0.5).pas.g, soma(0.5).pas.e = s["pas_g_S_cm2"], s["pas_e_mV"]
    return h, soma


def run_channel(case, lib):
    h, soma = passive_soma(lib)
    s = SOMA
    mech = case["mechanism"]
    soma.insert(mech)
    for k, v in case["range"].items():
        setattr(soma(0.5), "%s_%s" % (k, mech), v)
    h.Random().Random123_globalindex(case["global_index"])
    getattr(h, "setdata_" + mech)(soma(0.5))
    getattr(h, "setRNG_" + mech)(*case["rng"])
    keep = []
    if case["iclamp"]:
        ic = h.IClamp(soma(0.5))
        ic.delay, ic.dur, ic.amp = (case["iclamp"]["del_ms"], case["iclamp"]["dur_ms"],
                                    case["iclamp"]["amp_nA"])
        keep.append(ic)
    if case["seclamp"]:
        sc = h.SEClamp(soma(0.5))
        c = case["seclamp"]
        sc.dur1, sc.dur2, sc.dur3 = c["dur_ms"]
        sc.amp1, sc.amp2, sc.amp3 = c["amp_mV"]
        sc.rs = c["rs_MOhm"]
        keep.append(sc)
    cols = case["record"]
    vecs = [h.Vector().record(h._ref_t, sec=soma)]
    for c in cols:
        ref = soma(0.5)._ref_v if c == "v" else getattr(soma(0.5), "_ref_%s_%s" % (c, mech))
        vecs.append(h.Vector().record(ref, sec=soma))
    h.CVode().active(0)
    h.finitialize(s["v_init_mV"])
    nsteps = round(s["tstop_ms"] / s["dt_ms"])
    for _ in range(nsteps):
        h.fadvance()
    rows = [[v[i] for v in vecs] for i in range(0, nsteps + 1, SAMPLE_EVERY)]
    buf = io.StringIO()
    buf.write("# %s: NEURON %s, %s, protocol %s in %s\n"
              % (case["name"], h.nrnversion(5), case.get("mod", mech + ".mod"), case["name"],
                 case.get("protocols", "stoch_protocols.json")))
    buf.write(",".join(["t_ms"] + cols) + "\n")
    for r in rows:
        buf.write(",".join("%.17g" % x for x in r) + "\n")
    with open(OUT / (case["name"] + ".csv.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode())


def run_minis(case, lib):
    h, soma = passive_soma(lib)
    s = SOMA
    h.Random().Random123_globalindex(case["global_index"])
    syn = h.ProbAMPANMDA_EMS(soma(0.5))
    for k, v in case["range"].items():
        setattr(syn, k, v)
    for k, v in case["globals"].items():
        setattr(h, "%s_ProbAMPANMDA_EMS" % k, v)
    syn.setRNG(*case["syn_rng"])
    ips = h.InhPoissonStim(soma(0.5))
    ips.setRNGs(*(case["exp_rng"] + case["uniform_rng"]))
    tbins, rates = h.Vector([0.0]), h.Vector([case["rate_hz"]])
    ips.setTbins(tbins)
    ips.setRate(rates)
    ips.duration = case["tstop_ms"]
    nc = h.NetCon(ips, syn)
    nc.delay = case["delay_ms"]
    nc.weight[0] = case["weight_nS"]
    nc.weight[4] = 1
    times = h.Vector()
    nc.record(times)
    cols = case["record"]
    vecs = [h.Vector().record(h._ref_t, sec=soma)]
    for c in cols:
        ref = soma(0.5)._ref_v if c == "v" else getattr(syn, "_ref_" + c)
        vecs.append(h.Vector().record(ref, sec=soma))
    h.CVode().active(0)
    h.finitialize(s["v_init_mV"])
    nsteps = round(case["tstop_ms"] / s["dt_ms"])
    for _ in range(nsteps):
        h.fadvance()
    rows = [[v[i] for v in vecs] for i in range(0, nsteps + 1, SAMPLE_EVERY)]
    buf = io.StringIO()
    buf.write("# %s: NEURON %s, netstim_inhpoisson.mod into ProbAMPANMDA_EMS.mod, protocol minis"
              " in stoch_protocols.json; emitted times %s\n"
              % (case["name"], h.nrnversion(5), " ".join("%.17g" % x for x in times)))
    buf.write(",".join(["t_ms"] + cols) + "\n")
    for r in rows:
        buf.write(",".join("%.17g" % x for x in r) + "\n")
    with open(OUT / (case["name"] + ".csv.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode())


def run_glu(case, lib):
    h, soma = passive_soma(lib)
    s = SOMA
    h.Random().Random123_globalindex(case["global_index"])
    syn = h.GluSynapse(soma(0.5))
    for k, v in case["range"].items():
        setattr(syn, k, v)
    for k, v in case["globals"].items():
        setattr(h, "%s_GluSynapse" % k, v)
    syn.setRNG(*case["syn_rng"])
    tv, wv = h.Vector(case["delay_vecs"]["times_ms"]), h.Vector(case["delay_vecs"]["weights"])
    syn.setup_delay_vecs(tv, wv)
    vs = h.VecStim()
    train = h.Vector(case["train"])
    vs.play(train)
    nc = h.NetCon(vs, syn)
    nc.delay = case["delay_ms"]
    nc.weight[0] = 1
    nc.weight[5] = 0
    mini = h.NetCon(None, syn)
    mini.weight[0] = 1
    mini.weight[5] = 1
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = (case["iclamp"]["del_ms"], case["iclamp"]["dur_ms"],
                                case["iclamp"]["amp_nA"])
    cols = case["record"]
    vecs = [h.Vector().record(h._ref_t, sec=soma)]
    for c in cols:
        ref = soma(0.5)._ref_v if c == "v" else getattr(syn, "_ref_" + c)
        vecs.append(h.Vector().record(ref, sec=soma))
    ncols = sorted(case["nc_record"], key=case["nc_record"].get)
    for c in ncols:
        vecs.append(h.Vector().record(nc._ref_weight[case["nc_record"][c]], sec=soma))
    h.CVode().active(0)
    h.finitialize(s["v_init_mV"])
    for tm in case["minis"]["times_ms"]:
        mini.event(tm)
    nsteps = round(case["tstop_ms"] / s["dt_ms"])
    for _ in range(nsteps):
        h.fadvance()
    rows = [[v[i] for v in vecs] for i in range(0, nsteps + 1, case["sample_every"])]
    buf = io.StringIO()
    buf.write("# %s: NEURON %s, GluSynapse.mod, protocol glusynapse in stoch_protocols.json\n"
              % (case["name"], h.nrnversion(5)))
    buf.write(",".join(["t_ms"] + cols + ["nc_" + c for c in ncols]) + "\n")
    for r in rows:
        buf.write(",".join("%.17g" % x for x in r) + "\n")
    with open(OUT / (case["name"] + ".csv.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode())


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "glu":
        run_glu(GLU, sys.argv[2])
        return
    if len(sys.argv) == 4 and sys.argv[1] == "minis":
        run_minis(MINIS, sys.argv[2])
        return
    if len(sys.argv) == 4 and sys.argv[1] in ("inhpoisson", "channel"):
        lib, name = sys.argv[2], sys.argv[3]
        if sys.argv[1] == "inhpoisson":
            run_inhpoisson(next(c for c in INHPOISSON_CASES if c["name"] == name), lib)
        else:
            run_channel(next(c for c in CHANNEL_CASES if c["name"] == name), lib)
        return
    ref = Path(os.environ.get("GOLGI_REF", REPO.parent / "shared" / "ref"))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        for m in MODS:
            text = resolve(ref / "sonata/mod" / m).read_text()
            if m.endswith("StochKv3.mod"):
                # the populations and transitions are ASSIGNED but not
                # RANGE: expose them to hoc (a declaration only; what NEURON
                # computes is unchanged)
                text = text.replace("    RANGE P_an, P_bn, P_al, P_bl\n",
                                    "    RANGE P_an, P_bn, P_al, P_bl\n" + EXPOSE_KV3, 1)
                assert EXPOSE_KV3 in text
            (Path(d) / Path(m).name).write_text(text)
        env = dict(os.environ, NRNIVMODL_JOBS=os.environ.get("NRNIVMODL_JOBS", "1"))
        subprocess.run([nrnivmodl()], cwd=d, check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lib = str(Path(d) / "x86_64" / ".libs" / "libnrnmech.so")
        lines = []
        for c in INHPOISSON_CASES:
            r = subprocess.run([sys.executable, __file__, "inhpoisson", lib, c["name"]],
                               check=True, capture_output=True, text=True)
            out = r.stdout.strip().splitlines()
            lines.append("%s %s" % (c["name"], out[-1] if out else ""))
        (OUT / "inhpoisson.txt").write_text(
            "# InhPoissonStim (sonata/mod/common/mod/netstim_inhpoisson.mod) emitted times, "
            "NEURON 8.2: case t1 t2 ...\n" + "\n".join(lines) + "\n")
        for c in CHANNEL_CASES:
            subprocess.run([sys.executable, __file__, "channel", lib, c["name"]], check=True)
        subprocess.run([sys.executable, __file__, "minis", lib, "minis"], check=True)
        subprocess.run([sys.executable, __file__, "glu", lib, "glu"], check=True)
    (OUT / "stoch_protocols.json").write_text(json.dumps(
        dict(soma=SOMA, sample_every=SAMPLE_EVERY, inhpoisson=INHPOISSON_CASES,
             channels=CHANNEL_CASES, minis=MINIS, glusynapse=GLU), indent=1) + "\n")


if __name__ == "__main__":
    main()
