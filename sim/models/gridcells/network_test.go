package gridcells

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/store"
)

// refParams returns the parameters of the reference run REF-1D-VDEF (its
// own parameter file when the reference data are there, else the same
// overrides applied to the defaults).
func refParams(t testing.TB) (ModelParams, SimParams) {
	t.Helper()
	m, s := refParamsAsGiven(t)
	s.DataRoot = t.TempDir() // save_conn_matrix writes <data_root>/saved_matrices
	return m, s
}

// refParamsAsGiven is refParams with the spec's data_root.
func refParamsAsGiven(t testing.TB) (ModelParams, SimParams) {
	t.Helper()
	if p, ok := refdata.Lookup(t, filepath.Join("gridcellscond", "network_1d", "REF-1D-VDEF", "REF-1D-VDEF.json")); ok {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m, s, err := ParseParams(data)
		if err != nil {
			t.Fatal(err)
		}
		return m, s
	}
	m, s, err := ParseParams([]byte(refSpec))
	if err != nil {
		t.Fatal(err)
	}
	return m, s
}

// refSpec is the reference run's spec (REF-1D-VDEF.py) as Golgi JSON.
const refSpec = `{
	"sim_dur": 3000.0, "sim_id": "REF-1D-VDEF", "stell_const_dc": [1.5e-3, -2.75e-3],
	"init_noise_seed": 0, "noise_seed": 0, "n_cpus": 1, "save_conn_matrix": true, "matrix_id": "REF-1D-VDEF",
	"recorder_dt": 0.1,
	"record_handle_stell": {"stell_v": {"state": true, "cells_to_record": [0, 48, 96, 144, 192, 240, 288, 336]}},
	"record_handle_intrnrn": {"intrnrn_v": {"state": true, "cells_to_record": [384, 432, 480, 528]}}
}`

// TestValidateErrors checks that bad input is refused before anything is
// built, with the key and what is expected.
func TestValidateErrors(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want string
	}{
		{`{"conn_id": "2d"}`, `N_per_sheet = 192 is not a square, want n*n cells per sheet with n odd`},
		{`{"conn_id": "3d"}`, `unknown conn_id "3d", want one of`},
		{`{"instr_id": "stdn", "input_id": "chirp"}`, `unknown input_id "chirp" for instr_id "stdn"`},
		{`{"vel_type": "PRED-IHD"}`, `vel_type "PRED-IHD" needs extra_params.dir_change_t`},
		{`{"vel_type": "PRED-IHD", "extra_params": {"dir_change_t": 40000, "stell_dc": "x"}}`, `extra_params.stell_dc = "x", want a number`},
		{`{"vel_type": "input", "traj_id": "random:x"}`, `traj_id "random:x": want "random:N"`},
		{`{"vel_type": "input", "traj_id": 7}`, `no such file`},
		{`{"vel_type": "input", "n_phases": 50}`, `n_phases = 50, want a positive divisor of N_intrnrn = 192`},
		{`{"vel_type": "input", "sim_dur": 100, "traj_id": "random", "allothetic_nrn_n": 40}`, `allothetic_nrn_n = 40, want 0 to 31`},
		{`{"vel_type": "fast"}`, `unknown vel_type "fast"`},
		{`{"N_per_sheet": 191}`, `N_per_sheet = 191 but N_intrnrn = 192`},
		{`{"ii_stdev": -1}`, `ii_stdev = -1, want a positive kernel width`},
		{`{"stell_const_dc": [1e-3]}`, `stell_const_dc has 1 values, want 2`},
		{`{"stell_noise": [100, 0]}`, `stell_noise has 2 values, want 3`},
		{`{"intrnrn_init_noise": [100, 0, -1]}`, `intrnrn_init_noise has sd -1 nA, want >= 0`},
		{`{"netcon_delay": 0}`, `netcon_delay = 0 ms, want a positive multiple of the time step`},
		{`{"netcon_delay": 1.01}`, `netcon_delay = 1.01 ms`},
		{`{"recorder_dt": 0.01}`, `recorder_dt = 0.01 ms, want a positive multiple`},
		{`{"sim_dur": -5}`, `sim_dur = -5 ms, want a positive duration`},
		{`{"g_h_bar": -1e-3}`, `g_h_bar = -0.001, want a finite number >= 0`},
		{`{"record_handle_stell": {"stell_nap": {"state": true}}}`, `stell_nap: state true, but the data_id has no location in the original`},
		{`{"record_handle_stell": {"stell_v": {"state": true, "cells_to_record": [400]}}}`, `gid 400 is not a stellate, want gids 0 to 383`},
		{`{"record_handle_intrnrn": {"intrnrn_v": {"state": true, "cells_to_record": [3]}}}`, `gid 3 is not an interneuron, want gids 384 to 575`},
	} {
		m, s, err := ParseParams([]byte(tc.spec))
		if err != nil {
			t.Fatalf("%s: %v", tc.spec, err)
		}
		_, err = NewNetwork(m, s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.spec, err, tc.want)
		}
	}
}

