//go:build mpi

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/sim/store"
)

// The MPI tests start this test binary under mpirun as the golgi command
// (GOLGI_TEST_MAIN=1: TestMain runs clusterMain on its arguments) and
// compare what the ranks write with what one process writes. Run them with
// `make test-mpi`.

const testMainEnv = "GOLGI_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(testMainEnv) == "1" {
		os.Exit(clusterMain(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// mpirun starts np copies of this binary as golgi with args and returns
// the combined output and the error of the launch.
func mpirun(t *testing.T, np int, timeout time.Duration, env []string, args ...string) (string, error) {
	t.Helper()
	launcher, err := exec.LookPath("mpirun")
	if err != nil {
		t.Skip("mpirun not installed (apt-get install openmpi-bin)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	a := append([]string{"--allow-run-as-root", "--oversubscribe", "-np", fmt.Sprint(np), os.Args[0]}, args...)
	cmd := exec.CommandContext(ctx, launcher, a...)
	cmd.Env = append(append(os.Environ(), testMainEnv+"=1"), env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out), fmt.Errorf("mpirun -np %d %s: no exit within %v (hang)", np, strings.Join(args, " "), timeout)
	}
	return string(out), err
}

// stored is what a run wrote for sim_num 0: every dataset's numbers.
type stored struct {
	gids  []uint64
	times []float64
	v     [][]float32
	rate  [][]float32
}

func readStored(t *testing.T, out, id string) stored {
	t.Helper()
	st, err := store.Open(out, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	sp, _, err := st.ReadSpikes(0, "spikes")
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := st.ReadMatrix32(0, "v")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := st.ReadMatrix32(0, "rate")
	if err != nil {
		t.Fatal(err)
	}
	return stored{sp.GIDs, sp.TimesMs, rows(v), rows(r)}
}

func rows(m store.Matrix32) [][]float32 {
	r := make([][]float32, m.Rows)
	for i := range r {
		r[i] = m.Row(i)
	}
	return r
}

func (a stored) diff(b stored) string {
	if len(a.gids) != len(b.gids) {
		return fmt.Sprintf("%d spikes, want %d", len(a.gids), len(b.gids))
	}
	for k := range a.gids {
		if a.gids[k] != b.gids[k] || math.Float64bits(a.times[k]) != math.Float64bits(b.times[k]) {
			return fmt.Sprintf("spike %d: gid %d at %g ms, want gid %d at %g ms", k, a.gids[k], a.times[k], b.gids[k], b.times[k])
		}
	}
	for _, m := range []struct {
		name string
		x, y [][]float32
	}{{"v", a.v, b.v}, {"rate", a.rate, b.rate}} {
		if len(m.x) != len(m.y) {
			return fmt.Sprintf("%s: %d rows, want %d", m.name, len(m.x), len(m.y))
		}
		for i := range m.x {
			if len(m.x[i]) != len(m.y[i]) {
				return fmt.Sprintf("%s row %d: %d values, want %d", m.name, i, len(m.x[i]), len(m.y[i]))
			}
			for j := range m.x[i] {
				if math.Float32bits(m.x[i][j]) != math.Float32bits(m.y[i][j]) {
					return fmt.Sprintf("%s[%d][%d] = %g, want %g", m.name, i, j, m.x[i][j], m.y[i][j])
				}
			}
		}
	}
	return ""
}

// TestMPIRunIdentical runs COBA and a short Brunel network with `golgi
// run` on 1, 2 and 3 ranks x 1 and 2 threads and requires the files rank 0
// writes to hold exactly the numbers one process writes: every spike (gid
// and time), the recorded membrane potentials (neurons on every rank) and
// the population rates, bit for bit.
func TestMPIRunIdentical(t *testing.T) {
	specs := map[string]string{
		"coba":   `{"model": "coba", "duration_s": 0.1, "record_neurons": [0, 1100, 2200, 3199]}`,
		"brunel": `{"model": "brunel", "ne": 2000, "duration_s": 0.1, "record_neurons": [0, 700, 1400, 1999]}`,
	}
	for name, js := range specs {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			spec := filepath.Join(dir, name+".json")
			if err := os.WriteFile(spec, []byte(js), 0o644); err != nil {
				t.Fatal(err)
			}
			// One process, in this process (MPI is not initialised here).
			var so, se bytes.Buffer
			if code := run([]string{"run", spec, "--out", filepath.Join(dir, "one"), "--plot=false", "--threads", "1"}, &so, &se); code != 0 {
				t.Fatalf("one process: exit %d: %s", code, se.String())
			}
			want := readStored(t, filepath.Join(dir, "one"), name)
			if len(want.gids) < 1000 {
				t.Fatalf("only %d spikes: the test needs activity", len(want.gids))
			}
			for _, np := range []int{1, 2, 3} {
				for _, threads := range []int{1, 2} {
					out := filepath.Join(dir, fmt.Sprintf("np%d-t%d", np, threads))
					text, err := mpirun(t, np, 60*time.Second, nil, "run", spec, "--out", out, "--plot=false", "--threads", fmt.Sprint(threads))
					if err != nil {
						t.Fatalf("np %d threads %d: %v\n%s", np, threads, err, text)
					}
					if np > 1 && !strings.Contains(text, "gathered to rank 0") {
						t.Errorf("np %d: the output does not say where results go:\n%s", np, text)
					}
					if n := strings.Count(text, "wrote "); n != 3 {
						t.Errorf("np %d: %d 'wrote' lines, want 3 (rank 0 only):\n%s", np, n, text)
					}
					if d := readStored(t, out, name).diff(want); d != "" {
						t.Errorf("np %d threads %d: %s", np, threads, d)
					}
				}
			}
			t.Logf("%d spikes, identical on 1-3 ranks x 1-2 threads", len(want.gids))
		})
	}
}

// TestMPIBench checks `golgi bench` on 2 ranks: the same spikes as one
// process, the ranks and their memory reported once, by rank 0.
func TestMPIBench(t *testing.T) {
	args := []string{"bench", "coba", "--duration", "0.1", "--threads", "1", "--seed", "3"}
	want := benchOneProcess(t, args)
	got, text := benchRanks(t, 2, append(args, "--mpi"))
	if got["spikes_sha256"] != want["spikes_sha256"] || got["synapses"] != want["synapses"] {
		t.Errorf("2 ranks: sha %v, %v synapses; one process: %v, %v", got["spikes_sha256"], got["synapses"], want["spikes_sha256"], want["synapses"])
	}
	if got["ranks"] != 2.0 || len(got["peak_rss_mb_ranks"].([]any)) != 2 || len(got["heap_mb_ranks"].([]any)) != 2 || !(got["exchange_us_per_epoch"].(float64) > 0) || got["epochs"] != 1000.0 {
		t.Errorf("2 ranks: %v", got)
	}
	if n := strings.Count(text, `"spikes_sha256"`); n != 1 {
		t.Errorf("%d JSON lines, want 1 (rank 0)", n)
	}
	if len(got["private_mb_ranks"].([]any)) != 2 || got["overlapped"] == true {
		t.Errorf("2 ranks, COBA (epochs of one step): private memory %v, overlapped %v", got["private_mb_ranks"], got["overlapped"])
	}
}

// TestMPIBenchOverlapped checks the overlapped spike exchange on real
// ranks: Brunel (epochs of 16 steps) on 2 ranks gives one process's spikes
// with the exchange overlapped (two per epoch) and blocking.
func TestMPIBenchOverlapped(t *testing.T) {
	args := []string{"bench", "brunel", "--ne", "2000", "--duration", "0.2", "--threads", "1", "--seed", "5"}
	want := benchOneProcess(t, args)
	for _, blocking := range []bool{false, true} {
		got, _ := benchRanks(t, 2, append(args, "--mpi", fmt.Sprintf("--blocking-exchange=%v", blocking)))
		if got["spikes_sha256"] != want["spikes_sha256"] {
			t.Errorf("2 ranks, blocking %v: sha %v; one process %v", blocking, got["spikes_sha256"], want["spikes_sha256"])
		}
		// 2000 steps in epochs of 16: 125 epochs.
		exchanges := map[bool]float64{false: 250, true: 125}[blocking]
		if got["overlapped"] == blocking || got["epochs"] != 125.0 || got["exchanges"] != exchanges {
			t.Errorf("2 ranks, blocking %v: overlapped %v, %v epochs, %v exchanges; want %v exchanges", blocking, got["overlapped"], got["epochs"], got["exchanges"], exchanges)
		}
	}
}

// benchOneProcess runs `golgi` with args (a bench) in this process and
// returns its JSON result.
func benchOneProcess(t *testing.T, args []string) map[string]any {
	t.Helper()
	var so, se bytes.Buffer
	if code := run(args, &so, &se); code != 0 {
		t.Fatalf("one process: %s", se.String())
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(lastLine(so.String())), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// benchRanks runs `golgi` with args (a bench) on np ranks and returns its
// JSON result and everything it printed.
func benchRanks(t *testing.T, np int, args []string) (map[string]any, string) {
	t.Helper()
	text, err := mpirun(t, np, 60*time.Second, nil, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(lastLine(text)), &res); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, text)
	}
	return res, text
}

// TestMPIFailure makes one rank fail while the others wait for it in a
// collective: every rank must exit within seconds, non-zero, with the
// failing rank's message.
func TestMPIFailure(t *testing.T) {
	cases := []struct {
		name string
		env  []string
		args []string
		msg  string
	}{
		{"error", []string{"GOLGI_FAIL_RANK=1"}, []string{"bench", "brunel", "--duration", "0.2"}, "rank 1 of 3: golgi bench: injected failure"},
		{"panic", []string{"GOLGI_FAIL_RANK=2:panic"}, []string{"bench", "coba", "--duration", "0.2"}, "rank 2 of 3: golgi: panic: injected panic"},
		// Rank 0 cannot create the output directory: it fails while the
		// others wait in its broadcast.
		{"unwritable output", nil, []string{"run", "--out", "/proc/golgi-no-such-dir"}, "rank 0 of 3: golgi run: store /proc/golgi-no-such-dir"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			text, err := mpirun(t, 3, 30*time.Second, c.env, c.args...)
			el := time.Since(start)
			if err == nil {
				t.Fatalf("exit 0; want a failure\n%s", text)
			}
			if strings.Contains(err.Error(), "hang") {
				t.Fatalf("%v\n%s", err, text)
			}
			if !strings.Contains(text, c.msg) {
				t.Errorf("output lacks %q:\n%s", c.msg, text)
			}
			if el > 20*time.Second {
				t.Errorf("took %.1f s to end every rank", el.Seconds())
			}
			t.Logf("all ranks ended in %.2f s (%v)", el.Seconds(), err)
		})
	}
}

// gridcellsStored is what a GridCellsCond run wrote for sim_num 0: the
// spike trains of both populations (padded rows) and a recorded potential.
type gridcellsStored struct{ stell, intrnrn, v [][]float64 }

func readGridcells(t *testing.T, out, id string) gridcellsStored {
	t.Helper()
	st, err := store.Open(out, id, &store.Options{Ext: store.ExtHDF5})
	if err != nil {
		t.Fatal(err)
	}
	var g gridcellsStored
	if g.stell, _, err = st.ReadSpikesPadded(0, "stell_spks"); err != nil {
		t.Fatal(err)
	}
	if g.intrnrn, _, err = st.ReadSpikesPadded(0, "intrnrn_spks"); err != nil {
		t.Fatal(err)
	}
	v, _, err := st.ReadMatrix32(0, "stell_v")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < v.Rows; i++ {
		row := make([]float64, v.Cols)
		for j, x := range v.Row(i) {
			row[j] = float64(x)
		}
		g.v = append(g.v, row)
	}
	return g
}

// diffRows describes the first difference between a and b, bit for bit.
func diffRows(name string, a, b [][]float64) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%s: %d rows, want %d", name, len(a), len(b))
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return fmt.Sprintf("%s row %d: %d values, want %d", name, i, len(a[i]), len(b[i]))
		}
		for k := range a[i] {
			if math.Float64bits(a[i][k]) != math.Float64bits(b[i][k]) {
				return fmt.Sprintf("%s row %d value %d: %g, want %g", name, i, k, a[i][k], b[i][k])
			}
		}
	}
	return ""
}

