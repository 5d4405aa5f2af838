package nets

import "github.com/golgi-sim/golgi/sim"

// CUBAConfig configures the CUBA network of Brette et al. 2007, benchmark 2:
// as COBA but with exponential current synapses (we = 1.62 mV, wi = -9 mV in
// units of the voltage they drive), El = -49 mV above threshold, exact
// integration, about 5.6 Hz. The zero value is the published model.
type CUBAConfig struct {
	N          int     // neurons; 0 means 4000 (80 % excitatory)
	P          float64 // connection probability; 0 means 0.02
	Dt         float64 // time step (s); 0 means 0.1 ms
	Seed       uint64
	Convention sim.Convention
	// Euler selects forward Euler instead of exact integration.
	Euler bool
	// Pre and Post, if set, replace the random connectivity (indices over
	// the whole network, sources < 0.8 N excitatory).
	Pre, Post []int
	// V0 (V), if set, gives the initial potentials; otherwise uniform in
	// [Vr, Vt).
	V0 []float64
}

// CUBAModel returns the neuron model of the CUBA benchmark.
func CUBAModel(method sim.Method) *sim.LIF {
	return &sim.LIF{
		TauM: 20 * sim.Millisecond, EL: -49 * sim.Millivolt,
		VThreshold: -50 * sim.Millivolt, VReset: -60 * sim.Millivolt,
		Refractory: 5 * sim.Millisecond,
		Synapse:    sim.CurrentExp, TauE: 5 * sim.Millisecond, TauI: 10 * sim.Millisecond,
		Method: method,
	}
}

// CUBA returns the CUBA network, laid out as COBA's.
func CUBA(c CUBAConfig) (*sim.Network, error) {
	n := c.N
	if n == 0 {
		n = 4000
	}
	p := c.P
	if p == 0 {
		p = 0.02
	}
	method := sim.Exact
	if c.Euler {
		method = sim.Euler
	}
	net := &sim.Network{Dt: c.Dt, Seed: c.Seed, Convention: c.Convention}
	we := 60 * 0.27 / 10 * sim.Millivolt
	wi := -20 * 4.5 / 10 * sim.Millivolt
	e, i, err := addEI(net, n, CUBAModel(method), p, c.Pre, c.Post, we, wi)
	if err != nil {
		return nil, err
	}
	if c.V0 != nil {
		return net, initEI(e, i, map[string][]float64{"v": c.V0})
	}
	for _, pop := range []*sim.Population{e, i} {
		pop.Init = map[string]sim.Value{"v": sim.Uniform{Lo: -60 * sim.Millivolt, Hi: -50 * sim.Millivolt}}
	}
	return net, nil
}
