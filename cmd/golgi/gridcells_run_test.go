package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/store"
)

// TestRunGridcells runs a two-sim GridCellsCond spec through `golgi run`
// and checks the original's layout (per-data_id .hdf5 files, one group per
// sim_num, NaN-padded spike rows, the multi-run parameter file keyed by
// sim_num), that a rerun refuses to overwrite, --resume skips and the
// sims of a sweep give the spikes they give alone (parallel sims do not
// interfere).
func TestRunGridcells(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "gc.json")
	data := `{"model": "gridcellscond", "sim_id": "gc", "sim_dur": 40,
		"sims": {"0": {"sim_num": 0}, "1": {"sim_num": 1, "g_h_bar": 0, "init_noise_seed": 7}},
		"record_handle_stell": {"stell_v": {"state": true, "cells_to_record": [1, 2]}}}`
	if err := os.WriteFile(spec, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", spec, "--out", out, "--plot=false"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"stell_spks_gc.hdf5", "intrnrn_spks_gc.hdf5", "stell_v_gc.hdf5", "gc.json", "gc.spec.json"} {
		if !strings.Contains(stdout.String(), filepath.Join("gc", f)) {
			t.Errorf("stdout does not name %s:\n%s", f, stdout.String())
		}
	}
	var params map[string]map[string]any
	raw, err := os.ReadFile(filepath.Join(out, "gc", "gc.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &params); err != nil || len(params) != 2 || params["1"]["g_h_bar"].(float64) != 0 ||
		params["0"]["sim_num"].(float64) != 0 || params["1"]["t_simulation"] == nil {
		t.Fatalf("gc.json is not the multi-run parameter file: %v\n%.300s", err, raw)
	}
	st, err := store.Open(out, "gc", &store.Options{Ext: store.ExtHDF5})
	if err != nil {
		t.Fatal(err)
	}
	sweep := map[int][][]float64{}
	for _, n := range []int{0, 1} {
		rows, _, err := st.ReadSpikesPadded(n, "stell_spks")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 384 {
			t.Fatalf("sim_num %d: %d stellate rows, want 384", n, len(rows))
		}
		sweep[n] = rows
		v, _, err := st.ReadMatrix32(n, "stell_v")
		if err != nil || v.Rows != 2 || v.Cols != 41 {
			t.Fatalf("sim_num %d stell_v: %v, %d x %d, want 2 x 41", n, err, v.Rows, v.Cols)
		}
	}

	// A rerun refuses, --resume skips both.
	stderr.Reset()
	if code := run([]string{"run", spec, "--out", out, "--plot=false"}, &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "--resume") {
		t.Errorf("rerun: exit %d, %s", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"run", spec, "--out", out, "--plot=false", "--resume"}, &stdout, &stderr); code != 0 || strings.Count(stderr.String(), "skipped") != 2 {
		t.Errorf("--resume: exit %d, %s", code, stderr.String())
	}

	// sim_num 1 alone, on 2 threads: the spikes it gave in the sweep.
	alone := filepath.Join(dir, "alone.json")
	if err := os.WriteFile(alone, []byte(`{"model": "gridcellscond", "sim_id": "alone", "sim_num": 1, "sim_dur": 40, "g_h_bar": 0, "init_noise_seed": 7}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"run", alone, "--out", out, "--plot=false", "--threads", "2"}, &stdout, &stderr); code != 0 {
		t.Fatalf("alone: exit %d: %s", code, stderr.String())
	}
	st2, _ := store.Open(out, "alone", &store.Options{Ext: store.ExtHDF5})
	rows, _, err := st2.ReadSpikesPadded(1, "stell_spks")
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if len(rows[i]) != len(sweep[1][i]) {
			t.Fatalf("cell %d: %d spikes alone, %d in the sweep", i, len(rows[i]), len(sweep[1][i]))
		}
		for k := range rows[i] {
			if rows[i][k] != sweep[1][i][k] {
				t.Fatalf("cell %d spike %d: %g alone, %g in the sweep", i, k, rows[i][k], sweep[1][i][k])
			}
		}
	}
}

// TestRunGridcellsErrors checks that bad specs stop before anything is
// written, naming the key.
func TestRunGridcellsErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ spec, want string }{
		{`{"model": "gridcellscond", "sim_id": "e", "g_h_barr": 1}`, `invalid input param "g_h_barr" (unknown key; the closest known key is "g_h_bar")`},
		{`{"model": "gridcellscond", "sim_id": "e", "vel_type": "fast"}`, `unknown vel_type "fast"`},
		{`{"model": "gridcellscond", "sim_id": "e", "vel_type": "input", "traj_id": 3}`, `traj_3.hdf5`},
		{`{"model": "gridcellscond", "sims": {"0": {"sim_id": "a"}, "1": {"sim_id": "b"}}}`, `one spec writes one sim_id`},
	} {
		spec := filepath.Join(dir, "e.json")
		if err := os.WriteFile(spec, []byte(tc.spec), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		out := filepath.Join(dir, "out")
		if code := run([]string{"run", spec, "--out", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%s: exit %d, %q; want exit 1 and %q", tc.spec, code, stderr.String(), tc.want)
		}
		if _, err := os.Stat(filepath.Join(out, "e")); err == nil {
			t.Errorf("%s: %s created", tc.spec, filepath.Join(out, "e"))
		}
	}
}
