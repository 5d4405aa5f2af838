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

// gluIonicCase is a GluSynapse_ionic protocol of glu_variants.json.
type gluIonicCase struct {
	Name      string             `json:"name"`
	Mechanism string             `json:"mechanism"`
	Set       string             `json:"set"`
	GIX       uint32             `json:"global_index"`
	SynRNG    []uint32           `json:"syn_rng"`
	Range     map[string]float64 `json:"range"`
	Globals   map[string]float64 `json:"globals"`
	Train     []float64          `json:"train"`
	DelayMs   float64            `json:"delay_ms"`
	Weight    float64            `json:"weight"`
	Minis     struct {
		TimesMs []float64 `json:"times_ms"`
		Weights []float64 `json:"weights"`
	} `json:"minis"`
	IClamp struct {
		DelMs float64 `json:"del_ms"`
		DurMs float64 `json:"dur_ms"`
		AmpNA float64 `json:"amp_nA"`
	} `json:"iclamp"`
	TStopMs     float64  `json:"tstop_ms"`
	SampleEvery int      `json:"sample_every"`
	Record      []string `json:"record"`
}

// TestGluSynapseIonicAgainstNEURON runs the metabolism set's
// GluSynapse_ionic in a soma (a VecStim train through a NetCon of delay
// 1 ms, minis of weights 1 and 0.8, an IClamp, thresholds that effcai_GB
// crosses both ways; in the second case with enable_GB and enable_RW,
// whose first rewiring draw shifts the stream, and fast plasticity) and
// compares with NEURON 8.2.2 running neocortex/mod/metabolism/GluSynapse.mod
// (scripts/nmodl-ref/variant_refs.py): the release state (occupied,
// unoccupied, tsyn) and depress_GB, potentiate_GB identical at every
// sample, u within 1e-13, v within 1e-9 mV, the rest (states, ion
// currents) within 1e-9 of their largest value.
func TestGluSynapseIonicAgainstNEURON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "glu_variants.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		stochProtocols
		Glu []gluIonicCase `json:"glusynapse"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Glu) < 2 {
		t.Fatal("glu_variants.json: no cases")
	}
	for _, c := range p.Glu {
		t.Run(c.Name, func(t *testing.T) { compareGluIonic(t, p.stochProtocols, c) })
	}
}

func compareGluIonic(t *testing.T, p stochProtocols, c gluIonicCase) {
	s := p.Soma
	header, ref := readTrace(t, c.Name+".csv.gz")
	comp := mech.NewCompartment(s.LUm, s.DiamUm)
	comp.CmUFcm2, comp.Celsius, comp.VInitMV, comp.DtMs = s.CmUFcm2, s.Celsius, s.VInitMV, s.DtMs
	comp.IClamp = &mech.IClamp{DelayMs: c.IClamp.DelMs, DurMs: c.IClamp.DurMs, AmpNA: c.IClamp.AmpNA}
	pas := mech.NewPas(1)
	pas.G[0], pas.E[0] = s.PasGScm2, s.PasEMV
	m, err := mech.NewIn([]string{c.Set}, c.Mechanism, 1)
	if err != nil {
		t.Fatal(err)
	}
	syn := m.(*GluSynapseIonic)
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
	for _, x := range []mech.Mechanism{pas, syn} {
		if err := comp.Insert(x); err != nil {
			t.Fatal(err)
		}
	}
	vs := NewVecStim(1)
	if err := vs.Play(0, c.Train); err != nil {
		t.Fatal(err)
	}
	comp.NetCons = []*mech.NetCon{{Source: vs, DelayMs: c.DelayMs, Target: syn, Args: []float64{c.Weight}}}
	for i, tm := range c.Minis.TimesMs {
		comp.Events = append(comp.Events, mech.Event{TMs: tm, Target: syn, Args: []float64{c.Minis.Weights[i]}})
	}
	if err := comp.Init(); err != nil {
		t.Fatal(err)
	}
	readers := []func() float64{comp.T}
	for _, name := range c.Record {
		col := name
		if name != "v" {
			col = name + "_" + c.Mechanism
		}
		r, err := comp.Reader(col)
		if err != nil {
			t.Fatal(err)
		}
		readers = append(readers, r)
	}
	want := append([]string{"t_ms"}, c.Record...)
	if strings.Join(header, ",") != strings.Join(want, ",") {
		t.Fatalf("header %v, want %v", header, want)
	}
	scale := make([]float64, len(header))
	for _, r := range ref {
		for j, x := range r {
			scale[j] = math.Max(scale[j], math.Abs(x))
		}
	}
	exactGlu := map[string]bool{"occupied": true, "unoccupied": true, "tsyn": true,
		"depress_GB": true, "potentiate_GB": true}
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
			case name == "u":
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
	for _, name := range []string{"occupied", "depress_GB", "potentiate_GB"} {
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
