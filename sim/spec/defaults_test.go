package spec

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/nets"
)

var wantModels = []string{"adex", "brunel", "coba", "cuba", "hh", "izhikevich", "stellate", "wang_buzsaki"}

// unitSuffix is the ending of a key with unit u ("" when none is needed).
func unitSuffix(u string) string {
	switch u {
	case "1", "-", "degC":
		return ""
	}
	s := strings.ReplaceAll(u, "/", "_per_")
	return "_" + strings.TrimPrefix(s, "1_")
}

// TestDefaultsFiles checks every embedded defaults file: documented keys
// whose names carry their unit, valid defaults, the common keys.
func TestDefaultsFiles(t *testing.T) {
	if got := Models(); !reflect.DeepEqual(got, wantModels) {
		t.Fatalf("Models() = %q, want %q", got, wantModels)
	}
	head := []string{"duration_s", "dt_ms", "seed", "threads", "convention"}
	tail := []string{"record_spikes", "record_vars", "record_neurons", "record_interval_ms"}
	for _, m := range Models() {
		set, err := Defaults(m)
		if err != nil {
			t.Fatal(err)
		}
		if set.Model != m || set.Doc == "" {
			t.Errorf("%s: model %q, doc %q", m, set.Model, set.Doc)
		}
		names := set.Names()
		if !reflect.DeepEqual(names[:len(head)], head) || !reflect.DeepEqual(names[len(names)-len(tail):], tail) {
			t.Errorf("%s: keys %q, want %q first and %q last", m, names, head, tail)
		}
		for i := range set.Keys {
			k := &set.Keys[i]
			if k.Doc == "" || k.Unit == "" {
				t.Errorf("%s: key %q without doc or unit", m, k.Name)
			}
			if suf := unitSuffix(k.Unit); !strings.HasSuffix(k.Name, suf) {
				t.Errorf("%s: key %q of unit %s should end with %q", m, k.Name, k.Unit, suf)
			}
			if k.Name != strings.ToLower(k.Name) && !strings.HasSuffix(k.Name, unitSuffix(k.Unit)) {
				t.Errorf("%s: key %q has upper case outside its unit", m, k.Name)
			}
			if msg := k.checkValue(k.Default); msg != "" {
				t.Errorf("%s: key %q: default: %s", m, k.Name, msg)
			}
		}
		sm := mustSims(t, `{"model": "`+m+`"}`)[0]
		if sm.Params.Len() != len(set.Keys) {
			t.Errorf("%s: %d params for %d keys", m, sm.Params.Len(), len(set.Keys))
		}
		raw, err := DefaultsJSON(m)
		if err != nil {
			t.Fatal(err)
		}
		again, err := parseSet(raw, m)
		if err != nil || !reflect.DeepEqual(again.Names(), names) {
			t.Errorf("%s: DefaultsJSON does not parse back: %v", m, err)
		}
	}
	if _, err := Defaults("nope"); err == nil || !strings.Contains(err.Error(), `unknown model "nope"`) {
		t.Errorf("Defaults(nope): error %v", err)
	}
	if _, err := DefaultsJSON("coab"); err == nil || !strings.Contains(err.Error(), `did you mean "coba"?`) {
		t.Errorf("DefaultsJSON(coab): error %v", err)
	}
	// Defaults returns a copy.
	a, _ := Defaults("coba")
	a.Keys[0].Default = 99.0
	*a.Keys[1].ExclusiveMin = 7
	b, _ := Defaults("coba")
	if b.Keys[0].Default == 99.0 || *b.Keys[1].ExclusiveMin == 7 {
		t.Error("Defaults shares its Set")
	}
}

