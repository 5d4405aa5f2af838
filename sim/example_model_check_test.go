package sim_test

import (
	"context"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim"
)

// These tests check Leaky, the cell type of ExampleModel, against the
// analytic solutions of its equations.

func leakyCell() *Leaky {
	return &Leaky{C: 200 * sim.Picofarad, R: 100 * sim.Megaohm, E: -70 * sim.Millivolt,
		VThreshold: -50 * sim.Millivolt, VReset: -70 * sim.Millivolt, TauSyn: 5 * sim.Millisecond}
}

// TestLeakyPassiveMembrane compares v under a constant current below
// threshold with the passive membrane's V(t) = E + IR(1 - exp(-t/RC)), at
// every step for 5 time constants, to 1e-12 V (the model is exact up to
// rounding; forward Euler is 1e-5 V off).
func TestLeakyPassiveMembrane(t *testing.T) {
	const tol = 1e-12 // V
	cell := leakyCell()
	amp := 0.15 * sim.Nanoamp // E + IR = -55 mV, below threshold
	net := &sim.Network{Dt: 0.1 * sim.Millisecond}
	cells := net.AddPopulation("cells", 3, cell)
	net.Add(&sim.CurrentStep{Target: cells, Amplitude: amp})
	net.Record(&sim.StateRecorder{Population: cells, Variable: "v"})
	tau := cell.R * cell.C
	res, err := sim.Run(context.Background(), net, 5*tau, &sim.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	tr := res.Traces[0]
	times := tr.Times()
	if len(times) < 1000 {
		t.Fatalf("%d samples, want one per step over 100 ms", len(times))
	}
	for k, v := range tr.Values {
		worst := 0.0
		for j, ts := range times {
			want := cell.E + amp*cell.R*(1-math.Exp(-ts/tau))
			worst = max(worst, math.Abs(v[j]-want))
		}
		if worst > tol {
			t.Errorf("neuron %d: v differs from the analytic solution by up to %g V, want at most %g V", tr.Neurons[k], worst, tol)
		}
	}
}

// TestLeakySynapticCurrent checks that a spike of weight w reaches isyn
// after its delay and then decays as w exp(-(t - t_arrival)/TauSyn), to a
// relative 1e-12.
func TestLeakySynapticCurrent(t *testing.T) {
	const tol = 1e-12
	cell := leakyCell()
	w := 0.2 * sim.Nanoamp
	t0, delay := 2*sim.Millisecond, 1.5*sim.Millisecond // the spike reaches isyn at 3.5 ms
	net := &sim.Network{Dt: 0.1 * sim.Millisecond}
	src := net.AddPopulation("src", 1, &sim.SpikeTimes{Times: [][]float64{{t0}}})
	cells := net.AddPopulation("cells", 1, cell)
	net.Connect(src, cells, "exc", sim.AllToAll{}, sim.Const(w), sim.Const(delay))
	net.Record(&sim.StateRecorder{Population: cells, Variable: "isyn"})
	res, err := sim.Run(context.Background(), net, 20*sim.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	arrival := t0 + delay
	dt := res.Dt
	for j, ts := range res.Traces[0].Times() {
		got := res.Traces[0].Values[0][j]
		var want float64
		switch {
		case ts < arrival-dt/2:
			want = 0
		case ts < arrival+dt/2:
			continue // sampled as the input arrives: either side will do
		default:
			want = w * math.Exp(-(ts-arrival)/cell.TauSyn)
		}
		if math.Abs(got-want) > tol*w {
			t.Errorf("isyn at %.1f ms: %g A, want %g A", ts/sim.Millisecond, got, want)
		}
	}
}

// TestLeakyPeriod checks the interval between spikes under a constant
// current above threshold: v reaches VThreshold after
// RC ln((E+RI-VReset)/(E+RI-VThreshold)), which the step rounds up to whole
// steps.
func TestLeakyPeriod(t *testing.T) {
	cell := leakyCell()
	amp := 0.3 * sim.Nanoamp
	net := &sim.Network{Dt: 0.1 * sim.Millisecond}
	cells := net.AddPopulation("cells", 1, cell)
	net.Add(&sim.CurrentStep{Target: cells, Amplitude: amp})
	net.Record(&sim.SpikeRecorder{Population: cells})
	res, err := sim.Run(context.Background(), net, 200*sim.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	vInf := cell.E + cell.R*amp
	period := cell.R * cell.C * math.Log((vInf-cell.VReset)/(vInf-cell.VThreshold))
	want := int32(math.Ceil(period / res.Dt))
	steps := res.Spikes["cells"].Step
	if len(steps) < 5 {
		t.Fatalf("%d spikes in 200 ms, want one every %.2f ms", len(steps), period/sim.Millisecond)
	}
	if steps[0]+1 != want {
		t.Errorf("first spike in step %d, want %d", steps[0], want-1)
	}
	for k := 1; k < len(steps); k++ {
		if got := steps[k] - steps[k-1]; got != want {
			t.Errorf("spikes %d and %d %d steps apart, want %d", k-1, k, got, want)
		}
	}
}
