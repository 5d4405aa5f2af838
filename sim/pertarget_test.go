package sim

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestPerTargetWeights checks that a PerTarget rule delivers its weights:
// source 0 excites target 0 by 1 mV and target 1 by 4 mV, source 1 target
// 0 by 2 mV, for 1 and 2 threads, and that the synapse count and storage
// are those of the listed synapses.
func TestPerTargetWeights(t *testing.T) {
	net := &Network{Dt: 0.1 * Millisecond}
	src := net.AddPopulation("src", 2, &SpikeTimes{Times: [][]float64{{1 * Millisecond}, {1 * Millisecond}}})
	dst := net.AddPopulation("dst", 2, probeModel())
	rule := PerTarget{Name: "test", Sources: func(j int, s []int32, w []float64) ([]int32, []float64) {
		if j == 0 {
			return append(s, 1, 0), append(w, 2*Millivolt, 1*Millivolt)
		}
		return append(s, 0), append(w, 4*Millivolt)
	}}
	net.Connect(src, dst, "v", rule, nil, Const(1*Millisecond))
	net.Record(&StateRecorder{Population: dst, Variable: "v"})
	for _, threads := range []int{1, 2} {
		s, err := Build(net, &Options{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		if n := s.Synapses(); n != 3 {
			t.Errorf("%d threads: %d synapses, want 3", threads, n)
		}
		res, err := s.Run(context.Background(), 5*Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		// Spikes stamped 1 ms arrive at 2 ms.
		v0, v1 := res.Traces[0].Values[0], res.Traces[0].Values[1]
		for _, c := range []struct {
			name string
			v    []float64
			k    int
			want float64
		}{{"dst0", v0, 20, 0}, {"dst0", v0, 21, 3 * Millivolt}, {"dst1", v1, 20, 0}, {"dst1", v1, 21, 4 * Millivolt}} {
			if math.Abs(c.v[c.k]-c.want) > 1e-9 {
				t.Errorf("%d threads: %s at sample %d = %g mV, want %g", threads, c.name, c.k, c.v[c.k]/Millivolt, c.want/Millivolt)
			}
		}
	}
}

func TestPerTargetErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		rule    PerTarget
		weight  Value
		wantErr string
	}{
		{"no function", PerTarget{Name: "x"}, nil, "no Sources function"},
		{"weight given", PerTarget{Name: "x", Sources: func(j int, s []int32, w []float64) ([]int32, []float64) { return s, w }}, Const(1), "want nil"},
		{"source out of range", PerTarget{Name: "x", Sources: func(j int, s []int32, w []float64) ([]int32, []float64) {
			return append(s, 5), append(w, 1)
		}}, nil, "source 5 of target 0, outside [0, 2)"},
		{"lengths differ", PerTarget{Name: "x", Sources: func(j int, s []int32, w []float64) ([]int32, []float64) {
			return append(s, 1), w
		}}, nil, "1 sources and 0 weights"},
		{"NaN weight", PerTarget{Name: "x", Sources: func(j int, s []int32, w []float64) ([]int32, []float64) {
			return append(s, 1), append(w, math.NaN())
		}}, nil, "want a finite number"},
	} {
		net := &Network{}
		src := net.AddPopulation("src", 2, &SpikeTimes{Times: [][]float64{{1 * Millisecond}, {}}})
		dst := net.AddPopulation("dst", 2, probeModel())
		net.Connect(src, dst, "v", c.rule, c.weight, nil)
		_, err := Build(net, &Options{Threads: 1})
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.wantErr)
		}
	}
}