// TestRecordKeysMatchModels checks that the allowed values of record_spikes
// and record_vars are exactly the populations and variables of the built
// network.
func TestRecordKeysMatchModels(t *testing.T) {
	for _, m := range Models() {
		set, _ := Defaults(m)
		net, _, err := mustSims(t, `{"model": "`+m+`"}`)[0].Network()
		if err != nil {
			t.Fatal(err)
		}
		var pops, vars []string
		for _, p := range net.Populations {
			pops = append(pops, p.Name)
			for _, v := range p.Model.Variables() {
				vars = append(vars, p.Name+"."+v.Name)
			}
		}
		ks, _ := set.Key("record_spikes")
		kv, _ := set.Key("record_vars")
		if !reflect.DeepEqual(ks.Allowed, pops) {
			t.Errorf("%s: record_spikes allows %q, network has populations %q", m, ks.Allowed, pops)
		}
		if !reflect.DeepEqual(kv.Allowed, vars) {
			t.Errorf("%s: record_vars allows %q, network has variables %q", m, kv.Allowed, vars)
		}
	}
}

// TestDefaultsRun builds every default network and runs it for 5 ms,
// checking that what RunInfo says is recorded is.
func TestDefaultsRun(t *testing.T) {
	for _, m := range Models() {
		t.Run(m, func(t *testing.T) {
			net, info, err := mustSims(t, `{"model": "`+m+`"}`)[0].Network()
			if err != nil {
				t.Fatal(err)
			}
			if info.Duration <= 0 || info.Dt <= 0 || len(info.Spikes) == 0 {
				t.Errorf("run info %+v", info)
			}
			const dur = 5 * sim.Millisecond
			res, err := sim.Run(context.Background(), net, dur, &sim.Options{Threads: 2})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Complete || res.Dt != info.Dt {
				t.Errorf("complete %v, dt %g (want %g)", res.Complete, res.Dt, info.Dt)
			}
			for _, p := range info.Spikes {
				if res.Spikes[p] == nil {
					t.Errorf("spikes of %s not recorded", p)
				}
			}
			if len(res.Traces) != len(info.State) {
				t.Fatalf("%d traces, run info lists %d", len(res.Traces), len(info.State))
			}
			for k, st := range info.State {
				tr := res.Traces[k]
				every := st.Interval
				if every == 0 {
					every = info.Dt
				}
				samples := int(dur/every+0.5) + 1
				if tr.Population != st.Population || tr.Variable != st.Variable || tr.Unit != st.Unit ||
					len(tr.Values) == 0 || len(tr.Values[0]) != samples {
					t.Errorf("trace %s.%s (%s): %d neurons, want %+v with %d samples", tr.Population, tr.Variable, tr.Unit, len(tr.Values), st, samples)
				}
			}
			t.Logf("%s: %d neurons, %d spikes in 5 ms", m, net.NumNeurons(), res.NumSpikes())
		})
	}
}

