package morph

import (
	"fmt"
	"math"
	"reflect"

	"github.com/golgi-sim/golgi/sim/channels"
)

// BlockSize is the number of cells whose compartments are stored together:
// the state of a population is laid out as [block][node][cell of the
// block], so that one block of cells keeps the arrays of a step in the
// first-level cache while each loop runs over the cells of a block (64
// was fastest here: 16 and 128 cost 20% more, 32 5%).
const BlockSize = 64

// Population is the state of n cells of one Cell, integrated by NEURON's
// fixed step with secondorder = 0 (backward Euler for the cable equation,
// solved by the Hines algorithm; gates advanced by the exact exponential
// step at the staggered half step). Distinct ranges of cells may be
// stepped concurrently. Step does not allocate.
type Population struct {
	cp  *Compartments
	n   int // cells
	m   int // nodes per cell in the solve
	bs  int // cells per block
	nb  int // blocks
	row int // m*bs: values per block and array

	// alias maps each node of cp to the node of the solve whose potential
	// it has: itself, or for a zero-area node left out of the solve (a leaf
	// or the root with nothing attached) its neighbour.
	alias []int

	v, rhs, d []float64 // [block][node][cell]

	parent []int32   // per node; parent[0] = -1
	a, b   []float64 // NEURON's NODEA and NODEB (S/cm2, or uS on zero-area nodes)
	cm     []float64 // uF/cm2; 0 on zero-area nodes
	mfact  []float64 // nA -> mA/cm2 on each node: 100/area (1 on zero-area nodes)

	groups  []chanGroup
	syn     []synState
	clamps  []clampState
	vclamps []vclampState

	spikeNode int
	thr       float64
	cn        bool // Crank-Nicolson (NEURON's secondorder = 1)
}

// chanGroup holds every instance of one channel (by name) in the cell:
// its nodes and gates, grouped in runs of consecutive nodes sharing one
// Channel value so that one call serves a run of a whole block.
type chanGroup struct {
	name   string
	gnames []string
	k      int         // nodes carrying it
	gates  [][]float64 // [gate][block][k][cell]
	runs   []chanRun
}

type chanRun struct {
	ch    channels.Channel
	node0 int         // first node
	k0    int         // index of node0 among the group's nodes
	n     int         // consecutive nodes
	views [][]float64 // [block*ngates + gate]: the gate rows of the run in the block
}

type synState struct {
	spec   Synapse
	node   int
	mfact  float64
	a, b   []float64 // per cell, uS (ExpSyn: b only)
	g      []float64 // per cell: conductance used in the last step, uS
	f      float64
	tau1   float64
	tau2   float64
	single bool
	block  bool    // Mg block (NMDA)
	mgk    float64 // [Mg]/K
	slope  float64 // 1/mV
}

type clampState struct {
	spec  IClamp
	node  int
	mfact float64
}

type vclampState struct {
	spec  SEClamp
	node  int
	mfact float64
	i     []float64 // per cell: current of the last step, nA
}

// NewPopulation returns n cells of model c, initialised at c.VInitMV with
// every gate at its steady state (NEURON's finitialize).
func NewPopulation(c *Cell, n int) (*Population, error) {
	cp, err := c.Compartments()
	if err != nil {
		return nil, err
	}
	return newPopulation(cp, n)
}

