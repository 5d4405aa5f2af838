package builtin_test

import (
	"context"
	"flag"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/models/builtin"
	"github.com/golgi-sim/golgi/sim/store"
)

// TestPlan checks the sim_id, the sims and --set of a builtin plan.
func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		name      string
		req       models.Request
		simID     string
		nums      []int
		err       string
		overrides string
	}{
		{"path names the sweep", models.Request{Path: "dir/my_sweep.json", Data: []byte(`{"model": "brunel", "g": [4, 5]}`)}, "my_sweep", []int{0, 1}, "", ""},
		{"sim-id wins", models.Request{Path: "a.json", SimID: "b", Data: []byte(`{"model": "coba"}`)}, "b", []int{0}, "", ""},
		{"no path: the model", models.Request{Data: []byte(`{"model": "coba"}`)}, "coba", []int{0}, "", ""},
		{"sims", models.Request{Path: "s.json", Data: []byte(`{"model": "hh", "sims": {"3": {}, "7": {"amp_nA": 0.3}}}`)}, "s", []int{3, 7}, "", ""},
		{"bad key", models.Request{Path: "s.json", Data: []byte(`{"model": "hh", "amp": 1}`)}, "", nil, `did you mean "amp_nA"`, ""},
		{"bad override", models.Request{Path: "s.json", Data: []byte(`{"model": "hh"}`), Override: []byte(`{"amp": 1}`)}, "", nil, `did you mean "amp_nA"`, ""},
	} {
		p, err := builtin.Plan(tc.req, builtin.WriteOptions{})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if p.SimID != tc.simID || len(p.Sims) != len(tc.nums) {
			t.Fatalf("%s: sim_id %q, %d sims; want %q, %d", tc.name, p.SimID, len(p.Sims), tc.simID, len(tc.nums))
		}
		for i, s := range p.Sims {
			if s.Num() != tc.nums[i] {
				t.Errorf("%s: sim %d is sim_num %d, want %d", tc.name, i, s.Num(), tc.nums[i])
			}
		}
	}
}

// TestPaddedSpikes runs a sim with --padded-spikes and reads the padded
// trains back: the same spikes as the "spikes" data_id.
func TestPaddedSpikes(t *testing.T) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"--padded-spikes"}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	p, err := planners[builtin.Name](models.Request{Path: "b.json", Data: []byte(`{"model": "brunel", "ne": 400, "duration_s": 0.1}`), Flags: fs})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.Run(context.Background(), p, models.RunOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(out, "b", nil)
	if err != nil {
		t.Fatal(err)
	}
	sp, _, err := st.ReadSpikes(0, "spikes")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, pop := range []string{"E", "I"} {
		trains, _, err := st.ReadSpikesPadded(0, pop+"_spks")
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range trains {
			n += len(tr)
		}
	}
	if n == 0 || n != len(sp.TimesMs) {
		t.Errorf("%d padded spikes, %d in spikes; want the same, more than 0", n, len(sp.TimesMs))
	}
}
