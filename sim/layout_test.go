package sim

import (
	"context"
	"reflect"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
)

func TestLayout(t *testing.T) {
	for _, tc := range []struct {
		name          string
		n, a, b, T    int
		pad           bool
		wantSize      int
		wantIdentical bool
	}{
		{"one worker", 384, 0, 384, 1, true, 384, true},
		{"no padding", 384, 0, 384, 2, false, 384, true},
		{"two workers", 384, 0, 384, 2, true, 2 * pageFloats, false},
		{"three workers, uneven", 577, 0, 577, 3, true, 3 * pageFloats, false},
		{"large", 25205, 0, 25205, 2, true, 0, false},
		{"rank's share", 1000, 334, 667, 2, true, 0, false},
		{"fewer neurons than workers", 1, 0, 1, 3, true, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLayout(tc.n, tc.a, tc.b, tc.T, tc.pad)
			if tc.wantSize != 0 && l.size != tc.wantSize {
				t.Errorf("size %d, want %d", l.size, tc.wantSize)
			}
			if tc.wantIdentical {
				for i := 0; i < tc.n; i++ {
					if p := l.pos(i); p != i {
						t.Fatalf("pos(%d) = %d, want %d (no padding)", i, p, i)
					}
				}
				return
			}
			if l.size%pageFloats != 0 {
				t.Errorf("size %d is not a whole number of pages", l.size)
			}
			prev := -1
			for i := 0; i < tc.n; i++ {
				p := l.pos(i)
				if p <= prev || p >= l.size {
					t.Fatalf("pos(%d) = %d after %d, size %d: want increasing positions inside the arrays", i, p, prev, l.size)
				}
				prev = p
			}
			// Every worker's neurons on pages of their own.
			lastPage := -1
			for w := range tc.T {
				if l.first[w] == l.end[w] {
					continue
				}
				lo, hi := l.first[w]+l.off[w], l.end[w]-1+l.off[w]
				if lo/pageFloats <= lastPage {
					t.Errorf("worker %d starts on page %d, which worker before it writes", w, lo/pageFloats)
				}
				lastPage = hi / pageFloats
				if l.first[w] != tc.a+(tc.b-tc.a)*w/tc.T || l.end[w] != tc.a+(tc.b-tc.a)*(w+1)/tc.T {
					t.Errorf("worker %d has [%d, %d), want the even split", w, l.first[w], l.end[w])
				}
			}
		})
	}
}

// TestLayoutNeuron checks that neuron inverts pos: every neuron's position
// maps back to it and every other position is padding.
func TestLayoutNeuron(t *testing.T) {
	for _, tc := range []struct{ n, a, b, T int }{
		{384, 0, 384, 1}, {384, 0, 384, 2}, {577, 0, 577, 3}, {1000, 334, 667, 2},
		{1, 0, 1, 3}, {2, 0, 2, 4}, {1024, 0, 1024, 2}, {5000, 0, 5000, 7},
	} {
		for _, pad := range []bool{false, true} {
			l := newLayout(tc.n, tc.a, tc.b, tc.T, pad)
			held := 0
			for p := 0; p < l.size; p++ {
				if i := l.neuron(p); i >= 0 {
					held++
					if q := l.pos(i); q != p {
						t.Errorf("%+v pad %v: neuron(%d) = %d, whose position is %d", tc, pad, p, i, q)
					}
				}
			}
			if held != tc.n {
				t.Errorf("%+v pad %v: %d positions hold a neuron, want %d", tc, pad, held, tc.n)
			}
		}
	}
}

// TestPaddedLayoutResults checks that worker-padded state arrays change
// nothing a user sees: spikes and recorded traces of a conductance-cell
// network with per-neuron current steps, a played current on some neurons,
// random initial potentials and random weights are identical for 1, 2 and
// 3 threads.
func TestPaddedLayoutResults(t *testing.T) {
	st, err := channels.Stellate(channels.DefaultStellateParams())
	if err != nil {
		t.Fatal(err)
	}
	wb, err := channels.WangBuzsaki(channels.DefaultInterneuronParams())
	if err != nil {
		t.Fatal(err)
	}
	syn := []Exp2Syn{
		{Name: "e", Tau1: 0.5 * Millisecond, Tau2: 2 * Millisecond},
		{Name: "i", Tau1: 0.5 * Millisecond, Tau2: 5 * Millisecond, E: -75 * Millivolt},
	}
	build := func() *Network {
		net := &Network{Dt: 0.025 * Millisecond, Seed: 7}
		s := net.AddPopulation("s", 101, &ConductanceCell{Cell: st, Synapses: syn})
		in := net.AddPopulation("i", 37, &ConductanceCell{Cell: wb, Synapses: syn})
		s.Init = map[string]Value{"v": Uniform{-70 * Millivolt, -50 * Millivolt}}
		net.Connect(s, in, "e", Bernoulli{P: 0.2}, Uniform{0, 2e-9}, Const(1*Millisecond))
		net.Connect(in, s, "i", Bernoulli{P: 0.3}, Uniform{0, 4e-9}, Const(1*Millisecond))
		net.Add(&CurrentStep{Target: s, Neurons: []int{0, 3, 50, 51, 99, 100}, Amplitude: 2e-12, Start: 5 * Millisecond, Stop: 60 * Millisecond})
		net.Add(&CurrentStep{Target: in, Amplitude: 1.5e-12})
		wave := make([]float32, 400)
		for j := range wave {
			wave[j] = float32(j%40) * 1e-3
		}
		net.Add(&PlayedCurrent{Name: "ramp", Target: s, Neurons: []int{1, 49, 52, 98}, Interval: 0.25 * Millisecond,
			Samples: [][]float32{wave}, Wave: []int32{0, 0, 0, 0}, Unit: 1e-9})
		net.Record(&SpikeRecorder{Population: s}, &SpikeRecorder{Population: in},
			&StateRecorder{Population: s, Variable: "v", Neurons: []int{0, 1, 49, 50, 51, 52, 100}},
			&StateRecorder{Population: in, Variable: "g_e", Interval: 1 * Millisecond})
		return net
	}
	var ref *Result
	for _, threads := range []int{1, 2, 3} {
		res, err := Run(context.Background(), build(), 0.1, &Options{Threads: threads})
		if err != nil {
			t.Fatalf("%d threads: %v", threads, err)
		}
		if res.Threads != threads {
			t.Fatalf("ran on %d threads, want %d", res.Threads, threads)
		}
		if threads == 1 {
			ref = res
			if n := len(res.Spikes["s"].Index) + len(res.Spikes["i"].Index); n == 0 {
				t.Fatal("no spikes: the comparison would be empty")
			}
			continue
		}
		for _, p := range []string{"s", "i"} {
			if !reflect.DeepEqual(res.Spikes[p], ref.Spikes[p]) {
				t.Errorf("%d threads: spikes of %s differ from 1 thread", threads, p)
			}
		}
		if !reflect.DeepEqual(res.Traces, ref.Traces) {
			t.Errorf("%d threads: traces differ from 1 thread", threads)
		}
	}
}
