package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/rng"
)

// TestParseErrors checks every kind of error Parse reports: the key, the
// position and what the message says.
func TestParseErrors(t *testing.T) {
	many := `{"model": "brunel", "g": [` + strings.TrimSuffix(strings.Repeat("1,", 1100), ",") +
		`], "eta": [` + strings.TrimSuffix(strings.Repeat("1,", 1100), ",") + `]}`
	cases := []struct {
		name      string
		src       string
		key       string
		line, col int // 0: not checked
		want      []string
	}{
		{"unknown key", `{"model": "brunel", "gg": 4}`, "gg", 1, 21,
			[]string{"unknown key for model brunel", `did you mean "g"?`}},
		{"unknown key case", `{"model": "hh", "amp_na": 0.2}`, "amp_na", 1, 17, []string{`did you mean "amp_nA"?`}},
		{"unknown key typo", "{\"model\": \"coba\",\n  \"tau_m_sm\": 10}", "tau_m_sm", 2, 3, []string{`did you mean "tau_m_ms"?`}},
		{"unknown control key", `{"model": "coba", "sweeep": "zip"}`, "sweeep", 1, 19, []string{`did you mean "sweep"?`}},
		{"string for number", `{"model": "brunel", "g": "6"}`, "g", 1, 26,
			[]string{`got a string ("6"), want a number, 0 <= g (dimensionless)`}},
		{"bool for number", `{"model": "coba", "dt_ms": true}`, "dt_ms", 1, 28, []string{"got true, want a number", "(unit ms)"}},
		{"null", `{"model": "coba", "p": null}`, "p", 1, 24, []string{"got null, want a number"}},
		{"fraction for integer", `{"model": "brunel", "ne": 2.5}`, "ne", 1, 27, []string{"got 2.5, want an integer"}},
		{"list of lists", `{"model": "brunel", "ne": [[1]]}`, "ne", 1, 28, []string{"sweep value 0: got a list, want an integer"}},
		{"out of range", `{"model": "brunel", "epsilon": 1.5}`, "epsilon", 1, 32,
			[]string{"1.5 is out of range", "0 < epsilon <= 1"}},
		{"out of range with unit", `{"model": "coba", "dt_ms": 0}`, "dt_ms", 1, 28, []string{"0 is out of range", "0 < dt_ms", "(unit ms)"}},
		{"out of range max", `{"model": "cuba", "wi_mV": 1}`, "wi_mV", 1, 28, []string{"wi_mV <= 0", "(unit mV)"}},
		{"negative uint", `{"model": "coba", "seed": -1}`, "seed", 1, 27, []string{"got -1, want a non-negative integer"}},
		{"huge number", `{"model": "coba", "p": 1e400}`, "p", 1, 24, []string{"out of the range of a float64"}},
		{"huge integer", `{"model": "coba", "n": 1e30}`, "n", 1, 24, []string{"out of the range of an int64"}},
		{"not allowed", `{"model": "brunel", "convention": "brain2"}`, "convention", 1, 35,
			[]string{`"brain2" is not one of "golgi", "brian2"`, `did you mean "brian2"?`}},
		{"list element", `{"model": "coba", "record_spikes": ["E", "X"]}`, "record_spikes", 1, 36,
			[]string{`element 1: "X" is not one of "E", "I"`}},
		{"list element fraction", `{"model": "coba", "record_neurons": [0, 1.5]}`, "record_neurons", 1, 37,
			[]string{"element 1: got 1.5, want a list of integers"}},
		{"list of lists for list key", `{"model": "coba", "record_spikes": [["E"]]}`, "record_spikes", 1, 36,
			[]string{"element 0: got a list, want a list of strings"}},
		{"scalar for list key", `{"model": "coba", "record_spikes": "E"}`, "record_spikes", 1, 36,
			[]string{`got a string ("E"), want a list of strings`}},
		{"zip length mismatch", `{"model": "brunel", "sweep": "zip", "g": [4, 5, 6], "eta": [1, 2]}`, "eta", 1, 53,
			[]string{`sweep "zip" needs lists of equal length: "g" has 3 values, "eta" has 2`}},
		{"empty sweep list", `{"model": "brunel", "g": []}`, "g", 1, 26, []string{"empty list: a sweep needs at least one value"}},
		{"bad sweep value", `{"model": "brunel", "g": [4, "x"]}`, "g", 1, 30, []string{`sweep value 1: got a string ("x"), want a number`}},
		{"too many sims", many, "", 1, 1, []string{"more than 1048576 simulations"}},
		{"bad sweep mode", `{"model": "brunel", "sweep": "cartesian"}`, "sweep", 1, 30, []string{`want "product" or "zip"`}},
		{"bad seed_per_sim", `{"model": "brunel", "seed_per_sim": 1}`, "seed_per_sim", 1, 37, []string{"want true or false"}},
		{"unknown model", `{"model": "bruenl"}`, "model", 1, 2,
			[]string{`unknown model "bruenl"; did you mean "brunel"?`, "models: adex, brunel"}},
		{"no model", `{"g": 5}`, "", 1, 1, []string{`no "model" key`}},
		{"model not a string", `{"model": 5}`, "model", 1, 11, []string{"got the number 5"}},
		{"malformed JSON", "{\"model\": \"brunel\",\n  \"g\": }", "", 2, 8, []string{"invalid JSON", "invalid character '}'"}},
		{"missing comma", "{\"model\": \"brunel\"\n \"g\": 5}", "", 2, 2, []string{"invalid JSON", "after object key:value pair"}},
		{"truncated JSON", `{"model": "brunel"`, "", 1, 19, []string{"invalid JSON", "unexpected end"}},
		{"trailing data", `{"model": "brunel"} x`, "", 1, 21, []string{"invalid JSON", "after top-level value"}},
		{"empty input", ``, "", 1, 1, []string{"invalid JSON", "unexpected end"}},
		{"not an object", `[1, 2]`, "", 1, 1, []string{"got a list, want a JSON object"}},
		{"duplicate key", `{"model": "brunel", "g": 1, "g": 2}`, "g", 1, 29, []string{"duplicate key"}},
		{"sims not an object", `{"model": "hh", "sims": [1]}`, "sims", 1, 25, []string{"want an object"}},
		{"sims empty", `{"model": "hh", "sims": {}}`, "sims", 1, 25, []string{"no simulations"}},
		{"sims bad number", `{"model": "hh", "sims": {"01": {}}}`, "sims", 1, 26, []string{`"01" is not a sim_num`}},
		{"sims negative", `{"model": "hh", "sims": {"-1": {}}}`, "sims", 1, 26, []string{`"-1" is not a sim_num`}},
		{"sims unknown key", `{"model": "hh", "sims": {"0": {"amp": 1}}}`, "amp", 1, 32, []string{`did you mean "amp_nA"?`}},
		{"sims list", `{"model": "hh", "sims": {"0": {"amp_nA": [1, 2]}}}`, "amp_nA", 1, 42,
			[]string{"sim 0: got a list", "not expanded inside \"sims\""}},
		{"sims control key", `{"model": "hh", "sims": {"0": {"sweep": "zip"}}}`, "sweep", 1, 32, []string{"give it at the top level"}},
		{"sims with lists", `{"model": "hh", "amp_nA": [1, 2], "sims": {"0": {}}}`, "amp_nA", 1, 17, []string{"cannot be combined"}},
		{"sim_num with sweep", `{"model": "hh", "amp_nA": [1, 2], "sim_num": 3}`, "sim_num", 1, 46, []string{"only a spec of one simulation"}},
		{"sim_num with a list of one", `{"model": "hh", "amp_nA": [1], "sim_num": 3}`, "sim_num", 1, 43, []string{"only a spec of one simulation"}},
		{"bad sim_num", `{"model": "hh", "sim_num": -3}`, "sim_num", 1, 28, []string{"want an integer from 0"}},
		{"swept unknown key", `{"model": "hh", "swept": ["amp"]}`, "amp", 1, 27, []string{`did you mean "amp_nA"?`}},
		{"comment not a string", `{"model": "hh", "comment": 1}`, "comment", 1, 28, []string{"want a string"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.src), "test.json")
			if err == nil {
				t.Fatalf("no error for %s", c.src)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T, want *Error", err, err)
			}
			if e.File != "test.json" || !strings.HasPrefix(err.Error(), "test.json") {
				t.Errorf("error %q does not name the file", err)
			}
			if e.Key != c.key {
				t.Errorf("error %q: key %q, want %q", err, e.Key, c.key)
			}
			if c.line != 0 && (e.Line != c.line || e.Col != c.col) {
				t.Errorf("error %q at %d:%d, want %d:%d", err, e.Line, e.Col, c.line, c.col)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestSimsErrors checks the rules across keys, applied per simulation by
// Spec.Sims.
func TestSimsErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		key  string
		want []string
	}{
		{"reset above threshold", `{"model": "coba", "vr_mV": -40}`, "vr_mV", []string{"sim_num 0", "vr_mV = -40 mV, want below vt_mV = -50 mV"}},
		{"one sim of a sweep", `{"model": "coba", "vr_mV": [-70, -40]}`, "vr_mV", []string{"sim_num 1"}},
		{"brunel reset", `{"model": "brunel", "vr_mV": 25}`, "vr_mV", []string{"below the threshold of 20 mV"}},
		{"cuba initial range", `{"model": "cuba", "v0_min_mV": -40}`, "v0_min_mV", []string{"at most v0_max_mV"}},
		{"adex peak", `{"model": "adex", "vpeak_mV": -60}`, "vt_mV", []string{"want below vpeak_mV"}},
		{"izhikevich zero b", `{"model": "izhikevich", "b": 0}`, "b", []string{"0 is not supported"}},
		{"stepped population", `{"model": "izhikevich", "n": 20000}`, "amp_step_nA", []string{"at most 10000 neurons"}},
		{"nothing recorded", `{"model": "coba", "record_spikes": [], "record_vars": []}`, "record_spikes", []string{"nothing would be recorded"}},
		{"recorded twice", `{"model": "coba", "record_spikes": ["E", "E"]}`, "record_spikes", []string{`"E" listed twice`}},
		{"neuron twice", `{"model": "coba", "record_neurons": [1, 1]}`, "record_neurons", []string{"neuron 1 listed twice"}},
		{"neuron outside", `{"model": "hh", "record_neurons": [1]}`, "record_neurons", []string{`neuron 1 outside population "hh" of 1 neurons`}},
		{"interval below dt", `{"model": "coba", "record_interval_ms": 0.05}`, "record_interval_ms", []string{"shorter than dt_ms = 0.1 ms"}},
		{"delay below dt", `{"model": "brunel", "delay_ms": 0.05}`, "delay_ms", []string{"shorter than dt_ms"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse([]byte(c.src), "test.json")
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.Sims()
			if err == nil {
				t.Fatalf("no error for %s", c.src)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T, want *Error", err, err)
			}
			if e.Key != c.key || e.File != "test.json" {
				t.Errorf("error %q: key %q, file %q, want %q, test.json", err, e.Key, e.File, c.key)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestNetworkErrors checks errors found only when the network is built.
func TestNetworkErrors(t *testing.T) {
	sm := mustSims(t, `{"model": "brunel", "ne": 400, "eta": 1e6}`)[0]
	_, _, err := sm.Network()
	if err == nil || !strings.Contains(err.Error(), "sim_num 0") || !strings.Contains(err.Error(), "Rate") {
		t.Errorf("Poisson rate above 1/dt: error %v, want one naming sim_num 0 and the rate", err)
	}
	// A Sim edited by hand is checked again.
	sm = mustSims(t, `{"model": "coba"}`)[0]
	sm.Params.set("vr_mV", -10.0)
	if _, _, err := sm.Network(); err == nil || !strings.Contains(err.Error(), "vr_mV") {
		t.Errorf("reset above threshold: error %v, want one naming vr_mV", err)
	}
	sm.Params.set("vr_mV", "x")
	if _, _, err := sm.Network(); err == nil || !strings.Contains(err.Error(), "want a number") {
		t.Errorf("string value: error %v, want a type error", err)
	}
	if _, _, err := (Sim{Model: "nope"}).Network(); err == nil || !strings.Contains(err.Error(), "unknown model") {
		t.Errorf("unknown model: error %v", err)
	}
}

func mustSims(t *testing.T, src string) []Sim {
	t.Helper()
	s, err := Parse([]byte(src), "test.json")
	if err != nil {
		t.Fatal(err)
	}
	sims, err := s.Sims()
	if err != nil {
		t.Fatal(err)
	}
	return sims
}

// swept formats the swept values of each simulation.
func swept(sims []Sim) []string {
	var out []string
	for _, sm := range sims {
		var parts []string
		for _, q := range sm.Swept {
			parts = append(parts, fmt.Sprintf("%s=%s", q.Key, formatValue(q.Value)))
		}
		out = append(out, fmt.Sprintf("%d:%s", sm.SimNum, strings.Join(parts, ",")))
	}
	return out
}

// TestSweepOrder checks the numbering of product, zip and explicit
// simulations.
func TestSweepOrder(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"single", `{"model": "brunel", "g": 6}`, []string{"0:"}},
		{"single with sim_num", `{"model": "brunel", "sim_num": 7, "swept": ["eta", "g"]}`, []string{"7:g=5,eta=2"}},
		// Keys in Set order (g before eta), whatever the spec's order;
		// the last varies fastest.
		{"product", `{"model": "brunel", "eta": [1, 2], "g": [4, 5, 6]}`,
			[]string{"0:g=4,eta=1", "1:g=4,eta=2", "2:g=5,eta=1", "3:g=5,eta=2", "4:g=6,eta=1", "5:g=6,eta=2"}},
		{"product of three", `{"model": "coba", "seed": [1, 2], "p": [0.01, 0.02], "we_nS": [5, 6]}`,
			[]string{"0:seed=1,p=0.01,we_nS=5", "1:seed=1,p=0.01,we_nS=6", "2:seed=1,p=0.02,we_nS=5", "3:seed=1,p=0.02,we_nS=6",
				"4:seed=2,p=0.01,we_nS=5", "5:seed=2,p=0.01,we_nS=6", "6:seed=2,p=0.02,we_nS=5", "7:seed=2,p=0.02,we_nS=6"}},
		{"product with one list", `{"model": "hh", "amp_nA": [0.1, 0.2, 0.3]}`, []string{"0:amp_nA=0.1", "1:amp_nA=0.2", "2:amp_nA=0.3"}},
		{"zip", `{"model": "brunel", "sweep": "zip", "eta": [1, 2, 3], "g": [4, 5, 6]}`,
			[]string{"0:g=4,eta=1", "1:g=5,eta=2", "2:g=6,eta=3"}},
		{"list of one", `{"model": "brunel", "g": [6]}`, []string{"0:g=6"}},
		{"sims", `{"model": "hh", "celsius": 16.3, "sims": {"10": {"amp_nA": 0.3}, "2": {"amp_nA": 0.2, "dur_ms": 5}, "0": {}}}`,
			[]string{"0:amp_nA=0.1,dur_ms=80", "2:amp_nA=0.2,dur_ms=5", "10:amp_nA=0.3,dur_ms=80"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse([]byte(c.src), "test.json")
			if err != nil {
				t.Fatal(err)
			}
			sims, err := s.Sims()
			if err != nil {
				t.Fatal(err)
			}
			if s.NumSims() != len(sims) {
				t.Errorf("NumSims %d, Sims gave %d", s.NumSims(), len(sims))
			}
			if got := swept(sims); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
			// Every simulation holds every key, swept ones with their value.
			for _, sm := range sims {
				if sm.Params.Len() != len(s.Defaults().Keys) {
					t.Errorf("sim %d: %d parameters, want %d", sm.SimNum, sm.Params.Len(), len(s.Defaults().Keys))
				}
				for _, q := range sm.Swept {
					p, _ := sm.Params.Get(q.Key)
					if !reflect.DeepEqual(p, q) {
						t.Errorf("sim %d: swept %v, params %v", sm.SimNum, q, p)
					}
				}
			}
		})
	}
	// Top-level overrides apply to every explicit simulation.
	for _, sm := range mustSims(t, `{"model": "hh", "celsius": 16.3, "sims": {"0": {}, "1": {"celsius": 20}}}`) {
		c, _ := sm.Params.Float("celsius")
		if want := []float64{16.3, 20}[sm.SimNum]; c != want {
			t.Errorf("sim %d: celsius %g, want %g", sm.SimNum, c, want)
		}
	}
}

// TestSeeds checks the seed of every simulation: rng.Key(seed,
// SeedPurpose, sim_num, 0), distinct and deterministic, or the base seed
// with seed_per_sim false.
func TestSeeds(t *testing.T) {
	src := `{"model": "brunel", "seed": 99, "g": [4, 5, 6, 7], "eta": [1, 2, 3]}`
	a, b := mustSims(t, src), mustSims(t, src)
	seen := map[uint64]int{}
	for i, sm := range a {
		if sm.Seed != b[i].Seed {
			t.Errorf("sim %d: seed %d, then %d: not deterministic", i, sm.Seed, b[i].Seed)
		}
		if want := rng.Key(99, SeedPurpose, uint64(sm.SimNum), 0); sm.Seed != want {
			t.Errorf("sim %d: seed %d, want rng.Key(99, SeedPurpose, %d, 0) = %d", i, sm.Seed, sm.SimNum, want)
		}
		if j, ok := seen[sm.Seed]; ok {
			t.Errorf("sims %d and %d share seed %d", j, i, sm.Seed)
		}
		seen[sm.Seed] = i
		if base, _ := sm.Params.Uint("seed"); base != 99 {
			t.Errorf("sim %d: params hold seed %d, want the base seed 99", i, base)
		}
	}
	// The seed of a sim_num does not depend on the sweep around it.
	if one := mustSims(t, `{"model": "brunel", "seed": 99, "g": 4, "eta": 1}`)[0]; one.Seed != a[0].Seed {
		t.Errorf("single simulation seed %d, sweep's sim 0 %d", one.Seed, a[0].Seed)
	}
	for _, sm := range mustSims(t, `{"model": "brunel", "seed": 99, "seed_per_sim": false, "g": [4, 5]}`) {
		if sm.Seed != 99 {
			t.Errorf("seed_per_sim false: sim %d seed %d, want 99", sm.SimNum, sm.Seed)
		}
	}
	for i, sm := range mustSims(t, `{"model": "brunel", "seed_per_sim": false, "seed": [7, 18446744073709551615]}`) {
		if want := []uint64{7, 1<<64 - 1}[i]; sm.Seed != want {
			t.Errorf("seed sweep: sim %d seed %d, want %d", i, sm.Seed, want)
		}
	}
	// The network is built with the simulation's seed.
	net, info, err := a[3].Network()
	if err != nil {
		t.Fatal(err)
	}
	if net.Seed != a[3].Seed || info.Seed != a[3].Seed {
		t.Errorf("network seed %d, info %d, want %d", net.Seed, info.Seed, a[3].Seed)
	}
}

// TestRoundTrip parses the canonical JSON of each simulation back.
func TestRoundTrip(t *testing.T) {
	for _, src := range []string{
		`{"model": "brunel", "g": [4.5, 5, 6.25], "eta": [1, 2], "duration_s": 0.125, "seed": 18446744073709551615}`,
		`{"model": "coba", "sweep": "zip", "p": [0.01, 0.03], "method": ["exact", "euler"], "record_neurons": []}`,
		`{"model": "hh", "seed_per_sim": false, "sims": {"3": {"amp_nA": 0.30000000000000004}, "12": {"celsius": -5.5}}}`,
		`{"model": "stellate", "sim_num": 42, "swept": ["amp_nA"], "amp_nA": 1e-7}`,
		`{"model": "izhikevich", "record_vars": [], "comment": "dropped"}`,
		`{"model": "wang_buzsaki"}`, `{"model": "adex", "n": 1e3}`, `{"model": "cuba", "threads": 3}`,
	} {
		for _, sm := range mustSims(t, src) {
			js := sm.JSON()
			var m map[string]any
			if err := json.Unmarshal(js, &m); err != nil {
				t.Fatalf("%s: JSON of sim %d is invalid: %v\n%s", src, sm.SimNum, err, js)
			}
			back := mustSims(t, string(js))
			if len(back) != 1 {
				t.Fatalf("%s: JSON of sim %d gave %d sims", src, sm.SimNum, len(back))
			}
			if !reflect.DeepEqual(back[0], sm) {
				t.Errorf("%s: sim %d does not round-trip:\n%+v\n%+v\n%s", src, sm.SimNum, sm, back[0], js)
			}
			if again := back[0].JSON(); string(again) != string(js) {
				t.Errorf("%s: JSON not canonical:\n%s\n%s", src, js, again)
			}
		}
	}
}

// TestConversions checks that unit conversions give the float64 nearest to
// the decimal value, as Go constants do.
func TestConversions(t *testing.T) {
	cases := []struct {
		x    float64
		e    int
		want float64
	}{
		{6, -9, 6 * sim.Nanosiemens}, {67, -9, 67 * sim.Nanosiemens}, {40, -9, 4 * 10 * sim.Nanosiemens},
		{1.62, -3, 60 * 0.27 / 10 * sim.Millivolt}, {-9, -3, -20 * 4.5 / 10 * sim.Millivolt},
		{0.1, -3, 0.1 * sim.Millisecond}, {1.5, -3, 1.5 * sim.Millisecond}, {-70.6, -3, -70.6 * sim.Millivolt},
		{0.0805, -9, 0.0805 * sim.Nanoamp}, {281, -12, 281 * sim.Picofarad}, {0, -3, 0}, {1e300, 10, 1e310 * 0},
	}
	for _, c := range cases[:len(cases)-1] {
		if got := si(c.x, c.e); got != c.want {
			t.Errorf("si(%g, %d) = %v, want %v", c.x, c.e, got, c.want)
		}
	}
	if got := si(1e300, 10); got < 1e308 {
		t.Errorf("si(1e300, 10) = %g, want +Inf or huge", got)
	}
}

func TestClosest(t *testing.T) {
	cases := []struct {
		s    string
		c    []string
		want string
	}{
		{"gg", []string{"g", "eta", "ge"}, "g"},
		{"AMP_NA", []string{"amp_nA", "amp_step_nA"}, "amp_nA"},
		{"tau_m_sm", []string{"tau_e_ms", "tau_m_ms"}, "tau_m_ms"},
		{"x", nil, ""},
		{strings.Repeat("y", 10000), []string{"a", "yy"}, "yy"},
	}
	for _, c := range cases {
		if got := Closest(c.s, c.c); got != c.want {
			t.Errorf("Closest(%.20q) = %q, want %q", c.s, got, c.want)
		}
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"é", "e", 1}, {"flaw", "lawn", 2}} {
		if d := levenshtein(c.a, c.b); d != c.d {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", c.a, c.b, d, c.d)
		}
	}
}

func TestParamsAccessors(t *testing.T) {
	sm := mustSims(t, `{"model": "coba", "record_neurons": [3, 4]}`)[0]
	p := sm.Params
	if v, err := p.Float("p"); err != nil || v != 0.02 {
		t.Errorf("Float(p) = %v, %v", v, err)
	}
	if v, err := p.Int("n"); err != nil || v != 4000 {
		t.Errorf("Int(n) = %v, %v", v, err)
	}
	if v, err := p.Uint("seed"); err != nil || v != 12345 {
		t.Errorf("Uint(seed) = %v, %v", v, err)
	}
	if v, err := p.String("method"); err != nil || v != "euler" {
		t.Errorf("String(method) = %v, %v", v, err)
	}
	if v, err := p.Ints("record_neurons"); err != nil || !reflect.DeepEqual(v, []int64{3, 4}) {
		t.Errorf("Ints(record_neurons) = %v, %v", v, err)
	} else {
		v[0] = 99 // a copy
		if w, _ := p.Ints("record_neurons"); w[0] != 3 {
			t.Error("Ints returned the stored slice")
		}
	}
	if _, err := p.Float("n"); err == nil || !strings.Contains(err.Error(), `"n" is int64`) {
		t.Errorf("Float(n): error %v", err)
	}
	if _, err := p.Bool("nope"); err == nil {
		t.Error("Bool(nope): no error")
	}
	if got := p.Keys()[:3]; !reflect.DeepEqual(got, []string{"duration_s", "dt_ms", "seed"}) {
		t.Errorf("first keys %q", got)
	}
	if q := p.At(1); q.String() != "dt_ms = 0.1 ms" {
		t.Errorf("At(1) = %q", q)
	}
}

func TestLoad(t *testing.T) {
	s, err := Load("testdata/brunel_sweep.json")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name() != "testdata/brunel_sweep.json" || s.Model() != "brunel" || s.Sweep() != Product || !s.SeedPerSim() || s.NumSims() != 6 {
		t.Errorf("name %q, model %q, sweep %q, seed per sim %v, %d sims", s.Name(), s.Model(), s.Sweep(), s.SeedPerSim(), s.NumSims())
	}
	if got := s.SweptKeys(); !reflect.DeepEqual(got, []string{"g", "eta"}) {
		t.Errorf("swept keys %q", got)
	}
	if _, err := Load("testdata/missing.json"); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: error %v", err)
	}
}
