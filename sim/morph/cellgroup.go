package morph

import (
	"errors"
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
)

// CellGroup steps cells of any morphologies whose membranes are NMODL
// mechanisms (Cell.Inserts, Cell.PointProcesses: package sim/mech) by
// NEURON's fixed step with secondorder = 0 (or 1 or 2, SetSecondOrder),
// as one NEURON thread does:
//
//  1. events due by t + dt/2 are delivered to their point processes, at
//     their own times (Send);
//  2. at t + dt/2, the ions' currents are cleared and reversal potentials
//     follow the Nernst equation where a mechanism writes a concentration;
//     every mechanism, in order, adds its currents and their slopes
//     (nrn_cur); IClamps and SEClamps add theirs;
//  3. the cells' nodes form one forest whose linearised implicit system is
//     solved by the Hines algorithm, v += dv, and a cell spikes if the
//     potential at its detector went from below its threshold to or above
//     it (spike time t + dt);
//  4. every mechanism advances its states with the new v (nrn_state).
//
// Each mechanism is one sim/mech Mechanism over all its instances in the
// group. One on consecutive nodes steps in one call on sub-slices of the
// group's node arrays, one on several runs of consecutive nodes of 8
// instances or more on average run by run (mech.Ranged), adding its
// currents to the nodes' sums itself; otherwise (shorter runs, which
// the vector lanes could not fill, native mechanisms that are not
// Ranged, point processes sharing a node, mechanisms writing a reversal
// potential) its
// potentials and ion variables are gathered from the nodes before the
// call and its currents and concentrations scattered back after. Every
// way gives the same bits. Mechanisms are evaluated in NEURON's order: pas,
// then the others in the byte order of their names (nrnivmodl registers
// them in the byte order of their .mod files' names, which are the
// mechanisms' names in the reference sets). Every node of a cell takes
// part in the solve, the zero-area ends of sections included, as in
// NEURON, and the solve runs in NEURON's node order; the group's arrays
// store the nodes in another, which puts each mechanism's instances on
// as few runs as it can (nodeorder.go).
//
// A CellGroup is not safe for concurrent use; groups are independent, so
// the cells of a network are stepped on several threads as several
// groups.
type CellGroup struct {
	dt, celsius float64
	t           float64
	// secondOrder is NEURON's secondorder (SetSecondOrder).
	secondOrder int

	cells []groupCell
	vOld  []float64 // per cell: the potential at its detector before the solve

	v, rhs, d []float64 // per node
	a, b, cm  []float64 // NEURON's NODEA, NODEB; cm (uF/cm2, 0 at zero-area nodes)
	area      []float64 // um2, 1e2 at zero-area nodes (NEURON's convention for point processes)
	parent    []int32
	// pos is the storage index of every canonical node (nodeorder.go).
	pos []int32
	// triOrder and bkOrder are the nodes in the order of the
	// triangularization (every node with a parent) and of the back
	// substitution (every node): solveOrders.
	triOrder, bkOrder []int32

	mechs []*mechRun
	ions  []*ionSpecies
	// ldiffs are the mechanisms' LONGITUDINAL_DIFFUSION (ldiffusion.go).
	ldiffs []*longDiffusion

	clamps  []groupClamp
	vclamps []groupVClamp
	// clampI and vclampI are the clamps' last currents (nA), by clamp.
	clampI, vclampI []float64
	links           []varLink // LinkVar

	imem *membraneCurrent // nil unless EnableMembraneCurrent

	queue eventQueue
	// byReceiver finds a mechanism's index from its value, for self
	// events (net_send) sent through mech.Env.Queue.
	byReceiver map[mech.Receiver]int
	// netcons are the connections whose NET_RECEIVE INITIAL block runs
	// at Init (AddNetCon).
	netcons []netconInit
	// netconArgs holds the first weight of every connection of netcons,
	// by address: a connection is one weight vector (AddNetCon of the
	// same vector again adds nothing).
	netconArgs map[*float64]struct{}
	// trace, when set (TraceEvents), sees every event deliver hands on.
	trace func(DeliveredEvent)
}

// netconInit is a connection to a point process with a NET_RECEIVE
// INITIAL block.
type netconInit struct {
	p    PointRef
	args []float64
}

