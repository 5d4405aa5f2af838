package sim_test

import (
	"context"
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim"
)

// Leaky is a cell type defined outside package sim, as a model family
// defines its own: a leaky integrate-and-fire neuron with an exponentially
// decaying synaptic current,
//
//	C dv/dt = (E - v)/R + isyn + I,   TauSyn disyn/dt = -isyn,
//
// a spike when v reaches VThreshold, then v = VReset. I is the injected
// current (CurrentStep, PlayedCurrent); a spike of weight w (A) on receptor
// "exc" makes isyn jump by w. Over a step the currents are held and v
// follows its exact exponential relaxation, so under a constant current v
// is exact at every step.
type Leaky struct {
	C, R       float64 // membrane capacitance (F) and resistance (Ω)
	E          float64 // resting potential (V)
	VThreshold float64 // spike threshold (V)
	VReset     float64 // reset potential (V)
	TauSyn     float64 // decay time constant of isyn (s)
}

// ModelName returns "Leaky".
func (m *Leaky) ModelName() string { return "Leaky" }

// Receptors returns ["exc"], the cell's one synapse type.
func (m *Leaky) Receptors() []string { return []string{"exc"} }

// Variables returns v (V) and isyn (A).
func (m *Leaky) Variables() []sim.Variable {
	return []sim.Variable{{Name: "v", Unit: "V"}, {Name: "isyn", Unit: "A"}}
}

// TakesCurrent marks the cell as taking injected current (sim.CurrentTaker).
func (m *Leaky) TakesCurrent() {}

// Validate checks the parameters (sim.Model).
func (m *Leaky) Validate() error {
	for _, f := range []struct {
		name string
		x    float64
	}{{"C", m.C}, {"R", m.R}, {"TauSyn", m.TauSyn}} {
		if !(f.x > 0) || math.IsInf(f.x, 0) {
			return fmt.Errorf("%s = %g, want a finite value > 0", f.name, f.x)
		}
	}
	if !(m.VReset < m.VThreshold) || math.IsInf(m.VThreshold, 0) || math.IsInf(m.VReset, 0) || math.IsNaN(m.E) || math.IsInf(m.E, 0) {
		return fmt.Errorf("E = %g V, VReset = %g V, VThreshold = %g V: want finite values with VReset < VThreshold", m.E, m.VReset, m.VThreshold)
	}
	return nil
}

// NewState returns the state of a population of n neurons at rest
// (sim.Model).
func (m *Leaky) NewState(n int, b *sim.BuildContext) (sim.PopulationState, error) {
	s := &leakyState{
		v:    make([]float64, n),
		isyn: make([]float64, n),
		m:    m,
		pv:   math.Exp(-b.Dt() / (m.R * m.C)),
		ps:   math.Exp(-b.Dt() / m.TauSyn),
	}
	for i := range s.v {
		s.v[i] = m.E
	}
	return s, nil
}

// leakyState is the state of a population of Leaky cells, one array per
// variable (structure of arrays), and the per-step propagators.
type leakyState struct {
	v, isyn []float64
	m       *Leaky
	pv, ps  float64 // exp(-dt/RC), exp(-dt/TauSyn)
}

// Receptor returns isyn, into which the engine adds the input due at the
// next step, in amperes (sim.PopulationState).
func (s *leakyState) Receptor(int) ([]float64, float64) { return s.isyn, 1 }

// Variable returns the state's own slices, in SI units (sim.PopulationState).
func (s *leakyState) Variable(name string) ([]float64, float64, bool) {
	switch name {
	case "v":
		return s.v, 1, true
	case "isyn":
		return s.isyn, 1, true
	}
	return nil, 0, false
}

// Step advances the neurons [lo, hi) by one step (sim.PopulationState).
func (s *leakyState) Step(lo, hi int, _ int64, in [][]float64, iext []float64, spikes []int32) []int32 {
	v, isyn := s.v[lo:hi], s.isyn[lo:hi]
	if in != nil { // input that waited in the engine's buffer
		exc := in[0][lo:hi]
		for k := range isyn {
			isyn[k] += exc[k]
			exc[k] = 0
		}
	}
	m := s.m
	for k := range v {
		i := isyn[k]
		if iext != nil {
			i += iext[lo+k]
		}
		vInf := m.E + m.R*i
		v[k] = vInf + (v[k]-vInf)*s.pv
		isyn[k] *= s.ps
		if v[k] >= m.VThreshold {
			v[k] = m.VReset
			spikes = append(spikes, int32(lo+k))
		}
	}
	return spikes
}

// A network of Leaky cells, a cell type defined outside package sim: cell 0
// is driven by three input spikes, cell 1 by a constant current, under which
// it fires with the period RC ln((E+RI-VReset)/(E+RI-VThreshold)) rounded up
// to whole steps.
func ExampleModel() {
	net := &sim.Network{Dt: 0.1 * sim.Millisecond}
	cell := &Leaky{C: 200 * sim.Picofarad, R: 100 * sim.Megaohm, E: -70 * sim.Millivolt,
		VThreshold: -50 * sim.Millivolt, VReset: -70 * sim.Millivolt, TauSyn: 5 * sim.Millisecond}
	cells := net.AddPopulation("cells", 2, cell)
	input := net.AddPopulation("input", 1, &sim.SpikeTimes{Times: [][]float64{{5 * sim.Millisecond, 6 * sim.Millisecond, 7 * sim.Millisecond}}})
	net.Connect(input, cells, "exc", sim.Explicit{Pre: []int{0}, Post: []int{0}}, sim.Const(0.5*sim.Nanoamp), sim.Const(1*sim.Millisecond))
	net.Add(&sim.CurrentStep{Target: cells, Neurons: []int{1}, Amplitude: 0.25 * sim.Nanoamp})
	net.Record(&sim.SpikeRecorder{Population: cells},
		&sim.StateRecorder{Population: cells, Variable: "v", Neurons: []int{0}, Interval: 2 * sim.Millisecond})
	res, err := sim.Run(context.Background(), net, 80*sim.Millisecond, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	sp := res.Spikes["cells"]
	for k, i := range sp.Index {
		fmt.Printf("cell %d spikes at %.1f ms\n", i, sp.Time[k]/sim.Millisecond)
	}
	rc, vInf := cell.R*cell.C, cell.E+cell.R*0.25*sim.Nanoamp
	period := rc * math.Log((vInf-cell.VReset)/(vInf-cell.VThreshold))
	fmt.Printf("cell 1's period in theory: %.2f ms\n", period/sim.Millisecond)
	fmt.Print("cell 0's v every 2 ms (mV):")
	for _, v := range res.Traces[0].Values[0][:8] {
		fmt.Printf(" %.1f", v/sim.Millivolt)
	}
	fmt.Println()
	// Output:
	// cell 0 spikes at 11.8 ms
	// cell 1 spikes at 32.2 ms
	// cell 1 spikes at 64.4 ms
	// cell 1's period in theory: 32.19 ms
	// cell 0's v every 2 ms (mV): -70.0 -70.0 -70.0 -70.0 -63.8 -54.6 -69.4 -65.1
}
