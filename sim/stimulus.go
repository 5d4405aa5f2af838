package sim

import (
	"fmt"
	"math"
)

// A Stimulus drives neurons from outside the network: an injected current
// or random synaptic input.
type Stimulus interface {
	describe() string
	validate(net *Network) error
}

// CurrentStep injects a current of Amplitude (A, positive depolarising)
// into Neurons of Target (nil: every neuron) while Start <= t < Stop. A zero
// Stop means until the end of the run, so CurrentStep{Target: p,
// Amplitude: 1*sim.Nanoamp} is a DC input. The current is evaluated at the
// middle of each step, t = (s+1/2)*dt.
type CurrentStep struct {
	Target      *Population
	Neurons     []int
	Amplitude   float64 // A
	Start, Stop float64 // s
}

func (c *CurrentStep) describe() string {
	return fmt.Sprintf("CurrentStep %g nA on %s", c.Amplitude/Nanoamp, name(c.Target))
}

func (c *CurrentStep) validate(net *Network) error {
	if c.Target == nil || !net.member(c.Target) {
		return fmt.Errorf("target population not in the network")
	}
	if _, ok := c.Target.Model.(CurrentTaker); !ok {
		return fmt.Errorf("model %s of %q takes no injected current", c.Target.Model.ModelName(), c.Target.Name)
	}
	if math.IsNaN(c.Amplitude) || math.IsInf(c.Amplitude, 0) {
		return fmt.Errorf("Amplitude = %g A, want a finite current", c.Amplitude)
	}
	if c.Start < 0 || (c.Stop != 0 && c.Stop < c.Start) || math.IsNaN(c.Start) || math.IsNaN(c.Stop) {
		return fmt.Errorf("Start = %g s, Stop = %g s: want 0 <= Start <= Stop (or Stop 0 for no end)", c.Start, c.Stop)
	}
	return checkIndices(c.Neurons, c.Target)
}

func checkIndices(idx []int, p *Population) error {
	for _, i := range idx {
		if i < 0 || i >= p.N {
			return fmt.Errorf("neuron index %d outside population %q of %d neurons", i, p.Name, p.N)
		}
	}
	return nil
}

// TakesCurrent marks the model as taking injected current (CurrentTaker).
func (*LIF) TakesCurrent() {}

// PoissonInput gives every neuron of Target N independent Poisson spike
// trains of Rate (Hz), each spike adding Weight to Receptor, as Brian2's
// PoissonInput: the number of input spikes in a step is drawn from
// Binomial(N, Rate*dt) per neuron and step, from a stream keyed by (seed,
// stimulus, gid, step).
type PoissonInput struct {
	Target   *Population
	Receptor string
	N        int
	Rate     float64 // Hz
	Weight   float64 // in the receptor's unit
}

func (p *PoissonInput) describe() string {
	return fmt.Sprintf("PoissonInput %d x %g Hz on %s:%s", p.N, p.Rate, name(p.Target), p.Receptor)
}

func (p *PoissonInput) validate(net *Network) error {
	if p.Target == nil || !net.member(p.Target) {
		return fmt.Errorf("target population not in the network")
	}
	if receptorIndex(p.Target.Model, p.Receptor) < 0 {
		return fmt.Errorf("unknown receptor %q of model %s, want one of %q", p.Receptor, p.Target.Model.ModelName(), p.Target.Model.Receptors())
	}
	if p.N < 0 {
		return fmt.Errorf("N = %d, want >= 0", p.N)
	}
	if !(p.Rate >= 0) || math.IsInf(p.Rate, 0) {
		return fmt.Errorf("Rate = %g Hz, want >= 0", p.Rate)
	}
	if pr := p.Rate * net.dt(); pr > 1 {
		return fmt.Errorf("Rate = %g Hz gives a probability %g > 1 per step of %g ms", p.Rate, pr, net.dt()/Millisecond)
	}
	if math.IsNaN(p.Weight) || math.IsInf(p.Weight, 0) {
		return fmt.Errorf("Weight = %g, want finite", p.Weight)
	}
	return nil
}

// binomialTable returns the cumulative distribution of Binomial(n, p),
// cut where the remaining mass is below 1e-17, for sampling by inversion.
func binomialTable(n int, p float64) []float64 {
	if n == 0 || p == 0 {
		return []float64{1}
	}
	if p == 1 {
		c := make([]float64, n+1)
		c[n] = 1
		return c
	}
	var cdf []float64
	logq := math.Log1p(-p)
	logp := math.Log(p)
	sum := 0.0
	for k := 0; k <= n; k++ {
		lg1, _ := math.Lgamma(float64(n + 1))
		lg2, _ := math.Lgamma(float64(k + 1))
		lg3, _ := math.Lgamma(float64(n - k + 1))
		pk := math.Exp(lg1 - lg2 - lg3 + float64(k)*logp + float64(n-k)*logq)
		sum += pk
		cdf = append(cdf, sum)
		if 1-sum < 1e-17 && float64(k) > float64(n)*p {
			break
		}
	}
	cdf[len(cdf)-1] = 1
	return cdf
}
