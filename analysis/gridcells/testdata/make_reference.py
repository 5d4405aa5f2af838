"""Compute reference outputs of the GridCellsCond authors' analysis functions.

Ours, not the original's code: it imports the authors' analysis_utils.py and
analysis_pred_utils.py from a checkout of github.com/assisilab/GridCellsCond
(commit 74972c0) and runs them once on the reference run REF-1D-VDEF and on
synthetic inputs, writing the results as test data for analysis/gridcells/*_test.go.

Usage (Debian's python3 with numpy, scipy, h5py):

    /usr/bin/python3 make_reference.py ORIGINAL_CHECKOUT REF_DIR OUT_DIR

REF_DIR is /work/shared/ref/gridcellscond. The scipy version is recorded in the
output (integrate.simpson changed its even-length rule in scipy 1.11).
"""
import gzip
import json
import sys

import h5py
import numpy as np
import scipy
from scipy import ndimage, signal, stats

orig, ref, out = sys.argv[1:4]
sys.path.insert(0, orig)
import analysis_utils as au  # noqa: E402
import analysis_pred_utils as apu  # noqa: E402

run = f"{ref}/network_1d/REF-1D-VDEF"
params = json.load(open(f"{run}/REF-1D-VDEF.json"))


def load(pop):
    with h5py.File(f"{run}/{pop}_spks_REF-1D-VDEF.hdf5") as f:
        rows = np.array(f[f"0/{pop}_spks"])
    return [r[~np.isnan(r)] for r in rows]  # float32, as s_utils.load_spikes


stell32, intr32 = load("stell"), load("intrnrn")
# Spike files: one line per cell, times as shortest float32 repr.
for name, tr in (("stell", stell32), ("intrnrn", intr32)):
    with gzip.open(f"{out}/ref1d_{name}_spikes.txt.gz", "wt") as f:
        for r in tr:
            f.write(" ".join(str(np.float32(x)) for x in r) + "\n")
stell = [list(map(float, r)) for r in stell32]
intr = [list(map(float, r)) for r in intr32]
N = params["N_per_sheet"]
T = int(params["sim_dur"])
R = {"scipy": scipy.__version__, "numpy": np.__version__, "sim_dur": T, "N_per_sheet": N,
     "n_phases": params["n_phases"], "lambda0": params["lambda0"]}

# Rates.
rows = [0, 60, 200, 383]
ira = au.instant_rate_all(stell, T, 100)
R["instant_rate_all_rows"] = rows
R["instant_rate_all"] = ira[rows].tolist()
R["instant_rate_all_sigma7_row60"] = au.instant_rate_all(stell, T, 7)[60].tolist()
R["instant_rate_cell60_sigma40"] = au.instant_rate(stell[60], T, 40).tolist()
stell_odd = [[t for t in r if t < T - 1] for r in stell]  # the original indexes past the end otherwise
R["instant_rate_all_odd_row60"] = au.instant_rate_all(stell_odd, T - 1, 25)[60].tolist()
R["rate_stell"] = au.calc_firing_rates(stell, T)
R["rate_intrnrn"] = au.calc_firing_rates(intr, T)

# Decoding and speed.
R["decode_pos"] = au.decode_pos(stell, params).tolist()
R["decode_pos_sigma40_2pi"] = au.decode_pos(stell, dict(params, lambda0=2 * np.pi), win_size=40).tolist()
R["decode_pos_by_intrnrn"] = apu.decode_pos_by_intrnrn(intr, params).tolist()
R["butter_sos"] = apu.butter_lowpass(35, 1000, 6).tolist()
R["speed_rad_s"] = au.calc_speed_of_network(stell, params)
pp = dict(params, extra_params={"dir_change_t": 1500})
R["speed_pred_rad_s"] = apu.calc_speed_of_network(stell, pp)
x = np.cumsum(np.random.default_rng(3).normal(0, 1.3, 500))
R["unwrap_in"] = (x % (2 * np.pi)).tolist()
R["unwrap_out"] = np.unwrap(x % (2 * np.pi)).tolist()
R["unwrap_in_p5"] = (x % 5.0).tolist()
R["unwrap_out_p5"] = np.unwrap(x % 5.0, period=5.0).tolist()

# Bump geometry, ring 1.
R["periodic_activity_100_3"] = au.periodic_activity_all(stell[:N], T, 100, 3).tolist()
R["periodic_activity_intrnrn_300_5"] = au.periodic_activity_all(intr, T, 300, 5).tolist()
for w in (100, 1000):
    R[f"grid_scale_neurons_{w}"] = au.grid_scale_neurons(stell[:N], T, w, 3)
    R[f"grid_field_sizes_neurons_{w}"] = au.grid_field_sizes_neurons(stell[:N], T, win_size_t=w, win_size_n=3)
R["grid_scale_neurons_intrnrn_100"] = au.grid_scale_neurons(intr, T, 100, 3)
R["grid_field_sizes_neurons_intrnrn_100"] = au.grid_field_sizes_neurons(intr, T, win_size_t=100)
fp = np.array([0, 1, 1, 3, 2, 2, 2, 5, 5, 1, 7, 7, 6, 0, 4, 4, 4, 4, 3, 9, 1], float)
R["find_peaks_in"] = fp.tolist()
R["find_peaks_out"] = signal.find_peaks(fp)[0].tolist()
R["simpson_in"] = [list(np.sin(np.arange(n) * 0.37) + 1) for n in range(2, 9)]
R["simpson_out"] = [float(au.integrate_array(np.array(v))) for v in R["simpson_in"]]

