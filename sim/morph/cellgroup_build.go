package morph

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/golgi-sim/golgi/sim/mech"
)

// groupBuilder collects the instances of the mechanisms while the cells
// are added.
type groupBuilder struct {
	g         *CellGroup
	cps       map[*Cell]*Compartments
	mechIndex map[string]int
	insts     []mechInstances
	ionIndex  map[string]*ionSpecies
	ionValues []func() error // applied once the species exist
	diamUm    []float64      // per stored node, from permuteNodes
}

type mechInstances struct {
	name   string
	kind   mech.Kind
	sets   []string // the MechanismSets of the first cell that has it
	nodes  []int32
	params []map[string]float64
	calls  [][]MechanismCall // per instance, Insert.CallsAt's
	where  []string          // for messages: cell and section of each instance
}

func (b *groupBuilder) addCell(ci int, c *Cell) error {
	if c == nil {
		return fmt.Errorf("morph: NewCellGroup: cell %d is nil", ci)
	}
	name := c.Name
	if name == "" {
		name = fmt.Sprintf("cell %d", ci)
	}
	if c.released {
		return fmt.Errorf("morph: %s: its build data were released (Cell.ReleaseBuildData): build every group of a cell before releasing it", name)
	}
	if len(c.Mechanisms) > 0 || len(c.Synapses) > 0 {
		return fmt.Errorf("morph: %s: a CellGroup steps NMODL mechanisms (Cell.Inserts, Cell.PointProcesses); Mechanisms and Synapses of package channels are stepped by Population", name)
	}
	if math.IsNaN(c.ThresholdMV) || math.IsInf(c.ThresholdMV, 0) || math.IsNaN(c.VInitMV) || math.IsInf(c.VInitMV, 0) {
		return fmt.Errorf("morph: %s: ThresholdMV = %g, VInitMV = %g, want finite values", name, c.ThresholdMV, c.VInitMV)
	}
	if c.CrankNicolson {
		return fmt.Errorf("morph: %s: a CellGroup steps with secondorder = 0 only (CrankNicolson is for Population)", name)
	}
	cp, ok := b.cps[c]
	if !ok {
		var err error
		if cp, err = c.Compartments(); err != nil {
			return err
		}
		if err := cp.checkNMODL(name); err != nil {
			return err
		}
		b.cps[c] = cp
	}
	g := b.g
	first := len(g.v)
	gc := groupCell{cp: cp, first: first, nodes: len(cp.Nodes), spike: first + cp.spikeNode(),
		thr: c.ThresholdMV, vInit: c.VInitMV, points: map[string]PointRef{}}
	area := func(i int) float64 {
		if a := cp.Nodes[i].AreaUm2; a != 0 {
			return a
		}
		return endArea
	}
	for i, nd := range cp.Nodes {
		g.v = append(g.v, c.VInitMV)
		g.cm = append(g.cm, nd.CmUFcm2)
		g.area = append(g.area, area(i))
		if nd.Parent >= 0 {
			g.parent = append(g.parent, int32(first+nd.Parent))
			g.a = append(g.a, -1.e2*nd.RinvUS/area(nd.Parent))
			g.b = append(g.b, -1.e2*nd.RinvUS/area(i))
		} else {
			g.parent = append(g.parent, -1)
			g.a = append(g.a, 0)
			g.b = append(g.b, 0)
		}
	}

	// Density mechanisms: one instance per segment, parameters merged in
	// the order of the Inserts.
	m := c.Morphology
	type key struct {
		mech string
		node int
	}
	params := map[key]map[string]float64{}
	calls := map[key][]MechanismCall{}
	var order []key
	protos := mechPrototypes{sets: c.MechanismSets}
	for k, in := range c.Inserts {
		for si := range m.Sections {
			sec := &m.Sections[si]
			if !in.Where.match(sec) {
				continue
			}
			for _, ni := range cp.Section(si) {
				kk := key{in.Mech, ni}
				p, ok := params[kk]
				if !ok {
					p = map[string]float64{}
					params[kk] = p
					order = append(order, kk)
				}
				for n, v := range in.Params {
					p[n] = v
				}
				if in.CallsAt != nil {
					nd := &cp.Nodes[ni]
					calls[kk] = append(calls[kk], in.CallsAt(Segment{Section: sec.Name, Type: sec.Type, X: nd.X, DistUm: nd.DistUm, DiamUm: nd.DiamUm})...)
				}
				if in.ParamsAt != nil {
					nd := &cp.Nodes[ni]
					seg := Segment{Section: sec.Name, Type: sec.Type, X: nd.X, DistUm: nd.DistUm, DiamUm: nd.DiamUm}
					extra, err := in.ParamsAt(seg)
					if err != nil {
						return fmt.Errorf("morph: %s: Inserts[%d] (%s) at %s(%g): %w", name, k, in.Mech, sec.Name, nd.X, err)
					}
					if err := protos.checkParams(in.Mech, extra); err != nil {
						return fmt.Errorf("morph: %s: Inserts[%d] at %s(%g): %w", name, k, sec.Name, nd.X, err)
					}
					for n, v := range extra {
						p[n] = v
					}
				}
			}
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].node < order[j].node })
	for _, kk := range order {
		mi, err := b.mechanism(kk.mech, mech.Density, c.MechanismSets)
		if err != nil {
			return fmt.Errorf("morph: %s: %w", name, err)
		}
		nd := &cp.Nodes[kk.node]
		b.insts[mi].nodes = append(b.insts[mi].nodes, int32(first+kk.node))
		b.insts[mi].params = append(b.insts[mi].params, params[kk])
		b.insts[mi].calls = append(b.insts[mi].calls, calls[kk])
		b.insts[mi].where = append(b.insts[mi].where, fmt.Sprintf("%s: %s(%g)", name, m.Sections[nd.Section].Name, nd.X))
	}
	g.cells = append(g.cells, gc)

	for _, pp := range c.PointProcesses {
		ni, _ := cp.Node(pp.At)
		mi, err := b.mechanism(pp.Mech, mech.PointProcess, c.MechanismSets)
		if err != nil {
			return fmt.Errorf("morph: %s: %w", name, err)
		}
		in := &b.insts[mi]
		g.cells[len(g.cells)-1].points[pp.Name] = PointRef{mech: mi, k: len(in.nodes)}
		in.nodes = append(in.nodes, int32(first+ni))
		in.params = append(in.params, pp.Params)
		in.calls = append(in.calls, nil)
		in.where = append(in.where, fmt.Sprintf("%s: point process %s at %v", name, pp.Name, pp.At))
	}
	for _, cl := range c.Clamps {
		if math.IsNaN(cl.DelMs) || math.IsInf(cl.DelMs, 0) || !(cl.DurMs >= 0) || math.IsInf(cl.DurMs, 0) || math.IsNaN(cl.AmpNA) || math.IsInf(cl.AmpNA, 0) {
			return fmt.Errorf("morph: %s: IClamp %+v: want finite DelMs, AmpNA and DurMs >= 0", name, cl)
		}
		if cl.Play != nil {
			if err := cl.Play.Check(); err != nil {
				return fmt.Errorf("morph: %s: IClamp at %v: %w", name, cl.At, err)
			}
		}
		ni, _ := cp.Node(cl.At)
		g.clamps = append(g.clamps, groupClamp{spec: cl, node: first + ni})
		g.clampI = append(g.clampI, 0)
	}
	for _, cl := range c.VClamps {
		if cl.RsPlay != nil {
			if err := cl.RsPlay.Check(); err != nil {
				return fmt.Errorf("morph: %s: SEClamp at %v: %w", name, cl.At, err)
			}
			for _, r := range cl.RsPlay.Y {
				if !(r > 0) {
					return fmt.Errorf("morph: %s: SEClamp at %v: played rs %g MOhm, want > 0", name, cl.At, r)
				}
			}
		}
		ni, _ := cp.Node(cl.At)
		g.vclamps = append(g.vclamps, groupVClamp{spec: cl, node: first + ni})
		g.vclampI = append(g.vclampI, 0)
	}
	for k, iv := range c.IonValues {
		ion, kind, _ := ionVar(iv.Name)
		var nodes []int
		for si := range m.Sections {
			if iv.Where.match(&m.Sections[si]) {
				for _, ni := range cp.Section(si) {
					nodes = append(nodes, first+ni)
				}
			}
		}
		b.ionValues = append(b.ionValues, func() error {
			sp := b.ionIndex[ion]
			if sp == nil {
				return fmt.Errorf("morph: %s: IonValues[%d]: %s set, but no mechanism uses the ion %s", name, k, iv.Name, ion)
			}
			dst := map[byte][]float64{'e': sp.e0, 'i': sp.ci0, 'o': sp.co0}[kind]
			for _, ni := range nodes {
				dst[b.g.node(ni)] = iv.Value
			}
			return nil
		})
	}
	return nil
}

