package sim_test

import (
	"context"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// TestNMDAPointAndCompartment gives the same NMDA (1 mM Mg) and AMPA
// receptors and the same input spikes to NEURON's HH soma as a point cell
// (ConductanceCell) and as a one-section MulticompartmentCell: the two
// implementations of the Mg block and its linearisation must give the
// same potential within 1e-9 mV over 100 ms, with spikes, and the block
// must matter (without it the trace differs by more than 10 mV).
func TestNMDAPointAndCompartment(t *testing.T) {
	syns := []sim.Exp2Syn{
		{Name: "nmda", Tau1: 2 * sim.Millisecond, Tau2: 50 * sim.Millisecond, MgBlock: &channels.MgBlock{MgMM: 1}},
		{Name: "ampa", Tau1: 0.2 * sim.Millisecond, Tau2: 2 * sim.Millisecond},
	}
	times := [][]float64{{5 * sim.Millisecond, 8 * sim.Millisecond, 11 * sim.Millisecond, 14 * sim.Millisecond, 40 * sim.Millisecond, 43 * sim.Millisecond}}
	run := func(mg float64) (point, comp []float64, np, nc int) {
		hh, err := channels.HH(6.3, channels.Exact)
		if err != nil {
			t.Fatal(err)
		}
		ss := append([]sim.Exp2Syn(nil), syns...)
		b := *ss[0].MgBlock
		b.MgMM = mg
		ss[0].MgBlock = &b
		m := &morph.Morphology{}
		m.AddCylinder("soma", morph.Soma, -1, 0, 12.6157, 12.6157)
		mc := &sim.MulticompartmentCell{Cell: &morph.Cell{Morphology: m, VInitMV: -65, ThresholdMV: 10,
			Mechanisms: []morph.Mechanism{{Name: "hh", Channels: morph.Uniform(hh.Channels...)}}}}
		for _, s := range ss {
			mc.Synapses = append(mc.Synapses, sim.CompartmentSynapse{Exp2Syn: s, At: morph.At("soma", 0.5)})
		}
		net := &sim.Network{Dt: 0.025 * sim.Millisecond}
		src := net.AddPopulation("src", 1, &sim.SpikeTimes{Times: times})
		pp := net.AddPopulation("point", 1, &sim.ConductanceCell{Cell: hh, Synapses: ss})
		pc := net.AddPopulation("comp", 1, mc)
		for _, pop := range []*sim.Population{pp, pc} {
			net.Connect(src, pop, "nmda", sim.AllToAll{}, sim.Const(0.004*sim.Microsiemens), sim.Const(1*sim.Millisecond))
			net.Connect(src, pop, "ampa", sim.AllToAll{}, sim.Const(0.002*sim.Microsiemens), sim.Const(1*sim.Millisecond))
		}
		net.Record(&sim.StateRecorder{Population: pp, Variable: "v"}, &sim.StateRecorder{Population: pc, Variable: "v"},
			&sim.SpikeRecorder{Population: pp}, &sim.SpikeRecorder{Population: pc})
		res, err := sim.Run(context.Background(), net, 100*sim.Millisecond, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.Traces[0].Values[0], res.Traces[1].Values[0], res.Spikes["point"].Len(), res.Spikes["comp"].Len()
	}
	p, c, np, nc := run(1)
	f, _, free, _ := run(0)
	worst, effect := 0., 0.
	for i := range p {
		worst = math.Max(worst, math.Abs(p[i]-c[i])/sim.Millivolt)
		effect = math.Max(effect, math.Abs(p[i]-f[i])/sim.Millivolt)
	}
	t.Logf("1 mM Mg: %d and %d spikes, traces within %.2g mV; without Mg %d spikes, trace up to %.3g mV away", np, nc, worst, free, effect)
	if worst > 1e-9 || np != nc || np == 0 {
		t.Errorf("point and compartment differ by %g mV; %d and %d spikes", worst, np, nc)
	}
	if effect < 10 {
		t.Errorf("without Mg the trace is at most %g mV away: the block does nothing", effect)
	}
}
