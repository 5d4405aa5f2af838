package nets

import "github.com/golgi-sim/golgi/sim"

// BrunelConfig configures model A of Brunel 2000: NE excitatory and NE/4
// inhibitory LIF neurons with delta synapses (J = 0.1 mV, inhibition -g J),
// Bernoulli connectivity with probability Epsilon, delay D, and CE external
// Poisson inputs per neuron at eta times the threshold rate. The zero value
// is the parameter set of Fig. 8C (g = 5, eta = 2, synchronous irregular
// with fast oscillations, about 38 Hz), following the Brian2 example.
type BrunelConfig struct {
	NE      int     // excitatory neurons; 0 means 10000 (NI = NE/4)
	Epsilon float64 // connection probability; 0 means 0.1
	G       float64 // relative inhibition; 0 means 5
	Eta     float64 // external rate over threshold rate; 0 means 2
	J       float64 // EPSP (V); 0 means 0.1 mV
	Delay   float64 // synaptic delay (s); 0 means 1.5 ms
	Dt      float64 // time step (s); 0 means 0.1 ms
	Seed    uint64
	// Convention; Brian2's (inputs add to v during the refractory period,
	// as the Brian2 peer script) unless set to Golgi's with GolgiConvention.
	GolgiConvention bool
}

// Brunel returns the network: populations "E" and "I" and a PoissonInput
// on each.
func Brunel(c BrunelConfig) *sim.Network {
	ne := c.NE
	if ne == 0 {
		ne = 10000
	}
	eps := or(c.Epsilon, 0.1)
	g := or(c.G, 5)
	eta := or(c.Eta, 2)
	j := or(c.J, 0.1*sim.Millivolt)
	delay := or(c.Delay, 1.5*sim.Millisecond)
	ni := ne / 4
	ce := int(eps * float64(ne))
	tau := 20 * sim.Millisecond
	theta := 20 * sim.Millivolt
	nuThr := theta / (j * float64(ce) * tau)
	conv := sim.ConventionBrian2
	if c.GolgiConvention {
		conv = sim.ConventionGolgi
	}
	net := &sim.Network{Dt: c.Dt, Seed: c.Seed, Convention: conv}
	m := &sim.LIF{TauM: tau, EL: 0, VThreshold: theta, VReset: 10 * sim.Millivolt,
		Refractory: 2 * sim.Millisecond, Synapse: sim.Delta}
	e := net.AddPopulation("E", ne, m)
	i := net.AddPopulation("I", ni, m)
	for _, post := range []*sim.Population{e, i} {
		net.Connect(e, post, "v", sim.Bernoulli{P: eps, Autapses: true}, sim.Const(j), sim.Const(delay))
		net.Connect(i, post, "v", sim.Bernoulli{P: eps, Autapses: true}, sim.Const(-g*j), sim.Const(delay))
		net.Add(&sim.PoissonInput{Target: post, Receptor: "v", N: ce, Rate: eta * nuThr, Weight: j})
	}
	return net
}

func or(x, def float64) float64 {
	if x == 0 {
		return def
	}
	return x
}
