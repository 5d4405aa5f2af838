package sonata

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// usecase3Fixture writes a simulation configuration on usecase3's circuit
// in a temporary directory: node_set, tstop and dt given, seed 12345, no
// conditions, the inputs and connection_overrides given. It returns the
// network built (compatibility mode).
func usecase3Fixture(t *testing.T, nodeSet string, tstop, dt float64, inputs map[string]any, overrides []any) *Network {
	t.Helper()
	dir := filepath.Dir(circuitPath(t, "usecase3/simulation_sonata.json"))
	tmp := t.TempDir()
	cfg := map[string]any{
		"network":        filepath.Join(dir, "circuit_config.json"),
		"node_sets_file": filepath.Join(dir, "nodesets.json"),
		"node_set":       nodeSet,
		"run":            map[string]any{"tstop": tstop, "dt": dt, "random_seed": 12345},
		"output":         map[string]any{"output_dir": filepath.Join(tmp, "output")},
	}
	if inputs != nil {
		cfg["inputs"] = inputs
	}
	if overrides != nil {
		cfg["connection_overrides"] = overrides
	}
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(tmp, "simulation_config.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path, &Options{Compat: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	n, err := BuildNetwork(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// connections counts the connections (sgid, tgid) and their synapses.
func connections(n *Network) map[[2]uint64][]*pendingSynapse {
	out := map[[2]uint64][]*pendingSynapse{}
	for k := range n.syns {
		ps := &n.syns[k]
		key := [2]uint64{ps.sgid, n.Cells[ps.target].Gid}
		out[key] = append(out[key], ps)
	}
	return out
}

// TestProjections is neurodamus's test_projections.py and
// test_multipop.py as far as connections go (SPEC 7.3): NodeA simulated,
// overrides B -> A and A -> A: A -> A has 2 connections, B -> A 2, the
// replay of input_NodeB.h5 reaches B -> A only; with
// synapse_delay_override (B -> A 3 ms, A -> A 5 ms) every NetCon delay is
// the override's.
func TestProjections(t *testing.T) {
	in := map[string]any{"replayB": map[string]any{"module": "synapse_replay", "input_type": "spikes", "delay": 0, "duration": 1000,
		"node_set": "nodesPopA", "spike_file": circuitPath(t, "usecase3/input_NodeB.h5")}}
	for _, delays := range []bool{false, true} {
		ba := map[string]any{"name": "B->A", "source": "nodesPopB", "target": "nodesPopA"}
		aa := map[string]any{"name": "A->A", "source": "nodesPopA", "target": "nodesPopA"}
		if delays {
			ba["synapse_delay_override"] = 3.0
			aa["synapse_delay_override"] = 5.0
		}
		n := usecase3Fixture(t, "nodesPopA", 10, 0.05, in, []any{ba, aa})
		var aaN, baN int
		for key, ps := range connections(n) {
			fromB := key[0] > 1000
			if fromB {
				baN++
				if len(n.Replay(key[0], key[1])) == 0 {
					t.Errorf("B -> A connection %v has no replay", key)
				}
			} else {
				aaN++
				if r := n.Replay(key[0], key[1]); len(r) != 0 {
					t.Errorf("A -> A connection %v replays %v", key, r)
				}
			}
			for _, p := range ps {
				want := p.delayMS
				if delays {
					want = 5
					if fromB {
						want = 3
					}
				}
				if p.netconDelay() != want {
					t.Errorf("connection %v: NetCon delay %g ms, want %g", key, p.netconDelay(), want)
				}
			}
		}
		if aaN != 2 || baN != 2 {
			t.Errorf("A -> A %d connections, B -> A %d; neurodamus 2 and 2", aaN, baN)
		}
	}
}

// TestOverrideRules checks the connection rules of SPEC 3.10: a single
// matching override of weight 0 creates nothing; every matching block
// resets the weight factor (Q3); synapse_configure and delayed weights
// (3.8) reach the synapses; spont_minis sets the minis' rate.
func TestOverrideRules(t *testing.T) {
	n := usecase3Fixture(t, "nodesPopA", 5, 0.05, nil, []any{
		map[string]any{"name": "off", "source": "nodesPopA", "target": "nodesPopA", "weight": 0}})
	for key, ps := range connections(n) {
		if ps[0].srcPop == "NodeA" {
			t.Errorf("connection %v created under a single weight-0 override", key)
		}
	}
	n = usecase3Fixture(t, "nodesPopA", 5, 0.05, nil, []any{
		map[string]any{"name": "w", "source": "nodesPopA", "target": "nodesPopA", "weight": 0.5,
			"synapse_configure": "%s.Use *= 0.5 %s.Dep = 100"},
		map[string]any{"name": "reset", "source": "nodesPopA", "target": "l4pc", "spont_minis": 0.5},
		map[string]any{"name": "later", "source": "nodesPopA", "target": "nodesPopA", "delay": 3, "weight": 2},
		map[string]any{"name": "sooner", "source": "nodesPopA", "target": "nodesPopA", "delay": 1, "weight": 0.25},
	})
	for key, ps := range connections(n) {
		if ps[0].srcPop != "NodeA" {
			continue
		}
		for _, p := range ps {
			wantW := 0.5
			if key[1] == 1 { // NodeA node 0 is l4pc
				wantW = 1
				if p.minisHz == nil || *p.minisHz != 0.5 {
					t.Errorf("connection %v: minis %v, want 0.5 Hz", key, p.minisHz)
				}
			}
			if p.weightFactor != wantW {
				t.Errorf("connection %v: weight factor %g, want %g", key, p.weightFactor, wantW)
			}
			if len(p.delayTimes) != 2 || p.delayTimes[0] != 1 || p.delayWeights[0] != 0.25 || p.delayTimes[1] != 3 || p.delayWeights[1] != 2 {
				t.Errorf("connection %v: delayed weights %v %v, want [1 3] [0.25 2]", key, p.delayTimes, p.delayWeights)
			}
			ref, err := n.Groups[n.Cells[p.target].Ref.Group].PointProcess(n.Cells[p.target].Ref.Cell, p.name)
			if err != nil {
				t.Fatal(err)
			}
			m, k := n.Groups[n.Cells[p.target].Ref.Group].Mechanism(ref)
			if got := m.Var("Dep")[k]; got != 100 {
				t.Errorf("connection %v: Dep %g after synapse_configure, want 100", key, got)
			}
		}
	}
}

// TestParseSynapseConfigure checks the supported forms and refusals.
func TestParseSynapseConfigure(t *testing.T) {
	st, err := parseSynapseConfigure("%s.e_GABAA = -82.0 tau_d_GABAB_ProbGABAAB_EMS = 77; %s.Use *= 0.5")
	if err != nil {
		t.Fatal(err)
	}
	want := []configStmt{{field: "e_GABAA", op: "=", value: -82}, {global: "tau_d_GABAB_ProbGABAAB_EMS", op: "=", value: 77},
		{field: "Use", op: "*=", value: 0.5}}
	if len(st) != len(want) {
		t.Fatalf("%+v, want %+v", st, want)
	}
	for i := range want {
		if st[i] != want[i] {
			t.Errorf("statement %d: %+v, want %+v", i, st[i], want[i])
		}
	}
	for _, bad := range []string{"%s.verboseLevel=1 print 3", "%s.Use = x", "{%s.Use = 1}", "", "; ;", "%s.Use ^= 2"} {
		if _, err := parseSynapseConfigure(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestSpontMinis is neurodamus's test_spont_minis.py as far as the
// generator goes (SPEC 7.3, SPEC 8 check 9): override nodesPopA -> l4pc
// with spont_minis 100 Hz gives connection 2 -> 1 minis at 100 Hz; over
// 10 s the intervals are exponential of mean 10 ms (Kolmogorov-Smirnov
// at p > 0.01).
func TestSpontMinis(t *testing.T) {
	n := usecase3Fixture(t, "nodesPopA", 10000, 0.05, nil, []any{
		map[string]any{"name": "minis", "source": "nodesPopA", "target": "l4pc", "spont_minis": 100}})
	times, rates := n.Minis(2, 1)
	if len(times) == 0 {
		t.Fatal("connection 2 -> 1 has no minis")
	}
	for i, r := range rates {
		if r != 100 {
			t.Errorf("synapse %d: rate %g Hz, want 100", i, r)
		}
	}
	if other, _ := n.Minis(1, 2); len(other) != 0 {
		t.Errorf("connection 1 -> 2 (target not l4pc) has minis")
	}
	for i, ts := range times {
		var iv []float64
		prev := 0.0
		for _, x := range ts {
			iv = append(iv, x-prev)
			prev = x
		}
		sort.Float64s(iv)
		d := 0.0
		for j, x := range iv {
			f := 1 - math.Exp(-x/10)
			d = max(d, math.Abs(f-float64(j)/float64(len(iv))), math.Abs(f-float64(j+1)/float64(len(iv))))
		}
		// Kolmogorov-Smirnov critical value at p = 0.01.
		if crit := 1.628 / math.Sqrt(float64(len(iv))); d > crit || len(iv) < 800 || len(iv) > 1200 {
			t.Errorf("synapse %d: %d intervals, KS distance %.4f (critical %.4f)", i, len(iv), d, crit)
		}
	}
}

// TestMultipop is neurodamus's test_multipop.py (SPEC 7.3): usecase3's
// two populations, connections A -> A 2, B -> B 2, A -> B 3, B -> A 2, and
// input.h5 replayed: one time on A -> A (2 -> 1) and on B -> A (1001 -> 1).
func TestMultipop(t *testing.T) {
	in := map[string]any{"replay": map[string]any{"module": "synapse_replay", "input_type": "spikes", "delay": 0, "duration": 1000,
		"node_set": "Mosaic", "spike_file": circuitPath(t, "usecase3/input.h5")}}
	n := usecase3Fixture(t, "Mosaic", 1, 0.05, in, nil)
	count := map[string]int{}
	for key := range connections(n) {
		tgt := "A"
		if key[1] > 1000 {
			tgt = "B"
		}
		src := "A"
		if key[0] > 1000 {
			src = "B"
		}
		count[src+"->"+tgt]++
	}
	for k, want := range map[string]int{"A->A": 2, "B->B": 2, "A->B": 3, "B->A": 2} {
		if count[k] != want {
			t.Errorf("%s: %d connections, neurodamus %d", k, count[k], want)
		}
	}
	for _, c := range [][2]uint64{{2, 1}, {1001, 1}} {
		if r := n.Replay(c[0], c[1]); len(r) != 1 {
			t.Errorf("connection %d -> %d: replay %v, neurodamus 1 time", c[0], c[1], r)
		}
	}
}