// mechanism returns the index of the mechanism name, added if new.
func (b *groupBuilder) mechanism(name string, kind mech.Kind, sets []string) (int, error) {
	if i, ok := b.mechIndex[name]; ok {
		if !slices.Equal(b.insts[i].sets, sets) {
			return 0, fmt.Errorf("mechanism %s comes from the sets %v in one cell of the group and %v in another: one group takes one mechanism of a name", name, b.insts[i].sets, sets)
		}
		return i, nil
	}
	b.mechIndex[name] = len(b.insts)
	b.insts = append(b.insts, mechInstances{name: name, kind: kind, sets: sets})
	return len(b.insts) - 1, nil
}

// finish makes the mechanisms, the ions and the node arrays.
func (b *groupBuilder) finish() error {
	g := b.g
	n := len(g.v)
	g.rhs, g.d = make([]float64, n), make([]float64, n)
	g.vOld = make([]float64, len(g.cells))
	b.permuteNodes()
	b.sortNEURON()
	for _, in := range b.insts {
		m, err := mech.NewIn(in.sets, in.name, len(in.nodes))
		if err != nil {
			return fmt.Errorf("morph: %w", err)
		}
		for k, p := range in.params {
			for _, pn := range sortedKeys(p) {
				if err := mech.CheckLimit(m, pn, p[pn]); err != nil {
					return fmt.Errorf("morph: %s: %w", in.where[k], err)
				}
				m.Var(pn)[k] = p[pn]
			}
		}
		for k, cs := range in.calls {
			for _, call := range cs {
				mc, ok := m.(MechanismCaller)
				if !ok {
					return fmt.Errorf("morph: %s: %s has no procedures to call (%s)", in.where[k], in.name, call.Name)
				}
				if err := mc.CallProcedure(k, call.Name, call.Args); err != nil {
					return fmt.Errorf("morph: %s: %s.%s: %w", in.where[k], in.name, call.Name, err)
				}
			}
		}
		mr := &mechRun{m: m, nodes: in.nodes}
		_, mr.electrode = m.(mech.Electrode)
		if r, ok := m.(mech.Receiver); ok {
			if g.byReceiver == nil {
				g.byReceiver = map[mech.Receiver]int{}
			}
			g.byReceiver[r] = len(g.mechs)
		}
		for k, ni := range in.nodes {
			if last := len(mr.runs) - 1; last >= 0 && mr.runs[last].node+mr.runs[last].n == ni {
				mr.runs[last].n++
				continue
			}
			mr.runs = append(mr.runs, nodeRun{k: int32(k), node: ni, n: 1})
		}
		mr.recv, _ = m.(mech.Receiver)
		k := len(in.nodes)
		mr.env = mech.Env{V: make([]float64, k), Area: make([]float64, k), Diam: make([]float64, k),
			I: make([]float64, k), G: make([]float64, k), Ions: map[string]*mech.Ion{}, Celsius: g.celsius, Dt: g.dt,
			Queue: groupQueue{g}}
		for j, ni := range in.nodes {
			mr.env.Area[j] = g.area[ni]
			mr.env.Diam[j] = b.diamUm[ni]
		}
		for _, u := range m.Ions() {
			sp := b.species(u.Name, u.Valence)
			view := mech.NewIon(u.Name, k, sp.valence)
			mr.env.Ions[u.Name] = view
			l := ionLink{sp: sp, view: view, writesConc: u.WritesConc(), writesE: u.WritesE(), writesI: slices.Contains(u.Write, "i"+u.Name)}
			for _, r := range append(append([]string(nil), u.Read...), u.Write...) {
				switch r {
				case "e" + u.Name:
					l.readsE = true
				case u.Name + "i":
					l.readsCi = true
				case u.Name + "o":
					l.readsCo = true
				case "i" + u.Name:
					l.readsI = true
				}
			}
			mr.ions = append(mr.ions, l)
		}
		for _, u := range m.Ions() {
			mr.env.IonSlots = append(mr.env.IonSlots, mr.env.Ions[u.Name])
		}
		g.mechs = append(g.mechs, mr)
	}
	// NEURON's ion_style per node: E follows the concentrations every step
	// where a mechanism writes one; it is their Nernst potential at
	// initialisation where one reads them and none writes E.
	type style struct{ writesConc, readsConc, writesE bool }
	styles := map[*ionSpecies][]style{}
	for _, mr := range g.mechs {
		for li, u := range mr.m.Ions() {
			sp := mr.ions[li].sp
			st := styles[sp]
			if st == nil {
				st = make([]style, n)
				styles[sp] = st
			}
			for _, ni := range mr.nodes {
				st[ni].writesConc = st[ni].writesConc || u.WritesConc()
				st[ni].readsConc = st[ni].readsConc || u.ReadsConc()
				st[ni].writesE = st[ni].writesE || u.WritesE()
			}
		}
	}
	for _, sp := range g.ions {
		for ni, st := range styles[sp] {
			switch {
			case st.writesConc:
				sp.nernst = append(sp.nernst, int32(ni))
			case st.readsConc && !st.writesE:
				sp.nernstInit = append(sp.nernstInit, int32(ni))
			}
		}
	}
	for _, f := range b.ionValues {
		if err := f(); err != nil {
			return err
		}
	}
	for _, mr := range g.mechs {
		b.link(mr)
		if ld, ok := mr.m.(mech.LongDiffuser); ok && len(ld.LongDiffusion()) > 0 {
			l, err := b.newLongDiffusion(mr, ld)
			if err != nil {
				return err
			}
			g.ldiffs = append(g.ldiffs, l)
		}
	}
	return nil
}