func newPopulation(cp *Compartments, n int) (*Population, error) {
	c := cp.Cell
	name := c.Name
	if name == "" {
		name = "cell"
	}
	if n < 0 {
		return nil, fmt.Errorf("morph: NewPopulation: n = %d, want n >= 0", n)
	}
	if len(c.Inserts) > 0 || len(c.IonValues) > 0 || len(c.PointProcesses) > 0 {
		return nil, fmt.Errorf("morph: %s: NMODL mechanisms (Inserts, IonValues, PointProcesses) are stepped by a CellGroup, not a Population", name)
	}
	if math.IsNaN(c.ThresholdMV) || math.IsInf(c.ThresholdMV, 0) || math.IsNaN(c.VInitMV) || math.IsInf(c.VInitMV, 0) {
		return nil, fmt.Errorf("morph: %s: ThresholdMV = %g, VInitMV = %g, want finite values", name, c.ThresholdMV, c.VInitMV)
	}
	alias, kept := solveNodes(cp)
	m := len(kept)
	bs := BlockSize
	if n < bs {
		bs = max(n, 1)
	}
	nb := (n + bs - 1) / bs
	p := &Population{cp: cp, n: n, m: m, bs: bs, nb: nb, row: m * bs, alias: alias,
		parent: make([]int32, m), a: make([]float64, m), b: make([]float64, m),
		cm: make([]float64, m), mfact: make([]float64, m),
		thr: c.ThresholdMV, cn: c.CrankNicolson}
	size := nb * m * bs
	p.v, p.rhs, p.d = make([]float64, size), make([]float64, size), make([]float64, size)

	// NEURON's connection_coef: a node's area, 1e2 for zero-area nodes.
	area := func(i int) float64 {
		if cp.Nodes[i].AreaUm2 == 0 {
			return endArea
		}
		return cp.Nodes[i].AreaUm2
	}
	for k, i := range kept {
		nd := cp.Nodes[i]
		p.cm[k] = nd.CmUFcm2
		p.mfact[k] = 1e2 / area(i)
		p.parent[k] = -1
		if nd.Parent >= 0 && alias[nd.Parent] != k && k > 0 {
			p.parent[k] = int32(alias[nd.Parent])
			p.a[k] = -1.e2 * nd.RinvUS / area(nd.Parent)
			p.b[k] = -1.e2 * nd.RinvUS / area(i)
		}
	}

	// Channels, grouped by name in order of first appearance.
	index := map[string]int{}
	type entry struct {
		node int
		ch   channels.Channel
	}
	var entries [][]entry
	for _, ci := range kept {
		nd := cp.Nodes[ci]
		i := alias[ci]
		for _, ch := range nd.Channels {
			g, ok := index[ch.Name()]
			if !ok {
				g = len(p.groups)
				index[ch.Name()] = g
				p.groups = append(p.groups, chanGroup{name: ch.Name(), gnames: ch.GateNames()})
				entries = append(entries, nil)
			}
			entries[g] = append(entries[g], entry{i, ch})
		}
	}
	for g := range p.groups {
		gr := &p.groups[g]
		es := entries[g]
		gr.k = len(es)
		ng := len(gr.gnames)
		gr.gates = make([][]float64, ng)
		for j := range gr.gates {
			gr.gates[j] = make([]float64, nb*gr.k*bs)
		}
		for k := 0; k < len(es); {
			r := chanRun{ch: es[k].ch, node0: es[k].node, k0: k, n: 1}
			for k+r.n < len(es) && es[k+r.n].node == r.node0+r.n && sameChannel(es[k+r.n].ch, r.ch) {
				r.n++
			}
			r.views = make([][]float64, nb*ng)
			for blk := 0; blk < nb; blk++ {
				off := (blk*gr.k + r.k0) * bs
				for j := 0; j < ng; j++ {
					r.views[blk*ng+j] = gr.gates[j][off : off+r.n*bs : off+r.n*bs]
				}
			}
			gr.runs = append(gr.runs, r)
			k += r.n
		}
	}

	// Point processes.
	for _, s := range c.Synapses {
		node, _ := cp.Node(s.At)
		node = alias[node]
		st := synState{spec: s, node: node, mfact: p.mfact[node], a: make([]float64, n), b: make([]float64, n), g: make([]float64, n), single: s.Tau1Ms == 0}
		if s.Name == "" {
			return nil, fmt.Errorf("morph: %s: a synapse at %v has no name", name, s.At)
		}
		for _, o := range p.syn {
			if o.spec.Name == s.Name {
				return nil, fmt.Errorf("morph: %s: two synapses named %q", name, s.Name)
			}
		}
		if math.IsNaN(s.EMV) || math.IsInf(s.EMV, 0) {
			return nil, fmt.Errorf("morph: %s: synapse %q: EMV = %g, want a finite potential", name, s.Name, s.EMV)
		}
		if st.single {
			if !(s.Tau2Ms > 0) || math.IsInf(s.Tau2Ms, 0) {
				return nil, fmt.Errorf("morph: %s: synapse %q: Tau2Ms = %g, want > 0", name, s.Name, s.Tau2Ms)
			}
			st.tau2, st.f = s.Tau2Ms, 1
		} else {
			t1, t2, err := channels.Exp2SynTaus(s.Tau1Ms, s.Tau2Ms)
			if err != nil {
				return nil, fmt.Errorf("morph: %s: synapse %q: %w", name, s.Name, err)
			}
			st.tau1, st.tau2 = t1, t2
			st.f, _ = channels.Exp2SynFactor(t1, t2)
		}
		if s.Block != nil {
			st.block = true
			var err error
			if st.mgk, st.slope, err = s.Block.Params(); err != nil {
				return nil, fmt.Errorf("morph: %s: synapse %q: %w", name, s.Name, err)
			}
		}
		p.syn = append(p.syn, st)
	}
	for k, cl := range c.Clamps {
		if math.IsNaN(cl.DelMs) || math.IsInf(cl.DelMs, 0) || !(cl.DurMs >= 0) || math.IsInf(cl.DurMs, 0) || math.IsNaN(cl.AmpNA) || math.IsInf(cl.AmpNA, 0) {
			return nil, fmt.Errorf("morph: %s: Clamps[%d] = %+v: want finite DelMs, AmpNA and DurMs >= 0", name, k, cl)
		}
		node, _ := cp.Node(cl.At)
		node = alias[node]
		p.clamps = append(p.clamps, clampState{spec: cl, node: node, mfact: p.mfact[node]})
	}
	for _, cl := range c.VClamps {
		node, _ := cp.Node(cl.At)
		node = alias[node]
		p.vclamps = append(p.vclamps, vclampState{spec: cl, node: node, mfact: p.mfact[node], i: make([]float64, n)})
	}
	p.spikeNode = alias[cp.spikeNode()]
	p.Init(c.VInitMV)
	return p, nil
}