// TestMPIGridcellsIdentical runs GridCellsCond's 1D default network for
// 400 ms with `golgi run` on 1, 2 and 3 ranks x 1 and 2 threads, with the
// cells dealt round-robin and assigned by the costs the one-process run
// measured (--write-cost, --balance), and requires the files rank 0
// writes, in the original's layout, to hold exactly the data one process
// writes: every stellate's and interneuron's spike times and the recorded
// stellate potentials, bit for bit.
func TestMPIGridcellsIdentical(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "gc1d.json")
	js := `{"model": "gridcellscond", "sim_id": "gc1d", "sim_dur": 400,
		"record_handle_stell": {"stell_v": {"state": true, "cells_to_record": [0, 1, 2, 200, 383]}}}`
	if err := os.WriteFile(spec, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	var so, se bytes.Buffer
	costFile := filepath.Join(dir, "gc1d.cost.json")
	if code := run([]string{"run", spec, "--out", filepath.Join(dir, "one"), "--plot=false", "--threads", "1", "--write-cost", costFile}, &so, &se); code != 0 {
		t.Fatalf("one process: exit %d: %s", code, se.String())
	}
	if _, err := readCostFile(costFile); err != nil {
		t.Fatal(err)
	}
	want := readGridcells(t, filepath.Join(dir, "one"), "gc1d")
	spikes := 0
	for _, r := range append(append([][]float64{}, want.stell...), want.intrnrn...) {
		spikes += len(r)
	}
	if spikes < 5000 || len(want.v) != 5 {
		t.Fatalf("%d spikes, %d potentials: the test needs activity", spikes, len(want.v))
	}
	for _, np := range []int{1, 2, 3} {
		for _, threads := range []int{1, 2} {
			for _, balance := range []bool{false, true} {
				if balance && np == 1 {
					continue
				}
				out := filepath.Join(dir, fmt.Sprintf("np%d-t%d-%v", np, threads, balance))
				args := []string{"run", spec, "--out", out, "--plot=false", "--threads", fmt.Sprint(threads)}
				how := "round-robin"
				if balance {
					args, how = append(args, "--balance", costFile), "measured costs"
				}
				text, err := mpirun(t, np, 120*time.Second, nil, args...)
				if err != nil {
					t.Fatalf("np %d threads %d: %v\n%s", np, threads, err, text)
				}
				if np > 1 && (!strings.Contains(text, "gathered to rank 0") || !strings.Contains(text, how)) {
					t.Errorf("np %d: the output does not say how cells are shared (%s) and where results go:\n%s", np, how, text)
				}
				if n := strings.Count(text, "wrote "); n != 5 {
					t.Errorf("np %d: %d 'wrote' lines, want 5 (rank 0 only):\n%s", np, n, text)
				}
				got := readGridcells(t, out, "gc1d")
				for _, d := range []string{diffRows("stell_spks", got.stell, want.stell), diffRows("intrnrn_spks", got.intrnrn, want.intrnrn), diffRows("stell_v", got.v, want.v)} {
					if d != "" {
						t.Errorf("np %d threads %d, %s: %s", np, threads, how, d)
					}
				}
			}
		}
	}
	t.Logf("%d spikes, identical on 1-3 ranks x 1-2 threads, cells round-robin and by measured cost", spikes)
}