// gatherAll, for tests, steps every mechanism on copies: everything it
// reads gathered before each call, its currents added to the nodes'
// after.
var gatherAll bool

// link says what a mechanism's Env gathers every step, and makes it
// direct (mechRun.direct) when its instances are on consecutive nodes
// and it writes no concentration and no reversal potential: its Env's
// potentials, currents and ion variables are then sub-slices of the
// group's arrays.
func (b *groupBuilder) link(mr *mechRun) {
	g := b.g
	direct := len(mr.runs) == 1
	for i := range mr.ions {
		l := &mr.ions[i]
		l.concMoves = len(l.sp.nernst) > 0 || gatherAll
		l.eMoves = len(l.sp.nernst) > 0 || l.writesE || gatherAll
		if l.writesConc || l.writesE {
			direct = false
		}
	}
	if gatherAll {
		return
	}
	if !direct {
		mr.distinct = true
		for i := 1; i < len(mr.runs); i++ {
			if r := mr.runs[i-1]; mr.runs[i].node < r.node+r.n {
				mr.distinct = false
			}
		}
		b.linkRanged(mr)
		return
	}
	mr.direct = true
	s := int(mr.runs[0].node)
	e := s + int(mr.runs[0].n)
	mr.env.V = g.v[s:e:e]
	mr.env.I = g.rhs[s:e:e]
	mr.env.G = g.d[s:e:e]
	for _, l := range mr.ions {
		sp, view := l.sp, l.view
		view.Ci, view.Co, view.E = sp.ci[s:e:e], sp.co[s:e:e], sp.e[s:e:e]
		view.I, view.DIDV = sp.i[s:e:e], sp.didv[s:e:e]
	}
}

