package sim

import (
	"errors"
	"fmt"
	"math"
)

// Network describes a model: populations, projections, stimuli and
// recorders. The zero value is an empty network ready for use; Dt defaults to
// 0.1 ms.
type Network struct {
	// Dt is the time step (s). Zero means 0.1 ms.
	Dt float64
	// Seed is the base seed of every random stream of the network.
	Seed uint64
	// Convention selects the spike-timing conventions (default Golgi's).
	Convention Convention

	Populations []*Population
	Projections []*Projection
	Stimuli     []Stimulus
	// Recorders lists what Run records. A network without recorders records
	// the spikes of every population.
	Recorders []Recorder
}

// Population is a group of N neurons of one model.
type Population struct {
	Name  string
	N     int
	Model Model
	// Init sets initial values of state variables, by variable name, in
	// the variable's SI unit (for example Init["v"] = Array(v0) in volts).
	// Random Values are drawn per neuron from the network seed.
	Init map[string]Value
	// Params gives model parameters per neuron, by the names the model's
	// ParamNames method lists (LIF: TauM, EL, VThreshold, VReset, Bias), in
	// SI units; for example Params["VThreshold"] = Uniform{-52e-3, -48e-3}.
	Params map[string]Value

	index  int // position in Network.Populations
	offset int // gid of neuron 0
}

// Projection connects a source population to a receptor of a target
// population.
type Projection struct {
	Name     string
	Pre      *Population
	Post     *Population
	Receptor string // a name from Post.Model.Receptors()
	Rule     Rule
	// Weight of each synapse, in the unit the receptor documents (siemens
	// for conductance receptors, volts for voltage jumps, ...). Nil means 0.
	Weight Value
	// Delay of each synapse (s), rounded to a whole number of steps. Nil or
	// zero means the smallest latency: the spike acts at the next step.
	Delay Value
}

// AddPopulation adds a population of n neurons of model m and returns it.
func (net *Network) AddPopulation(name string, n int, m Model) *Population {
	p := &Population{Name: name, N: n, Model: m}
	net.Populations = append(net.Populations, p)
	return p
}

// Connect adds a projection from pre to receptor of post and returns it.
func (net *Network) Connect(pre, post *Population, receptor string, rule Rule, weight, delay Value) *Projection {
	pr := &Projection{Pre: pre, Post: post, Receptor: receptor, Rule: rule, Weight: weight, Delay: delay}
	pr.Name = fmt.Sprintf("%s->%s:%s", name(pre), name(post), receptor)
	net.Projections = append(net.Projections, pr)
	return pr
}

// Add adds stimuli to the network.
func (net *Network) Add(s ...Stimulus) { net.Stimuli = append(net.Stimuli, s...) }

// Record adds recorders to the network.
func (net *Network) Record(r ...Recorder) { net.Recorders = append(net.Recorders, r...) }

func name(p *Population) string {
	if p == nil {
		return "<nil>"
	}
	return p.Name
}

// dt returns the time step with its default.
func (net *Network) dt() float64 {
	if net.Dt == 0 {
		return 0.1 * Millisecond
	}
	return net.Dt
}

// NumNeurons returns the total number of neurons.
func (net *Network) NumNeurons() int {
	n := 0
	for _, p := range net.Populations {
		n += p.N
	}
	return n
}

// Validate checks the description and returns an error naming the first
// population, projection, stimulus or recorder at fault, the parameter and
// what is allowed. Run calls it.
func (net *Network) Validate() error {
	dt := net.dt()
	if !(dt > 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("network: Dt = %g s, want a positive time step", net.Dt)
	}
	if len(net.Populations) == 0 {
		return errors.New("network: no populations")
	}
	names := map[string]bool{}
	gid := 0
	for i, p := range net.Populations {
		if p == nil {
			return fmt.Errorf("network: population %d is nil", i)
		}
		if p.Name == "" {
			return fmt.Errorf("network: population %d has no name", i)
		}
		if names[p.Name] {
			return fmt.Errorf("network: two populations named %q", p.Name)
		}
		names[p.Name] = true
		if p.N <= 0 {
			return fmt.Errorf("population %q: N = %d, want N >= 1", p.Name, p.N)
		}
		if p.Model == nil {
			return fmt.Errorf("population %q: no model", p.Name)
		}
		if err := p.Model.Validate(); err != nil {
			return fmt.Errorf("population %q (%s): %w", p.Name, p.Model.ModelName(), err)
		}
		for v, val := range p.Init {
			if !hasVariable(p.Model, v) {
				return fmt.Errorf("population %q: Init of unknown variable %q (model %s has %v)", p.Name, v, p.Model.ModelName(), variableNames(p.Model))
			}
			if val == nil {
				return fmt.Errorf("population %q: Init[%q] is nil", p.Name, v)
			}
			if err := val.Check(p.N); err != nil {
				return fmt.Errorf("population %q: Init[%q]: %w", p.Name, v, err)
			}
		}
		if len(p.Params) > 0 {
			pm, ok := p.Model.(ParamModel)
			if !ok {
				return fmt.Errorf("population %q: model %s has no per-neuron parameters (Params)", p.Name, p.Model.ModelName())
			}
			for name, val := range p.Params {
				if !contains(pm.ParamNames(), name) {
					return fmt.Errorf("population %q: unknown parameter %q in Params, want one of %q", p.Name, name, pm.ParamNames())
				}
				if val == nil {
					return fmt.Errorf("population %q: Params[%q] is nil", p.Name, name)
				}
				if err := val.Check(p.N); err != nil {
					return fmt.Errorf("population %q: Params[%q]: %w", p.Name, name, err)
				}
			}
		}
		p.index = i
		p.offset = gid
		gid += p.N
	}
	if gid > math.MaxInt32 {
		return fmt.Errorf("network: %d neurons, at most %d supported", gid, math.MaxInt32)
	}
	for k, pr := range net.Projections {
		if err := net.validateProjection(pr, k, dt); err != nil {
			return err
		}
	}
	for k, s := range net.Stimuli {
		if s == nil {
			return fmt.Errorf("network: stimulus %d is nil", k)
		}
		if err := s.validate(net); err != nil {
			return fmt.Errorf("stimulus %d (%s): %w", k, s.describe(), err)
		}
	}
	for k, r := range net.Recorders {
		if r == nil {
			return fmt.Errorf("network: recorder %d is nil", k)
		}
		if err := r.validate(net); err != nil {
			return fmt.Errorf("recorder %d (%s): %w", k, r.describe(), err)
		}
	}
	return nil
}