// sameChannel reports whether a and b are the same Channel value, without
// panicking on incomparable dynamic types.
func sameChannel(a, b channels.Channel) bool {
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || !ta.Comparable() {
		return false
	}
	return a == b
}

// Len returns the number of cells.
func (p *Population) Len() int { return p.n }

// Compartments returns the discretized cell.
func (p *Population) Compartments() *Compartments { return p.cp }

// Nodes returns the number of nodes per cell (of the Compartments).
func (p *Population) Nodes() int { return len(p.alias) }

// SolvedNodes returns the number of nodes per cell in the linear system:
// Nodes less the zero-area nodes that carry nothing (see Population).
func (p *Population) SolvedNodes() int { return p.m }

// SpikeNode returns the node of the spike detector.
func (p *Population) SpikeNode() int { return p.cp.spikeNode() }

// at returns the offset of (node i, cell c) in the state arrays.
func (p *Population) at(i, c int) int {
	blk := c / p.bs
	return (blk*p.m+i)*p.bs + c - blk*p.bs
}

// Init sets every compartment of every cell to vMV with gates at steady
// state and synapses at rest (NEURON's finitialize(vMV)).
func (p *Population) Init(vMV float64) {
	for c := 0; c < p.n; c++ {
		for i := 0; i < p.m; i++ {
			p.v[p.at(i, c)] = vMV
		}
	}
	p.initGates(0, p.n)
	for r := range p.syn {
		s := &p.syn[r]
		clear(s.a)
		clear(s.b)
		clear(s.g)
	}
}

// InitCells sets every compartment of cell k, lo <= k < hi, to vMV[k] and
// its gates to their steady state.
func (p *Population) InitCells(lo, hi int, vMV []float64) {
	for c := lo; c < hi; c++ {
		for i := 0; i < p.m; i++ {
			p.v[p.at(i, c)] = vMV[c]
		}
	}
	p.initGates(lo, hi)
}

