package sim

import (
	"fmt"
	"math"
)

// A Recorder says what Run records.
type Recorder interface {
	describe() string
	validate(net *Network) error
}

// SpikeRecorder records the spikes of a population.
type SpikeRecorder struct {
	Population *Population
}

func (r *SpikeRecorder) describe() string { return "SpikeRecorder " + name(r.Population) }
func (r *SpikeRecorder) validate(net *Network) error {
	if r.Population == nil || !net.member(r.Population) {
		return fmt.Errorf("population not in the network")
	}
	return nil
}

// StateRecorder records a state variable of chosen neurons every Interval.
type StateRecorder struct {
	Population *Population
	Variable   string
	// Neurons lists the recorded neurons (indices in the population); nil
	// records every neuron.
	Neurons []int
	// Interval is the sampling interval (s), rounded to whole steps; zero
	// means every step. Samples are taken at t = 0, Interval, 2*Interval...
	Interval float64
}

func (r *StateRecorder) describe() string {
	return fmt.Sprintf("StateRecorder %s.%s", name(r.Population), r.Variable)
}

func (r *StateRecorder) validate(net *Network) error {
	if r.Population == nil || !net.member(r.Population) {
		return fmt.Errorf("population not in the network")
	}
	if !hasVariable(r.Population.Model, r.Variable) {
		return fmt.Errorf("unknown variable %q of model %s, want one of %q", r.Variable, r.Population.Model.ModelName(), variableNames(r.Population.Model))
	}
	if !(r.Interval >= 0) || math.IsInf(r.Interval, 0) {
		return fmt.Errorf("Interval = %g s, want >= 0", r.Interval)
	}
	if r.Interval > 0 && r.Interval < net.dt()*(1-1e-9) {
		return fmt.Errorf("Interval %g ms is shorter than the time step %g ms", r.Interval/Millisecond, net.dt()/Millisecond)
	}
	return checkIndices(r.Neurons, r.Population)
}
