package morph

import (
	"fmt"
	"strings"

	"github.com/golgi-sim/golgi/sim/mech"
)

// Probe reads one variable of a CellGroup as it runs (NEURON's
// Vector.record of a reference): a node's potential, an ion variable, a
// density mechanism's variable there, or a point process's variable.
type Probe struct {
	s []float64
	k int
}

// Value returns the variable's present value.
func (p Probe) Value() float64 { return p.s[p.k] }

// Set writes the variable between steps, as an assignment through
// NEURON's reference: a parameter, or the per-instance variable a
// translated mechanism's POINTER stands for (NGV mcd13's glu2).
func (p Probe) Set(x float64) { p.s[p.k] = x }

// Probe returns a probe of cell ci at location l (the node NEURON's
// sec(x) names) of the variable name, in NEURON's terms: "v" (mV), an ion
// variable ("cai", "cao" in mM, "eca" in mV, "ica" in mA/cm2) or a
// mechanism's variable as name_mechanism ("m_NaTs2_t", "gIhbar_Ih",
// "g_pas"; an array element as "ca[2]_mcd" or NEURON's "ca_mcd[2]").
func (g *CellGroup) Probe(ci int, l Location, name string) (Probe, error) {
	if ci < 0 || ci >= len(g.cells) {
		return Probe{}, fmt.Errorf("morph: Probe: cell %d of %d", ci, len(g.cells))
	}
	c := &g.cells[ci]
	i, err := c.cp.Node(l)
	if err != nil {
		return Probe{}, fmt.Errorf("morph: Probe: %w", err)
	}
	ni := g.node(c.first + i)
	switch name {
	case "v":
		return Probe{g.v, ni}, nil
	case "i_membrane", "i_membrane_":
		if g.imem == nil {
			return Probe{}, fmt.Errorf("morph: Probe: %s needs the membrane current: call EnableMembraneCurrent first", name)
		}
		return Probe{g.imem.i, ni}, nil
	}
	for _, sp := range g.ions {
		var s []float64
		switch name {
		case "e" + sp.name:
			s = sp.e
		case sp.name + "i":
			s = sp.ci
		case sp.name + "o":
			s = sp.co
		case "i" + sp.name:
			s = sp.i
		}
		if s != nil {
			return Probe{s, ni}, nil
		}
	}
	for _, mr := range g.mechs {
		mn := mr.m.Name()
		vn, ok := mech.CutMechSuffix(name, mn)
		if !ok {
			continue
		}
		s := mr.m.Var(vn)
		if s == nil {
			return Probe{}, fmt.Errorf("morph: Probe: %s has no variable %q (it has %s)", mn, vn, strings.Join(mr.m.Vars(), " "))
		}
		for k, n := range mr.nodes {
			if int(n) == ni {
				return Probe{s, k}, nil
			}
		}
		return Probe{}, fmt.Errorf("morph: Probe: %s is not inserted at %v of cell %d", mn, l, ci)
	}
	return Probe{}, fmt.Errorf("morph: Probe: no variable %q at %v of cell %d (v, an ion variable such as cai or ena, or name_mechanism)", name, l, ci)
}

// PointProbe returns a probe of the variable name of point process p.
func (g *CellGroup) PointProbe(p PointRef, name string) (Probe, error) {
	if p.mech < 0 || p.mech >= len(g.mechs) || p.k < 0 || p.k >= len(g.mechs[p.mech].nodes) {
		return Probe{}, fmt.Errorf("morph: PointProbe: no point process %+v", p)
	}
	m := g.mechs[p.mech].m
	s := m.Var(name)
	if s == nil {
		return Probe{}, fmt.Errorf("morph: PointProbe: %s has no variable %q (it has %s)", m.Name(), name, strings.Join(m.Vars(), " "))
	}
	return Probe{s, p.k}, nil
}

// ElectrodeProbes returns probes of the currents (nA, into the cell) of
// cell ci's clamps of the kind "IClamp" or "SEClamp" (electrodes), or
// "MembraneCurrentSource" or "ConductanceSource" (IClamps and SEClamps
// with Membrane), at location l's node, one per clamp, none if it has
// none there.
func (g *CellGroup) ElectrodeProbes(ci int, l Location, kind string) ([]Probe, error) {
	if ci < 0 || ci >= len(g.cells) {
		return nil, fmt.Errorf("morph: ElectrodeProbes: cell %d of %d", ci, len(g.cells))
	}
	c := &g.cells[ci]
	i, err := c.cp.Node(l)
	if err != nil {
		return nil, fmt.Errorf("morph: ElectrodeProbes: %w", err)
	}
	ni := g.node(c.first + i)
	var out []Probe
	switch kind {
	case "IClamp", "MembraneCurrentSource":
		for k := range g.clamps {
			if cl := &g.clamps[k]; cl.node == ni && cl.spec.Membrane == (kind != "IClamp") {
				out = append(out, Probe{g.clampI, k})
			}
		}
	case "SEClamp", "ConductanceSource":
		for k := range g.vclamps {
			if cl := &g.vclamps[k]; cl.node == ni && cl.spec.Membrane == (kind != "SEClamp") {
				out = append(out, Probe{g.vclampI, k})
			}
		}
	default:
		return nil, fmt.Errorf("morph: ElectrodeProbes: kind %q, want IClamp, SEClamp, MembraneCurrentSource or ConductanceSource", kind)
	}
	return out, nil
}

// NodeAreaUm2 returns the membrane area (um2) of the node of cell ci that
// location l names: NEURON's area(x), 0 at the zero-area ends of
// sections.
func (g *CellGroup) NodeAreaUm2(ci int, l Location) (float64, error) {
	if ci < 0 || ci >= len(g.cells) {
		return 0, fmt.Errorf("morph: NodeAreaUm2: cell %d of %d", ci, len(g.cells))
	}
	c := &g.cells[ci]
	i, err := c.cp.Node(l)
	if err != nil {
		return 0, fmt.Errorf("morph: NodeAreaUm2: %w", err)
	}
	return c.cp.Nodes[i].AreaUm2, nil
}

// IsPointProcess reports whether the group has a point process (or
// artificial cell) mechanism called name.
func (g *CellGroup) IsPointProcess(name string) bool {
	for _, mr := range g.mechs {
		if mr.m.Name() == name && mr.m.Kind() != mech.Density {
			return true
		}
	}
	return false
}

// PointProbesAt returns probes of the variable name of every instance of
// the point process mechanism mechName at location l of cell ci, none if
// it has none there.
func (g *CellGroup) PointProbesAt(ci int, l Location, mechName, name string) ([]Probe, error) {
	if ci < 0 || ci >= len(g.cells) {
		return nil, fmt.Errorf("morph: PointProbesAt: cell %d of %d", ci, len(g.cells))
	}
	c := &g.cells[ci]
	i, err := c.cp.Node(l)
	if err != nil {
		return nil, fmt.Errorf("morph: PointProbesAt: %w", err)
	}
	ni := int32(g.node(c.first + i))
	var out []Probe
	for _, mr := range g.mechs {
		if mr.m.Name() != mechName || mr.m.Kind() == mech.Density {
			continue
		}
		s := mr.m.Var(name)
		if s == nil {
			return nil, fmt.Errorf("morph: PointProbesAt: %s has no variable %q (it has %s)", mechName, name, strings.Join(mr.m.Vars(), " "))
		}
		for k, n := range mr.nodes {
			if n == ni {
				out = append(out, Probe{s, k})
			}
		}
	}
	return out, nil
}
