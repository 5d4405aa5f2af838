package sonata_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
	"github.com/golgi-sim/golgi/sim/store"
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

// TestUsecase3Threads checks that the spikes are the same bits on 1, 2
// and 3 threads (cell groups).
func TestUsecase3Threads(t *testing.T) {
	dir := refdata.Require(t, "sonata/circuits/usecase3")
	var ref []sonata.Spike
	for _, threads := range []int{1, 2, 3} {
		s, err := sonata.Load(filepath.Join(dir, "simulation_sonata.json"), nil)
		if err != nil {
			t.Fatal(err)
		}
		n, err := sonata.BuildNetwork(s, threads)
		if err != nil {
			t.Fatal(err)
		}
		spikes, err := n.Run(context.Background())
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if threads == 1 {
			ref = spikes
			continue
		}
		if len(spikes) != len(ref) {
			t.Fatalf("%d threads: %d spikes, 1 thread %d", threads, len(spikes), len(ref))
		}
		for k := range spikes {
			if spikes[k] != ref[k] {
				t.Errorf("%d threads: spike %d %+v, 1 thread %+v", threads, k, spikes[k], ref[k])
			}
		}
	}
}

// TestBuildBadInput copies usecase3 and breaks one file at a time: each is
// an error naming the file or construct, never a panic.
func TestBuildBadInput(t *testing.T) {
	src := refdata.Require(t, "sonata/circuits/usecase3")
	for _, tc := range []struct {
		name   string
		break_ func(dir string) error
		want   string
	}{
		{"template missing", func(dir string) error { return os.Remove(filepath.Join(dir, "CircuitA", "hoc", "cNAC_L23BTC.hoc")) }, "cNAC_L23BTC.hoc"},
		{"template broken", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "CircuitA", "hoc", "cNAC_L23BTC.hoc"), []byte("begintemplate cNAC_L23BTC\nproc init() { x = }\nendtemplate cNAC_L23BTC\n"), 0o644)
		}, "cNAC_L23BTC.hoc:2"},
		{"morphology missing", func(dir string) error {
			return os.Remove(filepath.Join(dir, "CircuitA", "morphologies", "asc", "C210401C.asc"))
		}, "C210401C.asc"},
		{"morphology garbage", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "CircuitA", "morphologies", "asc", "C210401C.asc"), []byte("((((garbage"), 0o644)
		}, "C210401C.asc"},
		{"unsupported input", func(dir string) error {
			p := filepath.Join(dir, "simulation_sonata.json")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, []byte(strings.Replace(string(b), `"module": "hyperpolarizing"`, `"module": "magic"`, 1)), 0o644)
		}, `module "magic" is not supported`},
		{"replay without the population", func(dir string) error {
			spikes := filepath.Join(dir, "other_spikes.h5")
			if err := store.WriteSONATASpikes(spikes, []store.SONATAPopulation{{Name: "elsewhere", NodeIDs: []uint64{0}, TimestampsMs: []float64{1}}}, store.SortByTime); err != nil {
				return err
			}
			return editFile(filepath.Join(dir, "simulation_sonata.json"), `"inputs": {`, `"inputs": {
        "replay": {"module": "synapse_replay", "input_type": "spikes", "delay": 0, "duration": 100, "node_set": "Mosaic", "spike_file": "`+spikes+`"},`)
		}, `has spikes of elsewhere, none of the populations`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "usecase3")
			if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			if err := tc.break_(dir); err != nil {
				t.Fatal(err)
			}
			s, err := sonata.Load(filepath.Join(dir, "simulation_sonata.json"), nil)
			if err == nil {
				defer s.Close()
				_, err = sonata.BuildNetwork(s, 1)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming %q", err, tc.want)
			}
			t.Log(err)
		})
	}
}

// editFile replaces the first old in the file at path by new, and fails
// if the file has no old.
func editFile(path, old, new string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !strings.Contains(string(b), old) {
		return fmt.Errorf("%s: no %q", path, old)
	}
	return os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}

// TestInputTargetNotes checks the note for an input whose node set
// selects no simulated cell (neurodamus's own v5_gapjunctions has one):
// it stimulates nothing, the run goes on, golgi run prints the note.
func TestInputTargetNotes(t *testing.T) {
	src := refdata.Require(t, "sonata/circuits/usecase3")
	for _, tc := range []struct {
		name   string
		change func(dir string) error
		want   string
	}{
		{"input on an empty node set", func(dir string) error {
			if err := editFile(filepath.Join(dir, "nodesets.json"), `"l4pc":`, `"nobody": {"mtype": "L99_NONE"}, "l4pc":`); err != nil {
				return err
			}
			return editFile(filepath.Join(dir, "simulation_sonata.json"), `"node_set": "nodesPopA"`, `"node_set": "nobody"`)
		}, `input "hypamp_mosaic": node_set "nobody" selects no node: it stimulates nothing`},
		{"input on cells not simulated", func(dir string) error {
			p := filepath.Join(dir, "simulation_sonata.json")
			if err := editFile(p, `"node_set": "Mosaic"`, `"node_set": "nodesPopA"`); err != nil {
				return err
			}
			return editFile(p, `"node_set": "nodesPopA"
        }`, `"node_set": "nodesPopB"
        }`)
		}, `node_set "nodesPopB" selects 2 nodes, none of them simulated (node_set "nodesPopA")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "usecase3")
			if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			if err := tc.change(dir); err != nil {
				t.Fatal(err)
			}
			s, err := sonata.Load(filepath.Join(dir, "simulation_sonata.json"), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			n, err := sonata.BuildNetwork(s, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(n.Notes, func(s string) bool { return strings.Contains(s, tc.want) }) {
				t.Errorf("notes %q, want one with %q", n.Notes, tc.want)
			}
		})
	}
}