func (p *Population) initGates(lo, hi int) {
	p.blocks(lo, hi, func(blk, clo, chi int) {
		base := blk * p.row
		for g := range p.groups {
			gr := &p.groups[g]
			ng := len(gr.gnames)
			for _, r := range gr.runs {
				vs := p.v[base+r.node0*p.bs : base+(r.node0+r.n)*p.bs]
				for j := 0; j < r.n; j++ {
					r.ch.Init(r.views[blk*ng:(blk+1)*ng], vs, j*p.bs+clo, j*p.bs+chi)
				}
			}
		}
	})
}

// blocks calls f for every block meeting cells [lo, hi) with the range of
// lanes [clo, chi) of that block.
func (p *Population) blocks(lo, hi int, f func(blk, clo, chi int)) {
	for c := lo; c < hi; {
		blk := c / p.bs
		clo := c - blk*p.bs
		chi := min(hi-blk*p.bs, p.bs)
		f(blk, clo, chi)
		c = blk*p.bs + chi
	}
}

// V returns the membrane potential (mV) of node i of cell c.
func (p *Population) V(i, c int) float64 { return p.v[p.at(p.alias[i], c)] }

// ReadV copies the potential (mV) of node i of cells [lo, hi) into
// dst[lo:hi].
func (p *Population) ReadV(i, lo, hi int, dst []float64) {
	i = p.alias[i]
	for c := lo; c < hi; {
		blk := c / p.bs
		end := min(hi, (blk+1)*p.bs)
		off := (blk*p.m+i)*p.bs - blk*p.bs // offset of cell 0's lane
		copy(dst[c:end], p.v[off+c:off+end])
		c = end
	}
}

// Gate returns gate g ("channel.gate", e.g. "hh_na.m") of node i of cell c.
func (p *Population) Gate(name string, i, c int) (float64, error) {
	i = p.alias[i]
	for gi := range p.groups {
		gr := &p.groups[gi]
		for j, gn := range gr.gnames {
			if gr.name+"."+gn != name {
				continue
			}
			for _, r := range gr.runs {
				if i >= r.node0 && i < r.node0+r.n {
					k := r.k0 + i - r.node0
					blk := c / p.bs
					return gr.gates[j][(blk*gr.k+k)*p.bs+c-blk*p.bs], nil
				}
			}
			return 0, fmt.Errorf("morph: node %d has no channel %s", i, gr.name)
		}
	}
	return 0, fmt.Errorf("morph: no gate %q", name)
}

// Synapses returns the number of synapses per cell.
func (p *Population) Synapses() int { return len(p.syn) }

// SynapseIndex returns the index of the synapse named name.
func (p *Population) SynapseIndex(name string) (int, bool) {
	for r := range p.syn {
		if p.syn[r].spec.Name == name {
			return r, true
		}
	}
	return -1, false
}

// Conductance returns, per cell, the conductance (uS) of synapse r in the
// last step (after that step's events, before the decay), as NEURON
// records Exp2Syn's g; with a Mg block, the unblocked conductance
// s B(v) at the potential at the start of the step. The slice aliases the
// population's state.
func (p *Population) Conductance(r int) []float64 { return p.syn[r].g }

// Receive delivers an event of weight wUS (uS) to synapse r of cell c
// (NEURON's NET_RECEIVE: A and B += w*F for Exp2Syn, g += w for ExpSyn).
// Events due by t + dt/2 are delivered before the step from t.
func (p *Population) Receive(r, c int, wUS float64) {
	s := &p.syn[r]
	x := wUS * s.f
	if !s.single {
		s.a[c] += x
	}
	s.b[c] += x
}

// ClampCurrent returns, per cell, the current (nA, depolarising) of voltage
// clamp k (Cell.VClamps) in the last step, evaluated with the potential at
// its start. The slice aliases the population's state.
func (p *Population) ClampCurrent(k int) []float64 { return p.vclamps[k].i }

// command returns the clamp's command potential at t and whether it is on
// (NEURON's vstim).
func (c *SEClamp) command(tMs float64) (float64, bool) {
	switch {
	case tMs < c.Dur[0]:
		return c.Amp[0], true
	case tMs < c.Dur[0]+c.Dur[1]:
		return c.Amp[1], true
	case tMs < c.Dur[0]+c.Dur[1]+c.Dur[2]:
		return c.Amp[2], true
	}
	return 0, false
}

