package morph

import "fmt"

// varLink sets a point process's variable to a node's potential.
type varLink struct {
	x    []float64 // the mechanism's variable
	k    int       // instance
	node int
}

// LinkVar makes the variable name of point process p follow the membrane
// potential of cell ci at location at: it is set to that potential
// before every computation of the currents (at Init, and at each step
// the potential at the step's start), as NEURON's ParallelContext
// source_var/target_var transfer sets a gap junction's vgap. Both cells
// must be in the group.
func (g *CellGroup) LinkVar(p PointRef, name string, ci int, at Location) error {
	if p.mech < 0 || p.mech >= len(g.mechs) || p.k < 0 || p.k >= len(g.mechs[p.mech].nodes) {
		return fmt.Errorf("morph: no point process %+v", p)
	}
	m := g.mechs[p.mech].m
	x := m.Var(name)
	if x == nil {
		return fmt.Errorf("morph: %s has no variable %s", m.Name(), name)
	}
	if ci < 0 || ci >= len(g.cells) {
		return fmt.Errorf("morph: cell %d of %d", ci, len(g.cells))
	}
	c := &g.cells[ci]
	ni, err := c.cp.Node(at)
	if err != nil {
		return fmt.Errorf("morph: %w", err)
	}
	g.links = append(g.links, varLink{x: x, k: p.k, node: g.node(c.first + ni)})
	return nil
}

// transfer applies the links.
func (g *CellGroup) transfer() {
	for _, l := range g.links {
		l.x[l.k] = g.v[l.node]
	}
}
