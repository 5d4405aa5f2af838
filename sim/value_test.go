package sim_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/rng"
)

// ramp is a Value defined outside package sim: element i is From + i*Step,
// for N elements.
type ramp struct {
	From, Step float64
	N          int
}

func (r ramp) Describe() string                { return fmt.Sprintf("ramp(%g + i*%g)", r.From, r.Step) }
func (r ramp) Constant() (float64, bool)       { return 0, false }
func (r ramp) At(i int, _ *rng.Stream) float64 { return r.From + float64(i)*r.Step }
func (r ramp) Range() (lo, hi float64) {
	return min(r.From, r.At(r.N-1, nil)), max(r.From, r.At(r.N-1, nil))
}
func (r ramp) Check(n int) error {
	if n != r.N {
		return fmt.Errorf("ramp of %d elements given to %d", r.N, n)
	}
	return nil
}

// TestCustomValue checks that a Value defined outside sim sets initial
// values and delays element by element.
func TestCustomValue(t *testing.T) {
	const n = 4
	net := &sim.Network{Dt: 0.1 * sim.Millisecond}
	src := net.AddPopulation("src", 1, &sim.SpikeTimes{Times: [][]float64{{1 * sim.Millisecond}}})
	// v integrates its inputs: no leak to speak of, unreachable threshold.
	dst := net.AddPopulation("dst", n, &sim.LIF{TauM: 1e6, EL: 0, VThreshold: 1, VReset: 0, Synapse: sim.Delta})
	dst.Init = map[string]sim.Value{"v": ramp{From: 0, Step: -0.1 * sim.Millivolt, N: n}}
	// Synapse k of the Explicit rule ends on neuron k, with a delay of
	// 1.5 + k ms.
	explicit := sim.Explicit{Pre: make([]int, n), Post: []int{0, 1, 2, 3}}
	net.Connect(src, dst, "v", explicit, sim.Const(1*sim.Millivolt), ramp{From: 1.5 * sim.Millisecond, Step: 1 * sim.Millisecond, N: n})
	net.Record(&sim.StateRecorder{Population: dst, Variable: "v"})
	res, err := sim.Run(context.Background(), net, 8*sim.Millisecond, &sim.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range res.Traces[0].Values {
		if want := -0.1 * sim.Millivolt * float64(k); v[0] != want {
			t.Errorf("neuron %d: initial v %g mV, want %g", k, v[0]/sim.Millivolt, want/sim.Millivolt)
		}
		// The spike stamped 1 ms arrives at the start of the step
		// beginning at 1 + 1.5 + k ms: v jumps in sample 26 + 10k.
		first := -1
		for j, x := range v {
			if x > v[0]+0.5*sim.Millivolt {
				first = j
				break
			}
		}
		if want := 26 + 10*k; first != want {
			t.Errorf("neuron %d: input first visible in sample %d, want %d", k, first, want)
		}
	}
}

// liar is a Value that returns delays outside the range it reports.
type liar struct{ ramp }

func (l liar) Range() (lo, hi float64) { return l.From, l.From }

func TestCustomValueOutsideRange(t *testing.T) {
	net := &sim.Network{Dt: 0.1 * sim.Millisecond}
	src := net.AddPopulation("src", 1, &sim.SpikeTimes{Times: [][]float64{{1 * sim.Millisecond}}})
	dst := net.AddPopulation("dst", 2, &sim.LIF{TauM: 1e6, EL: 0, VThreshold: 1, VReset: 0, Synapse: sim.Delta})
	net.Connect(src, dst, "v", sim.Explicit{Pre: []int{0, 0}, Post: []int{0, 1}}, sim.Const(1*sim.Millivolt),
		liar{ramp{From: 1 * sim.Millisecond, Step: 1 * sim.Millisecond, N: 2}})
	_, err := sim.Build(net, nil)
	if err == nil || !strings.Contains(err.Error(), "outside its Range") {
		t.Errorf("Build error %v, want a delay outside its Range", err)
	}
	net.Projections[0].Delay = liar{ramp{From: math.NaN(), N: 2}}
	if err := net.Validate(); err == nil {
		t.Error("Validate accepted a Delay whose range is NaN")
	}
}