// Input is the drive of one step for cells [lo, hi); slices are indexed by
// cell, nil means none.
type Input struct {
	// INA is a current (nA, positive depolarising) injected at the spike
	// detector's node, evaluated by the caller at t + dt/2.
	INA []float64
	// Events[r][c] is the summed weight (uS) of the events that reach
	// synapse r of cell c at the start of this step; Step consumes them
	// (sets them to zero). Events may be nil, or hold nil entries.
	Events [][]float64
}

// Step advances cells [lo, hi) one fixed step from tMs to tMs + dtMs by
// NEURON's scheme (see the package documentation) and appends to spikes,
// in increasing order, the cells whose spike detector crossed the
// threshold (v_n < ThresholdMV <= v_{n+1}); the spike time is tMs + dtMs.
// It does not allocate when spikes has room.
func (p *Population) Step(lo, hi int, tMs, dtMs float64, in Input, spikes []int) []int {
	if lo >= hi {
		return spikes
	}
	for r := range p.syn {
		s := &p.syn[r]
		if r < len(in.Events) && in.Events[r] != nil {
			w := in.Events[r][lo:hi]
			a, b := s.a[lo:hi], s.b[lo:hi]
			for k := range w {
				if w[k] != 0 {
					x := w[k] * s.f
					if !s.single {
						a[k] += x
					}
					b[k] += x
					w[k] = 0
				}
			}
		}
	}
	tMid := tMs + 0.5*dtMs
	cfac := 0.001 / dtMs
	if p.cn {
		cfac = 0.002 / dtMs // NEURON's cj = 2/dt: the solve gives v(t+dt/2) - v(t)
	}
	for c := lo; c < hi; {
		blk := c / p.bs
		clo := c - blk*p.bs
		chi := min(hi-blk*p.bs, p.bs)
		spikes = p.stepBlock(blk, clo, chi, tMid, dtMs, cfac, in, spikes)
		c = blk*p.bs + chi
	}
	return spikes
}

