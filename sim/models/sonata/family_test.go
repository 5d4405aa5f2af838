package sonata_test

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/store"
)

// TestGolgiRunUsecase3 runs usecase3's simulation_sonata.json the way
// golgi run does (the family claims the file, its Planner plans it,
// models.Run runs and writes it) and reads back the SONATA spike file it
// names (spikes.h5, sorted by time): NodeA's 21 spikes of neurodamus.
func TestGolgiRunUsecase3(t *testing.T) {
	dir := refdata.Require(t, "sonata/circuits/usecase3")
	path := filepath.Join(dir, "simulation_sonata.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fam, err := models.Claiming(path, data)
	if err != nil || fam.Name != "sonata" {
		t.Fatalf("claimed by %v, %v; want sonata", fam, err)
	}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	plan, err := planners["sonata"](models.Request{Path: path, Data: data, Out: out, Flags: fs})
	if err != nil {
		t.Fatal(err)
	}
	files, err := models.Run(context.Background(), plan, models.RunOptions{Out: out, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %v", files)
	pops, err := store.ReadSONATASpikes(filepath.Join(out, plan.SimID, "spikes.h5"), nil)
	if err != nil {
		t.Fatal(err)
	}
	wantNode := []uint64{0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 2, 2, 2, 2, 0, 2, 1, 0, 2, 0, 1}
	wantT := []float64{0.2, 0.3, 0.3, 2.5, 3.4, 4.2, 5.5, 7.0, 7.4, 8.6, 13.8, 19.6, 25.7, 32.0, 36.4, 38.5, 40.8, 42.6, 45.2, 48.3, 49.9}
	for _, p := range pops {
		if p.Name != "NodeA" {
			continue
		}
		if len(p.NodeIDs) != len(wantNode) || p.Sorting != store.SortByTime {
			t.Fatalf("NodeA: %d spikes sorted %q, want 21 by_time", len(p.NodeIDs), p.Sorting)
		}
		for k := range wantNode {
			if p.NodeIDs[k] != wantNode[k] || math.Abs(p.TimestampsMs[k]-wantT[k]) > 1e-6 {
				t.Errorf("spike %d: node %d at %g ms, want %d at %g", k, p.NodeIDs[k], p.TimestampsMs[k], wantNode[k], wantT[k])
			}
		}
		return
	}
	t.Fatal("no NodeA spikes in the file")
}

// TestClaims checks which files the family claims.
func TestClaims(t *testing.T) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	if _, err := models.AddRunFlags(fs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		data string
		want bool
	}{
		{`{"run": {"tstop": 10, "dt": 0.025, "random_seed": 1}}`, true},
		{`{"model": "coba", "run": {}}`, false},
		{`{"network": "circuit_config.json"}`, false},
		{`{"run": 5}`, false},
		{`not json`, false},
	} {
		fam, err := models.Claiming("x.json", []byte(tc.data))
		got := err == nil && fam.Name == "sonata"
		if got != tc.want {
			t.Errorf("%s: claimed by sonata %v, want %v", tc.data, got, tc.want)
		}
	}
}
