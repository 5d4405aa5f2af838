package main

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/channels"
)

// hhNetwork is NEURON's single-compartment hh soma (exact rates) under an
// IClamp of ampNA from delayMs for durMs, at dt 0.025 ms, v recorded every
// step: the set-up of shared/ref/neuron_hh_6.3C.csv.
func hhNetwork(celsius, ampNA, delayMs, durMs float64) (*sim.Network, error) {
	if math.IsNaN(ampNA) || delayMs < 0 || durMs < 0 {
		return nil, fmt.Errorf("hh: --amp-nA %g, --delay-ms %g, --dur-ms %g: want a finite amplitude and non-negative times", ampNA, delayMs, durMs)
	}
	cell, err := channels.HH(celsius, channels.Exact)
	if err != nil {
		return nil, fmt.Errorf("hh: %w", err)
	}
	cell.ThresholdMV = 0
	net := &sim.Network{Dt: 0.025 * sim.Millisecond}
	p := net.AddPopulation("hh", 1, &sim.ConductanceCell{Cell: cell})
	net.Add(&sim.CurrentStep{Target: p, Amplitude: ampNA * sim.Nanoamp,
		Start: delayMs * sim.Millisecond, Stop: (delayMs + durMs) * sim.Millisecond})
	net.Record(&sim.SpikeRecorder{Population: p}, &sim.StateRecorder{Population: p, Variable: "v"})
	return net, nil
}

// hhSpikeTimes returns the linearly interpolated 0 mV up-crossings (ms).
func hhSpikeTimes(res *sim.Result) []float64 {
	if len(res.Traces) == 0 || len(res.Traces[0].Values) == 0 {
		return nil
	}
	tr := res.Traces[0]
	ts := sim.Crossings(tr.Values[0], tr.Interval, 0)
	out := make([]float64, len(ts))
	for k, t := range ts {
		out[k] = round(t/sim.Millisecond, 6)
	}
	return out
}
