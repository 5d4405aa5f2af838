package spec

import (
	"strings"
	"testing"
)

// TestOverride checks that Override sets a key in every simulation, over
// the spec's scalars, lists and "sims", and that wrong keys and values are
// errors naming them.
func TestOverride(t *testing.T) {
	cases := []struct {
		name, spec, over string
		want             []float64 // amp_nA of each sim
		err              string
	}{
		{"over a default", `{"model": "hh"}`, `{"amp_nA": 0.5}`, []float64{0.5}, ""},
		{"over a scalar", `{"model": "hh", "amp_nA": 0.2}`, `{"amp_nA": 0.5}`, []float64{0.5}, ""},
		{"over a list", `{"model": "hh", "amp_nA": [0.1, 0.2]}`, `{"amp_nA": 0.5}`, []float64{0.5, 0.5}, ""},
		{"over sims", `{"model": "hh", "sims": {"0": {"amp_nA": 0.1}, "3": {}}}`, `{"amp_nA": 0.5}`, []float64{0.5, 0.5}, ""},
		{"other key", `{"model": "hh", "amp_nA": [0.1, 0.2]}`, `{"dur_ms": 5}`, []float64{0.1, 0.2}, ""},
		{"unknown key", `{"model": "hh"}`, `{"amp_na": 0.5}`, nil, `did you mean "amp_nA"`},
		{"control key", `{"model": "hh"}`, `{"sim_num": 3}`, nil, `"sim_num" is not a parameter`},
		{"wrong type", `{"model": "hh"}`, `{"amp_nA": "big"}`, nil, `amp_nA`},
		{"not an object", `{"model": "hh"}`, `[1]`, nil, `want a JSON object`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse([]byte(c.spec), "spec.json")
			if err != nil {
				t.Fatal(err)
			}
			err = s.Override([]byte(c.over), "--set")
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Override(%s) = %v, want an error containing %q", c.over, err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sims, err := s.Sims()
			if err != nil {
				t.Fatal(err)
			}
			if len(sims) != len(c.want) {
				t.Fatalf("%d sims, want %d", len(sims), len(c.want))
			}
			for i, sm := range sims {
				got, err := sm.Params.Float("amp_nA")
				if err != nil || got != c.want[i] {
					t.Errorf("sim %d: amp_nA = %v (%v), want %v", i, got, err, c.want[i])
				}
			}
		})
	}
}