# Single-cell fields in time (ring 1 and all stellates).
clean = au.clean_spikes(stell)
R["clean_spikes_counts"] = [len(c) for c in clean]
R["clean_spikes_removed_first"] = [sorted(set(a) - set(b)) for a, b in zip(stell, clean)][:N]
fields = au.separate_fields(stell)
R["separate_fields"] = [None if f is None else [[v[0], v[-1], len(v)] for v in f] for f in fields.values()]
R["grid_field_size_time"] = au.calc_grid_field_sizes_time(stell)
R["grid_scale_time"] = au.calc_grid_scales_time(stell)
R["grid_field_size_time_ring1"] = au.calc_grid_field_sizes_time(stell[:N])
R["grid_scale_time_ring1"] = au.calc_grid_scales_time(stell[:N])
sh = au.shift_fields_to_center(stell[:N])
R["shift_fields_cell60"] = [list(map(float, v)) for v in sh[60]]

# Predictive-code measures, with the run split at 1500 ms (ring 1 "right" before,
# ring 2 "left" after) and allothetic_dur 0, as calc_predictive_code does.
bounds = (1500, T)
true_pos = np.array(R["decode_pos_by_intrnrn"])
stell_dec = np.array(R["decode_pos"])
R["bias"] = apu.calc_bias_stell_intrnrn(stell_dec, true_pos, params, bounds)
# Ring 2 is nearly silent in this run: ring 1 stands in for it after 1500 ms.
R["field_size"] = apu.calc_field_size(stell[:N] + stell[:N], true_pos, params, bounds)
ru = apu.remove_uneven_fields(np.array(stell[60]), (0, 1500))
R["remove_uneven_cell60"] = [list(map(float, f)) for f in ru]
R["sep_fields_pred_cell60"] = [list(map(float, f)) for f in apu.separate_fields(np.array(stell[60]))]
pos = apu.calculate_field_positions(ru, true_pos)
R["field_pos_cell60"] = [list(map(float, f)) for f in pos]
R["convolve_field_pos_cell60"] = apu.convole_field_pos(pos, params).tolist()
R["convolve_field_pos_cell60_w3"] = apu.convole_field_pos(pos, params, win_size=3).tolist()
g = [[1e-4 * (1 + np.sin(0.013 * k + c)) for k in range(T)] for c in range(N)]
R["inhib_g_first_last"] = apu.calc_inhib_g_at_first_and_last_spike(stell[:N], g).tolist()
R["circular_difference"] = [[a, b, apu.circular_difference(a, b, params["lambda0"])]
                            for a, b in ((0.1, 6.0), (6.0, 0.1), (1.0, 4.2), (3.0, 0.2))]

# Spectra: the stellate at -2.75e-3 nA (quiet, 0.1 ms samples), 700..1500 ms.
v = np.loadtxt(f"{ref}/single_cell/stellate_amp_-2.7500e-03nA_v.csv", delimiter=",", skiprows=1)
seg = v[7000:15000, 1]
with gzip.open(f"{out}/stellate_quiet_v.txt.gz", "wt") as f:
    f.write("\n".join(repr(float(x)) for x in seg) + "\n")
fr, y, pw = au.calc_fft(seg, T=0.1e-3)
R["fft_power_first200"] = pw[:200].tolist()
R["fft_peak_hz_1_140"] = float(fr[1:140][np.argmax(pw[1:140])])

# 2D: correlate2d 'full' 'wrap', rotation, and grid_props_2D on a synthetic cube.
rng = np.random.default_rng(7)
a = rng.random((6, 9))
R["corr2d_in"] = a.tolist()
R["corr2d_out"] = signal.correlate2d(a, a, mode="full", boundary="wrap").tolist()
b = rng.random((9, 12))
R["rotate_in"] = b.tolist()
R["rotate_out"] = {str(k): ndimage.rotate(b, k, reshape=False).tolist() for k in (30, 60, 90, 120, 150, 17)}
lab = (rng.random((12, 15)) > 0.6).astype(float)
feat, nl = ndimage.label(lab, np.ones((3, 3)))
R["label_in"] = lab.tolist()
R["label_out"] = feat.tolist()


def lattice(n, scale, orient_deg, phase, width, t_len):
    yy, xx = np.mgrid[0:n, 0:n].astype(float)
    r = np.zeros((n, n))
    for k in range(3):
        th = np.deg2rad(orient_deg + 60 * k + 30)
        kk = 4 * np.pi / (np.sqrt(3) * scale)
        r += np.cos(kk * (np.cos(th) * (xx - phase[0]) + np.sin(th) * (yy - phase[1])))
    r = np.exp(width * (r - 3))
    return np.repeat(r[:, :, None], t_len, axis=2)


cases = []
for n, scale, orient, noise, width in ((41, 12.0, 0.0, 0.0, 2.0), (41, 10.0, 20.0, 0.05, 2.0),
                                       (51, 15.0, 7.0, 0.02, 5.0), (41, 12.0, 0.0, 0.0, 5.0),
                                       (35, 9.0, 45.0, 0.5, 2.0)):
    cube = lattice(n, scale, orient, (3.3, 1.7), width, 2)
    cube += noise * rng.random(cube.shape)
    res = au.grid_props_2D(cube, t=-1)
    cases.append({"n": n, "scale": scale, "orient": orient, "noise": noise, "width": width,
                  "map": cube[:, :, -1].tolist(),
                  "out": [None if np.isnan(v) else float(v) for v in res[1:]]})
R["grid_props_2D"] = cases

with open(f"{out}/reference.json", "w") as f:
    json.dump(R, f)
