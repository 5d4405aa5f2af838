package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/models/gridcells"
)

// TestGridcellsExamples checks every spec of examples/gridcells (the
// original's specs/ imported by golgi gridcells import): each parses with
// every key known, and each whose connectivity and instrumentation this
// version builds runs at the CI scale of examples/gridcells/README.md
// (first sim only, sim_dur 20 ms) through golgi run.
func TestGridcellsExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "gridcells", "*.json"))
	if err != nil || len(files) < 30 {
		t.Fatalf("%d example specs (%v), want the original's 33", len(files), err)
	}
	out := t.TempDir()
	ran := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sims, err := gridcells.ParseSpec(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		m, s := sims[0].Model, sims[0].Sim
		if err := gridcells.Validate(&m, &s); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		dur := "20"
		if strings.Contains(string(m.InputID), "resonance") {
			dur = "2050" // the chirp starts at 2000 ms; one cell
		}
		args := []string{"run", f, "--out", out, "--plot=false", "--set", "sim_dur=" + dur, "--sims", strconv.Itoa(sims[0].SimNum), "--threads", "1",
			"--set", "data_root=" + strconv.Quote(out+"/")} // saved matrices go to data_root/saved_matrices
		if strings.Trim(strings.TrimSpace(string(m.TrajID)), `"`) == "1" {
			args = append(args, "--set", `traj_id="random:65"`) // traj_1.hdf5 is not distributed
		}
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit %d: %s", f, code, stderr.String())
			continue
		}
		if !strings.Contains(stdout.String(), "stell_spks_") {
			t.Errorf("%s: no stellate spikes written:\n%s", f, stdout.String())
		}
		ran++
	}
	t.Logf("%d of %d examples ran at CI scale", ran, len(files))
	if ran < len(files) {
		t.Errorf("only %d examples ran", ran)
	}
}
