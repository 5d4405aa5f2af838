package native

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
)

// gluCase is the GluSynapse protocol of stoch_protocols.json.
type gluCase struct {
	Name      string             `json:"name"`
	GIX       uint32             `json:"global_index"`
	SynRNG    []uint32           `json:"syn_rng"`
	Range     map[string]float64 `json:"range"`
	Globals   map[string]float64 `json:"globals"`
	Train     []float64          `json:"train"`
	DelayMs   float64            `json:"delay_ms"`
	DelayVecs struct {
		TimesMs []float64 `json:"times_ms"`
		Weights []float64 `json:"weights"`
	} `json:"delay_vecs"`
	Minis struct {
		TimesMs []float64 `json:"times_ms"`
	} `json:"minis"`
	IClamp struct {
		DelMs float64 `json:"del_ms"`
		DurMs float64 `json:"dur_ms"`
		AmpNA float64 `json:"amp_nA"`
	} `json:"iclamp"`
	TStopMs     float64        `json:"tstop_ms"`
	SampleEvery int            `json:"sample_every"`
	Record      []string       `json:"record"`
	NCRecord    map[string]int `json:"nc_record"`
}

// TestGluSynapseAgainstNEURON runs GluSynapse in a soma (a VecStim train
// through a NetCon of delay 1 ms with a delayed weight that switches it
// off, mini events, an IClamp, thresholds that effcai_GB crosses both
// ways) and compares with NEURON 8.2.2 running GluSynapse.mod: the
// release pattern (recovered, unrecovered, tsyn, the connection's weight,
// next_delay) and the plasticity switches dep_GB and pot_GB identical at
// every sample, v within 1e-9 mV, the rest within 1e-9 of their largest
// value.
func TestGluSynapseAgainstNEURON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "stoch_protocols.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		stochProtocols
		Glu gluCase `json:"glusynapse"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	c, s := p.Glu, p.Soma
	header, ref := readTrace(t, c.Name+".csv.gz")

	comp := mech.NewCompartment(s.LUm, s.DiamUm)
	comp.CmUFcm2, comp.Celsius, comp.VInitMV, comp.DtMs = s.CmUFcm2, s.Celsius, s.VInitMV, s.DtMs
	comp.IClamp = &mech.IClamp{DelayMs: c.IClamp.DelMs, DurMs: c.IClamp.DurMs, AmpNA: c.IClamp.AmpNA}
	pas := mech.NewPas(1)
	pas.G[0], pas.E[0] = s.PasGScm2, s.PasEMV
	syn := NewGluSynapse(1)
	for name, v := range c.Range {
		x := syn.Var(name)
		if x == nil {
			t.Fatalf("no RANGE %s", name)
		}
		x[0] = v
	}
	for name, v := range c.Globals {
		if err := syn.SetGlobal(name, v); err != nil {
			t.Fatal(err)
		}
	}
	syn.SetGlobalIndex(c.GIX)
	syn.SetRNG(0, c.SynRNG[0], c.SynRNG[1], c.SynRNG[2])
	if err := syn.SetupDelayVecs(0, c.DelayVecs.TimesMs, c.DelayVecs.Weights); err != nil {
		t.Fatal(err)
	}
	for _, x := range []mech.Mechanism{pas, syn} {
		if err := comp.Insert(x); err != nil {
			t.Fatal(err)
		}
	}
	vs := NewVecStim(1)
	if err := vs.Play(0, c.Train); err != nil {
		t.Fatal(err)
	}
	pre := make([]float64, NArgsGlu)
	pre[gluWeight] = 1
	comp.NetCons = []*mech.NetCon{{Source: vs, DelayMs: c.DelayMs, Target: syn, Args: pre}}
	mini := make([]float64, NArgsGlu)
	mini[gluWeight], mini[gluNcType] = 1, 1
	for _, tm := range c.Minis.TimesMs {
		comp.Events = append(comp.Events, mech.Event{TMs: tm, Target: syn, Args: mini})
	}
	if err := comp.Init(); err != nil {
		t.Fatal(err)
	}
	readers := []func() float64{comp.T}
	for _, name := range c.Record {
		col := name
		if name != "v" {
			col = name + "_GluSynapse"
		}
		r, err := comp.Reader(col)
		if err != nil {
			t.Fatal(err)
		}
		readers = append(readers, r)
	}
	ncNames := make([]string, 0, len(c.NCRecord))
	for n := range c.NCRecord {
		ncNames = append(ncNames, n)
	}
	sort.Slice(ncNames, func(i, j int) bool { return c.NCRecord[ncNames[i]] < c.NCRecord[ncNames[j]] })
	want := append([]string{"t_ms"}, c.Record...)
	for _, n := range ncNames {
		i := c.NCRecord[n]
		readers = append(readers, func() float64 { return pre[i] })
		want = append(want, "nc_"+n)
	}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		t.Fatalf("header %v, want %v", header, want)
	}
	scale := make([]float64, len(header))
	for _, r := range ref {
		for j, x := range r {
			scale[j] = math.Max(scale[j], math.Abs(x))
		}
	}
	exactGlu := map[string]bool{"dep_GB": true, "pot_GB": true, "next_delay": true, "nc_weight": true,
		"nc_tsyn": true, "nc_recovered": true, "nc_unrecovered": true}
	worst := make([]float64, len(header))
	n := int(math.Round(c.TStopMs / s.DtMs))
	row := 0
	for step := 0; step <= n; step++ {
		if step > 0 {
			comp.Step()
		}
		if step%c.SampleEvery != 0 {
			continue
		}
		w := ref[row]
		row++
		for j, name := range header {
			g := readers[j]()
			d := math.Abs(g - w[j])
			worst[j] = math.Max(worst[j], d)
			var ok bool
			switch {
			case name == "t_ms":
				ok = d <= 1e-9
			case exactGlu[name]:
				ok = g == w[j]
			case name == "nc_u":
				ok = d <= uTol
			case name == "v":
				ok = d <= vTolMV
			default:
				ok = d <= relTol*scale[j]
			}
			if !ok {
				t.Fatalf("t = %g ms: %s = %.17g, NEURON %.17g", w[0], name, g, w[j])
			}
		}
	}
	if row != len(ref) {
		t.Fatalf("%d rows, NEURON %d", row, len(ref))
	}
	// the protocol must exercise the release and both switches both ways
	for _, name := range []string{"nc_recovered", "dep_GB", "pot_GB"} {
		j, changes := indexOf(header, name), 0
		for i := 1; i < len(ref); i++ {
			if ref[i][j] != ref[i-1][j] {
				changes++
			}
		}
		if changes < 2 {
			t.Errorf("%s changes %d times in the reference: the protocol tests little", name, changes)
		}
	}
	var sb strings.Builder
	for j, name := range header[1:] {
		fmt.Fprintf(&sb, " %s %.3g", name, worst[j+1])
	}
	t.Logf("largest differences:%s", sb.String())
}
