package sonata

import (
	"fmt"
)

// Simulation is a loaded simulation_config.json: its configuration, its
// circuit (open) and its node sets (the circuit's, with the
// simulation's merged over them).
type Simulation struct {
	Config   *SimulationConfig
	Circuit  *Circuit
	NodeSets *NodeSets
	// Warnings are the configurations', the circuit's and the node
	// sets'.
	Warnings []string
}

// Load reads a simulation configuration, its circuit configuration and
// node sets, and opens the circuit. Close it when done.
func Load(path string, opt *Options) (*Simulation, error) {
	cfg, err := ReadSimulationConfig(path, opt)
	if err != nil {
		return nil, err
	}
	ccfg, err := ReadCircuitConfig(cfg.Network)
	if err != nil {
		return nil, fmt.Errorf("%s: network: %w", path, err)
	}
	s := &Simulation{Config: cfg, NodeSets: &NodeSets{sets: map[string]*nodeSet{}}}
	s.Warnings = append(s.Warnings, cfg.Warnings...)
	for _, f := range []string{ccfg.NodeSetsFile, cfg.NodeSetsFile} {
		if f == "" {
			continue
		}
		ns, w, err := ReadNodeSets(f)
		if err != nil {
			return nil, err
		}
		s.Warnings = append(s.Warnings, w...)
		s.NodeSets.Merge(ns)
	}
	if err := s.NodeSets.Check(); err != nil {
		return nil, err
	}
	if s.Circuit, err = OpenCircuit(ccfg); err != nil {
		return nil, err
	}
	s.Warnings = append(s.Warnings, s.Circuit.Warnings...)
	if cfg.NodeSet != "" && !s.NodeSets.Has(cfg.NodeSet) {
		s.Close()
		return nil, &Error{File: path, Key: "node_set", Err: fmt.Errorf("unknown node set %q", cfg.NodeSet)}
	}
	return s, nil
}

// Close closes the circuit's files.
func (s *Simulation) Close() error { return s.Circuit.Close() }

// Resolve materialises a node set over the circuit's node populations.
func (s *Simulation) Resolve(name string) (Resolution, error) {
	return s.NodeSets.Resolve(name, s.Circuit.Tables())
}

// Cells resolves the cells to instantiate: the node_set, or every node
// of every population that is not virtual. Virtual populations never
// give cells.
func (s *Simulation) Cells() (Resolution, error) {
	var res Resolution
	if s.Config.NodeSet != "" {
		r, err := s.Resolve(s.Config.NodeSet)
		if err != nil {
			return res, err
		}
		res.Warnings = r.Warnings
		for _, sel := range r.Selections {
			if !s.Circuit.Node(sel.Population).Virtual() {
				res.Selections = append(res.Selections, sel)
			}
		}
		return res, nil
	}
	for _, p := range s.Circuit.Nodes() {
		if !p.Virtual() && p.Size() > 0 {
			res.Selections = append(res.Selections, Selection{Population: p.Name(), NodeIDs: allIDs(p.Size())})
		}
	}
	return res, nil
}

// GidMap registers what neurodamus registers before it freezes the
// offsets (SPEC 1.7): the cells, every node of the virtual populations,
// and the node sets that the inputs, reports and connection overrides
// name.
func (s *Simulation) GidMap() (*GidMap, error) {
	g := NewGidMap()
	cells, err := s.Cells()
	if err != nil {
		return nil, err
	}
	for _, sel := range cells.Selections {
		g.RegisterSelection(sel)
	}
	for _, p := range s.Circuit.Nodes() {
		if p.Virtual() {
			g.Register(p.Name(), uint64(p.Size()))
		}
	}
	var names []string
	for _, in := range s.Config.Inputs {
		names = append(names, in.NodeSet)
	}
	for _, r := range s.Config.Reports {
		names = append(names, r.Cells)
	}
	for _, o := range s.Config.ConnectionOverrides {
		names = append(names, o.Source, o.Target)
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		r, err := s.Resolve(n)
		if err != nil {
			return nil, err
		}
		for _, sel := range r.Selections {
			g.RegisterSelection(sel)
		}
	}
	return g, nil
}
