package nets

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim"
)

// COBAConfig configures the COBA network of Brette et al. 2007, benchmark 1:
// 4000 LIF neurons (3200 excitatory, 800 inhibitory) with exponential
// conductance synapses, connected with probability 0.02, self-sustained at
// about 20 Hz. The zero value is the published model, integrated with
// forward Euler at dt 0.1 ms as the Brian reference implementation.
type COBAConfig struct {
	N  int     // neurons; 0 means 4000 (80 % excitatory)
	P  float64 // connection probability; 0 means 0.02
	Dt float64 // time step (s); 0 means 0.1 ms
	// Seed of connectivity and initial state.
	Seed uint64
	// Convention; the zero value is Golgi's. Brian2's reproduces the
	// reference spikes.
	Convention sim.Convention
	// Method: sim.Euler (the reference) unless Exact is set.
	Exact bool
	// Synapses, if set, replace the random connectivity: Pre and Post lists
	// of neuron indices (sources < 0.8 N are excitatory), as in
	// shared/ref/brian2_synapses_4000.csv.
	Pre, Post []int
	// V0 (V), Ge0, Gi0 (S), if set, give the initial state per neuron;
	// otherwise v = -60 + (5 randn - 5) mV, ge = (1.5 randn + 4) gL, gi =
	// (12 randn + 20) gL, as Brette's COBA.py.
	V0, Ge0, Gi0 []float64
}

// COBA model constants (Brette et al. 2007, appendix B).
const (
	cobaGLeak = 10 * sim.Nanosiemens
	cobaWE    = 6 * sim.Nanosiemens  // 0.6 gL
	cobaWI    = 67 * sim.Nanosiemens // 6.7 gL
)

// COBAModel returns the neuron model of the COBA benchmark.
func COBAModel(method sim.Method) *sim.LIF {
	return &sim.LIF{
		TauM: 20 * sim.Millisecond, EL: -60 * sim.Millivolt,
		VThreshold: -50 * sim.Millivolt, VReset: -60 * sim.Millivolt,
		Refractory: 5 * sim.Millisecond, Cm: 200 * sim.Picofarad,
		Synapse: sim.ConductanceExp, TauE: 5 * sim.Millisecond, TauI: 10 * sim.Millisecond,
		EE: 0, EI: -80 * sim.Millivolt, GLeak: cobaGLeak, Method: method,
	}
}

// COBA returns the COBA network: populations "E" (the first 80 %) and "I"
// (gids follow Brian2's indices), projections "E->E", "E->I", "I->E", "I->I".
func COBA(c COBAConfig) (*sim.Network, error) {
	n := c.N
	if n == 0 {
		n = 4000
	}
	p := c.P
	if p == 0 {
		p = 0.02
	}
	method := sim.Euler
	if c.Exact {
		method = sim.Exact
	}
	net := &sim.Network{Dt: c.Dt, Seed: c.Seed, Convention: c.Convention}
	e, i, err := addEI(net, n, COBAModel(method), p, c.Pre, c.Post, cobaWE, cobaWI)
	if err != nil {
		return nil, err
	}
	if c.V0 != nil {
		if err := initEI(e, i, map[string][]float64{"v": c.V0, "ge": c.Ge0, "gi": c.Gi0}); err != nil {
			return nil, err
		}
	} else {
		for _, pop := range []*sim.Population{e, i} {
			pop.Init = map[string]sim.Value{
				"v":  sim.Normal{Mean: -65 * sim.Millivolt, SD: 5 * sim.Millivolt},
				"ge": sim.Normal{Mean: 4 * cobaGLeak, SD: 1.5 * cobaGLeak},
				"gi": sim.Normal{Mean: 20 * cobaGLeak, SD: 12 * cobaGLeak},
			}
		}
	}
	return net, nil
}

// addEI adds populations E (80 %) and I of model m and the four projections
// between them, Bernoulli(p) with autapses, or from explicit lists of
// indices over the whole network (sources < 0.8 n are excitatory).
func addEI(net *sim.Network, n int, m sim.Model, p float64, pre, post []int, we, wi float64) (e, i *sim.Population, err error) {
	ne := n * 4 / 5
	e = net.AddPopulation("E", ne, m)
	i = net.AddPopulation("I", n-ne, m)
	pops := []*sim.Population{e, i}
	weights := []float64{we, wi}
	receptors := []string{"exc", "inh"}
	if pre != nil {
		if len(pre) != len(post) {
			return nil, nil, fmt.Errorf("nets: %d Pre and %d Post indices", len(pre), len(post))
		}
		var lists [2][2]sim.Explicit
		for k := range pre {
			a, b := pre[k], post[k]
			if a < 0 || a >= n || b < 0 || b >= n {
				return nil, nil, fmt.Errorf("nets: synapse %d (%d -> %d) outside [0, %d)", k, a, b, n)
			}
			sa, sb := 0, 0
			if a >= ne {
				sa, a = 1, a-ne
			}
			if b >= ne {
				sb, b = 1, b-ne
			}
			l := &lists[sa][sb]
			l.Pre, l.Post = append(l.Pre, a), append(l.Post, b)
		}
		for sa := range pops {
			for sb := range pops {
				net.Connect(pops[sa], pops[sb], receptors[sa], lists[sa][sb], sim.Const(weights[sa]), nil)
			}
		}
		return e, i, nil
	}
	for sa := range pops {
		for sb := range pops {
			net.Connect(pops[sa], pops[sb], receptors[sa], sim.Bernoulli{P: p, Autapses: true}, sim.Const(weights[sa]), nil)
		}
	}
	return e, i, nil
}

// initEI sets initial values given over the whole network.
func initEI(e, i *sim.Population, vals map[string][]float64) error {
	n := e.N + i.N
	for name, x := range vals {
		if x == nil {
			continue
		}
		if len(x) != n {
			return fmt.Errorf("nets: initial %s has %d values for %d neurons", name, len(x), n)
		}
		if e.Init == nil {
			e.Init, i.Init = map[string]sim.Value{}, map[string]sim.Value{}
		}
		e.Init[name] = sim.Array(x[:e.N])
		i.Init[name] = sim.Array(x[e.N:])
	}
	return nil
}