// sortNEURON orders the mechanisms as NEURON evaluates them: its
// built-in pas first, then the others in the order nrnivmodl registers
// them, the byte order of their .mod files' names, here of the mechanism
// names (which are the file names in the neocortex sets; the order
// matters where one mechanism's State reads what another's writes, such
// as SK_E2 reading the cai that CaDynamics_E2 advances). Point process
// references follow.
func (b *groupBuilder) sortNEURON() {
	rank := func(name string) int {
		if name == "pas" {
			return 0
		}
		return 1
	}
	perm := make([]int, len(b.insts))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(i, j int) bool {
		a, c := b.insts[perm[i]].name, b.insts[perm[j]].name
		if rank(a) != rank(c) {
			return rank(a) < rank(c)
		}
		return a < c
	})
	sorted := make([]mechInstances, len(perm))
	where := make([]int, len(perm))
	for newi, old := range perm {
		sorted[newi] = b.insts[old]
		where[old] = newi
	}
	b.insts = sorted
	for ci := range b.g.cells {
		for name, p := range b.g.cells[ci].points {
			b.g.cells[ci].points[name] = PointRef{mech: where[p.mech], k: p.k}
		}
	}
}

// species returns the ion name, made at NEURON's defaults if new.
func (b *groupBuilder) species(name string, valence float64) *ionSpecies {
	if sp, ok := b.ionIndex[name]; ok {
		return sp
	}
	n := len(b.g.v)
	d := mech.NewIon(name, n, valence)
	sp := &ionSpecies{name: name, valence: d.Valence, ci0: d.Ci, co0: d.Co, e0: d.E,
		ci: make([]float64, n), co: make([]float64, n), e: make([]float64, n),
		i: make([]float64, n), didv: make([]float64, n)}
	b.ionIndex[name] = sp
	b.g.ions = append(b.g.ions, sp)
	return sp
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// minRangedRun is the mean run length below which linkRanged leaves a
// mechanism to the gather path: there its loops see every instance at
// once, which the vector lanes need (four consecutive instances).
const minRangedRun = 8

// linkRanged makes a mechanism that is not direct stepped run by run
// (mechRun.ranged) when it is mech.Ranged, its instances are on distinct
// nodes and it writes no reversal potential: run r's Env has slices of
// the group's arrays that start k nodes before the run's first node, k
// its first instance, so that element k is instance k's node. The
// concentrations it writes in Current and State go to the nodes at once,
// where the scatter after the call put them; its Init (which may make E
// follow a concentration it writes, nrn_wrote_conc, in its own copy of
// E only) still runs on copies.
func (b *groupBuilder) linkRanged(mr *mechRun) {
	rm, ok := mr.m.(mech.Ranged)
	if !ok || !mr.distinct {
		return
	}
	for _, l := range mr.ions {
		if l.writesE {
			return
		}
	}
	for _, r := range mr.runs {
		if r.node < r.k {
			return
		}
	}
	if n := len(mr.runs); n > 1 {
		inst := 0
		for _, r := range mr.runs {
			inst += int(r.n)
		}
		if inst < minRangedRun*n {
			return
		}
	}
	g := b.g
	for _, r := range mr.runs {
		off, end := int(r.node-r.k), int(r.node+r.n)
		e := mech.Env{V: g.v[off:end:end], Area: mr.env.Area, Diam: mr.env.Diam,
			I: g.rhs[off:end:end], G: g.d[off:end:end], Ions: map[string]*mech.Ion{},
			Celsius: mr.env.Celsius, Dt: mr.env.Dt, Queue: mr.env.Queue}
		for _, l := range mr.ions {
			sp, v := l.sp, l.view
			e.Ions[v.Name] = &mech.Ion{Name: v.Name, Valence: v.Valence,
				Ci: sp.ci[off:end:end], Co: sp.co[off:end:end], E: sp.e[off:end:end],
				I: sp.i[off:end:end], DIDV: sp.didv[off:end:end],
				ConcWritten: v.ConcWritten, ENernstInit: v.ENernstInit}
		}
		for _, u := range mr.m.Ions() {
			e.IonSlots = append(e.IonSlots, e.Ions[u.Name])
		}
		mr.runEnv = append(mr.runEnv, e)
	}
	mr.ranged = rm
}