// TestMPIRingIdentical runs the multicompartment ring (golgi bench ring:
// ball-and-stick cells, 12 compartments each) on 1, 2 and 3 ranks x 1 and
// 2 threads and requires the single process's spikes (spikes_sha256 of
// every (step, gid)) and synapse count.
func TestMPIRingIdentical(t *testing.T) {
	args := []string{"bench", "ring", "--cells", "48", "--duration", "0.15"}
	want := benchOneProcess(t, append(args, "--threads", "1"))
	if want["spikes"].(float64) < 20 {
		t.Fatalf("%v spikes: the test needs the spike to go round the ring", want["spikes"])
	}
	for _, np := range []int{1, 2, 3} {
		for _, threads := range []string{"1", "2"} {
			got, _ := benchRanks(t, np, append(args, "--threads", threads))
			if got["spikes_sha256"] != want["spikes_sha256"] || got["synapses"] != want["synapses"] || got["ranks"] != float64(np) {
				t.Errorf("np %d threads %s: %v spikes, sha %.16v, %v synapses, %v ranks; one process %v, %.16v, %v",
					np, threads, got["spikes"], got["spikes_sha256"], got["synapses"], got["ranks"], want["spikes"], want["spikes_sha256"], want["synapses"])
			}
		}
	}
	t.Logf("%v spikes, identical on 1-3 ranks x 1-2 threads", want["spikes"])
}