func (net *Network) member(p *Population) bool {
	for _, q := range net.Populations {
		if q == p {
			return true
		}
	}
	return false
}

func (net *Network) validateProjection(pr *Projection, k int, dt float64) error {
	if pr == nil {
		return fmt.Errorf("network: projection %d is nil", k)
	}
	where := fmt.Sprintf("projection %d (%s)", k, pr.Name)
	if pr.Pre == nil || !net.member(pr.Pre) {
		return fmt.Errorf("%s: source population not in the network", where)
	}
	if pr.Post == nil || !net.member(pr.Post) {
		return fmt.Errorf("%s: target population not in the network", where)
	}
	if receptorIndex(pr.Post.Model, pr.Receptor) < 0 {
		return fmt.Errorf("%s: unknown receptor %q of model %s, want one of %q", where, pr.Receptor, pr.Post.Model.ModelName(), pr.Post.Model.Receptors())
	}
	if pr.Rule == nil {
		return fmt.Errorf("%s: no connectivity rule", where)
	}
	same := pr.Pre == pr.Post
	if err := pr.Rule.check(pr.Pre.N, pr.Post.N, same); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	nExplicit := -1
	if e, ok := pr.Rule.(Explicit); ok {
		nExplicit = len(e.Pre)
	}
	if _, ok := pr.Rule.(PerTarget); ok && pr.Weight != nil {
		return fmt.Errorf("%s: Weight is %s, want nil: a PerTarget rule gives the weights", where, pr.Weight.Describe())
	}
	for _, f := range []struct {
		name string
		v    Value
	}{{"Weight", pr.Weight}, {"Delay", pr.Delay}} {
		if f.v == nil {
			continue
		}
		if _, ok := f.v.(Array); ok && nExplicit < 0 {
			return fmt.Errorf("%s: %s is an Array, which needs an Explicit rule", where, f.name)
		}
		if err := f.v.Check(nExplicit); err != nil {
			return fmt.Errorf("%s: %s: %w", where, f.name, err)
		}
	}
	if pr.Delay != nil {
		lo, hi := pr.Delay.Range()
		if math.IsNaN(lo) || math.IsNaN(hi) || hi < lo {
			return fmt.Errorf("%s: Delay %s has the range [%g, %g], want lo <= hi", where, pr.Delay.Describe(), lo, hi)
		}
		if lo < 0 {
			return fmt.Errorf("%s: Delay can be %g s, want >= 0", where, lo)
		}
		if lo > 0 && lo < dt*(1-1e-9) {
			return fmt.Errorf("%s: Delay %g ms is shorter than the time step %g ms; use 0 (next step) or a delay >= dt", where, lo/Millisecond, dt/Millisecond)
		}
		if hi/dt > 1<<15 {
			return fmt.Errorf("%s: Delay %g s is over %d steps, the most supported", where, hi, 1<<15)
		}
	}
	return nil
}

func receptorIndex(m Model, r string) int {
	for i, name := range m.Receptors() {
		if name == r {
			return i
		}
	}
	return -1
}

func hasVariable(m Model, v string) bool {
	for _, x := range m.Variables() {
		if x.Name == v {
			return true
		}
	}
	return false
}

func variableNames(m Model) []string {
	var s []string
	for _, x := range m.Variables() {
		s = append(s, x.Name)
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
