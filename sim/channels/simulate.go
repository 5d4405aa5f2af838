package channels

import (
	"fmt"
	"math"
	"sort"
)

// DefaultDtMs is NEURON's default time step, 0.025 ms.
const DefaultDtMs = 0.025

// Clamp is a current pulse as NEURON's IClamp: AmpNA (nA, positive
// depolarising) flows in the steps whose midpoint t_n + dt/2 satisfies
// DelMs <= t < DelMs + DurMs.
type Clamp struct {
	DelMs float64 // onset, ms
	DurMs float64 // duration, ms, >= 0
	AmpNA float64 // amplitude, nA
}

// at returns the clamp current at time t (ms).
func (c Clamp) at(t float64) float64 {
	if t < c.DelMs+c.DurMs && t >= c.DelMs {
		return c.AmpNA
	}
	return 0
}

// SynapseSpec describes an Exp2Syn on the simulated cell.
type SynapseSpec struct {
	Tau1Ms, Tau2Ms float64 // rise and decay time constants, ms
	EMV            float64 // reversal potential, mV
}

// Event is a synaptic event of weight WeightUS (uS) delivered to synapse
// Syn (an index into Protocol.Synapses) at time TMs (ms). As in NEURON's
// fixed step, an event is delivered at the start of the first step t_n with
// TMs <= t_n + dt/2.
type Event struct {
	TMs      float64
	Syn      int
	WeightUS float64
}

// Protocol is a single-cell experiment for Simulate. Time starts at 0 with
// the cell at VInitMV and its gates at steady state; t_n = n*dt.
type Protocol struct {
	TStopMs float64 // duration, ms, > 0; the run has round(TStopMs/DtMs) steps
	DtMs    float64 // time step, ms; 0 means DefaultDtMs

	// Clamps are summed current pulses.
	Clamps []Clamp

	// Drive, if not nil, is an extra injected current (nA, positive
	// depolarising), called with the midpoint t_n + dt/2 of every step (as
	// NEURON evaluates IClamp and Vector.play with interpolation).
	Drive func(tMs float64) float64

	// Synapses and Events describe Exp2Syn inputs.
	Synapses []SynapseSpec
	Events   []Event

	// RecordEvery is the sampling interval of the voltage trace in steps;
	// 0 means every step. Samples are taken at t = 0 and every RecordEvery
	// steps after.
	RecordEvery int

	// Observe, if not nil, is called with t = 0 before the first step and
	// after every step with the time t_{n+1} and the one-cell population,
	// e.g. to record gates. It must not modify the population.
	Observe func(tMs float64, p *Population)
}

// Spike is a threshold crossing found by Simulate.
type Spike struct {
	// StepMs is the end of the step in which v reached the threshold,
	// NEURON's NetCon spike time.
	StepMs float64

	// InterpMs is the crossing time interpolated linearly between the
	// potentials at the ends of that step.
	InterpMs float64
}

// Result is the output of Simulate.
type Result struct {
	TMs    []float64 // sample times, ms
	VMV    []float64 // membrane potential at TMs, mV
	Spikes []Spike   // upward crossings of the cell's ThresholdMV
	Steps  int       // number of steps run
}

// Simulate runs one cell of model c under protocol p with NEURON's fixed
// step and returns its voltage trace and spikes.
func Simulate(c *Cell, p Protocol) (*Result, error) {
	dt := p.DtMs
	if dt == 0 {
		dt = DefaultDtMs
	}
	if err := firstErr(checkPos("Simulate", "DtMs", dt), checkPos("Simulate", "TStopMs", p.TStopMs)); err != nil {
		return nil, err
	}
	if p.RecordEvery < 0 {
		return nil, fmt.Errorf("channels: Simulate: RecordEvery = %d, want >= 0", p.RecordEvery)
	}
	every := p.RecordEvery
	if every == 0 {
		every = 1
	}
	for j, cl := range p.Clamps {
		if err := firstErr(checkFinite("Simulate", fmt.Sprintf("Clamps[%d].DelMs", j), cl.DelMs),
			checkNonNeg("Simulate", fmt.Sprintf("Clamps[%d].DurMs", j), cl.DurMs),
			checkFinite("Simulate", fmt.Sprintf("Clamps[%d].AmpNA", j), cl.AmpNA)); err != nil {
			return nil, err
		}
	}
	pop, err := NewPopulation(c, 1)
	if err != nil {
		return nil, err
	}
	syns := make([]*Exp2Syn, len(p.Synapses))
	for j, s := range p.Synapses {
		if syns[j], err = NewExp2Syn(1, s.Tau1Ms, s.Tau2Ms, s.EMV); err != nil {
			return nil, fmt.Errorf("channels: Simulate: Synapses[%d]: %w", j, err)
		}
	}
	events := append([]Event(nil), p.Events...)
	for j, e := range events {
		if e.Syn < 0 || e.Syn >= len(syns) {
			return nil, fmt.Errorf("channels: Simulate: Events[%d].Syn = %d, want 0 <= Syn < %d", j, e.Syn, len(syns))
		}
		if err := firstErr(checkFinite("Simulate", fmt.Sprintf("Events[%d].TMs", j), e.TMs),
			checkFinite("Simulate", fmt.Sprintf("Events[%d].WeightUS", j), e.WeightUS)); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(events, func(a, b int) bool { return events[a].TMs < events[b].TMs })

	steps := int(math.Round(p.TStopMs / dt))
	res := &Result{Steps: steps}
	res.TMs = make([]float64, 0, steps/every+1)
	res.VMV = make([]float64, 0, steps/every+1)
	res.TMs = append(res.TMs, 0)
	res.VMV = append(res.VMV, pop.V[0])
	if p.Observe != nil {
		p.Observe(0, pop)
	}

	inj := make([]float64, 1)
	gs := make([]float64, 1)
	gse := make([]float64, 1)
	in := Input{INA: inj}
	if len(syns) > 0 {
		in.GSynUS, in.GSynEUSMV = gs, gse
	}
	var spk []int
	next := 0
	thr := c.ThresholdMV
	for n := 0; n < steps; n++ {
		t := float64(n) * dt
		tMid := t + 0.5*dt
		for next < len(events) && events[next].TMs <= tMid {
			syns[events[next].Syn].Receive(0, events[next].WeightUS)
			next++
		}
		inj[0] = 0
		for _, cl := range p.Clamps {
			inj[0] += cl.at(tMid)
		}
		if p.Drive != nil {
			inj[0] += p.Drive(tMid)
		}
		if len(syns) > 0 {
			gs[0], gse[0] = 0, 0
			for _, s := range syns {
				s.AddConductance(0, 1, gs, gse)
			}
		}
		vo := pop.V[0]
		spk = pop.Step(0, 1, t, dt, in, spk[:0])
		for _, s := range syns {
			s.Decay(0, 1, dt)
		}
		vn := pop.V[0]
		tn := float64(n+1) * dt
		if len(spk) > 0 {
			res.Spikes = append(res.Spikes, Spike{StepMs: tn, InterpMs: t + dt*(thr-vo)/(vn-vo)})
		}
		if (n+1)%every == 0 {
			res.TMs = append(res.TMs, tn)
			res.VMV = append(res.VMV, vn)
		}
		if p.Observe != nil {
			p.Observe(tn, pop)
		}
	}
	return res, nil
}
