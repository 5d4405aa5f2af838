package sonata

import (
	"path/filepath"
	"reflect"
	"testing"
)

// TestGidMapShifts reproduces neurodamus's unit/test_nodeset.py (SPEC
// 7.3): offsets move as populations register larger gids.
func TestGidMapShifts(t *testing.T) {
	g := NewGidMap()
	g.Register("pop2", 1000) // gids {1, 2, 3, 1000}
	g.Register("pop3", 3)
	check := func(step string, want map[string]uint64) {
		t.Helper()
		if got := g.Offsets(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: offsets %v, want %v", step, got, want)
		}
	}
	check("pop2, pop3", map[string]uint64{"pop2": 0, "pop3": 1000})
	g.Register("pop1", 1001)
	check("pop1 added", map[string]uint64{"pop1": 0, "pop2": 2000, "pop3": 3000})
	g.Register("pop2", 1002)
	check("pop2 grown", map[string]uint64{"pop1": 0, "pop2": 2000, "pop3": 4000})
	g.Register("pop2", 5) // smaller: no change
	check("pop2 smaller", map[string]uint64{"pop1": 0, "pop2": 2000, "pop3": 4000})
	if gid, err := g.Gid("pop3", 0); err != nil || gid != 4001 {
		t.Errorf("Gid(pop3, 0) = %d, %v", gid, err)
	}
	if _, err := g.Offset("pop4"); err == nil {
		t.Error("unregistered population has an offset")
	}
	for _, c := range []struct{ x, want uint64 }{{0, 0}, {1, 1000}, {999, 1000}, {1000, 1000}, {1001, 2000}} {
		if got := ceil1000(c.x); got != c.want {
			t.Errorf("ceil1000(%d) = %d", c.x, got)
		}
	}
}

// TestOffsetsCircuits is SPEC section 8, check 2 (offsets): the
// circuits' offsets as neurodamus computes them, and byte order of names
// (uppercase first).
func TestOffsetsCircuits(t *testing.T) {
	for _, tc := range []struct {
		sim, network string
		want         map[string]uint64
	}{
		{"usecase3/simulation_sonata.json", "", map[string]uint64{"NodeA": 0, "NodeB": 1000}},
		{"usecase3/simulation_sonata.json", "circuit_config_virtualpop.json", map[string]uint64{"A_virtual_neurons": 0, "NodeA": 1000, "NodeB": 2000}},
		{"v5_sonata/simulation_config_mini.json", "", map[string]uint64{"default": 0, "external_default": 1000}},
		{"v5_gapjunctions/simulation_config.json", "", map[string]uint64{"default": 0, "external_default": 1000, "thalamus-proj32-blob_projections": 2000}},
		{"neuromodulation/simulation_config.json", "", map[string]uint64{"All": 0, "virtual_neurons": 1000}},
		{"sscx-v7-plasticity/simulation_config_base.json", "", map[string]uint64{"All": 0}},
	} {
		var s *Simulation
		if tc.network == "" {
			s = load(t, tc.sim)
		} else {
			dir := copyUsecase3(t)
			edit(t, filepath.Join(dir, filepath.Base(tc.sim)), `"node_sets_file"`, `"network": "`+tc.network+`", "node_sets_file"`)
			var err error
			if s, err = Load(filepath.Join(dir, filepath.Base(tc.sim)), &Options{Compat: true}); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
		}
		g, err := s.GidMap()
		if err != nil {
			t.Errorf("%s %s: %v", tc.sim, tc.network, err)
			continue
		}
		if got := g.Offsets(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %s: offsets %v, want %v", tc.sim, tc.network, got, tc.want)
		}
	}
}

// TestPopulationIDHash checks the population ids of synapse seeding
// against SPEC 1.7.
func TestPopulationIDHash(t *testing.T) {
	for name, want := range map[string]uint16{
		"NodeA": 4058, "NodeB": 1761, "default": 4034, "All": 2481, "external_default": 2781,
		"thalamus-proj32-blob_projections": 1954, "virtual_neurons": 788, "A_virtual_neurons": 127,
	} {
		if got := PopulationIDHash(name); got != want {
			t.Errorf("PopulationIDHash(%q) = %d, want %d", name, got, want)
		}
	}
}
