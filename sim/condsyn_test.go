package sim

import (
	"context"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
)

// TestCondSynSIMDMatchesScalar runs 103 HH ConductanceCells (not a multiple
// of 4) with an Exp2Syn and an ExpSyn receptor, driven by Poisson input
// through both and by a current step, for 200 ms with the SIMD synapse
// loop and with the scalar loop only: the spikes and the recorded synaptic
// conductances must be bit-identical.
func TestCondSynSIMDMatchesScalar(t *testing.T) {
	if !vectorKernelsAvailable {
		t.Skip("no SIMD kernels in this build or CPU")
	}
	defer func() { vectorKernels = vectorKernelsAvailable }()
	cell, err := channels.HH(6.3, channels.Exact)
	if err != nil {
		t.Fatal(err)
	}
	run := func(vec bool) *Result {
		vectorKernels = vec
		net := &Network{Dt: 0.025 * Millisecond, Seed: 7}
		src := net.AddPopulation("src", 40, &PoissonSource{Rate: 50})
		dst := net.AddPopulation("dst", 103, &ConductanceCell{Cell: cell, Synapses: []Exp2Syn{
			{Name: "ampa", Tau1: 0.5 * Millisecond, Tau2: 2 * Millisecond, E: 0},
			{Name: "gaba", Tau2: 5 * Millisecond, E: -80 * Millivolt},
		}})
		net.Connect(src, dst, "ampa", Bernoulli{P: 0.3}, Const(0.01*Microsiemens), Const(1*Millisecond))
		net.Connect(dst, dst, "gaba", Bernoulli{P: 0.1}, Const(0.005*Microsiemens), Const(1*Millisecond))
		net.Add(&CurrentStep{Target: dst, Amplitude: 0.02 * Nanoamp, Start: 20 * Millisecond})
		net.Record(&SpikeRecorder{Population: dst},
			&StateRecorder{Population: dst, Variable: "g_ampa"}, &StateRecorder{Population: dst, Variable: "g_gaba"})
		res, err := Run(context.Background(), net, 200*Millisecond, &Options{Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	rv, rs := run(true), run(false)
	if rv.NumSpikes() == 0 || rv.SpikesSHA256() != rs.SpikesSHA256() {
		t.Fatalf("spikes: SIMD %d (%s), scalar %d (%s)", rv.NumSpikes(), rv.SpikesSHA256(), rs.NumSpikes(), rs.SpikesSHA256())
	}
	for j := range rv.Traces {
		for i, tr := range rv.Traces[j].Values {
			for k, x := range tr {
				if math.Float64bits(x) != math.Float64bits(rs.Traces[j].Values[i][k]) {
					t.Fatalf("trace %d neuron %d sample %d: SIMD %v, scalar %v", j, i, k, x, rs.Traces[j].Values[i][k])
				}
			}
		}
	}
	t.Logf("%d spikes, identical", rv.NumSpikes())
}
