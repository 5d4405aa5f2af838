package morph

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/mech"
)

// longDiffusion is a mechanism's LONGITUDINAL_DIFFUSION in a CellGroup
// (mech.LongDiffuser): after every step's State, a backward-Euler step of
// diffusion of each of its concentrations between the nodes that have
// the mechanism, as NEURON's ldifus.cpp ("stagger", from nonvint after
// the mechanisms' nrn_state).
type longDiffusion struct {
	mr      *mechRun
	ld      mech.LongDiffuser
	species []*ionSpecies // per concentration of LongDiffusion: an ion's,
	states  [][]float64   // or (species nil) the mechanism's own by instance
	// The instances in the tree's order (parents first): instance k,
	// its node, the position of its parent (-1: a root), and the
	// geometric factors 2 rall/dx_p/(dx + dx_p) and 2/dx/(dx + dx_p).
	k, node, parent []int32
	af, bf          []float64
	// scratch of the solve
	a, b, d, rhs, dc, vol []float64
}

// newLongDiffusion sets up mr's diffusion: the tree of its instances with
// NEURON's parents (the parent node if it has the mechanism; else, past
// a zero-area node, its parent; else the first node of the parent
// section), dx = L/nseg of each node's section, rall 1.
func (b *groupBuilder) newLongDiffusion(mr *mechRun, ld mech.LongDiffuser) (*longDiffusion, error) {
	g := b.g
	l := &longDiffusion{mr: mr, ld: ld}
	for _, c := range ld.LongDiffusion() {
		if c.Ion == "" {
			vals := mr.m.Var(c.State)
			if vals == nil {
				return nil, fmt.Errorf("morph: %s diffuses %s, which is not one of its variables", mr.m.Name(), c.State)
			}
			l.species = append(l.species, nil)
			l.states = append(l.states, vals)
			continue
		}
		sp, ok := b.ionIndex[c.Ion]
		if !ok {
			return nil, fmt.Errorf("morph: %s diffuses %si, which it does not use", mr.m.Name(), c.Ion)
		}
		l.species = append(l.species, sp)
		l.states = append(l.states, nil)
	}
	inst := map[int32]int32{} // node -> instance
	for k, ni := range mr.nodes {
		if _, dup := inst[ni]; dup {
			return nil, fmt.Errorf("morph: %s: LONGITUDINAL_DIFFUSION of a point process", mr.m.Name())
		}
		inst[ni] = int32(k)
	}
	pos := map[int32]int32{} // node -> position in the tree's order
	for ci := range g.cells {
		gc := &g.cells[ci]
		cp := gc.cp
		m := cp.Cell.Morphology
		dx := func(local int) float64 {
			s := cp.Nodes[local].Section
			return m.Sections[s].L / float64(cp.Nseg[s])
		}
		has := func(local int) bool { _, ok := inst[g.pos[gc.first+local]]; return ok }
		for local := range cp.Nodes {
			ni := g.pos[gc.first+local]
			k, ok := inst[ni]
			if !ok {
				continue
			}
			nd := &cp.Nodes[local]
			par := -1
			if p := nd.Parent; p >= 0 {
				switch {
				case has(p):
					par = p
				case cp.Nodes[p].Parent >= 0 && has(cp.Nodes[p].Parent):
					par = cp.Nodes[p].Parent
				default:
					if ps := m.Sections[nd.Section].Parent; ps >= 0 && ps != nd.Section && has(cp.first[ps]) {
						par = cp.first[ps]
					}
				}
			}
			pp := int32(-1)
			af, bf := 0.0, 0.0
			if par >= 0 {
				pp = pos[g.pos[gc.first+par]]
				dxc, dxp := dx(local), dx(par)
				af = 2 * 1.0 / dxp / (dxc + dxp)
				bf = 2 / dxc / (dxc + dxp)
			}
			pos[ni] = int32(len(l.k))
			l.k = append(l.k, k)
			l.node = append(l.node, ni)
			l.parent = append(l.parent, pp)
			l.af = append(l.af, af)
			l.bf = append(l.bf, bf)
		}
	}
	n := len(l.k)
	l.a, l.b, l.d = make([]float64, n), make([]float64, n), make([]float64, n)
	l.rhs, l.dc, l.vol = make([]float64, n), make([]float64, n), make([]float64, n)
	return l, nil
}

// step diffuses every concentration by one step of dt.
func (l *longDiffusion) step(dt float64) {
	e := &l.mr.env
	for s, sp := range l.species {
		for j, k := range l.k {
			l.dc[j], l.vol[j] = l.ld.LongDiffusionCoef(e, s, int(k))
			l.d[j] = 0
			if p := l.parent[j]; p >= 0 {
				dc := (l.dc[j] + l.dc[p]) / 2
				l.a[j] = -l.af[j] * dc / l.vol[p]
				l.b[j] = -l.bf[j] * dc / l.vol[j]
			}
		}
		conc := func(j int) *float64 {
			if sp == nil {
				return &l.states[s][l.k[j]]
			}
			return &sp.ci[l.node[j]]
		}
		for j := range l.node {
			l.d[j] += 1. / dt
			l.rhs[j] = *conc(j) / dt
			if p := l.parent[j]; p >= 0 {
				l.d[j] -= l.b[j]
				l.d[p] -= l.a[j]
			}
		}
		treeSolve(l.a, l.d, l.b, l.rhs, l.parent)
		for j := range l.node {
			*conc(j) = l.rhs[j]
		}
	}
}

// treeSolve is NEURON's nrn_tree_solve: the tree system of diagonal d,
// a above and b below it, parents before children (parent -1 for a
// root), rhs replaced by the solution.
func treeSolve(a, d, b, rhs []float64, parent []int32) {
	n := len(d)
	for i := n - 1; i > 0; i-- {
		if pin := parent[i]; pin > -1 {
			p := a[i] / d[i]
			d[pin] -= p * b[i]
			rhs[pin] -= p * rhs[i]
		}
	}
	for i := range n {
		if pin := parent[i]; pin > -1 {
			rhs[i] -= b[i] * rhs[pin]
		}
		rhs[i] /= d[i]
	}
}
