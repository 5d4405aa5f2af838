package sim

import (
	"fmt"
	"math"
	"strings"

	"github.com/golgi-sim/golgi/sim/channels"
)

// ConductanceCell is a Hodgkin-Huxley-type point neuron built from channel
// definitions (package channels: NEURON's hh, the Wang-Buzsaki interneuron,
// the entorhinal stellate cell, or any Cell assembled from channels),
// integrated with NEURON's fixed step: linearly implicit Euler for v with
// every current linearised about v(t), gates advanced by the exact
// exponential step with the new v. Spikes are upward crossings of the
// cell's threshold, stamped at the end of the step (as NEURON's NetCon).
//
// Its receptors are the Synapses, each a double-exponential conductance
// (NEURON's Exp2Syn, peak-normalised so that one event of weight w peaks
// at w) or, with Tau1 zero, a single exponential (ExpSyn), optionally with
// an NMDA receptor's magnesium block (Exp2Syn.MgBlock). Weights are in
// siemens. Injected current (CurrentStep) is in amperes.
//
// Variables: "v" (V), each gate as "channel.gate" (for example "hh_na.m"),
// and "g_NAME" (S) for each synapse. As NEURON records assigned variables,
// g_NAME at sample time t is the conductance used in the step that ends at
// t (computed after that step's events were delivered, before the decay).
type ConductanceCell struct {
	Cell     *channels.Cell
	Synapses []Exp2Syn
}

// Exp2Syn is a synaptic receptor of a ConductanceCell: conductance
// g = B - A with dA/dt = -A/Tau1, dB/dt = -B/Tau2; an event of weight w adds
// w*F to A and B, F chosen so that the peak of g is w. Tau1 zero gives an
// ExpSyn: g jumps by w and decays with Tau2.
//
// With MgBlock (an NMDA receptor) the conductance is multiplied by the
// Jahr-Stevens unblocked fraction B(v) = 1/(1 + [Mg]/3.57 mM
// exp(-0.062 v/mV)); the current g B(v) (v - E) is linearised about the
// potential at the start of each step with its exact slope, and g_NAME
// records the unblocked conductance g B(v).
type Exp2Syn struct {
	Name string
	Tau1 float64 // rise time constant (s), 0 <= Tau1 < Tau2
	Tau2 float64 // decay time constant (s), > 0
	E    float64 // reversal potential (V)

	MgBlock *channels.MgBlock // magnesium block (NMDA); nil: none
}

// ModelName returns the cell's name, or "ConductanceCell".
func (m *ConductanceCell) ModelName() string {
	if m.Cell != nil && m.Cell.Name != "" {
		return m.Cell.Name
	}
	return "ConductanceCell"
}

// Receptors returns the synapse names.
func (m *ConductanceCell) Receptors() []string { return synapseNames(m.Synapses) }

// Variables returns v, the gates and the synaptic conductances.
func (m *ConductanceCell) Variables() []Variable {
	vars := []Variable{{"v", "V"}}
	if m.Cell != nil {
		for _, ch := range m.Cell.Channels {
			if ch == nil {
				continue
			}
			for _, g := range ch.GateNames() {
				vars = append(vars, Variable{ch.Name() + "." + g, "1"})
			}
		}
	}
	return append(vars, synapseVariables(m.Synapses)...)
}

// TakesCurrent marks the model as taking injected current (CurrentTaker).
func (*ConductanceCell) TakesCurrent() {}

// StepCost is the work of one cell-step relative to a LIF neuron-step, for
// the automatic thread count: 1 + 4 per gate. A stellate cell-step (6
// gates) costs about 40 ns with the SIMD kernels, 15 or so LIF neuron-steps
// of 2-3 ns; so the 1D GridCellsCond network (384 stellates, 192
// interneurons) gets two workers where it would count as 576 point neurons
// and get one.
func (m *ConductanceCell) StepCost() int {
	gates := 0
	if m.Cell != nil {
		for _, ch := range m.Cell.Channels {
			if ch != nil {
				gates += len(ch.GateNames())
			}
		}
	}
	return 1 + 4*gates
}

// synapseNames returns the names of syns, the receptors of a cell model.
func synapseNames(syns []Exp2Syn) []string {
	r := make([]string, len(syns))
	for k, s := range syns {
		r[k] = s.Name
	}
	return r
}