// groupQueue is the mech.EventQueue of a CellGroup's mechanisms.
type groupQueue struct{ g *CellGroup }

// Send implements mech.EventQueue: a self event of target's instance k.
func (q groupQueue) Send(tMs float64, target mech.FlagReceiver, k int, args []float64, flag float64) {
	mi, ok := q.g.byReceiver[target]
	if !ok {
		return // not a mechanism of this group: cannot happen through Env.Queue
	}
	q.g.queue.push(event{t: tMs, mech: mi, k: k, args: args, flag: flag})
}

type groupCell struct {
	cp     *Compartments
	first  int // its node 0
	nodes  int
	spike  int // node of the detector
	thr    float64
	vInit  float64
	points map[string]PointRef
}

// mechRun is one mechanism over its instances in the group.
type mechRun struct {
	m     mech.Mechanism
	recv  mech.Receiver // nil if it has no NET_RECEIVE
	nodes []int32       // node of each instance
	// runs are the instances' nodes as runs of consecutive nodes.
	runs []nodeRun
	// direct is set when the Env's per-instance slices are the group's
	// own (sub-slices of v, rhs, d and the species' arrays): the
	// instances are on consecutive nodes and the mechanism writes no
	// reversal potential. Nothing is then gathered or scattered: the
	// mechanism adds its currents to the nodes' sums itself, once per
	// instance, as the scatter did (the sums start at +0, so x and 0 + x
	// add the same bits), and reads and writes the concentrations in
	// place, where the scatter would have put them at once.
	direct bool
	// distinct is set when no two instances share a node (density
	// mechanisms, most point processes): Current then starts from the
	// nodes' sums copied into the Env, which the mechanism adds to, and
	// copies them back, instead of adding its own sums to the nodes'.
	distinct bool
	// ranged, when not nil, is the mechanism stepped run by run (on
	// distinct nodes, writing no E), each run's Env on the group's arrays
	// as a direct mechanism's (linkRanged).
	ranged mech.Ranged
	// electrode is set for a mech.Electrode: its currents are added after
	// the others', out of the membrane current.
	electrode bool
	runEnv    []mech.Env // per run, its slices such that element k is instance k's node
	env       mech.Env
	ions      []ionLink
}

// nodeRun is a run of instances k, k+1, ... k+n-1 on the consecutive
// nodes node, node+1, ... node+n-1.
type nodeRun struct{ k, node, n int32 }

// ionLink connects a mechanism's view of an ion to the species: what it
// reads is gathered, what it writes scattered.
type ionLink struct {
	sp                       *ionSpecies
	view                     *mech.Ion
	readsE, readsCi, readsCo bool
	readsI                   bool
	writesConc, writesE      bool
	writesI                  bool
	// eMoves is set when the species' reversal potential can change after
	// Init (it follows concentrations at some node) or the mechanism
	// writes its own copy: then E is gathered every step, else at Init
	// only. concMoves is the same for the concentrations: some mechanism
	// writes them.
	eMoves, concMoves bool
}

// ionSpecies is one ion over every node of the group.
type ionSpecies struct {
	name     string
	valence  float64
	ci0, co0 []float64 // initial concentrations, mM
	e0       []float64 // initial reversal potential, mV
	ci, co   []float64
	e        []float64
	i, didv  []float64
	// nernst are the nodes where E follows the concentrations every step;
	// nernstInit those where it is their Nernst potential at
	// initialisation only.
	nernst, nernstInit []int32
}

type groupClamp struct {
	spec IClamp
	node int
}

type groupVClamp struct {
	spec   SEClamp
	node   int
	vc     float64
	rs     float64 // MOhm, the series resistance of the step
	active bool
}

// PointRef identifies a point process of a CellGroup.
type PointRef struct {
	mech, k int
}

