package spec

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzParse feeds random bytes and mutations of valid specs to Parse.
// Parse and Sims must never panic and must report problems as *Error;
// every simulation of a valid spec must round-trip through its JSON, and
// building its network must not panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"model": "brunel", "g": [4, 5, 6], "eta": [1, 2], "duration_s": 0.5}`,
		`{"model": "brunel", "sweep": "zip", "g": [4, 5], "eta": [1, 2], "seed_per_sim": false}`,
		`{"model": "coba", "p": 0.05, "record_vars": ["E.v", "I.gi"], "record_neurons": [0, 3]}`,
		`{"model": "cuba", "we_mV": [1, 2], "method": "euler"}`,
		`{"model": "hh", "celsius": 16.3, "sims": {"0": {"amp_nA": 0.1}, "1": {"amp_nA": 0.2}}}`,
		`{"model": "wang_buzsaki", "rates": "exact", "comment": "x"}`,
		`{"model": "stellate", "sim_num": 4, "swept": ["amp_nA"]}`,
		`{"model": "adex", "n": 3, "amp_step_nA": 0.1}`,
		`{"model": "izhikevich", "b": -0.1, "c_mV": [-55, -50]}`,
		`{"model": "brunel", "g": }`,
		`{"model": "bruenl", "gg": "6"}`,
		`{"model": "brunel", "ne": 2.5, "epsilon": 1e400}`,
		"{\"model\": \"brunel\", \"g\": 1, \"g\": 2}\n x",
		`[]`, ``, `{}`, `{"model": null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.json")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse error %v is a %T, want *Error", err, err)
			}
			return
		}
		if s.NumSims() > 64 {
			return // valid but slow to expand
		}
		sims, err := s.Sims()
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Sims error %v is a %T, want *Error", err, err)
			}
			return
		}
		if len(sims) != s.NumSims() {
			t.Fatalf("Sims gave %d simulations, NumSims %d", len(sims), s.NumSims())
		}
		for _, sm := range []Sim{sims[0], sims[len(sims)-1]} {
			back, err := Parse(sm.JSON(), "back.json")
			if err != nil {
				t.Fatalf("JSON of sim %d does not parse: %v\n%s", sm.SimNum, err, sm.JSON())
			}
			again, err := back.Sims()
			if err != nil || len(again) != 1 || !reflect.DeepEqual(again[0], sm) {
				t.Fatalf("sim %d does not round-trip (%v):\n%s", sm.SimNum, err, sm.JSON())
			}
		}
		_, _, _ = sims[0].Network()
	})
}
