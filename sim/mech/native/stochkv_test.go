package native

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
)

// exactChannelCol reports whether a recorded variable must be equal to
// NEURON's in stochastic mode: the channel counts and transitions.
func exactChannelCol(name string) bool {
	return name == "N" || strings.HasPrefix(name, "N0") || strings.HasPrefix(name, "N1") ||
		strings.HasPrefix(name, "n0") || strings.HasPrefix(name, "n1")
}

// runChannel runs a channel case on mech.Compartment as the script runs
// it in NEURON and returns the recorded rows (t_ms first).
func runChannel(t *testing.T, p stochProtocols, c channelCase) (mech.Mechanism, [][]float64) {
	t.Helper()
	s := p.Soma
	comp := mech.NewCompartment(s.LUm, s.DiamUm)
	comp.CmUFcm2, comp.Celsius, comp.VInitMV, comp.DtMs = s.CmUFcm2, s.Celsius, s.VInitMV, s.DtMs
	pas := mech.NewPas(1)
	pas.G[0], pas.E[0] = s.PasGScm2, s.PasEMV
	var sets []string
	if c.Set != "" {
		sets = []string{c.Set}
	}
	m, err := mech.NewIn(sets, c.Mechanism, 1)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range c.Range {
		x := m.Var(name)
		if x == nil {
			t.Fatalf("%s has no RANGE %s", c.Mechanism, name)
		}
		x[0] = v
	}
	r, ok := m.(interface {
		SetRNG(k int, ids ...uint32) error
		SetGlobalIndex(gix uint32)
	})
	if !ok {
		t.Fatalf("%s: no SetRNG", c.Mechanism)
	}
	r.SetGlobalIndex(c.GIX)
	if err := r.SetRNG(0, c.RNG...); err != nil {
		t.Fatal(err)
	}
	for _, x := range []mech.Mechanism{pas, m} {
		if err := comp.Insert(x); err != nil {
			t.Fatal(err)
		}
	}
	if ic := c.IClamp; ic != nil {
		comp.IClamp = &mech.IClamp{DelayMs: ic.DelMs, DurMs: ic.DurMs, AmpNA: ic.AmpNA}
	}
	if sc := c.SEClamp; sc != nil {
		comp.SEClamp = &mech.SEClamp{Dur: sc.DurMs, Amp: sc.AmpMV, RsMOhm: sc.RsMOhm}
	}
	if err := comp.Init(); err != nil {
		t.Fatal(err)
	}
	readers := make([]func() float64, len(c.Record))
	for i, name := range c.Record {
		col := name
		if name != "v" {
			col = name + "_" + c.Mechanism
		}
		if readers[i], err = comp.Reader(col); err != nil {
			t.Fatal(err)
		}
	}
	row := func() []float64 {
		r := []float64{comp.T()}
		for _, f := range readers {
			r = append(r, f())
		}
		return r
	}
	rows := [][]float64{row()}
	n := int(math.Round(s.TStopMs / s.DtMs))
	for step := 1; step <= n; step++ {
		comp.Step()
		if step%p.SampleEvery == 0 {
			rows = append(rows, row())
		}
	}
	return m, rows
}

// TestStochKvAgainstNEURON runs StochKv (neocortex v5) and StochKv3 (v6)
// in a soma under the protocols of testdata/stoch_protocols.json (an
// IClamp step or a three-level SEClamp, Random123 streams seeded as
// neurodamus's re_init_rng, stochastic and deterministic) and compares
// every recorded variable with NEURON 8.2.2 running the .mod files: the
// channel counts and transitions identical at every sample (in
// stochastic mode), v within 1e-9 mV, the rest within 1e-9 of their
// largest value. Every method of BnlDev is exercised.
func TestStochKvAgainstNEURON(t *testing.T) {
	p := readStochProtocols(t)
	branches := map[string][3]int{}
	for _, c := range p.Channels {
		t.Run(c.Name, func(t *testing.T) {
			bc := compareChannel(t, p, c)
			sum := branches[c.Mechanism]
			for i := range sum {
				sum[i] += bc[i]
			}
			branches[c.Mechanism] = sum
		})
	}
	for name, b := range branches {
		if b[0] == 0 || b[1] == 0 || b[2] == 0 {
			t.Errorf("%s: BnlDev draws by method %v: the protocols miss one", name, b)
		}
	}
}

// TestStochKv3VariantAgainstNEURON runs the metabolism set's StochKv3
// (its initial current subtracted, Gk0 and IkStoch0) under the StochKv3
// protocols of testdata/stoch_variants.json and compares it with NEURON
// 8.2.2 running neocortex/mod/metabolism/StochKv3.mod
// (scripts/nmodl-ref/variant_refs.py), as TestStochKvAgainstNEURON does.
func TestStochKv3VariantAgainstNEURON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "stoch_variants.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p stochProtocols
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("stoch_variants.json: %v", err)
	}
	if len(p.Channels) == 0 || p.SampleEvery < 1 {
		t.Fatal("stoch_variants.json: no cases")
	}
	for _, c := range p.Channels {
		if c.Set != "metabolism" {
			t.Fatalf("%s: set %q", c.Name, c.Set)
		}
		t.Run(c.Name, func(t *testing.T) { compareChannel(t, p, c) })
	}
}

// compareChannel runs channel case c and compares it with its NEURON
// trace, testdata/<name>.csv.gz: the channel counts and transitions
// identical at every sample (in stochastic mode), v within 1e-9 mV, the
// rest within 1e-9 of their largest value. It returns the BnlDev draws
// by method.
func compareChannel(t *testing.T, p stochProtocols, c channelCase) [3]int {
	t.Helper()
	header, ref := readTrace(t, c.Name+".csv.gz")
	want := append([]string{"t_ms"}, c.Record...)
	if strings.Join(header, ",") != strings.Join(want, ",") {
		t.Fatalf("header %v, want %v", header, want)
	}
	m, got := runChannel(t, p, c)
	if len(got) != len(ref) {
		t.Fatalf("%d rows, NEURON %d", len(got), len(ref))
	}
	scale := make([]float64, len(header))
	for _, r := range ref {
		for j, x := range r {
			scale[j] = math.Max(scale[j], math.Abs(x))
		}
	}
	worst := make([]float64, len(header))
	changes := 0
	// in deterministic mode the populations are real numbers
	stochastic := m.Var("deterministic")[0] == 0
	for i := range ref {
		for j, name := range header {
			g, w := got[i][j], ref[i][j]
			d := math.Abs(g - w)
			worst[j] = math.Max(worst[j], d)
			var ok bool
			switch {
			case name == "t_ms":
				ok = d <= 1e-9
			case exactChannelCol(name) && stochastic:
				ok = g == w
				if i > 0 && w != ref[i-1][j] {
					changes++
				}
			case name == "v":
				ok = d <= vTolMV
			default:
				ok = d <= relTol*scale[j]
			}
			if !ok {
				t.Fatalf("t = %g ms: %s = %.17g, NEURON %.17g", ref[i][0], name, g, w)
			}
		}
	}
	if stochastic && changes < 50 {
		t.Errorf("only %d changes of the counts in the reference: the protocol tests little", changes)
	}
	var b strings.Builder
	for j, name := range header[1:] {
		fmt.Fprintf(&b, " %s %.3g", name, worst[j+1])
	}
	t.Logf("largest differences:%s", b.String())
	bc := m.(interface{ BranchCounts() [3]int }).BranchCounts()
	t.Logf("BnlDev draws (Bernoulli, product, rejection): %v", bc)
	return bc
}
