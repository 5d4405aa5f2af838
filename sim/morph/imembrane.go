package morph

// membraneCurrent is NEURON's fast membrane current (CVode.use_fast_imem,
// the range variable i_membrane_): the current through the membrane of
// every node (nA, outward positive), capacitive plus ionic, point
// processes such as synapses and membrane sources (IClamp and SEClamp
// with Membrane) included, electrode currents (IClamp, SEClamp) excluded. Over a step it is the linearised current at the new
// potential, (d_m·Δv + i_m)·area/100, where i_m and d_m are the
// membrane's current density and its slope at the old potential
// (capacitance's cm/dt included in d_m) and Δv the solve's change, in
// NEURON's arithmetic (nrn_calc_fast_imem); at initialisation it is the
// electrode current plus the axial current into the node, zero for a
// cell at rest everywhere (nrn_calc_fast_imem_fixedstep_init).
type membraneCurrent struct {
	i          []float64 // nA per node
	rhs, slope []float64 // the membrane's current density (mA/cm2) and slope (S/cm2) at the old potential
}

// EnableMembraneCurrent makes the group compute the membrane current of
// every node at every step (the probe name "i_membrane"; NEURON's
// i_membrane_), as NEURON's CVode.use_fast_imem(1) does. It costs two
// copies and one pass over the nodes per step; a group without it pays
// nothing. It starts with the present state: call it before stepping.
func (g *CellGroup) EnableMembraneCurrent() {
	if g.imem != nil {
		return
	}
	n := len(g.v)
	m := &membraneCurrent{i: make([]float64, n), rhs: make([]float64, n), slope: make([]float64, n)}
	// The membrane's part of the present sums: the sums less the
	// electrodes' terms (currents sets them so; computing the currents
	// again could move mechanisms that change state in BREAKPOINT).
	m.save(g)
	for i := range g.clamps {
		cl := &g.clamps[i]
		if !cl.spec.Membrane {
			m.rhs[cl.node] += g.clampI[i] * 1e2 / g.area[cl.node]
		}
	}
	for i := range g.vclamps {
		cl := &g.vclamps[i]
		if cl.spec.Membrane {
			continue
		}
		mf := 1e2 / g.area[cl.node]
		v := g.v[cl.node]
		gg := cl.current(g.t, v+.001)
		ii := cl.current(g.t, v)
		m.rhs[cl.node] += ii * mf
		m.slope[cl.node] += (gg - ii) / .001 * mf
	}
	g.imem = m
	m.initial(g)
}

// save keeps the membrane's current and slope (the group's sums before
// the electrodes add theirs).
func (m *membraneCurrent) save(g *CellGroup) {
	copy(m.rhs, g.rhs)
	copy(m.slope, g.d)
}

// initial is the membrane current at initialisation: NEURON's right-hand
// side with the axial currents, plus the membrane's own current.
func (m *membraneCurrent) initial(g *CellGroup) {
	n := len(g.v)
	v, par, a, b := g.v[:n], g.parent[:n], g.a[:n], g.b[:n]
	r := m.i[:n]
	for i := range r {
		r[i] = -g.rhs[i]
	}
	for _, i := range g.pos { // the canonical order, as solve's
		p := par[i]
		if p < 0 {
			continue
		}
		dv := v[p] - v[i]
		r[i] -= b[i] * dv
		r[p] += a[i] * dv
	}
	for i := range r {
		r[i] = (m.rhs[i] + r[i]) * g.area[i] * .01
	}
}

// update is the membrane current over the step just solved: dv is the
// solve's change of every node (half the step's with secondorder 1 or 2,
// whose capacitive factor is doubled: NEURON's arithmetic either way).
func (m *membraneCurrent) update(g *CellGroup, dv []float64) {
	n := len(dv)
	cfac := g.capacitanceFactor()
	r, s, cm, area, out := m.rhs[:n], m.slope[:n], g.cm[:n], g.area[:n], m.i[:n]
	for i := range out {
		out[i] = ((s[i]+cfac*cm[i])*dv[i] + r[i]) * area[i] * .01
	}
}
