package sonata_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
)

// replayFixture writes test_replay.py's configuration (SPEC 7.3) in a
// temporary directory: usecase3's circuit, NodeA only (nodesPopA), tstop
// 10 ms, dt 0.05, seed 12345, no conditions (v_init -65 mV in
// compatibility mode), and one synapse_replay input per spike file.
func replayFixture(t *testing.T, spikeFiles ...string) string {
	t.Helper()
	dir := refdata.Require(t, "sonata/circuits/usecase3")
	inputs := map[string]any{}
	for k, f := range spikeFiles {
		inputs["replay"+string(rune('A'+k))] = map[string]any{"module": "synapse_replay", "input_type": "spikes",
			"delay": 0, "duration": 30000, "node_set": "nodesPopA", "spike_file": filepath.Join(dir, f)}
	}
	tmp := t.TempDir()
	cfg := map[string]any{
		"network":        filepath.Join(dir, "circuit_config.json"),
		"node_sets_file": filepath.Join(dir, "nodesets.json"),
		"node_set":       "nodesPopA",
		"run":            map[string]any{"tstop": 10, "dt": 0.05, "random_seed": 12345},
		"output":         map[string]any{"output_dir": filepath.Join(tmp, "output")},
		"inputs":         inputs,
	}
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(tmp, "simulation_config.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func buildNetwork(t *testing.T, config string) *sonata.Network {
	t.Helper()
	s, err := sonata.Load(config, &sonata.Options{Compat: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	n, err := sonata.BuildNetwork(s, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range n.Notes {
		t.Log(note)
	}
	return n
}

func checkTimes(t *testing.T, what string, got []float64, n int, want []float64) {
	t.Helper()
	if len(got) != n {
		t.Errorf("%s: %d times %v, neurodamus %d", what, len(got), got, n)
		return
	}
	for i, w := range want {
		if math.Abs(got[i]-w) > 1e-9 {
			t.Errorf("%s: %v, neurodamus starts %v", what, got, want)
			return
		}
	}
}

// TestReplay is neurodamus's test_replay.py (SPEC 7.3): the replay
// vectors of the connections 2 -> 1 and 1 -> 2 of NodeA for input.h5 and
// for input.h5 + input1.h5 + input2.h5, and the run's single spike, gid
// 3 at 0.75 ms.
func TestReplay(t *testing.T) {
	n := buildNetwork(t, replayFixture(t, "input.h5"))
	checkTimes(t, "input.h5: conn 2->1", n.Replay(2, 1), 1, []float64{3})
	checkTimes(t, "input.h5: conn 1->2", n.Replay(1, 2), 1, []float64{2})
	spikes, err := n.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checkSpikes(t, spikes, []uint64{3}, []float64{0.75})

	n = buildNetwork(t, replayFixture(t, "input.h5", "input1.h5", "input2.h5"))
	checkTimes(t, "input*.h5: conn 2->1", n.Replay(2, 1), 14, []float64{0.175, 3, 3, 3.025, 5.7, 8, 8.975, 13.95})
	checkTimes(t, "input*.h5: conn 1->2", n.Replay(1, 2), 17, []float64{0.1, 2, 2.275, 4, 4.35, 7.725, 12.525, 16.825})
	spikes, err = n.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checkSpikes(t, spikes, []uint64{3}, []float64{0.75})
}
