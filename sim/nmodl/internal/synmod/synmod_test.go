package synmod

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/morph"
)

// eventSteps are the steps at whose start an event arrives, with weights
// (uS): single events, two in one step, a long silence.
var eventSteps = []struct {
	step int
	wUS  float64
}{{40, 0.01}, {41, 0.002}, {200, 0.005}, {200, 0.007}, {1500, 0.02}}

// env is a one-instance environment at a fixed potential.
func env() *mech.Env {
	return &mech.Env{V: []float64{-65}, Area: []float64{100}, Diam: []float64{1},
		I: make([]float64, 1), G: make([]float64, 1), Ions: map[string]*mech.Ion{}, Celsius: 6.3, Dt: 0.025}
}

// TestExp2SynAgainstHandWritten drives the translated Exp2Syn and the
// hand-written channels.Exp2Syn with the same events in NEURON's order
// (events, current, decay) for 4000 steps. The normalisation factor and
// adjusted time constants are the same bits; the states are not always:
// nocmodl's cnexp form, which the translation keeps, advances A by
// A + (1 - exp(-dt/tau1))*(-A), and channels.Exp2Syn by A*exp(-dt/tau1)
// (the same number up to rounding), so the states may differ in the last
// bits. The test bounds the relative difference by 1e-13.
func TestExp2SynAgainstHandWritten(t *testing.T) {
	for _, taus := range [][2]float64{{0.2, 1.7}, {0.5, 0.5}, {1e-12, 3}, {5, 2}} {
		tr := NewExp2SynG(1)
		tr.X_tau1[0], tr.X_tau2[0] = taus[0], taus[1]
		e := env()
		tr.Init(e)
		hw, err := channels.NewExp2Syn(1, taus[0], taus[1], 0)
		if err != nil {
			t.Fatal(err)
		}
		if tr.X_tau1[0] != hw.Tau1Ms() || tr.X_factor[0] != hw.Factor() {
			t.Errorf("taus %v: tau1 %.17g factor %.17g translated, %.17g and %.17g hand-written", taus, tr.X_tau1[0], tr.X_factor[0], hw.Tau1Ms(), hw.Factor())
		}
		worst, same := 0., 0
		const steps = 4000
		for n := range steps {
			for _, ev := range eventSteps {
				if ev.step == n {
					tr.Receive(e, 0, []float64{ev.wUS})
					hw.Receive(0, ev.wUS)
				}
			}
			tr.Current(e)
			// Relative to B, not to g = B - A: with tau1 near tau2, g is a
			// small difference of large states.
			if d := math.Abs(tr.X_g[0]-hw.ConductanceUS(0)) / math.Max(math.Abs(hw.B[0]), 1e-300); d > worst {
				worst = d
			}
			if tr.X_A[0] == hw.A[0] && tr.X_B[0] == hw.B[0] {
				same++
			}
			tr.State(e)
			hw.Decay(0, 1, e.Dt)
		}
		t.Logf("taus %v: conductance within %.2g of B; %d of %d steps with the same bits", taus, worst, same, steps)
		if worst > 1e-13 {
			t.Errorf("taus %v: conductances differ by %.3g of B", taus, worst)
		}
	}
}

// TestExpSynAgainstHandWritten compares the translated ExpSyn with
// sim/morph's hand-written one (a Synapse with Tau1Ms = 0) on a single
// compartment: the conductance used in each step. morph decays by
// g*exp(-dt/tau); the translation keeps nocmodl's g + (1 -
// exp(-dt/tau))*(-g): equal up to rounding, bounded here by 1e-13.
func TestExpSynAgainstHandWritten(t *testing.T) {
	const tau = 2.5
	tr := NewExpSynG(1)
	tr.X_tau[0] = tau
	e := env()
	tr.Init(e)
	cell := &morph.Cell{Name: "soma", Morphology: &morph.Morphology{}, VInitMV: -65,
		Synapses: []morph.Synapse{{Name: "expsyn", At: morph.At("soma", 0.5), Tau2Ms: tau}}}
	cell.Morphology.AddCylinder("soma", morph.Soma, -1, 0, 10, 10)
	pop, err := morph.NewPopulation(cell, 1)
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.
	in := morph.Input{Events: [][]float64{{0}}}
	for n := range 3000 {
		for _, ev := range eventSteps {
			if ev.step == n {
				tr.Receive(e, 0, []float64{ev.wUS})
				in.Events[0][0] += ev.wUS
			}
		}
		tr.Current(e)
		gTr := tr.X_g[0]
		tr.State(e)
		pop.Step(0, 1, float64(n)*e.Dt, e.Dt, in, nil)
		gHw := pop.Conductance(0)[0]
		if d := math.Abs(gTr-gHw) / math.Max(math.Abs(gHw), 1e-300); d > worst {
			worst = d
		}
	}
	t.Logf("conductance within %.2g relative", worst)
	if worst > 1e-13 {
		t.Errorf("conductances differ by %.3g relative", worst)
	}
}