// synapseVariables returns the recordable conductance g_NAME of each synapse.
func synapseVariables(syns []Exp2Syn) []Variable {
	vars := make([]Variable, len(syns))
	for k, s := range syns {
		vars[k] = Variable{"g_" + s.Name, "S"}
	}
	return vars
}

// validateSynapses checks the names (distinct, no spaces or dots), time
// constants and reversal potentials of a cell model's synapses.
func validateSynapses(syns []Exp2Syn) error {
	seen := map[string]bool{}
	for k, s := range syns {
		if s.Name == "" || strings.ContainsAny(s.Name, " .") {
			return fmt.Errorf("Synapses[%d]: name %q, want a non-empty name without spaces or dots", k, s.Name)
		}
		if seen[s.Name] {
			return fmt.Errorf("two synapses named %q", s.Name)
		}
		seen[s.Name] = true
		if !(s.Tau2 > 0) || math.IsInf(s.Tau2, 0) || !(s.Tau1 >= 0) || s.Tau1 >= s.Tau2 {
			return fmt.Errorf("synapse %q: Tau1 = %g ms, Tau2 = %g ms, want 0 <= Tau1 < Tau2", s.Name, s.Tau1/Millisecond, s.Tau2/Millisecond)
		}
		if math.IsNaN(s.E) || math.IsInf(s.E, 0) {
			return fmt.Errorf("synapse %q: E = %g V, want a finite potential", s.Name, s.E)
		}
		if s.MgBlock != nil {
			if _, _, err := s.MgBlock.Params(); err != nil {
				return fmt.Errorf("synapse %q: %w", s.Name, err)
			}
		}
	}
	return nil
}

// Validate checks the parameters (Model).
func (m *ConductanceCell) Validate() error {
	if m.Cell == nil {
		return fmt.Errorf("no Cell: build one with channels.HH, channels.WangBuzsaki, channels.Stellate or by hand")
	}
	if err := m.Cell.Validate(); err != nil {
		return err
	}
	return validateSynapses(m.Synapses)
}

type condSyn struct {
	a, b, g []float64 // A, B (uS), g = B - A (uS)
	f       float64   // peak normalisation
	pa, pb  float64   // decay factors per step
	eMV     float64
	single  bool    // ExpSyn
	block   bool    // Mg block (NMDA)
	mgk     float64 // [Mg]/K
	slope   float64 // 1/mV
}

type condState struct {
	pop   *channels.Population
	syn   []condSyn
	gs    []float64 // total synaptic conductance (uS)
	gse   []float64 // sum g*E (uS*mV)
	ina   []float64 // injected current (nA)
	dtMs  float64
	idx   []int // scratch for spike indices; a step on [lo, hi) uses idx[lo:hi]
	names []string
}

// NewState instantiates a population's state (Model).
func (m *ConductanceCell) NewState(n int, b *BuildContext) (PopulationState, error) {
	pop, err := channels.NewPopulation(m.Cell, n)
	if err != nil {
		return nil, err
	}
	dtMs := b.Dt() / Millisecond
	s := &condState{pop: pop, dtMs: dtMs, gs: make([]float64, n), gse: make([]float64, n), ina: make([]float64, n),
		idx: make([]int, n), names: m.Receptors()}
	for _, sp := range m.Synapses {
		cs := condSyn{a: make([]float64, n), b: make([]float64, n), g: make([]float64, n),
			eMV: sp.E / Millivolt, pb: math.Exp(-dtMs / (sp.Tau2 / Millisecond)), single: sp.Tau1 == 0, f: 1}
		if !cs.single {
			cs.pa = math.Exp(-dtMs / (sp.Tau1 / Millisecond))
			f, err := channels.Exp2SynFactor(sp.Tau1/Millisecond, sp.Tau2/Millisecond)
			if err != nil {
				return nil, fmt.Errorf("synapse %q: %w", sp.Name, err)
			}
			cs.f = f
		}
		if sp.MgBlock != nil {
			cs.block = true
			if cs.mgk, cs.slope, err = sp.MgBlock.Params(); err != nil {
				return nil, fmt.Errorf("synapse %q: %w", sp.Name, err)
			}
		}
		s.syn = append(s.syn, cs)
	}
	return s, nil
}

