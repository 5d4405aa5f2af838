package sonata

import (
	"errors"
	"fmt"

	"github.com/golgi-sim/golgi/sim/store"
)

// Circuit is an open SONATA circuit: its node and edge populations, in
// the order of the circuit configuration. Populations read their HDF5
// files lazily; Close releases the files.
type Circuit struct {
	Config *CircuitConfig
	nodes  []*NodePopulation
	edges  []*EdgePopulation
	files  map[string]*store.H5Reader
	// Warnings are the configuration's and what opening found.
	Warnings []string
}

// OpenCircuit opens the files of a circuit configuration. A file whose
// populations the configuration does not list contributes all of its
// populations (biophysical or chemical, as libsonata defaults them).
func OpenCircuit(cfg *CircuitConfig) (*Circuit, error) {
	c := &Circuit{Config: cfg, files: map[string]*store.H5Reader{}, Warnings: append([]string(nil), cfg.Warnings...)}
	if err := c.open1(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// open1 opens the populations of every file.
func (c *Circuit) open1() error {
	cfg := c.Config
	for _, nf := range cfg.Nodes {
		r, err := c.open(nf.File)
		if err != nil {
			return err
		}
		pops := nf.Populations
		if pops == nil {
			names, err := r.Members("nodes")
			if err != nil {
				return err
			}
			for _, n := range names {
				pops = append(pops, NodePopulationConfig{Name: n, File: nf.File, Type: Biophysical, Components: cfg.Components})
			}
		}
		for _, pc := range pops {
			if c.Node(pc.Name) != nil {
				return fmt.Errorf("%s: node population %q given twice", cfg.Path, pc.Name)
			}
			p, err := openNodePopulation(pc, r)
			if err != nil {
				return err
			}
			c.nodes = append(c.nodes, p)
		}
	}
	for _, ef := range cfg.Edges {
		r, err := c.open(ef.File)
		if err != nil {
			return err
		}
		pops := ef.Populations
		if pops == nil {
			names, err := r.Members("edges")
			if err != nil {
				return err
			}
			for _, n := range names {
				pops = append(pops, EdgePopulationConfig{Name: n, File: ef.File, Type: Chemical})
			}
		}
		for _, pc := range pops {
			if c.Edge(pc.Name) != nil {
				return fmt.Errorf("%s: edge population %q given twice", cfg.Path, pc.Name)
			}
			e, err := openEdgePopulation(pc, r)
			if err != nil {
				return err
			}
			if t := c.Node(e.Target); t != nil && e.nTargets > t.Size() {
				return e.indexErr("node_id_to_ranges has %d rows, target population %q has %d nodes", e.nTargets, e.Target, t.Size())
			}
			for _, p := range []string{e.Source, e.Target} {
				if c.Node(p) == nil {
					c.Warnings = append(c.Warnings, fmt.Sprintf("%s: edge population %q: node population %q is not in the circuit", e.File(), e.Name, p))
				}
			}
			c.edges = append(c.edges, e)
		}
	}
	return nil
}

// open opens an HDF5 file once.
func (c *Circuit) open(path string) (*store.H5Reader, error) {
	if r, ok := c.files[path]; ok {
		return r, nil
	}
	r, err := store.OpenH5Reader(path)
	if err != nil {
		return nil, fmt.Errorf("circuit %s: %w", c.Config.Path, err)
	}
	c.files[path] = r
	return r, nil
}

// Close closes the circuit's files.
func (c *Circuit) Close() error {
	var errs []error
	for p, r := range c.files {
		errs = append(errs, r.Close())
		delete(c.files, p)
	}
	return errors.Join(errs...)
}

// Nodes returns the node populations in configuration order.
func (c *Circuit) Nodes() []*NodePopulation { return c.nodes }

// Edges returns the edge populations in configuration order.
func (c *Circuit) Edges() []*EdgePopulation { return c.edges }

// Node returns the node population of that name, or nil.
func (c *Circuit) Node(name string) *NodePopulation {
	for _, p := range c.nodes {
		if p.Name() == name {
			return p
		}
	}
	return nil
}

// Edge returns the edge population of that name, or nil.
func (c *Circuit) Edge(name string) *EdgePopulation {
	for _, e := range c.edges {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Tables returns the node populations as NodeTables, for NodeSets.Resolve.
func (c *Circuit) Tables() []NodeTable {
	t := make([]NodeTable, len(c.nodes))
	for i, p := range c.nodes {
		t[i] = p
	}
	return t
}
