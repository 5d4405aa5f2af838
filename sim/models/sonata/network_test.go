package sonata_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
)

// TestUsecase3Spikes runs usecase3's simulation_sonata.json (NodeA and
// NodeB, 16 synapses, hyperpolarizing holding currents on NodeA; tstop
// 50 ms, dt 0.1, celsius 35, v_init -75) and compares NodeA's spikes with
// neurodamus's test_simulation_sonata_config (SPEC 7.3): 21 spikes, gids
// and times.
func TestUsecase3Spikes(t *testing.T) {
	dir := refdata.Require(t, "sonata/circuits/usecase3")
	s, err := sonata.Load(filepath.Join(dir, "simulation_sonata.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := sonata.BuildNetwork(s, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range n.Notes {
		t.Log(note)
	}
	spikes, err := n.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantGid := []uint64{1, 2, 3, 1, 2, 3, 1, 1, 2, 3, 3, 3, 3, 3, 1, 3, 2, 1, 3, 1, 2}
	wantT := []float64{0.2, 0.3, 0.3, 2.5, 3.4, 4.2, 5.5, 7.0, 7.4, 8.6, 13.8, 19.6, 25.7, 32.0, 36.4, 38.5, 40.8, 42.6, 45.2, 48.3, 49.9}
	var gids []uint64
	var times []float64
	for _, sp := range spikes {
		if sp.Population == "NodeA" {
			gids = append(gids, sp.Gid)
			times = append(times, sp.TMS)
		}
	}
	t.Logf("NodeA: %d spikes: gids %v at %v", len(gids), gids, times)
	if len(gids) != len(wantGid) {
		t.Fatalf("NodeA: %d spikes, neurodamus 21", len(gids))
	}
	for k := range gids {
		if gids[k] != wantGid[k] || math.Abs(times[k]-wantT[k]) > 1e-6 {
			t.Errorf("spike %d: gid %d at %.4f ms, neurodamus gid %d at %g ms", k, gids[k], times[k], wantGid[k], wantT[k])
		}
	}
}