// AfterInit puts the gates at steady state for initial potentials set by
// Population.Init.
func (s *condState) AfterInit() { s.pop.InitRange(0, s.pop.Len()) }

func (s *condState) Receptor(int) ([]float64, float64) { return nil, Microsiemens }

func (s *condState) Variable(name string) ([]float64, float64, bool) {
	if name == "v" {
		return s.pop.V, Millivolt, true
	}
	for k, n := range s.names {
		if name == "g_"+n {
			return s.syn[k].g, Microsiemens, true
		}
	}
	g, err := s.pop.Gate(name)
	if err != nil {
		return nil, 0, false
	}
	return g, 1, true
}

func (s *condState) Step(lo, hi int, step int64, in [][]float64, iext []float64, spikes []int32) []int32 {
	gs, gse := s.gs[lo:hi], s.gse[lo:hi]
	// One pass per synapse: deliver the step's events, g = B - A (the value
	// this step uses, and records), sum g and g*E over the synapses, then
	// decay A and B for the next step (the membrane step below does not read
	// them).
	for r := range s.syn {
		sy := &s.syn[r]
		a, b, g := sy.a[lo:hi], sy.b[lo:hi], sy.g[lo:hi]
		a, b = a[:len(g)], b[:len(g)]
		gs, gse := gs[:len(g)], gse[:len(g)]
		var w []float64
		if in != nil {
			w = in[r][lo:hi]
			w = w[:len(g)]
		}
		f, pa, pb, e := sy.f, sy.pa, sy.pb, sy.eMV
		first := r == 0
		if sy.block {
			// i = x B(v) (v - E) linearised about v0: slope G = di/dv, and
			// G v0 - i(v0) in place of g E, so that the solve sees
			// -i(v0) - G (v - v0).
			v0s := s.pop.V[lo:hi]
			for k := range g {
				if w != nil && w[k] != 0 {
					if !sy.single {
						a[k] += w[k] * f
					}
					b[k] += w[k] * f
					w[k] = 0
				}
				x := b[k]
				if !sy.single {
					x -= a[k]
				}
				v0 := v0s[k]
				e1 := sy.mgk * math.Exp(-sy.slope*v0)
				bl := 1 / (1 + e1)
				ge := x * bl
				sl := ge + ge*bl*e1*sy.slope*(v0-e)
				g[k] = ge
				if first {
					gs[k], gse[k] = 0, 0
				}
				gs[k] += sl
				gse[k] += sl*v0 - ge*(v0-e)
				b[k] *= pb
				if !sy.single {
					a[k] *= pa
				}
			}
			continue
		}
		if sy.single {
			for k := range g {
				if w != nil && w[k] != 0 {
					b[k] += w[k] * f
					w[k] = 0
				}
				x := b[k]
				g[k] = x
				if first {
					gs[k], gse[k] = 0, 0
				}
				gs[k] += x
				gse[k] += x * e
				b[k] = x * pb
			}
			continue
		}
		for k := condSynVec(a, b, g, gs, gse, w, f, pa, pb, e, first); k < len(g); k++ {
			if w != nil && w[k] != 0 {
				a[k] += w[k] * f
				b[k] += w[k] * f
				w[k] = 0
			}
			x := b[k] - a[k]
			g[k] = x
			if first {
				gs[k], gse[k] = 0, 0
			}
			gs[k] += x
			gse[k] += x * e
			b[k] *= pb
			a[k] *= pa
		}
	}
	input := channels.Input{GSynUS: s.gs, GSynEUSMV: s.gse}
	if len(s.syn) == 0 {
		input = channels.Input{}
	}
	if iext != nil {
		ina := s.ina[lo:hi]
		for k, i := range iext[lo:hi] {
			ina[k] = i * (1 / Nanoamp) // 1e9 exactly: a multiplication, not a division
		}
		input.INA = s.ina
	}
	// At most hi-lo cells spike: idx[lo:hi] is this range's own scratch.
	idx := s.pop.Step(lo, hi, float64(step)*s.dtMs, s.dtMs, input, s.idx[lo:lo:hi])
	for _, i := range idx {
		spikes = append(spikes, int32(i))
	}
	return spikes
}

// PadWorkers asks for worker-padded state arrays (WorkerPadder).
func (*ConductanceCell) PadWorkers() {}
