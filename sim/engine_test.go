package sim

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// probe returns a LIF population with delta synapses, no leak to speak of
// (TauM 1e6 s) and an unreachable threshold, so that v integrates its
// inputs exactly.
func probeModel() *LIF {
	return &LIF{TauM: 1e6, EL: 0, VThreshold: 1, VReset: 0, Synapse: Delta}
}

func TestReplayDelayAndStamps(t *testing.T) {
	for _, conv := range []Convention{ConventionGolgi, ConventionBrian2} {
		net := &Network{Dt: 0.1 * Millisecond, Convention: conv}
		src := net.AddPopulation("src", 1, &SpikeTimes{Times: [][]float64{{1 * Millisecond, 2.5 * Millisecond}}})
		dst := net.AddPopulation("dst", 1, probeModel())
		net.Connect(src, dst, "v", AllToAll{}, Const(1*Millivolt), Const(1.5*Millisecond))
		net.Record(&SpikeRecorder{Population: src}, &StateRecorder{Population: dst, Variable: "v"})
		res, err := Run(context.Background(), net, 5*Millisecond, &Options{Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := res.Spikes["src"].Time
		if len(got) != 2 || math.Abs(got[0]-1*Millisecond) > 1e-12 || math.Abs(got[1]-2.5*Millisecond) > 1e-12 {
			t.Errorf("%v: replayed stamps %v, want [1 2.5] ms", conv, got)
		}
		// v after step s is sample s+1. The first input arrives at the start
		// of the step beginning at t = 1 + 1.5 ms (Golgi) or one step later
		// (Brian2), so v = 1 mV from the sample at 2.6 ms (2.7 ms).
		v := res.Traces[0].Values[0]
		first := -1
		for j, x := range v {
			if x > 0.5*Millivolt {
				first = j
				break
			}
		}
		want := 26
		if conv == ConventionBrian2 {
			want = 27
		}
		if first != want {
			t.Errorf("%v: input first visible in sample %d, want %d", conv, first, want)
		}
		if last := v[len(v)-1]; math.Abs(last-2*Millivolt) > 1e-10 {
			t.Errorf("%v: final v %g mV, want 2", conv, last/Millivolt)
		}
	}
}

func TestPoissonSourceRate(t *testing.T) {
	net := &Network{Dt: 0.1 * Millisecond, Seed: 5}
	net.AddPopulation("p", 1000, &PoissonSource{Rate: 20})
	res, err := Run(context.Background(), net, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 20 000 expected spikes; standard deviation 141.
	if n := res.NumSpikes(); math.Abs(float64(n)-20000) > 5*141 {
		t.Errorf("%d spikes, want 20000 +- 705", n)
	}
	// Inhomogeneous: rate 40 Hz in the first half, 0 after.
	net = &Network{Dt: 0.1 * Millisecond, Seed: 5}
	net.AddPopulation("p", 1000, &PoissonSource{RateFunc: func(i int, t float64) float64 {
		if t < 0.5 {
			return 40
		}
		return 0
	}})
	res, err = Run(context.Background(), net, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	late := 0
	for _, ts := range res.Spikes["p"].Time {
		if ts > 0.5+1e-9 {
			late++
		}
	}
	if n := res.NumSpikes(); math.Abs(float64(n)-20000) > 5*141 || late > 0 {
		t.Errorf("inhomogeneous: %d spikes (%d after 0.5 s), want 20000 +- 705 and none late", n, late)
	}
}

func TestPoissonInputMean(t *testing.T) {
	net := &Network{Dt: 0.1 * Millisecond, Seed: 9}
	p := net.AddPopulation("p", 500, probeModel())
	net.Add(&PoissonInput{Target: p, Receptor: "v", N: 100, Rate: 50, Weight: 0.01 * Millivolt})
	net.Record(&StateRecorder{Population: p, Variable: "v", Interval: 0.1})
	res, err := Run(context.Background(), net, 0.1, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Each neuron gets Binomial(100, 0.005) per step for 1000 steps: mean
	// 500 inputs (5 mV), variance 497.5.
	var sum float64
	for _, v := range res.Traces[0].Values {
		sum += v[len(v)-1]
	}
	mean := sum / 500 / (0.01 * Millivolt)
	if sd := math.Sqrt(497.5 / 500); math.Abs(mean-500) > 5*sd {
		t.Errorf("mean input count %.2f, want 500 +- %.2f", mean, 5*sd)
	}
}

func TestConnectivityRules(t *testing.T) {
	cases := []struct {
		rule       Rule
		nPre, nPst int
		same       bool
		want       float64 // expected synapse count
		tol        float64
	}{
		{AllToAll{}, 50, 40, false, 2000, 0},
		{AllToAll{}, 50, 50, true, 2450, 0},
		{AllToAll{Autapses: true}, 50, 50, true, 2500, 0},
		{OneToOne{}, 30, 30, false, 30, 0},
		{Bernoulli{P: 0.1}, 1000, 1000, false, 100000, 5 * 300},
		{FixedInDegree{K: 7}, 100, 60, false, 420, 0},
		{FixedOutDegree{K: 9}, 100, 60, false, 900, 0},
		{Explicit{Pre: []int{0, 1, 1}, Post: []int{2, 0, 2}}, 3, 3, false, 3, 0},
	}
	for _, c := range cases {
		net := &Network{Seed: 3}
		a := net.AddPopulation("a", c.nPre, probeModel())
		b := a
		if !c.same {
			b = net.AddPopulation("b", c.nPst, probeModel())
		}
		net.Connect(a, b, "v", c.rule, Const(1e-3), nil)
		for _, threads := range []int{1, 3} {
			s, err := Build(net, &Options{Threads: threads})
			if err != nil {
				t.Fatalf("%s: %v", c.rule.describe(), err)
			}
			if got := float64(s.Synapses()); math.Abs(got-c.want) > c.tol {
				t.Errorf("%s, %d threads: %v synapses, want %v +- %v", c.rule.describe(), threads, got, c.want, c.tol)
			}
			pj := s.inst.projs[0]
			// In-degree rules: every target has exactly K sources, no
			// autapses, no multapses.
			if r, ok := c.rule.(FixedInDegree); ok {
				in := make([]map[uint32]bool, c.nPst)
				for i := range in {
					in[i] = map[uint32]bool{}
				}
				for _, part := range pj.part {
					for src := 0; src < c.nPre; src++ {
						for _, j := range part.tgt[part.row[src]:part.row[src+1]] {
							if in[j][uint32(src)] {
								t.Errorf("FixedInDegree: multapse %d->%d", src, j)
							}
							in[j][uint32(src)] = true
						}
					}
				}
				for j := range in {
					if len(in[j]) != r.K {
						t.Errorf("FixedInDegree: target %d has %d sources, want %d", j, len(in[j]), r.K)
					}
				}
			}
		}
	}
}

func TestValidationErrors(t *testing.T) {
	good := func() (*Network, *Population) {
		net := &Network{}
		p := net.AddPopulation("exc", 10, &LIF{TauM: 0.02, VThreshold: 0.02, Synapse: Delta})
		return net, p
	}
	cases := []struct {
		name string
		mod  func(*Network, *Population)
		want []string // substrings of the error
	}{
		{"negative tau", func(n *Network, p *Population) { p.Model.(*LIF).TauM = -1 }, []string{`population "exc"`, "TauM", "> 0"}},
		{"zero size", func(n *Network, p *Population) { p.N = 0 }, []string{`"exc"`, "N = 0"}},
		{"unknown receptor", func(n *Network, p *Population) {
			n.Connect(p, p, "ampa", AllToAll{}, Const(1), nil)
		}, []string{"exc->exc:ampa", `unknown receptor "ampa"`, `"v"`}},
		{"delay below dt", func(n *Network, p *Population) {
			n.Connect(p, p, "v", AllToAll{}, Const(1), Const(0.05*Millisecond))
		}, []string{"Delay 0.05 ms", "shorter than the time step 0.1 ms"}},
		{"explicit out of range", func(n *Network, p *Population) {
			n.Connect(p, p, "v", Explicit{Pre: []int{0}, Post: []int{10}}, nil, nil)
		}, []string{"Post index 10 outside [0, 10)"}},
		{"array size", func(n *Network, p *Population) {
			n.Connect(p, p, "v", Explicit{Pre: []int{0, 1}, Post: []int{1, 0}}, Array{1}, nil)
		}, []string{"Weight", "1 values, want 2"}},
		{"array without explicit", func(n *Network, p *Population) {
			n.Connect(p, p, "v", AllToAll{}, Array{1}, nil)
		}, []string{"needs an Explicit rule"}},
		{"bad probability", func(n *Network, p *Population) {
			n.Connect(p, p, "v", Bernoulli{P: 1.5}, nil, nil)
		}, []string{"P = 1.5", "0 <= P <= 1"}},
		{"in-degree too large", func(n *Network, p *Population) {
			n.Connect(p, p, "v", FixedInDegree{K: 10}, nil, nil)
		}, []string{"K = 10", "K <= 9"}},
		{"init size", func(n *Network, p *Population) { p.Init = map[string]Value{"v": Array{1, 2}} }, []string{`Init["v"]`, "2 values, want 10"}},
		{"init unknown", func(n *Network, p *Population) { p.Init = map[string]Value{"w": Const(0)} }, []string{`unknown variable "w"`}},
		{"negative dt", func(n *Network, p *Population) { n.Dt = -1 }, []string{"Dt = -1"}},
		{"recorder variable", func(n *Network, p *Population) {
			n.Record(&StateRecorder{Population: p, Variable: "ge"})
		}, []string{`unknown variable "ge"`}},
		{"current into source", func(n *Network, p *Population) {
			q := n.AddPopulation("src", 2, &PoissonSource{Rate: 1})
			n.Add(&CurrentStep{Target: q, Amplitude: 1})
		}, []string{"takes no injected current"}},
		{"poisson input rate", func(n *Network, p *Population) {
			n.Add(&PoissonInput{Target: p, Receptor: "v", N: 1, Rate: 20000})
		}, []string{"probability 2 > 1"}},
		{"foreign population", func(n *Network, p *Population) {
			other := &Population{Name: "x", N: 1, Model: probeModel()}
			n.Connect(other, p, "v", AllToAll{}, nil, nil)
		}, []string{"source population not in the network"}},
	}
	for _, c := range cases {
		net, p := good()
		if _, err := Build(net, nil); err != nil {
			t.Fatalf("base network: %v", err)
		}
		c.mod(net, p)
		_, err := Build(net, nil)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.name, err, w)
			}
		}
	}
	if _, err := Build(nil, nil); err == nil {
		t.Error("Build(nil): no error")
	}
	if _, err := Run(context.Background(), &Network{}, 1, nil); err == nil {
		t.Error("empty network: no error")
	}
}

func TestCancelStopsWithinAnEpoch(t *testing.T) {
	net := &Network{Seed: 1}
	p := net.AddPopulation("p", 2000, &PoissonSource{Rate: 10})
	q := net.AddPopulation("q", 2000, probeModel())
	net.Connect(p, q, "v", Bernoulli{P: 0.05}, Const(1e-6), Const(1*Millisecond))
	s, err := Build(net, &Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	res, err := s.Run(ctx, 1000)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if res == nil || res.Complete || res.Duration <= 0 || res.Duration >= 1000 {
		t.Fatalf("result %+v: want a partial run", res)
	}
	if res.Steps%11 != 0 {
		t.Errorf("stopped after %d steps, not at an epoch boundary (11 steps)", res.Steps)
	}
	st := res.Spikes["p"]
	if st.Len() == 0 || float64(st.Step[st.Len()-1]) >= float64(res.Steps) {
		t.Errorf("spikes recorded %d, last step beyond the run's end", st.Len())
	}
	// The simulation continues after an interruption.
	res2, err := s.Run(context.Background(), 0.01)
	if err != nil || !res2.Complete || res2.Steps != res.Steps+100 {
		t.Errorf("continuing: %v, steps %d, want %d", err, res2.Steps, res.Steps+100)
	}
}

func TestExplicitWeightsAndDelays(t *testing.T) {
	net := &Network{Dt: 0.1 * Millisecond}
	src := net.AddPopulation("src", 2, &SpikeTimes{Times: [][]float64{{1 * Millisecond}, {1 * Millisecond}}})
	dst := net.AddPopulation("dst", 2, probeModel())
	net.Connect(src, dst, "v", Explicit{Pre: []int{0, 1, 0}, Post: []int{0, 0, 1}},
		Array{1 * Millivolt, 2 * Millivolt, 4 * Millivolt}, Array{1 * Millisecond, 3 * Millisecond, 2 * Millisecond})
	net.Record(&StateRecorder{Population: dst, Variable: "v"})
	for _, threads := range []int{1, 2} {
		res, err := Run(context.Background(), net, 5*Millisecond, &Options{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		// Spikes stamped 1 ms arrive at 2, 4 (dst 0) and 3 ms (dst 1).
		v0, v1 := res.Traces[0].Values[0], res.Traces[0].Values[1]
		check := func(name string, v []float64, sample int, want float64) {
			if math.Abs(v[sample]-want) > 1e-9 {
				t.Errorf("%d threads: %s at sample %d = %g mV, want %g", threads, name, sample, v[sample]/Millivolt, want/Millivolt)
			}
		}
		check("dst0", v0, 20, 0)
		check("dst0", v0, 21, 1*Millivolt)
		check("dst0", v0, 41, 3*Millivolt)
		check("dst1", v1, 30, 0)
		check("dst1", v1, 31, 4*Millivolt)
	}
}