// stepBlock advances lanes [clo, chi) of block blk.
func (p *Population) stepBlock(blk, clo, chi int, tMid, dtMs, cfac float64, in Input, spikes []int) []int {
	bs, m := p.bs, p.m
	base := blk * p.row
	v := p.v[base : base+p.row]
	rhs := p.rhs[base : base+p.row]
	d := p.d[base : base+p.row]
	full := clo == 0 && chi == bs
	c0 := blk * bs // cell of lane 0

	// Membrane currents: rhs accumulates the outward current density
	// (mA/cm2), d its slope (S/cm2).
	if full {
		clear(rhs)
		clear(d)
	} else {
		for i := 0; i < m; i++ {
			clear(rhs[i*bs+clo : i*bs+chi])
			clear(d[i*bs+clo : i*bs+chi])
		}
	}
	for g := range p.groups {
		gr := &p.groups[g]
		ng := len(gr.gnames)
		for ri := range gr.runs {
			run := &gr.runs[ri]
			o0, o1 := run.node0*bs, (run.node0+run.n)*bs
			gates := run.views[blk*ng : (blk+1)*ng]
			vs, is, gs := v[o0:o1], rhs[o0:o1], d[o0:o1]
			if full {
				run.ch.Current(gates, vs, tMid, is, gs, 0, run.n*bs)
				continue
			}
			for j := 0; j < run.n; j++ {
				run.ch.Current(gates, vs, tMid, is, gs, j*bs+clo, j*bs+chi)
			}
		}
	}
	for r := range p.syn {
		s := &p.syn[r]
		o := s.node * bs
		vs, is, gs := v[o+clo:o+chi], rhs[o+clo:o+chi], d[o+clo:o+chi]
		bb, gg := s.b[c0+clo:c0+chi], s.g[c0+clo:c0+chi]
		is, gs, bb, gg = is[:len(vs)], gs[:len(vs)], bb[:len(vs)], gg[:len(vs)]
		mf, e := s.mfact, s.spec.EMV
		if s.block {
			var aa []float64
			if !s.single {
				aa = s.a[c0+clo : c0+chi]
				aa = aa[:len(vs)]
			}
			mgk, sl := s.mgk, s.slope
			for k := range vs {
				x := bb[k]
				if aa != nil {
					x -= aa[k]
				}
				vk := vs[k]
				e1 := mgk * math.Exp(-sl*vk)
				bl := 1 / (1 + e1)
				g := x * bl
				gg[k] = g
				is[k] += g * (vk - e) * mf
				gs[k] += (g + g*bl*e1*sl*(vk-e)) * mf
			}
			continue
		}
		if s.single {
			for k := range vs {
				x := bb[k]
				gg[k] = x
				is[k] += x * (vs[k] - e) * mf
				gs[k] += x * mf
			}
		} else {
			aa := s.a[c0+clo : c0+chi]
			aa = aa[:len(vs)]
			for k := range vs {
				x := bb[k] - aa[k]
				gg[k] = x
				is[k] += x * (vs[k] - e) * mf
				gs[k] += x * mf
			}
		}
	}
	for _, cl := range p.clamps {
		if tMid < cl.spec.DelMs+cl.spec.DurMs && tMid >= cl.spec.DelMs {
			is := rhs[cl.node*bs+clo : cl.node*bs+chi]
			x := cl.spec.AmpNA * cl.mfact
			for k := range is {
				is[k] -= x
			}
		}
	}
	for vc := range p.vclamps {
		cl := &p.vclamps[vc]
		o := cl.node * bs
		vs, is, gs := v[o+clo:o+chi], rhs[o+clo:o+chi], d[o+clo:o+chi]
		ii := cl.i[c0+clo : c0+chi]
		is, gs, ii = is[:len(vs)], gs[:len(vs)], ii[:len(vs)]
		cmd, on := cl.spec.command(tMid)
		if !on {
			clear(ii)
			continue
		}
		g := 1 / cl.spec.RsMOhm // uS
		mf := cl.mfact
		for k := range vs {
			x := (cmd - vs[k]) * g
			ii[k] = x
			is[k] -= x * mf
			gs[k] += g * mf
		}
	}
	if in.INA != nil {
		o := p.spikeNode * bs
		is := rhs[o+clo : o+chi]
		inj := in.INA[c0+clo : c0+chi]
		inj = inj[:len(is)]
		mf := p.mfact[p.spikeNode]
		for k := range is {
			is[k] -= inj[k] * mf
		}
	}

	// Matrix: rhs = -i + axial currents, d = di/dv + C/dt + axial
	// conductances (NEURON's nrn_rhs and nrn_lhs), node by node so that a
	// parent is complete before its children add to it.
	row := func(x []float64, i int) []float64 { return x[i*bs+clo : i*bs+chi] }
	for i := 0; i < m; i++ {
		r, dd := row(rhs, i), row(d, i)
		if pi := int(p.parent[i]); pi >= 0 {
			matrix(r, dd, row(v, i), row(v, pi), row(rhs, pi), row(d, pi), p.a[i], p.b[i], cfac*p.cm[i])
		} else {
			negCap(r, dd, cfac*p.cm[i])
		}
	}
	// Hines elimination, leaves to root (NEURON's triang).
	for i := m - 1; i > 0; i-- {
		pi := int(p.parent[i])
		triang(row(rhs, i), row(d, i), row(rhs, pi), row(d, pi), p.a[i], p.b[i])
	}
	// Back substitution, root to leaves (bksub), and v += dv (update);
	// spikes at the detector's node.
	sn := p.spikeNode
	if p.cn {
		// Crank-Nicolson: dv is the change to t + dt/2, v(t+dt) = v + 2 dv.
		for i := 0; i < m; i++ {
			r, dd, vi := row(rhs, i), row(d, i), row(v, i)
			if pi := int(p.parent[i]); pi < 0 {
				solveRoot(r, dd)
			} else {
				solve(r, dd, row(rhs, pi), p.b[i])
			}
			spikes = addTwice(r, vi, p.thr, i == sn, c0+clo, spikes)
		}
		return p.advance(blk, clo, chi, full, v, dtMs, c0, spikes)
	}
	for i := 0; i < m; i++ {
		r, dd, vi := row(rhs, i), row(d, i), row(v, i)
		pi := int(p.parent[i])
		switch {
		case i == sn && pi < 0:
			solveRoot(r, dd)
			spikes = addCross(r, vi, p.thr, c0+clo, spikes)
		case i == sn:
			solve(r, dd, row(rhs, pi), p.b[i])
			spikes = addCross(r, vi, p.thr, c0+clo, spikes)
		case pi < 0:
			root(r, dd, vi)
		default:
			bksub(r, dd, row(rhs, pi), vi, p.b[i])
		}
	}

	return p.advance(blk, clo, chi, full, v, dtMs, c0, spikes)
}