// TestNetworkDescription checks the populations, inputs and recorders the
// reference parameters give.
func TestNetworkDescription(t *testing.T) {
	m, s := refParams(t)
	n, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	if n.Stell.N != 384 || n.Intrnrn.N != 192 || n.Net.Dt != 0.025*sim.Millisecond {
		t.Errorf("populations %d + %d cells, dt %g", n.Stell.N, n.Intrnrn.N, n.Net.Dt)
	}
	var names []string
	for _, st := range n.Net.Stimuli {
		switch st := st.(type) {
		case *sim.CurrentStep:
			names = append(names, st.Target.Name)
		case *sim.PlayedCurrent:
			names = append(names, st.Name)
			if st.NumSamples != 4000 || st.Stop != 100*sim.Millisecond {
				t.Errorf("%s: %d samples until %g s, want 4000 until 0.1 s", st.Name, st.NumSamples, st.Stop)
			}
		}
	}
	// Default ongoing noise has sd 0: no clamp.
	if want := []string{"stell", "stell", "intrnrn", "stell_init_noise", "intrnrn_init_noise"}; !reflect.DeepEqual(names, want) {
		t.Errorf("stimuli %v, want %v", names, want)
	}
	var ids []string
	for _, r := range n.Records {
		ids = append(ids, r.DataID)
	}
	if want := []string{"stell_spks", "stell_v", "intrnrn_spks", "intrnrn_v"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("records %v, want %v", ids, want)
	}
}

// TestNoiseStreams checks the noise clamps: the grid of numpy.arange(start,
// dur, 0.025), Normal(mean, sd) samples, one stream per gid + seed shared
// by the initial and the ongoing noise of a cell when their seeds are
// equal, as the original's default_rng(gid + seed).
func TestNoiseStreams(t *testing.T) {
	pop := &sim.Population{Name: "p", N: 4}
	init := NoiseCurrent("init", pop, 10, 0, []float64{100, 0, 0.5}, 3)
	ongoing := NoiseCurrent("noise", pop, 10, 100, []float64{150, 1e-3, 2e-3}, 3)
	shifted := NoiseCurrent("init", pop, 11, 0, []float64{100, 0, 0.5}, 2)
	if init.NumSamples != 4000 || ongoing.NumSamples != 2000 || ongoing.Start0 != 0.1 || ongoing.Stop != 0.15 || ongoing.Start != 0 {
		t.Errorf("grids: %d samples, %d from %g s until %g s", init.NumSamples, ongoing.NumSamples, ongoing.Start0, ongoing.Stop)
	}
	if NoiseCurrent("x", pop, 0, 100, []float64{150, 0, 0}, 0) != nil || NoiseCurrent("x", pop, 0, 100, []float64{100, 1, 1}, 0) != nil {
		t.Error("a clamp without current or without samples is not added")
	}
	a := make([]float32, 4000)
	b := make([]float32, 2000)
	c := make([]float32, 4000)
	var sum, sum2 float64
	for w := 0; w < 4; w++ {
		init.Generate(w, 0, a)
		ongoing.Generate(w, 0, b)
		for j := range b {
			// Same stream z_j: init = 0.5 z_j, ongoing = 1e-3 + 2e-3 z_j.
			if d := float64(b[j]) - (1e-3 + 2e-3*float64(a[j])/0.5); math.Abs(d) > 1e-9 {
				t.Fatalf("cell %d sample %d: ongoing %g and initial %g are not from one stream", w, j, b[j], a[j])
			}
		}
		shifted.Generate(w, 0, c) // gid 11+w with seed 2: stream 13+w, as gid 10+w with seed 3
		if !reflect.DeepEqual(a, c) {
			t.Errorf("stream of gid %d + seed 2 differs from gid %d + seed 3", 11+w, 10+w)
		}
		for _, x := range a {
			sum += float64(x)
			sum2 += float64(x) * float64(x)
		}
	}
	// Blocks are a pure function of (w, j).
	part := make([]float32, 100)
	init.Generate(2, 1234, part)
	init.Generate(2, 0, a)
	if !reflect.DeepEqual(part, a[1234:1334]) {
		t.Error("a block from sample 1234 differs from the same samples of the whole waveform")
	}
	nn := 4 * 4000.0
	mean := sum / nn
	sd := math.Sqrt(sum2/nn - mean*mean)
	if math.Abs(mean) > 4*0.5/math.Sqrt(nn) || math.Abs(sd-0.5) > 0.02 {
		t.Errorf("initial noise mean %g nA, sd %g nA, want 0 and 0.5", mean, sd)
	}
}

// shortRun runs the reference network for durMs with the given threads.
func shortRun(t *testing.T, durMs float64, threads int) (*Network, *sim.Result) {
	t.Helper()
	m, s := refParams(t)
	s.SimDur = durMs
	n, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := n.Run(context.Background(), &sim.Options{Threads: threads})
	if err != nil {
		t.Fatal(err)
	}
	return n, res
}

