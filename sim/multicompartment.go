package sim

import (
	"fmt"
	"strings"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// MulticompartmentCell is a neuron with morphology (package morph): a tree
// of sections discretized into compartments, with membrane mechanisms from
// package channels, integrated by NEURON's fixed step (backward Euler and
// the Hines algorithm, gates at the staggered half step). A population
// keeps all its cells in structure-of-arrays, so that one loop serves every
// cell of a worker's range; the cells are independent, so results are
// bit-identical for any number of threads.
//
// Its receptors are the Synapses, each a conductance at a location of the
// cell: NEURON's Exp2Syn (peak-normalised: an event of weight w peaks at w)
// or, with Tau1 zero, ExpSyn, optionally with an NMDA receptor's magnesium
// block (AMPASynapse, NMDASynapse). Weights are in siemens. Injected current
// (CurrentStep, amperes, positive depolarising) enters at the spike
// detector's compartment (Cell.Spike, by default the centre of the root
// section, the soma). Spikes are upward crossings of Cell.ThresholdMV
// there, stamped at the end of the step as NEURON's NetCon.
//
// Variables: "v" (V) at the spike detector, each Probe's potential (V) by
// the probe's name, and "g_NAME" (S) for each synapse (the conductance
// used in the step that ends at the sample, as NEURON records it). Init of
// "v" sets every compartment of a cell (NEURON's finitialize(v)) with the
// gates at their steady state; the other variables are read-only.
type MulticompartmentCell struct {
	// Cell is the morphology with its biophysics, in NEURON's units (see
	// package morph). Its Clamps act in every cell; its Synapses must be
	// empty: the receptors are given below, in SI units.
	Cell     *morph.Cell
	Synapses []CompartmentSynapse
	Probes   []Probe
}

// CompartmentSynapse is a receptor of a MulticompartmentCell: an Exp2Syn
// (or ExpSyn with Tau1 zero) at a location of the cell, for example
// morph.At("dend", 0.5), optionally with the magnesium block of an NMDA
// receptor (Exp2Syn.MgBlock; see AMPASynapse and NMDASynapse).
type CompartmentSynapse struct {
	Exp2Syn
	At morph.Location
}

// AMPASynapse returns an AMPA receptor named name at at: double-exponential
// kinetics with rise and decay time constants tau1 and tau2 (s; e.g.
// 0.2 ms and 2 ms) and reversal potential 0 V.
func AMPASynapse(name string, at morph.Location, tau1, tau2 float64) CompartmentSynapse {
	return CompartmentSynapse{Exp2Syn: Exp2Syn{Name: name, Tau1: tau1, Tau2: tau2, E: 0}, At: at}
}

// NMDASynapse returns an NMDA receptor named name at at: double-exponential
// kinetics with time constants tau1 and tau2 (s; e.g. 2 ms and 100 ms),
// reversal potential 0 V and the Jahr-Stevens magnesium block at the
// extracellular concentration mgMM (mM; typically 1):
// g = s(t)/(1 + [Mg]/3.57 mM exp(-0.062 v/mV)).
func NMDASynapse(name string, at morph.Location, tau1, tau2, mgMM float64) CompartmentSynapse {
	return CompartmentSynapse{Exp2Syn: Exp2Syn{Name: name, Tau1: tau1, Tau2: tau2, E: 0,
		MgBlock: &channels.MgBlock{MgMM: mgMM}}, At: at}
}

// Probe names a location whose membrane potential can be recorded.
type Probe struct {
	Name string
	At   morph.Location
}

// ModelName returns the cell's name, or "MulticompartmentCell".
func (m *MulticompartmentCell) ModelName() string {
	if m.Cell != nil && m.Cell.Name != "" {
		return m.Cell.Name
	}
	return "MulticompartmentCell"
}

// Receptors returns the synapse names.
func (m *MulticompartmentCell) Receptors() []string { return synapseNames(m.exp2syns()) }

// exp2syns returns the synapses' kinetics, without their locations.
func (m *MulticompartmentCell) exp2syns() []Exp2Syn {
	s := make([]Exp2Syn, len(m.Synapses))
	for k, cs := range m.Synapses {
		s[k] = cs.Exp2Syn
	}
	return s
}

// Variables returns v, the probes and the synaptic conductances.
func (m *MulticompartmentCell) Variables() []Variable {
	vars := []Variable{{"v", "V"}}
	for _, p := range m.Probes {
		vars = append(vars, Variable{p.Name, "V"})
	}
	return append(vars, synapseVariables(m.exp2syns())...)
}

// TakesCurrent marks the model as taking injected current (CurrentTaker).
func (*MulticompartmentCell) TakesCurrent() {}

// cell returns a copy of m.Cell with the synapses in NEURON's units.
func (m *MulticompartmentCell) cell() *morph.Cell {
	c := *m.Cell
	c.Synapses = make([]morph.Synapse, len(m.Synapses))
	for k, s := range m.Synapses {
		c.Synapses[k] = morph.Synapse{Name: s.Name, At: s.At, Tau1Ms: s.Tau1 / Millisecond, Tau2Ms: s.Tau2 / Millisecond, EMV: s.E / Millivolt}
		if s.MgBlock != nil {
			b := *s.MgBlock
			c.Synapses[k].Block = &b
		}
	}
	return &c
}

// Validate checks the parameters (Model).
func (m *MulticompartmentCell) Validate() error {
	if m.Cell == nil {
		return fmt.Errorf("no Cell: describe one with package morph")
	}
	if len(m.Cell.Synapses) > 0 {
		return fmt.Errorf("Cell.Synapses has %d synapses: give the receptors as MulticompartmentCell.Synapses (SI units)", len(m.Cell.Synapses))
	}
	if err := validateSynapses(m.exp2syns()); err != nil {
		return err
	}
	names := map[string]bool{"v": true}
	for _, s := range m.Synapses {
		names["g_"+s.Name] = true
	}
	for k, p := range m.Probes {
		if p.Name == "" || strings.ContainsAny(p.Name, " ") {
			return fmt.Errorf("Probes[%d]: name %q, want a non-empty name without spaces", k, p.Name)
		}
		if names[p.Name] {
			return fmt.Errorf("Probes[%d]: name %q is taken by another variable", k, p.Name)
		}
		names[p.Name] = true
	}
	cp, err := m.cell().Compartments()
	if err != nil {
		return err
	}
	for _, p := range m.Probes {
		if _, err := cp.Node(p.At); err != nil {
			return fmt.Errorf("probe %q: %w", p.Name, err)
		}
	}
	return nil
}

type mcState struct {
	pop    *morph.Population
	dtMs   float64
	ina    []float64   // injected current, nA
	probes [][]float64 // [probe] per-cell potential (mV); probes[0] is "v"
	nodes  []int       // node of each probe
	names  []string    // variable name of each probe
	syn    []string
	idx    []int // scratch for spike indices; a step on [lo, hi) uses idx[lo:hi]
}

// NewState instantiates a population's state (Model).
func (m *MulticompartmentCell) NewState(n int, b *BuildContext) (PopulationState, error) {
	pop, err := morph.NewPopulation(m.cell(), n)
	if err != nil {
		return nil, err
	}
	s := &mcState{pop: pop, dtMs: b.Dt() / Millisecond, ina: make([]float64, n), idx: make([]int, n), syn: m.Receptors()}
	s.names = append(s.names, "v")
	s.nodes = append(s.nodes, pop.SpikeNode())
	cp := pop.Compartments()
	for _, p := range m.Probes {
		i, err := cp.Node(p.At)
		if err != nil {
			return nil, fmt.Errorf("probe %q: %w", p.Name, err)
		}
		s.names = append(s.names, p.Name)
		s.nodes = append(s.nodes, i)
	}
	s.probes = make([][]float64, len(s.nodes))
	for k := range s.probes {
		s.probes[k] = make([]float64, n)
	}
	s.readProbes(0, n)
	return s, nil
}

func (s *mcState) readProbes(lo, hi int) {
	for k, i := range s.nodes {
		s.pop.ReadV(i, lo, hi, s.probes[k])
	}
}

// AfterInit starts every cell at the potential Population.Init gave "v".
func (s *mcState) AfterInit() {
	s.pop.InitCells(0, s.pop.Len(), s.probes[0])
	s.readProbes(0, s.pop.Len())
}

func (s *mcState) Receptor(int) ([]float64, float64) { return nil, Microsiemens }

func (s *mcState) Variable(name string) ([]float64, float64, bool) {
	for k, n := range s.names {
		if n == name {
			return s.probes[k], Millivolt, true
		}
	}
	for r, n := range s.syn {
		if name == "g_"+n {
			return s.pop.Conductance(r), Microsiemens, true
		}
	}
	return nil, 0, false
}

func (s *mcState) Step(lo, hi int, step int64, in [][]float64, iext []float64, spikes []int32) []int32 {
	input := morph.Input{Events: in}
	if iext != nil {
		ina := s.ina[lo:hi]
		for k, i := range iext[lo:hi] {
			ina[k] = i / Nanoamp
		}
		input.INA = s.ina
	}
	// At most hi-lo cells spike: idx[lo:hi] is this range's own scratch.
	idx := s.pop.Step(lo, hi, float64(step)*s.dtMs, s.dtMs, input, s.idx[lo:lo:hi])
	for _, i := range idx {
		spikes = append(spikes, int32(i))
	}
	s.readProbes(lo, hi)
	return spikes
}

// StepCost is the work of one cell-step relative to a point neuron: its
// number of compartments (for the automatic thread count).
func (m *MulticompartmentCell) StepCost() int {
	cp, err := m.cell().Compartments()
	if err != nil {
		return 1
	}
	return max(1, cp.Segments())
}

// SynapsesAt returns a copy of the receptor s at each of locs (for example
// from morph.Compartments.SegmentsIn, AtDistance or Scatter), named
// s.Name + "_0", s.Name + "_1", and so on: one receptor per location, each
// a target of its own projections.
func SynapsesAt(s CompartmentSynapse, locs []morph.Location) []CompartmentSynapse {
	out := make([]CompartmentSynapse, len(locs))
	for k, l := range locs {
		out[k] = s
		out[k].Name = fmt.Sprintf("%s_%d", s.Name, k)
		out[k].At = l
		if s.MgBlock != nil {
			b := *s.MgBlock
			out[k].MgBlock = &b
		}
	}
	return out
}

// PadWorkers asks for worker-padded state arrays (WorkerPadder).
func (*MulticompartmentCell) PadWorkers() {}
