package nets

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// RingCell returns the ball-and-stick cell of NEURON's ring tutorial: an hh
// soma (L = diam = 12.6157 um, NEURON's rate tables, 6.3 degC), a passive
// dendrite (L 200 um, diam 1 um, nseg 11, pas g 0.001 S/cm2, e -65 mV),
// Ra 100 ohm cm, cm 1 uF/cm2, an ExpSyn "syn" (tau 2 ms, e 0 mV) on
// dend(0.5), spikes at soma v crossing +10 mV, and a probe "v_dend" at
// dend(0.5): 12 compartments.
func RingCell() (*sim.MulticompartmentCell, error) {
	hh, err := channels.HH(6.3, channels.Tabulated)
	if err != nil {
		return nil, err
	}
	pas, err := channels.NewLeak("pas", 0.001, -65)
	if err != nil {
		return nil, err
	}
	m := morph.BallAndStick(12.6157, 200, 1)
	m.Sections[1].Nseg = 11
	cell := &morph.Cell{
		Name: "ballstick", Morphology: m, RaOhmCm: 100, CmUFcm2: 1,
		Mechanisms: []morph.Mechanism{
			{Name: "hh", Where: morph.Region(morph.Soma), Channels: morph.Uniform(hh.Channels...)},
			{Name: "pas", Where: morph.Region(morph.Basal), Channels: morph.Uniform(pas)},
		},
		ThresholdMV: 10, VInitMV: -65,
	}
	return &sim.MulticompartmentCell{
		Cell: cell,
		Synapses: []sim.CompartmentSynapse{{
			Exp2Syn: sim.Exp2Syn{Name: "syn", Tau2: 2 * sim.Millisecond, E: 0},
			At:      morph.At("dend", 0.5),
		}},
		Probes: []sim.Probe{{Name: "v_dend", At: morph.At("dend", 0.5)}},
	}, nil
}

// Ring returns NEURON's ring network of n ball-and-stick cells (RingCell,
// population "ring"): cell k excites cell k+1 (mod n) with weight 0.01 uS
// and delay 5 ms, and one event of 0.04 uS from population "stim" at 9 ms
// (delay 1 ms) starts cell 0; dt 0.025 ms. With n = 256 it is the network of
// shared/ref/neuron_ring_n256_spikes.csv.
func Ring(n int) (*sim.Network, error) {
	if n < 1 {
		return nil, fmt.Errorf("nets.Ring: %d cells, want at least 1", n)
	}
	model, err := RingCell()
	if err != nil {
		return nil, err
	}
	net := &sim.Network{Dt: 0.025 * sim.Millisecond}
	stim := net.AddPopulation("stim", 1, &sim.SpikeTimes{Times: [][]float64{{9 * sim.Millisecond}}})
	ring := net.AddPopulation("ring", n, model)
	pre, post := make([]int, n), make([]int, n)
	for k := range pre {
		pre[k], post[k] = k, (k+1)%n
	}
	net.Connect(ring, ring, "syn", sim.Explicit{Pre: pre, Post: post}, sim.Const(0.01*sim.Microsiemens), sim.Const(5*sim.Millisecond))
	net.Connect(stim, ring, "syn", sim.Explicit{Pre: []int{0}, Post: []int{0}}, sim.Const(0.04*sim.Microsiemens), sim.Const(1*sim.Millisecond))
	return net, nil
}
