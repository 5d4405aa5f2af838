package sim

import (
	"fmt"
	"math"
	"sort"

	"github.com/golgi-sim/golgi/sim/rng"
)

// PoissonSource is a population of independent Poisson spike trains: in
// each step a neuron spikes with probability rate*dt (as Brian2's
// PoissonGroup), drawn from a stream keyed by (seed, gid, step). It has no
// receptors and no state.
type PoissonSource struct {
	// Rate is the firing rate (Hz) of every neuron, used when Rates and
	// RateFunc are nil.
	Rate float64
	// Rates gives one rate (Hz) per neuron.
	Rates []float64
	// RateFunc, if set, gives the rate (Hz) of neuron i at time t (s):
	// an inhomogeneous Poisson process. It is called once per neuron and
	// step and must be safe for concurrent use.
	RateFunc func(i int, t float64) float64
}

// ModelName returns "PoissonSource".
func (m *PoissonSource) ModelName() string { return "PoissonSource" }

// Receptors returns nil: a source takes no input.
func (m *PoissonSource) Receptors() []string { return nil }

// Variables returns nil.
func (m *PoissonSource) Variables() []Variable { return nil }

// Validate checks the parameters (Model).
func (m *PoissonSource) Validate() error {
	if !(m.Rate >= 0) || math.IsInf(m.Rate, 0) {
		return fmt.Errorf("Rate = %g Hz, want >= 0", m.Rate)
	}
	for i, r := range m.Rates {
		if !(r >= 0) || math.IsInf(r, 0) {
			return fmt.Errorf("Rates[%d] = %g Hz, want >= 0", i, r)
		}
	}
	return nil
}

type poissonState struct {
	m    *PoissonSource
	dt   float64
	keys []uint64
	p    []float64 // spike probability per step when the rate is fixed
	idx  []int32   // with RateFunc on a rank: the population index of each neuron
}

// NewState instantiates a population's state (Model).
func (m *PoissonSource) NewState(n int, b *BuildContext) (PopulationState, error) {
	if m.Rates != nil && len(m.Rates) != b.Population().N {
		return nil, fmt.Errorf("Rates has %d values for %d neurons", len(m.Rates), b.Population().N)
	}
	s := &poissonState{m: m, dt: b.Dt(), keys: make([]uint64, n)}
	for i := range s.keys {
		s.keys[i] = rng.Key(b.Seed(), purposePoisson, uint64(b.GID(b.Neuron(i))), 0)
	}
	if m.RateFunc == nil {
		s.p = make([]float64, n)
		for i := range s.p {
			r := m.Rate
			if m.Rates != nil {
				r = m.Rates[b.Neuron(i)]
			}
			s.p[i] = r * b.Dt()
		}
	} else {
		for i := range n {
			if b.Neuron(i) != i { // a rank's share: RateFunc takes population indices
				s.idx = make([]int32, n)
				for i := range s.idx {
					s.idx[i] = int32(b.Neuron(i))
				}
				break
			}
		}
	}
	return s, nil
}

func (s *poissonState) Receptor(int) ([]float64, float64) { return nil, 1 }
func (s *poissonState) Variable(string) ([]float64, float64, bool) {
	return nil, 0, false
}

func (s *poissonState) Step(lo, hi int, step int64, _ [][]float64, _ []float64, spikes []int32) []int32 {
	t := (float64(step) + 0.5) * s.dt
	for i := lo; i < hi; i++ {
		var p float64
		if s.p != nil {
			p = s.p[i]
		} else {
			g := i
			if s.idx != nil {
				g = int(s.idx[i])
			}
			p = s.m.RateFunc(g, t) * s.dt
		}
		if rng.Float64(s.keys[i], uint64(step)) < p {
			spikes = append(spikes, int32(i))
		}
	}
	return spikes
}

// SpikeTimes replays given spike trains: Times[i] lists the spike times (s)
// of neuron i. Each time is rounded to the step grid and the spike is
// emitted so that its stamp equals the given time: with ConventionGolgi it
// reaches its targets at t + delay, with ConventionBrian2 one step later, as
// a Brian2 SpikeGeneratorGroup. Under ConventionGolgi times must be at least
// one step.
type SpikeTimes struct {
	Times [][]float64
}

// ModelName returns "SpikeTimes".
func (m *SpikeTimes) ModelName() string { return "SpikeTimes" }

// Receptors returns nil.
func (m *SpikeTimes) Receptors() []string { return nil }

// Variables returns nil.
func (m *SpikeTimes) Variables() []Variable { return nil }

// Validate checks the parameters (Model).
func (m *SpikeTimes) Validate() error {
	for i, ts := range m.Times {
		for _, t := range ts {
			if !(t >= 0) || math.IsInf(t, 0) {
				return fmt.Errorf("Times[%d] has %g s, want finite times >= 0", i, t)
			}
		}
	}
	return nil
}

type replayState struct {
	steps [][]int64 // per neuron, sorted emission steps
	next  []int
}

// NewState instantiates a population's state (Model).
func (m *SpikeTimes) NewState(n int, b *BuildContext) (PopulationState, error) {
	if len(m.Times) != b.Population().N {
		return nil, fmt.Errorf("Times has %d trains for %d neurons", len(m.Times), b.Population().N)
	}
	s := &replayState{steps: make([][]int64, n), next: make([]int, n)}
	for l := range n { // this rank's neurons
		i := b.Neuron(l)
		ts := m.Times[i]
		for _, t := range ts {
			// The stamp of a spike emitted in step e is (e+1)*dt (Golgi)
			// or e*dt (Brian2); both arrive at step e+1+delay.
			e := int64(math.Round(t / b.Dt()))
			if b.Convention() == ConventionGolgi {
				e--
			}
			if e < 0 {
				return nil, fmt.Errorf("Times[%d] has %g s, earlier than one step (%g ms)", i, t, b.Dt()/Millisecond)
			}
			s.steps[l] = append(s.steps[l], e)
		}
		sort.Slice(s.steps[l], func(a, b int) bool { return s.steps[l][a] < s.steps[l][b] })
	}
	return s, nil
}

func (s *replayState) Receptor(int) ([]float64, float64) { return nil, 1 }
func (s *replayState) Variable(string) ([]float64, float64, bool) {
	return nil, 0, false
}

func (s *replayState) Step(lo, hi int, step int64, _ [][]float64, _ []float64, spikes []int32) []int32 {
	for i := lo; i < hi; i++ {
		st := s.steps[i]
		k := s.next[i]
		fired := false
		for k < len(st) && st[k] <= step {
			if st[k] == step {
				fired = true
			}
			k++
		}
		s.next[i] = k
		if fired {
			spikes = append(spikes, int32(i))
		}
	}
	return spikes
}