// advance advances the gates of lanes [clo, chi) of block blk with the new
// potentials v (the block's rows) and decays the synapses.
func (p *Population) advance(blk, clo, chi int, full bool, v []float64, dtMs float64, c0 int, spikes []int) []int {
	bs := p.bs
	// Gates with the new potentials (NEURON's nonvint).
	for g := range p.groups {
		gr := &p.groups[g]
		ng := len(gr.gnames)
		if ng == 0 {
			continue
		}
		for ri := range gr.runs {
			run := &gr.runs[ri]
			o0, o1 := run.node0*bs, (run.node0+run.n)*bs
			gates := run.views[blk*ng : (blk+1)*ng]
			vs := v[o0:o1]
			if full {
				run.ch.Advance(gates, vs, dtMs, 0, run.n*bs)
				continue
			}
			for j := 0; j < run.n; j++ {
				run.ch.Advance(gates, vs, dtMs, j*bs+clo, j*bs+chi)
			}
		}
	}
	// Synaptic decay (cnexp, exact).
	for r := range p.syn {
		s := &p.syn[r]
		pb := math.Exp(dtMs * (-1 / s.tau2))
		bb := s.b[c0+clo : c0+chi]
		for k := range bb {
			bb[k] *= pb
		}
		if !s.single {
			pa := math.Exp(dtMs * (-1 / s.tau1))
			aa := s.a[c0+clo : c0+chi]
			for k := range aa {
				aa[k] *= pa
			}
		}
	}
	return spikes
}

// solveNodes returns, for every node of cp, the index in the solve of the
// node whose potential it has, and the nodes kept in the solve in order.
// A zero-area node with nothing attached (no point process, not the spike
// detector) that is a leaf, or the root with a single child, carries no
// current: in NEURON's backward Euler its potential equals that of its
// neighbour after every step, so it is left out and reports the
// neighbour's potential.
func solveNodes(cp *Compartments) (alias, kept []int) {
	n := len(cp.Nodes)
	children := make([]int, n)
	for _, nd := range cp.Nodes {
		if nd.Parent >= 0 {
			children[nd.Parent]++
		}
	}
	attached := make([]bool, n)
	c := cp.Cell
	for _, s := range c.Synapses {
		i, _ := cp.Node(s.At)
		attached[i] = true
	}
	for _, cl := range c.Clamps {
		i, _ := cp.Node(cl.At)
		attached[i] = true
	}
	for _, cl := range c.VClamps {
		i, _ := cp.Node(cl.At)
		attached[i] = true
	}
	attached[cp.spikeNode()] = true
	drop := make([]bool, n)
	for i, nd := range cp.Nodes {
		if nd.AreaUm2 != 0 || attached[i] {
			continue
		}
		if (i > 0 && children[i] == 0) || (i == 0 && children[0] == 1) {
			drop[i] = true
		}
	}
	alias = make([]int, n)
	for i := range cp.Nodes {
		if !drop[i] {
			alias[i] = len(kept)
			kept = append(kept, i)
		}
	}
	for i, nd := range cp.Nodes {
		if drop[i] && i > 0 {
			alias[i] = alias[nd.Parent]
		}
	}
	if drop[0] {
		for i, nd := range cp.Nodes {
			if nd.Parent == 0 {
				alias[0] = alias[i]
			}
		}
	}
	return alias, kept
}