// TestDefaultsMatchBuilders checks that the defaults describe the models of
// sim/nets, sim/channels and sim exactly: the same spikes, bit for bit, as
// the builders' zero-value configurations, and the same cells.
func TestDefaultsMatchBuilders(t *testing.T) {
	nets3 := []struct {
		name string
		src  string
		ref  func(seed uint64) (*sim.Network, error)
	}{
		{"coba", `{"model": "coba"}`, func(seed uint64) (*sim.Network, error) { return nets.COBA(nets.COBAConfig{Seed: seed}) }},
		{"cuba", `{"model": "cuba"}`, func(seed uint64) (*sim.Network, error) { return nets.CUBA(nets.CUBAConfig{Seed: seed}) }},
		{"brunel", `{"model": "brunel", "ne": 2000}`, func(seed uint64) (*sim.Network, error) {
			return nets.Brunel(nets.BrunelConfig{NE: 2000, Seed: seed}), nil
		}},
	}
	for _, c := range nets3 {
		sm := mustSims(t, c.src)[0]
		net, _, err := sm.Network()
		if err != nil {
			t.Fatal(err)
		}
		ref, err := c.ref(sm.Seed)
		if err != nil {
			t.Fatal(err)
		}
		const dur = 30 * sim.Millisecond
		a, err := sim.Run(context.Background(), net, dur, &sim.Options{Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		b, err := sim.Run(context.Background(), ref, dur, &sim.Options{Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		if a.NumSpikes() == 0 || a.SpikesSHA256() != b.SpikesSHA256() {
			t.Errorf("%s: %d spikes (sha %.16s), builder %d (sha %.16s): want the same, and some", c.name,
				a.NumSpikes(), a.SpikesSHA256(), b.NumSpikes(), b.SpikesSHA256())
		}
	}

	cell := func(m string) *channels.Cell {
		net, _, err := mustSims(t, `{"model": "`+m+`"}`)[0].Network()
		if err != nil {
			t.Fatal(err)
		}
		return net.Populations[0].Model.(*sim.ConductanceCell).Cell
	}
	hh, err := channels.HH(6.3, channels.Exact)
	if err != nil {
		t.Fatal(err)
	}
	hh.ThresholdMV = 0
	wb, err := channels.WangBuzsaki(channels.DefaultInterneuronParams())
	if err != nil {
		t.Fatal(err)
	}
	st, err := channels.Stellate(channels.DefaultStellateParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		m    string
		want *channels.Cell
	}{{"hh", hh}, {"wang_buzsaki", wb}, {"stellate", st}} {
		if got := cell(c.m); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: cell %+v, want %+v", c.m, got, c.want)
		}
	}

	net, _, err := mustSims(t, `{"model": "adex"}`)[0].Network()
	if err != nil {
		t.Fatal(err)
	}
	if got := net.Populations[0].Model; !reflect.DeepEqual(got, sim.DefaultAdEx()) {
		t.Errorf("adex: model %+v, want sim.DefaultAdEx() %+v", got, sim.DefaultAdEx())
	}
	net, _, err = mustSims(t, `{"model": "izhikevich"}`)[0].Network()
	if err != nil {
		t.Fatal(err)
	}
	izh := &sim.Izhikevich{A: 0.02, B: 0.2, C: -65 * sim.Millivolt, D: 8, Cm: 1 * sim.Picofarad}
	if got := net.Populations[0].Model; !reflect.DeepEqual(got, izh) {
		t.Errorf("izhikevich: model %+v, want %+v", got, izh)
	}
}

// TestCurrentSteps checks the mapping of amp_nA, delay_ms and dur_ms: the
// default hh cell fires 7 spikes (channels.ExampleSimulate's set-up), none
// without current; amp_step_nA gives each neuron its amplitude.
func TestCurrentSteps(t *testing.T) {
	for _, c := range []struct {
		src  string
		want int
	}{{`{"model": "hh"}`, 7}, {`{"model": "hh", "amp_nA": 0}`, 0}, {`{"model": "hh", "delay_ms": 100}`, 0}, {`{"model": "hh", "dur_ms": 5}`, 1}} {
		net, info, err := mustSims(t, c.src)[0].Network()
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(context.Background(), net, info.Duration, info.Options())
		if err != nil {
			t.Fatal(err)
		}
		if n := res.NumSpikes(); n != c.want {
			t.Errorf("%s: %d spikes, want %d", c.src, n, c.want)
		}
	}
	net, _, err := mustSims(t, `{"model": "adex", "n": 3, "amp_nA": 0.5, "amp_step_nA": 0.25, "delay_ms": 10, "dur_ms": 20}`)[0].Network()
	if err != nil {
		t.Fatal(err)
	}
	if len(net.Stimuli) != 3 {
		t.Fatalf("%d stimuli, want 3", len(net.Stimuli))
	}
	for i, s := range net.Stimuli {
		cs := s.(*sim.CurrentStep)
		want := sim.CurrentStep{Target: net.Populations[0], Neurons: []int{i}, Amplitude: []float64{0.5e-9, 0.75e-9, 1e-9}[i],
			Start: 10 * sim.Millisecond, Stop: 30 * sim.Millisecond}
		if !reflect.DeepEqual(*cs, want) {
			t.Errorf("stimulus %d: %+v, want %+v", i, *cs, want)
		}
	}
}

// TestZeroValues checks the values that the nets builders read as "use the
// default": they must mean zero in a spec.
func TestZeroValues(t *testing.T) {
	net, _, err := mustSims(t, `{"model": "brunel", "ne": 400, "g": 0, "eta": 0, "delay_ms": 0}`)[0].Network()
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range net.Projections {
		w := float64(pr.Weight.(sim.Const))
		if pr.Pre.Name == "I" && w != 0 || pr.Pre.Name == "E" && w != 0.1*sim.Millivolt || pr.Delay != nil {
			t.Errorf("projection %s: weight %g, delay %v", pr.Name, w, pr.Delay)
		}
	}
	for _, s := range net.Stimuli {
		if r := s.(*sim.PoissonInput).Rate; r != 0 {
			t.Errorf("eta 0: Poisson rate %g", r)
		}
	}
	net, _, err = mustSims(t, `{"model": "coba", "n": 100, "p": 0, "delay_ms": 2}`)[0].Network()
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range net.Projections {
		if pr.Rule != (sim.Bernoulli{P: 0, Autapses: true}) || pr.Delay != sim.Const(2*sim.Millisecond) {
			t.Errorf("projection %s: rule %+v, delay %v", pr.Name, pr.Rule, pr.Delay)
		}
	}
}

func TestParseSetErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"not an object", `[]`, "a defaults file is a JSON object"},
		{"unknown field", `{"model": "m", "doc": "d", "params": {}, "x": 1}`, "unknown field of a defaults file"},
		{"missing params", `{"model": "m", "doc": "d"}`, "needs model, doc and params"},
		{"key field", `{"model": "m", "doc": "d", "params": {"a": {"value": 1, "type": "float", "unit": "1", "doc": "d", "step": 1}}}`, `unknown field "step"`},
		{"no unit", `{"model": "m", "doc": "d", "params": {"a": {"value": 1, "type": "float", "doc": "d"}}}`, "needs value, type, unit and doc"},
		{"no type", `{"model": "m", "doc": "d", "params": {"a": {"value": 1, "unit": "1", "doc": "d"}}}`, "needs value, type, unit and doc"},
		{"bad type", `{"model": "m", "doc": "d", "params": {"a": {"value": 1, "type": "double", "unit": "1", "doc": "d"}}}`, `type "double"`},
		{"default out of range", `{"model": "m", "doc": "d", "params": {"a": {"value": -1, "type": "float", "unit": "1", "min": 0, "doc": "d"}}}`, "default value: -1 is out of range"},
		{"bounds on string", `{"model": "m", "doc": "d", "params": {"a": {"value": "x", "type": "string", "unit": "-", "min": 0, "doc": "d"}}}`, "bounds on a key of type string"},
		{"two lower bounds", `{"model": "m", "doc": "d", "params": {"a": {"value": 1, "type": "float", "unit": "1", "min": 0, "exclusive_min": 0, "doc": "d"}}}`, "both an inclusive and an exclusive bound"},
		{"allowed on number", `{"model": "m", "doc": "d", "params": {"a": {"value": 1, "type": "float", "unit": "1", "allowed": ["1"], "doc": "d"}}}`, "allowed values on a key of type float"},
		{"control key", `{"model": "m", "doc": "d", "params": {"sweep": {"value": 1, "type": "float", "unit": "1", "doc": "d"}}}`, "control key"},
	}
	for _, c := range cases {
		_, err := parseSet([]byte(c.src), "defaults/m.json")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "defaults/m.json:") {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

func TestWriteTable(t *testing.T) {
	set, err := Defaults("brunel")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := set.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	head, table, ok := strings.Cut(b.String(), "\n\n")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if !ok || !strings.HasPrefix(head, "model brunel: ") || len(lines) != 1+len(set.Keys) ||
		strings.Join(strings.Fields(lines[0]), " ") != "KEY VALUE UNIT RANGE DOC" {
		t.Fatalf("table:\n%s", b.String())
	}
	for _, l := range strings.Split(head, "\n") {
		if len(l) > 78 {
			t.Errorf("description line of %d bytes: %q", len(l), l)
		}
	}
	for _, want := range []string{"epsilon 0.1 1 (0, 1] connection probability", "convention \"brian2\" - golgi|brian2 spike-timing",
		"record_spikes [\"E\", \"I\"] - E|I populations", "vr_mV 10 mV - reset potential"} {
		if !strings.Contains(strings.Join(strings.Fields(b.String()), " "), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