// NewCellGroup returns the cells, discretized and with their mechanisms,
// stepped by dtMs at temperature celsiusDegC (NEURON's dt and celsius),
// initialised (Init). Every cell must have its membrane as Inserts (and
// PointProcesses); channels of package channels and Synapses are stepped
// by Population instead.
func NewCellGroup(cells []*Cell, dtMs, celsiusDegC float64) (*CellGroup, error) {
	if !(dtMs > 0) || math.IsInf(dtMs, 0) {
		return nil, fmt.Errorf("morph: NewCellGroup: dt = %g ms, want > 0", dtMs)
	}
	if math.IsNaN(celsiusDegC) || math.IsInf(celsiusDegC, 0) {
		return nil, fmt.Errorf("morph: NewCellGroup: celsius = %g, want a finite temperature", celsiusDegC)
	}
	g := &CellGroup{dt: dtMs, celsius: celsiusDegC}
	b := groupBuilder{g: g, mechIndex: map[string]int{}, ionIndex: map[string]*ionSpecies{}, cps: map[*Cell]*Compartments{}}
	for ci, c := range cells {
		if err := b.addCell(ci, c); err != nil {
			return nil, err
		}
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	if err := g.Init(); err != nil {
		return nil, err
	}
	return g, nil
}

// Init is NEURON's finitialize: t = 0, every node at its cell's VInitMV,
// ions at their initial values (reversal potentials from the
// concentrations where the ion's style says so), every mechanism's
// INITIAL, pending events dropped, then the currents at t = 0.
func (g *CellGroup) Init() error {
	g.t = 0
	g.queue.reset()
	for _, c := range g.cells {
		for i := c.first; i < c.first+c.nodes; i++ {
			g.v[g.pos[i]] = c.vInit
		}
	}
	for _, sp := range g.ions {
		copy(sp.ci, sp.ci0)
		copy(sp.co, sp.co0)
		copy(sp.e, sp.e0)
		sp.nernstAt(sp.nernst, g.celsius)
		sp.nernstAt(sp.nernstInit, g.celsius)
	}
	for _, mr := range g.mechs {
		mr.env.T = 0
		mr.gather(g.v, true, true)
		mr.m.Init(&mr.env)
		mr.scatterConc()
	}
	for _, nc := range g.netcons {
		if err := g.initNetCon(nc); err != nil {
			return err
		}
	}
	for i := range g.vclamps {
		g.vclamps[i].active = false
	}
	g.currents()
	if g.imem != nil {
		g.imem.initial(g)
	}
	return nil
}

// AddNetCon registers a connection to point process p with weight vector
// args (the slice later events carry): when p's mechanism has a
// NET_RECEIVE INITIAL block (mech.NetConIniter), it runs for the
// connection at every Init, after the mechanisms' INITIAL blocks, as
// NEURON's finitialize does, and at once if the group has not stepped
// since its last Init. Registering the same weight vector twice runs the
// block once.
func (g *CellGroup) AddNetCon(p PointRef, args []float64) error {
	if err := g.CheckTarget(p); err != nil {
		return err
	}
	if _, ok := g.mechs[p.mech].m.(mech.NetConIniter); !ok || len(args) == 0 {
		return nil
	}
	if _, ok := g.netconArgs[&args[0]]; ok {
		return nil
	}
	if g.netconArgs == nil {
		g.netconArgs = map[*float64]struct{}{}
	}
	g.netconArgs[&args[0]] = struct{}{}
	nc := netconInit{p: p, args: args}
	g.netcons = append(g.netcons, nc)
	if g.t != 0 {
		return fmt.Errorf("morph: AddNetCon at t = %g ms: add connections before stepping, or Init again", g.t)
	}
	return g.initNetCon(nc)
}

// initNetCon runs the NET_RECEIVE INITIAL block of one connection.
func (g *CellGroup) initNetCon(nc netconInit) error {
	mr := g.mechs[nc.p.mech]
	mr.env.T = g.t
	mr.refresh(g, nc.p.k)
	if err := mr.m.(mech.NetConIniter).InitNetCon(&mr.env, nc.p.k, nc.args); err != nil {
		return fmt.Errorf("morph: %s: %w", mr.m.Name(), err)
	}
	return nil
}

func (sp *ionSpecies) nernstAt(nodes []int32, celsius float64) {
	for _, ni := range nodes {
		sp.e[ni] = mech.Nernst(sp.ci[ni], sp.co[ni], sp.valence, celsius)
	}
}

// gather copies the instances' potentials and the ion variables the
// mechanism uses from the nodes (at init every one, later those that can
// have changed since); withI copies the ions' currents too (else they
// are cleared for the mechanism to add its own). A direct mechanism has
// nothing to gather.
func (mr *mechRun) gather(v []float64, withI, init bool) {
	if mr.direct {
		return
	}
	gatherRuns(mr.env.V, v, mr.runs)
	for _, l := range mr.ions {
		sp, view := l.sp, l.view
		if (l.readsCi || l.writesConc) && (init || l.concMoves) {
			gatherRuns(view.Ci, sp.ci, mr.runs)
		}
		if (l.readsCo || l.writesConc) && (init || l.concMoves) {
			gatherRuns(view.Co, sp.co, mr.runs)
		}
		if l.readsE && (init || l.eMoves) {
			gatherRuns(view.E, sp.e, mr.runs)
		}
		if withI && l.readsI {
			gatherRuns(view.I, sp.i, mr.runs)
			gatherRuns(view.DIDV, sp.didv, mr.runs)
		} else if !withI {
			clear(view.I)
			clear(view.DIDV)
		}
	}
}

// gatherRuns sets dst[k] = src[node of k] for the instances of runs.
func gatherRuns(dst, src []float64, runs []nodeRun) {
	for _, r := range runs {
		if r.n == 1 {
			dst[r.k] = src[r.node]
			continue
		}
		copy(dst[r.k:r.k+r.n], src[r.node:r.node+r.n])
	}
}

// addRuns adds src[k] to dst[node of k] for the instances of runs, in
// their order.
func addRuns(dst, src []float64, runs []nodeRun) {
	for _, r := range runs {
		d, s := dst[r.node:r.node+r.n], src[r.k:r.k+r.n]
		for j := range s {
			d[j] += s[j]
		}
	}
}

// refresh sets instance k's potential and ion variables in the
// mechanism's Env to its node's present values, for a NET_RECEIVE (or
// its INITIAL) block, which reads them as NEURON's does, live, whichever
// way the mechanism is stepped (a direct mechanism's Env is the node
// arrays; a gathered one's copies are from its last call; a ranged one
// steps on other Envs).
func (mr *mechRun) refresh(g *CellGroup, k int) {
	ni := mr.nodes[k]
	mr.env.V[k] = g.v[ni]
	if mr.direct {
		return
	}
	for _, l := range mr.ions {
		sp, view := l.sp, l.view
		view.E[k], view.Ci[k], view.Co[k] = sp.e[ni], sp.ci[ni], sp.co[ni]
		view.I[k], view.DIDV[k] = sp.i[ni], sp.didv[ni]
	}
}

// scatterRuns sets dst[node of k] = src[k] for the instances of runs.
func scatterRuns(dst, src []float64, runs []nodeRun) {
	for _, r := range runs {
		if r.n == 1 {
			dst[r.node] = src[r.k]
			continue
		}
		copy(dst[r.node:r.node+r.n], src[r.k:r.k+r.n])
	}
}

// scatterConc writes the concentrations a mechanism writes back to the
// nodes.
func (mr *mechRun) scatterConc() {
	if mr.direct {
		return
	}
	for _, l := range mr.ions {
		if !l.writesConc {
			continue
		}
		sp, view := l.sp, l.view
		for k, ni := range mr.nodes {
			sp.ci[ni] = view.Ci[k]
			sp.co[ni] = view.Co[k]
		}
	}
}

// current adds the currents of a mechanism that is not direct to the
// nodes' sums. Where its instances are on distinct nodes, the sums are
// copied into its Env, it adds to them, and they are copied back: the
// same bits as adding its own sums (starting at +0) to the nodes'.
func (mr *mechRun) current(g *CellGroup) {
	if !mr.distinct {
		mr.gather(g.v, false, false)
		clear(mr.env.I)
		clear(mr.env.G)
		mr.m.Current(&mr.env)
		addRuns(g.rhs, mr.env.I, mr.runs)
		addRuns(g.d, mr.env.G, mr.runs)
		for _, l := range mr.ions {
			addRuns(l.sp.i, l.view.I, mr.runs)
			addRuns(l.sp.didv, l.view.DIDV, mr.runs)
		}
		mr.scatterConc()
		return
	}
	runs := mr.runs
	gatherRuns(mr.env.V, g.v, runs)
	gatherRuns(mr.env.I, g.rhs, runs)
	gatherRuns(mr.env.G, g.d, runs)
	for _, l := range mr.ions {
		sp, view := l.sp, l.view
		if (l.readsCi || l.writesConc) && l.concMoves {
			gatherRuns(view.Ci, sp.ci, runs)
		}
		if (l.readsCo || l.writesConc) && l.concMoves {
			gatherRuns(view.Co, sp.co, runs)
		}
		if l.readsE && l.eMoves {
			gatherRuns(view.E, sp.e, runs)
		}
		if l.writesI {
			gatherRuns(view.I, sp.i, runs)
			gatherRuns(view.DIDV, sp.didv, runs)
		}
	}
	mr.m.Current(&mr.env)
	scatterRuns(g.rhs, mr.env.I, runs)
	scatterRuns(g.d, mr.env.G, runs)
	for _, l := range mr.ions {
		sp, view := l.sp, l.view
		if l.writesI {
			scatterRuns(sp.i, view.I, runs)
			scatterRuns(sp.didv, view.DIDV, runs)
		}
		if l.writesConc {
			scatterRuns(sp.ci, view.Ci, runs)
			scatterRuns(sp.co, view.Co, runs)
		}
	}
}

// currents computes every current at the present v (NEURON's
// setup_tree_matrix up to the matrix): g.rhs holds the outward current
// (mA/cm2) and g.d its slope (S/cm2) of each node.
func (g *CellGroup) currents() {
	g.transfer()
	for _, sp := range g.ions {
		clear(sp.i)
		clear(sp.didv)
		sp.nernstAt(sp.nernst, g.celsius)
	}
	clear(g.rhs)
	clear(g.d)
	electrodes := false
	for _, mr := range g.mechs {
		if mr.electrode {
			electrodes = true
			continue
		}
		g.mechCurrent(mr)
	}
	if g.imem != nil {
		g.imem.save(g)
	}
	if electrodes {
		for _, mr := range g.mechs {
			if mr.electrode {
				g.mechCurrent(mr)
			}
		}
	}
	for i := range g.clamps {
		cl := &g.clamps[i]
		ci := 0.0
		if g.t < cl.spec.DelMs+cl.spec.DurMs && g.t >= cl.spec.DelMs {
			ci = cl.spec.AmpNA
			if cl.spec.Play != nil {
				ci = cl.spec.Play.At(g.t)
			}
		}
		g.clampI[i] = ci
		g.rhs[cl.node] -= ci * 1e2 / g.area[cl.node]
		if g.imem != nil && cl.spec.Membrane {
			g.imem.rhs[cl.node] -= ci * 1e2 / g.area[cl.node]
		}
	}
	for i := range g.vclamps {
		cl := &g.vclamps[i]
		v := g.v[cl.node]
		gg := cl.current(g.t, v+.001)
		ii := cl.current(g.t, v)
		g.vclampI[i] = ii
		mf := 1e2 / g.area[cl.node]
		g.rhs[cl.node] -= ii * mf
		g.d[cl.node] -= (gg - ii) / .001 * mf
		if g.imem != nil && cl.spec.Membrane {
			g.imem.rhs[cl.node] -= ii * mf
			g.imem.slope[cl.node] -= (gg - ii) / .001 * mf
		}
	}
}

// mechCurrent adds mechanism mr's currents (its Current).
func (g *CellGroup) mechCurrent(mr *mechRun) {
	mr.env.T = g.t
	switch {
	case mr.direct:
		mr.m.Current(&mr.env)
	case mr.ranged != nil:
		for ri, r := range mr.runs {
			e := &mr.runEnv[ri]
			e.T = g.t
			mr.ranged.CurrentRange(e, int(r.k), int(r.k+r.n))
		}
	default:
		mr.current(g)
	}
}

// current is SEClamp's (vc - v)/rs at time t (nA), 0 after the last level.
func (cl *groupVClamp) current(t, v float64) float64 {
	s := &cl.spec
	cl.rs = s.RsMOhm
	if s.RsPlay != nil {
		cl.rs = s.RsPlay.At(t)
	}
	tc2 := s.Dur[0] + s.Dur[1]
	tc3 := tc2 + s.Dur[2]
	cl.active = true
	switch {
	case t < s.Dur[0]:
		cl.vc = s.Amp[0]
	case t < tc2:
		cl.vc = s.Amp[1]
	case t < tc3:
		cl.vc = s.Amp[2]
	default:
		cl.vc, cl.active = 0, false
	}
	if !cl.active {
		return 0
	}
	return (cl.vc - v) / cl.rs
}

// Step advances every cell one step from T() to T() + dt and appends to
// spikes the indices of the cells whose detector crossed its threshold
// (spike time T() after the step). Step does not allocate when spikes
// has room.
func (g *CellGroup) Step(spikes []int) []int {
	g.deliver(g.t + .5*g.dt)
	g.t += .5 * g.dt
	g.currents()
	for ci := range g.cells {
		g.vOld[ci] = g.v[g.cells[ci].spike]
	}
	g.solve()
	if g.secondOrder == 2 {
		g.secondOrderCur()
	}
	for ci := range g.cells {
		c := &g.cells[ci]
		if vn := g.v[c.spike]; g.vOld[ci] < c.thr && vn >= c.thr {
			spikes = append(spikes, ci)
		}
	}
	g.t += .5 * g.dt
	for _, mr := range g.mechs {
		if mr.ranged != nil {
			for ri, r := range mr.runs {
				e := &mr.runEnv[ri]
				e.T = g.t
				mr.ranged.StateRange(e, int(r.k), int(r.k+r.n))
			}
			continue
		}
		mr.env.T = g.t
		mr.gather(g.v, true, false)
		mr.m.State(&mr.env)
		mr.scatterConc()
	}
	// NEURON's nonvint: LONGITUDINAL_DIFFUSION after every nrn_state
	for _, l := range g.ldiffs {
		l.step(g.dt)
	}
	for i := range g.vclamps {
		// SEClamp's SOLVE icur METHOD after_cvode: the current at the new
		// potential, with the command of the step.
		cl := &g.vclamps[i]
		g.vclampI[i] = 0
		if cl.active {
			g.vclampI[i] = (cl.vc - g.v[cl.node]) / cl.rs
		}
	}
	return spikes
}

// SetSecondOrder sets NEURON's secondorder for the following steps: 0
// (the default) is backward Euler; 1 is Crank-Nicolson for the cable,
// the system solved with capacitance 2 cm/dt for v(t + dt/2) and
// v(t + dt) = v(t) + 2 dv; 2 is 1 with the ion currents the
// concentration mechanisms see moved to t + dt/2 by their slopes,
// i += di/dv dv (NEURON's second_order_cur). With 1 or 2 the mechanisms
// whose SOLVE uses derivimplicit or euler advance their states over dt/2
// and extrapolate (mech.Env.SecondOrder), as nocmodl's code does; cnexp
// states are unchanged. MiV-Simulator runs with 2.
func (g *CellGroup) SetSecondOrder(k int) error {
	if k < 0 || k > 2 {
		return fmt.Errorf("morph: secondorder = %d, want 0, 1 or 2", k)
	}
	g.secondOrder = k
	for _, mr := range g.mechs {
		mr.env.SecondOrder = k
		for i := range mr.runEnv {
			mr.runEnv[i].SecondOrder = k
		}
	}
	return nil
}

// capacitanceFactor is the capacitive term's factor of the solve:
// .001 cj with NEURON's cj, 1/dt, or 2/dt with secondorder 1 or 2.
func (g *CellGroup) capacitanceFactor() float64 {
	if g.secondOrder > 0 {
		return .001 * (2 / g.dt)
	}
	return .001 / g.dt
}

// SecondOrder returns NEURON's secondorder of the group.
func (g *CellGroup) SecondOrder() int { return g.secondOrder }

// secondOrderCur is NEURON's second_order_cur: every ion current plus its
// slope times the half-step change of v (left in rhs by solve).
func (g *CellGroup) secondOrderCur() {
	for _, sp := range g.ions {
		rhs := g.rhs[:len(sp.i)]
		for k, dd := range sp.didv {
			sp.i[k] += dd * rhs[k]
		}
	}
}

// solve is NEURON's nrn_rhs, nrn_lhs, triang, bksub and update: v += dv
// (secondorder = 0) or v += 2 dv with capacitance 2 cm/dt (secondorder
// = 1, 2); dv left in rhs.
func (g *CellGroup) solve() {
	n := len(g.v)
	v, rhs, d, par := g.v[:n], g.rhs[:n], g.d[:n], g.parent[:n]
	a, b, cm := g.a[:n], g.b[:n], g.cm[:n]
	cfac, upd := g.capacitanceFactor(), 1.
	if g.secondOrder > 0 {
		upd = 2 // v += 2 rhs
	}
	for _, i := range g.pos { // the canonical order
		x := -rhs[i]
		y := d[i] + cfac*cm[i]
		p := par[i]
		if p < 0 {
			rhs[i], d[i] = x, y
			continue
		}
		dv := v[p] - v[i]
		rhs[i] = x - b[i]*dv
		rhs[p] += a[i] * dv
		d[i] = y - b[i]
		d[p] -= a[i]
	}
	for _, i := range g.triOrder {
		p := par[i]
		ppp := a[i] / d[i]
		d[p] -= ppp * b[i]
		rhs[p] -= ppp * rhs[i]
	}
	for _, i := range g.bkOrder {
		r := rhs[i]
		if p := par[i]; p >= 0 {
			r -= b[i] * rhs[p]
		}
		r /= d[i]
		rhs[i] = r
		v[i] += upd * r // exact for upd = 1 and 2
	}
	if g.imem != nil {
		g.imem.update(g, rhs)
	}
}

// solveOrders returns the orders in which solve eliminates the nodes
// (tri) and substitutes back (bk). NEURON's are n-1 down to 1 and 0 up to
// n-1: every step of either waits for the one before along a cable (a
// division each), so these orders alternate between independent branches
// where they can, for the processor to overlap them. The arithmetic of
// every node is NEURON's, in the same order: a node is eliminated after
// its children, and the children of a node in decreasing index order
// (their contributions to it are summed as NEURON sums them); a node is
// substituted after its parent.
func solveOrders(par []int32) (tri, bk []int32) {
	n := len(par)
	children := make([][]int32, n)
	for i := n - 1; i >= 0; i-- {
		if p := par[i]; p >= 0 {
			children[p] = append(children[p], int32(i)) // decreasing
		}
	}
	// pick takes from the stack of ready nodes the top one, or the one
	// below when the top waits for the last node taken.
	pick := func(ready []int32, last int32, waits func(i, last int32) bool) ([]int32, int32) {
		k := len(ready) - 1
		if k > 0 && last >= 0 && waits(ready[k], last) {
			k--
		}
		i := ready[k]
		ready = append(ready[:k], ready[k+1:]...)
		return ready, i
	}
	// Elimination: a node is ready when its children are done and it is
	// the next of its parent's children in decreasing order.
	left := make([]int, n)
	next := make([]int, n)
	var ready []int32
	readyTri := func(i int32) bool {
		p := par[i]
		return p >= 0 && left[i] == 0 && children[p][next[p]] == i
	}
	for i := range n {
		left[i] = len(children[i])
	}
	for i := range n {
		if readyTri(int32(i)) {
			ready = append(ready, int32(i))
		}
	}
	last := int32(-1)
	for len(ready) > 0 {
		var i int32
		ready, i = pick(ready, last, func(i, last int32) bool { return par[last] == i })
		tri = append(tri, i)
		last = i
		p := par[i]
		left[p]--
		next[p]++
		if next[p] < len(children[p]) && readyTri(children[p][next[p]]) {
			ready = append(ready, children[p][next[p]])
		}
		if readyTri(p) {
			ready = append(ready, p)
		}
	}
	// Back substitution: a node is ready when its parent is done.
	ready = ready[:0]
	for i := n - 1; i >= 0; i-- {
		if par[i] < 0 {
			ready = append(ready, int32(i))
		}
	}
	last = -1
	for len(ready) > 0 {
		var i int32
		ready, i = pick(ready, last, func(i, last int32) bool { return par[i] == last })
		bk = append(bk, i)
		last = i
		ready = append(ready, children[i]...)
	}
	return tri, bk
}

// T returns the time (ms).
func (g *CellGroup) T() float64 { return g.t }

// DtMs returns the time step (ms).
func (g *CellGroup) DtMs() float64 { return g.dt }

// CheckTarget returns an error unless p is a point process of the group
// with NET_RECEIVE.
func (g *CellGroup) CheckTarget(p PointRef) error {
	if p.mech < 0 || p.mech >= len(g.mechs) || p.k < 0 || p.k >= len(g.mechs[p.mech].nodes) {
		return fmt.Errorf("morph: no point process %+v", p)
	}
	if g.mechs[p.mech].recv == nil {
		return fmt.Errorf("morph: %s has no NET_RECEIVE", g.mechs[p.mech].m.Name())
	}
	return nil
}

// Cells returns the number of cells.
func (g *CellGroup) Cells() int { return len(g.cells) }

// Nodes returns the number of nodes of every cell together.
func (g *CellGroup) Nodes() int { return len(g.v) }

// Compartments returns the discretization of cell ci.
func (g *CellGroup) Compartments(ci int) *Compartments { return g.cells[ci].cp }

// PointProcess returns the point process called name in cell ci.
func (g *CellGroup) PointProcess(ci int, name string) (PointRef, error) {
	if ci < 0 || ci >= len(g.cells) {
		return PointRef{}, fmt.Errorf("morph: cell %d of %d", ci, len(g.cells))
	}
	p, ok := g.cells[ci].points[name]
	if !ok {
		return PointRef{}, fmt.Errorf("morph: cell %d has no point process %q", ci, name)
	}
	return p, nil
}

// Mechanism returns the mechanism of a point process and its instance
// index in it, for what only the mechanism's own API offers (a native
// synapse's random streams, say).
func (g *CellGroup) Mechanism(p PointRef) (mech.Mechanism, int) {
	return g.mechs[p.mech].m, p.k
}

// Mechanisms returns the group's mechanisms, in the order they are
// evaluated, for what only a mechanism's own API offers (the global index
// of native stochastic channels' random streams, say).
func (g *CellGroup) Mechanisms() []mech.Mechanism {
	out := make([]mech.Mechanism, len(g.mechs))
	for i, mr := range g.mechs {
		out[i] = mr.m
	}
	return out
}

// SetGlobal sets a GLOBAL of the mechanism name (NEURON's
// name_mechanism = value) for every instance in the group.
func (g *CellGroup) SetGlobal(mechName, name string, value float64) error {
	for _, mr := range g.mechs {
		if mr.m.Name() == mechName {
			if err := mr.m.SetGlobal(name, value); err != nil {
				return fmt.Errorf("morph: %w", err)
			}
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrNoMechanism, mechName)
}

// ErrNoMechanism is the error of SetGlobal for a mechanism no cell of the
// group has.
var ErrNoMechanism = errors.New("morph: no such mechanism in the group")

// ErrPastEvent is the error of Send for an event before the present step.
var ErrPastEvent = errors.New("morph: event before the present time")

// Send queues an event (a NetCon's, NEURON's nc.event(t)) for point
// process p at tMs, with the connection's weight vector args, which the
// mechanism may change and which is kept by the caller between events
// (NEURON's per-NetCon variables). It is delivered at the start of the
// step in which tMs falls at or before the middle (NEURON's fixed step),
// with the time tMs; events of equal times are delivered in the order
// sent.
func (g *CellGroup) Send(p PointRef, tMs float64, args []float64) error {
	if err := g.CheckTarget(p); err != nil {
		return err
	}
	if math.IsNaN(tMs) || tMs < g.t-.5*g.dt {
		return fmt.Errorf("%w: t = %g ms, now %g ms", ErrPastEvent, tMs, g.t)
	}
	g.queue.push(event{t: tMs, mech: p.mech, k: p.k, args: args})
	return nil
}

// deliver hands the events due by tMax to their point processes.
func (g *CellGroup) deliver(tMax float64) {
	for g.queue.len() > 0 && g.queue.peek().t <= tMax {
		ev := g.queue.pop()
		if g.trace != nil {
			g.trace(DeliveredEvent{Point: PointRef{ev.mech, ev.k}, TMs: ev.t, StepTMs: g.t,
				Args: append([]float64(nil), ev.args...), Flag: ev.flag})
		}
		mr := g.mechs[ev.mech]
		mr.env.T = ev.t
		mr.refresh(g, ev.k)
		if fr, ok := mr.recv.(mech.FlagReceiver); ok {
			fr.ReceiveFlag(&mr.env, ev.k, ev.args, ev.flag)
		} else {
			mr.recv.Receive(&mr.env, ev.k, ev.args)
		}
	}
}