// TestThreadsBitIdentical runs the reference network through its initial
// noise and the forming of the bumps (300 ms) on 1, 2 and 3 threads: the
// spikes and the recorded potentials are the same bits.
func TestThreadsBitIdentical(t *testing.T) {
	dur := 300.0
	if testing.Short() {
		dur = 120
	}
	_, ref := shortRun(t, dur, 1)
	t.Logf("%g ms: %d spikes, sha256 %s", dur, ref.NumSpikes(), ref.SpikesSHA256())
	if ref.NumSpikes() < 1000 {
		t.Errorf("only %d spikes", ref.NumSpikes())
	}
	for _, threads := range []int{2, 3} {
		_, res := shortRun(t, dur, threads)
		if res.Threads != threads {
			t.Fatalf("ran on %d threads, want %d", res.Threads, threads)
		}
		if got, want := res.SpikesSHA256(), ref.SpikesSHA256(); got != want {
			t.Errorf("%d threads: spikes %s (%d), 1 thread %s (%d)", threads, got, res.NumSpikes(), want, ref.NumSpikes())
		}
		if !reflect.DeepEqual(res.Traces, ref.Traces) {
			t.Errorf("%d threads: recorded potentials differ from 1 thread's", threads)
		}
	}
}

// TestWriteLayout writes a short run and reads it back through the store:
// the original's file names, groups, shapes, NaN padding, units and the
// parameter file.
func TestWriteLayout(t *testing.T) {
	n, res := shortRun(t, 40, 0)
	n.Sim.SimNum = 3
	dir := t.TempDir()
	if err := n.Write(dir, res, RunInfo{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"stell_spks", "intrnrn_spks", "stell_v", "intrnrn_v"} {
		if _, err := os.Stat(filepath.Join(dir, "REF-1D-VDEF", id+"_REF-1D-VDEF.hdf5")); err != nil {
			t.Error(err)
		}
	}
	st, err := store.Open(dir, "REF-1D-VDEF", &store.Options{Ext: store.ExtHDF5})
	if err != nil {
		t.Fatal(err)
	}
	stell, _ := Trains(res, StellName)
	rows, _, err := st.ReadSpikesPadded(3, "stell_spks")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 384 {
		t.Fatalf("%d stellate rows, want 384", len(rows))
	}
	for i := range rows {
		if len(rows[i]) != len(stell[i]) {
			t.Fatalf("row %d: %d spikes, run %d", i, len(rows[i]), len(stell[i]))
		}
		for k := range rows[i] {
			if rows[i][k] != float64(float32(stell[i][k])) {
				t.Fatalf("row %d spike %d: %g ms, run %g ms", i, k, rows[i][k], stell[i][k])
			}
		}
	}
	irows, _, err := st.ReadSpikesPadded(3, "intrnrn_spks")
	if err != nil || len(irows) != 192 {
		t.Fatalf("interneuron rows: %d, %v", len(irows), err)
	}
	v, attrs, err := st.ReadMatrix32(3, "stell_v")
	if err != nil {
		t.Fatal(err)
	}
	// 40 ms / 0.1 ms + 1 samples of the 8 cells.
	if v.Rows != 8 || v.Cols != 401 || v.At(0, 0) != -65 {
		t.Errorf("stell_v %dx%d, v(0) = %g; want 8x401 from -65 mV", v.Rows, v.Cols, v.At(0, 0))
	}
	if u, _ := attrs.String(store.AttrUnit); u != "mV" {
		t.Errorf("unit %q", u)
	}
	if g, _ := attrs.Uint64s(store.AttrGIDs); !reflect.DeepEqual(g, []uint64{0, 48, 96, 144, 192, 240, 288, 336}) {
		t.Errorf("gids %v", g)
	}
	iv, _, err := st.ReadMatrix32(3, "intrnrn_v")
	if err != nil || iv.Rows != 4 || iv.Cols != 401 {
		t.Errorf("intrnrn_v %dx%d, %v", iv.Rows, iv.Cols, err)
	}
	for j := 0; j < iv.Cols; j++ {
		if want := float32(res.Traces[1].Values[2][j] / sim.Millivolt); iv.At(2, j) != want {
			t.Fatalf("intrnrn_v row 2 sample %d: %g, run %g", j, iv.At(2, j), want)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "REF-1D-VDEF", "REF-1D-VDEF.json"))
	if err != nil {
		t.Fatal(err)
	}
	m2, s2, err := ParseParams(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m2, n.Model) || s2.SimNum != 3 || s2.SimDur != 40 {
		t.Errorf("parameter file does not hold the run's parameters")
	}
	// sim_id must be set.
	n.Sim.SimID = "0"
	if err := n.Write(dir, res, RunInfo{}); err == nil || !strings.Contains(err.Error(), "sim_id") {
		t.Errorf("default sim_id: error %v, want one naming sim_id", err)
	}
}
