package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/models/gridcells"
)

// TestGridcellsPathIntegration runs a short trial of fig2_c on a
// generated trajectory (8 s of landmark input, then 0.6 s of motion) and
// measures it; and the errors of runs it cannot measure.
func TestGridcellsPathIntegration(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: an 8.6 s network run")
	}
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"run", "../../examples/gridcells/fig2_c.json", "--out", out, "--sim-id", "pi", "--sims", "1",
		"--plot=false", "--set", "sim_dur=8600", "--set", `traj_id="random:65"`, "--set", "record_handle_stell={}"}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("golgi run: exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	png := filepath.Join(out, "pi.png")
	if code := run([]string{"gridcells", "path-integration", filepath.Join(out, "pi"), "--png", png}, &stdout, &stderr); code != 0 {
		t.Fatalf("path-integration: exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var got gridcells.PathIntegrationMeasures
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatal(err)
	}
	if got.Trials != 1 || got.SimNums[0] != 1 || got.StartMs != 8000 || got.SigmaMs != 40 || len(got.TrialMedianErrorRad) != 1 {
		t.Errorf("got %+v; want sim_num 1 compared from 8000 ms with sigma 40 ms", got)
	}
	// In 0.6 s the animal moves 1.5 rad; a network that did not follow
	// would be wrong by about pi/2 on average.
	if got.TravelledRad < 1 || got.MedianErrorRad > 1 {
		t.Errorf("travelled %.2f rad, median error %.2f rad: the pattern does not follow the animal", got.TravelledRad, got.MedianErrorRad)
	}
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Errorf("--png: %v", err)
	}

	// A run of another vel_type, and a directory that is not a run.
	stderr.Reset()
	args = []string{"run", "../../examples/gridcells/fig1_1D.json", "--out", out, "--sim-id", "const", "--sims", "0",
		"--plot=false", "--set", "sim_dur=200"}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("golgi run: exit %d: %s", code, stderr.String())
	}
	for _, tc := range []struct{ dir, want string }{
		{filepath.Join(out, "const"), "vel_type"},
		{filepath.Join(out, "missing"), "missing"},
	} {
		stderr.Reset()
		if code := run([]string{"gridcells", "path-integration", tc.dir}, &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("path-integration %s: exit %d, %q; want an error naming %q", tc.dir, code, stderr.String(), tc.want)
		}
	}
}
