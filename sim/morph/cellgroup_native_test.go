package morph_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/mech/native"
	"github.com/golgi-sim/golgi/sim/morph"
)

// releaseSynapse is what the test needs of a native synapse beyond
// mech.Mechanism: its Random123 stream and delayed weights.
type releaseSynapse interface {
	mech.Mechanism
	SetRNG(k int, id1, id2, id3 uint32)
	SetGlobalIndex(gix uint32)
	SetupDelayVecs(k int, timesMs, weights []float64) error
}

// TestCellGroupNativeSynapse runs ProbAMPANMDA_EMS (a native mechanism,
// validated against NEURON in a single compartment by sim/mech/native)
// on the soma of a CellGroup cell and in a mech.Compartment, with the
// same Random123 stream (neurodamus's seeding), a spike train, minis and
// delayed weights (net_send self events scheduled by NET_RECEIVE's
// INITIAL block): the release pattern must be the same and the
// potential within 1e-9 mV (the CellGroup's soma has NEURON's zero-area
// end nodes in its solve, the compartment not).
func TestCellGroupNativeSynapse(t *testing.T) {
	const (
		dt, tstop = 0.025, 160.0
		delayMs   = 1.0
	)
	train := []float64{5, 10, 12.5, 15, 17.5, 20, 45, 47, 49, 51, 80, 81.3, 82.6, 83.9, 120, 140}
	minis := []float64{33.3, 66.6, 101.1}
	params := map[string]float64{"Nrrp": 3, "Use": 0.35, "Dep": 18, "Fac": 12, "tau_d_AMPA": 1.7, "NMDA_ratio": 0.71, "conductance": 4, "synapseID": 3}
	setup := func(m mech.Mechanism) {
		s := m.(releaseSynapse)
		s.SetGlobalIndex(7)
		s.SetRNG(0, 255, 103, 300)
		if err := s.SetupDelayVecs(0, []float64{30, 90}, []float64{0.5, 1.5}); err != nil {
			t.Fatal(err)
		}
	}
	spike := func() []float64 { return []float64{4, 0, 0, 0, 0} } // weight (nS), nc_type 0 (last)
	mini := []float64{4, 0, 0, 0, 1}

	// The compartment.
	comp := mech.NewCompartment(20, 20)
	comp.Celsius, comp.VInitMV, comp.DtMs = 34, -70, dt
	pas := mech.NewPas(1)
	pas.G[0], pas.E[0] = 1e-4, -70
	syn := native.NewProbAMPANMDA(1)
	for name, v := range params {
		syn.Var(name)[0] = v
	}
	setup(syn)
	for _, m := range []mech.Mechanism{pas, syn} {
		if err := comp.Insert(m); err != nil {
			t.Fatal(err)
		}
	}
	pre := spike()
	for _, tm := range train {
		comp.Events = append(comp.Events, mech.Event{TMs: tm + delayMs, Target: syn, Args: pre})
	}
	for _, tm := range minis {
		comp.Events = append(comp.Events, mech.Event{TMs: tm, Target: syn, Args: mini})
	}
	if err := comp.Init(); err != nil {
		t.Fatal(err)
	}

	// The CellGroup.
	m := &morph.Morphology{}
	m.AddCylinder("soma", morph.Soma, -1, 0, 20, 20)
	cell := &morph.Cell{Name: "soma", Morphology: m, VInitMV: -70,
		Inserts:        []morph.Insert{{Mech: "pas", Params: map[string]float64{"g": 1e-4, "e": -70}}},
		PointProcesses: []morph.PointProcess{{Name: "syn", Mech: "ProbAMPANMDA_EMS", At: morph.At("soma", 0.5), Params: params}},
	}
	g, err := morph.NewCellGroup([]*morph.Cell{cell}, dt, 34)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := g.PointProcess(0, "syn")
	if err != nil {
		t.Fatal(err)
	}
	gm, _ := g.Mechanism(ref)
	setup(gm)
	if err := g.Init(); err != nil {
		t.Fatal(err)
	}
	gPre, gMini := spike(), append([]float64(nil), mini...)
	if err := g.AddNetCon(ref, gPre); err != nil {
		t.Fatal(err)
	}
	for _, tm := range train {
		if err := g.Send(ref, tm+delayMs, gPre); err != nil {
			t.Fatal(err)
		}
	}
	for _, tm := range minis {
		if err := g.Send(ref, tm, gMini); err != nil {
			t.Fatal(err)
		}
	}
	v, err := g.Probe(0, morph.At("soma", 0.5), "v")
	if err != nil {
		t.Fatal(err)
	}
	probe := func(name string) morph.Probe {
		p, err := g.PointProbe(ref, name)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	occ, tsyn, gAMPA := probe("occupied"), probe("tsyn"), probe("g_AMPA")
	worst, releases := 0., 0
	prevOcc := occ.Value()
	for step := 1; step <= int(math.Round(tstop/dt)); step++ {
		comp.Step()
		g.Step(nil)
		if occ.Value() != syn.Var("occupied")[0] || tsyn.Value() != syn.Var("tsyn")[0] {
			t.Fatalf("step %d: occupied %g tsyn %g in the CellGroup, %g and %g in the compartment", step,
				occ.Value(), tsyn.Value(), syn.Var("occupied")[0], syn.Var("tsyn")[0])
		}
		if occ.Value() < prevOcc {
			releases++
		}
		prevOcc = occ.Value()
		worst = max(worst, math.Abs(v.Value()-comp.Env().V[0]))
		if d := math.Abs(gAMPA.Value() - syn.Var("g_AMPA")[0]); d > 1e-12 {
			t.Fatalf("step %d: g_AMPA %g vs %g", step, gAMPA.Value(), syn.Var("g_AMPA")[0])
		}
	}
	t.Logf("%d steps with releases; v within %.3g mV; the NetCon's weight %g after the delayed weights", releases, worst, gPre[0])
	if releases < 3 || gPre[0] != 4*1.5 {
		t.Errorf("%d releases, weight %g: the protocol did not exercise the synapse (want >= 3 releases and weight 6)", releases, gPre[0])
	}
	if !(worst <= 1e-9) {
		t.Errorf("v differs by %.3g mV", worst)
	}
}

// BenchmarkAddNetCon adds b.N connections to one ProbAMPANMDA_EMS (a
// mechanism with a NET_RECEIVE INITIAL block): the time per connection
// must not grow with their number (it did: a scan of every connection
// before, 78% of the build of 300 cells x 1000 synapses).
func BenchmarkAddNetCon(b *testing.B) {
	m := &morph.Morphology{}
	m.AddCylinder("soma", morph.Soma, -1, 0, 20, 20)
	cell := &morph.Cell{Name: "soma", Morphology: m, VInitMV: -70,
		PointProcesses: []morph.PointProcess{{Name: "syn", Mech: "ProbAMPANMDA_EMS", At: morph.At("soma", 0.5)}}}
	g, err := morph.NewCellGroup([]*morph.Cell{cell}, 0.025, 34)
	if err != nil {
		b.Fatal(err)
	}
	ref, err := g.PointProcess(0, "syn")
	if err != nil {
		b.Fatal(err)
	}
	if err := g.Init(); err != nil {
		b.Fatal(err)
	}
	weights := make([]float64, 5*b.N)
	b.ResetTimer()
	for i := range b.N {
		if err := g.AddNetCon(ref, weights[5*i:5*i+5:5*i+5]); err != nil {
			b.Fatal(err)
		}
	}
}
