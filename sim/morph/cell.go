package morph

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/golgi-sim/golgi/sim/channels"
)

// NEURON's defaults.
const (
	DefaultCmUFcm2 = 1.0  // specific membrane capacitance, uF/cm2
	DefaultRaOhmCm = 35.4 // axial resistivity, ohm cm
	DefaultFreqHz  = 100. // frequency of the d_lambda rule, Hz
)

// Location is a point of a section, NEURON's sec(x): x = 0 is the end
// attached to the parent, x = 1 the other end.
type Location struct {
	Section string  // section name
	X       float64 // 0 <= X <= 1
}

// At returns the location x of the named section.
func At(section string, x float64) Location { return Location{section, x} }

func (l Location) String() string { return fmt.Sprintf("%s(%g)", l.Section, l.X) }

// Where selects sections: those of any of Types or named in Sections. The
// zero Where selects every section.
type Where struct {
	Types    []Type
	Sections []string
}

// Everywhere selects every section.
var Everywhere = Where{}

// Region selects the sections of the given types.
func Region(types ...Type) Where { return Where{Types: types} }

// Sections selects sections by name.
func Sections(names ...string) Where { return Where{Sections: names} }

func (w Where) String() string {
	if len(w.Types) == 0 && len(w.Sections) == 0 {
		return "everywhere"
	}
	var parts []string
	for _, t := range w.Types {
		parts = append(parts, t.String())
	}
	parts = append(parts, w.Sections...)
	return strings.Join(parts, ",")
}

func (w Where) match(s *Section) bool {
	if len(w.Types) == 0 && len(w.Sections) == 0 {
		return true
	}
	for _, t := range w.Types {
		if s.Type == t {
			return true
		}
	}
	for _, n := range w.Sections {
		if s.Name == n || s.Name == n+"[0]" {
			return true
		}
	}
	return false
}

// check returns an error if w names a section the morphology lacks or
// selects nothing.
func (w Where) check(m *Morphology) error {
	for _, n := range w.Sections {
		if _, ok := m.Index(n); !ok {
			return fmt.Errorf("no section named %q", n)
		}
	}
	for i := range m.Sections {
		if w.match(&m.Sections[i]) {
			return nil
		}
	}
	return fmt.Errorf("no section of type %v", w.Types)
}

// Passive sets the specific capacitance and axial resistivity of the
// selected sections, as constants or as functions of the segment (for
// example of its distance from the soma, Segment.DistUm); a zero constant
// and a nil function leave the value unchanged, and a later Passive
// overrides an earlier one on the sections both select. Cm gives each
// segment's capacitance; Ra each segment's resistivity, which applies to
// both halves of the segment (the axial resistance between two adjacent
// segment centres is the sum of their half-segment resistances, each with
// its own Ra). The d_lambda rule uses the values at the centre of the
// section.
type Passive struct {
	Where   Where
	CmUFcm2 float64 // uF/cm2
	RaOhmCm float64 // ohm cm

	Cm func(seg Segment) float64 // uF/cm2, > 0; not with CmUFcm2
	Ra func(seg Segment) float64 // ohm cm, > 0; not with RaOhmCm
}

// Segment describes a compartment for a Mechanism's constructor.
type Segment struct {
	Section string  // section name
	Type    Type    // section type
	X       float64 // position of the segment's centre
	DistUm  float64 // path distance from the cell's origin to the centre, um
	DiamUm  float64 // mean diameter, um
}

// Mechanism inserts membrane channels (densities, as NEURON's insert) in the
// segments of the selected sections. Channels is called once per segment
// and may return the same Channel values for every segment (Uniform) or
// new ones whose densities depend on the segment, for example on its
// distance from the soma. Every Channel that one segment carries must have
// a distinct Name; channels of one name on different segments must have
// the same gates.
type Mechanism struct {
	Name     string // for messages, e.g. "hh", "pas"
	Where    Where
	Channels func(seg Segment) ([]channels.Channel, error)
}

// Uniform returns a Mechanism constructor that puts the same channels in
// every segment.
func Uniform(chs ...channels.Channel) func(Segment) ([]channels.Channel, error) {
	return func(Segment) ([]channels.Channel, error) { return chs, nil }
}

// Discretization chooses the number of segments of the sections whose Nseg
// is zero: Nseg each, or NEURON's d_lambda rule (geom_nseg) when DLambda
// is positive: the smallest odd number of segments no longer than DLambda
// times the AC length constant at FreqHz (default 100 Hz). The zero value
// gives one segment per section.
type Discretization struct {
	Nseg    int
	DLambda float64
	FreqHz  float64
}

// Synapse is a conductance-based synapse at a location: NEURON's Exp2Syn
// (Tau1Ms > 0; an event of weight w gives a conductance peaking at w) or
// ExpSyn (Tau1Ms = 0). Weights are in uS.
//
// An AMPA synapse is an Exp2Syn with EMV 0 (e.g. Tau1Ms 0.2, Tau2Ms 2). An
// NMDA synapse has a Block: its conductance is the double-exponential
// conductance s(t) times the Jahr-Stevens unblocked fraction
// B(v) = 1/(1 + [Mg]/3.57 mM exp(-0.062 v)), g = s B(v), i = g (v - EMV).
// The current is linearised about v at each step with its exact slope
// d i/d v = s (B + B'(v) (v - EMV)), B' = 0.062 B (1 - B), where NEURON
// differentiates numerically.
type Synapse struct {
	Name   string
	At     Location
	Tau1Ms float64 // rise time constant, ms; 0 for ExpSyn
	Tau2Ms float64 // decay time constant, ms
	EMV    float64 // reversal potential, mV

	Block *channels.MgBlock // magnesium block (NMDA); nil: none
}

// IClamp is NEURON's IClamp at a location: AmpNA (nA, depolarising) flows in
// the steps whose midpoint t satisfies DelMs <= t < DelMs + DurMs.
type IClamp struct {
	At    Location
	DelMs float64
	DurMs float64
	AmpNA float64
}

// SEClamp is NEURON's single-electrode voltage clamp at a location: the
// potential there is pulled towards a command potential through a series
// resistance RsMOhm, the current (nA, depolarising) being (vc - v)/rs,
// treated implicitly. The command is Amp[0] mV for the first Dur[0] ms,
// then Amp[1] for Dur[1] ms, Amp[2] for Dur[2] ms; after that the clamp is
// off (no current). As NEURON, the command at a step is the one at its
// midpoint t + dt/2.
type SEClamp struct {
	At     Location
	RsMOhm float64
	Dur    [3]float64 // ms
	Amp    [3]float64 // mV
}

// Cell is a multicompartment neuron model: a morphology with its passive
// properties, membrane mechanisms, point processes, discretization, spike
// detector and initial potential. It holds no state; see Population.
type Cell struct {
	Name       string
	Morphology *Morphology

	CmUFcm2 float64 // specific capacitance of every section, uF/cm2 (0: 1)
	RaOhmCm float64 // axial resistivity of every section, ohm cm (0: 35.4)
	Passive []Passive

	Mechanisms     []Mechanism
	Discretization Discretization

	// Origin is the point distances are measured from (nil: the root
	// section's centre, NEURON's soma(0.5)).
	Origin *Location

	// Synapses, Clamps and VClamps are point processes present in every
	// cell.
	Synapses []Synapse
	Clamps   []IClamp
	VClamps  []SEClamp

	// Spike is the location of the spike detector (nil: the root section's
	// centre) and ThresholdMV its threshold: a spike is
	// v_n < ThresholdMV <= v_{n+1} there (NEURON's NetCon).
	Spike       *Location
	ThresholdMV float64

	// VInitMV is the initial potential of every compartment, mV
	// (finitialize(v_init)).
	VInitMV float64

	// CrankNicolson integrates the cable equation by Crank-Nicolson,
	// second order in dt, as NEURON's secondorder = 1: the linearised
	// system is solved with capacitance 2 cm/dt for v(t+dt/2) and
	// v(t+dt) = 2 v(t+dt/2) - v(t). The default (false) is backward
	// Euler, secondorder = 0. Crank-Nicolson does not damp the fastest
	// spatial modes: with dt much larger than the charging time of a
	// segment they ring from step to step.
	CrankNicolson bool
}

// Node is one of NEURON's nodes of a discretized cell: a segment centre
// (with membrane) or a zero-area node at the 1 end of a section or at the 0
// end of the root section.
type Node struct {
	Section int     // index in the morphology
	Seg     int     // segment index 0..nseg-1; nseg for the 1 end; -1 for the root's 0 end
	X       float64 // position on the section
	Parent  int     // index of the parent node, -1 for the root node

	AreaUm2 float64 // membrane area, um2; 0 for zero-area nodes
	RinvUS  float64 // axial conductance to the parent node, uS (NEURON's NODERINV)
	DiamUm  float64 // mean diameter of the segment, um (0 for zero-area nodes)
	CmUFcm2 float64 // specific capacitance (0 for zero-area nodes)
	RaOhmCm float64 // axial resistivity of the segment (0 for zero-area nodes)
	DistUm  float64 // path distance from the cell's origin, um

	Channels []channels.Channel
}

// Compartments is a Cell discretized: NEURON's nodes in an order where
// every parent precedes its children (node 0 is the root node).
type Compartments struct {
	Cell  *Cell
	Nodes []Node
	Nseg  []int // per section

	first []int // per section: index of its first node (segment 0)
	ra    []float64
	cm    []float64
}

// Compartments discretizes the cell and returns its nodes, or an error
// naming the section, mechanism or point process at fault.
func (c *Cell) Compartments() (*Compartments, error) {
	if c == nil {
		return nil, fmt.Errorf("morph: nil cell")
	}
	name := c.Name
	if name == "" {
		name = "cell"
	}
	m := c.Morphology
	if m == nil {
		return nil, fmt.Errorf("morph: %s: no morphology", name)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("morph: %s: %w", name, err)
	}
	ns := len(m.Sections)
	cp := &Compartments{Cell: c, Nseg: make([]int, ns), first: make([]int, ns), ra: make([]float64, ns), cm: make([]float64, ns)}

	// Passive properties.
	cm0, ra0 := c.CmUFcm2, c.RaOhmCm
	if cm0 == 0 {
		cm0 = DefaultCmUFcm2
	}
	if ra0 == 0 {
		ra0 = DefaultRaOhmCm
	}
	if !(cm0 > 0) || math.IsInf(cm0, 0) || !(ra0 > 0) || math.IsInf(ra0, 0) {
		return nil, fmt.Errorf("morph: %s: CmUFcm2 = %g, RaOhmCm = %g, want positive values", name, c.CmUFcm2, c.RaOhmCm)
	}
	for i := range cp.ra {
		cp.ra[i], cp.cm[i] = ra0, cm0
	}
	cmFn := make([]func(Segment) float64, ns) // per section, nil: constant
	raFn := make([]func(Segment) float64, ns)
	cmBy := make([]int, ns) // the Passive that set them, for messages
	raBy := make([]int, ns)
	for k, p := range c.Passive {
		if err := p.Where.check(m); err != nil {
			return nil, fmt.Errorf("morph: %s: Passive[%d] (%v): %w", name, k, p.Where, err)
		}
		if p.CmUFcm2 < 0 || math.IsNaN(p.CmUFcm2) || math.IsInf(p.CmUFcm2, 0) || p.RaOhmCm < 0 || math.IsNaN(p.RaOhmCm) || math.IsInf(p.RaOhmCm, 0) {
			return nil, fmt.Errorf("morph: %s: Passive[%d]: CmUFcm2 = %g, RaOhmCm = %g, want finite values >= 0 (0: unchanged)", name, k, p.CmUFcm2, p.RaOhmCm)
		}
		if (p.CmUFcm2 > 0 && p.Cm != nil) || (p.RaOhmCm > 0 && p.Ra != nil) {
			return nil, fmt.Errorf("morph: %s: Passive[%d] (%v): give a constant or a function of the segment, not both", name, k, p.Where)
		}
		for i := range m.Sections {
			if p.Where.match(&m.Sections[i]) {
				switch {
				case p.CmUFcm2 > 0:
					cp.cm[i], cmFn[i], cmBy[i] = p.CmUFcm2, nil, k
				case p.Cm != nil:
					cmFn[i], cmBy[i] = p.Cm, k
				}
				switch {
				case p.RaOhmCm > 0:
					cp.ra[i], raFn[i], raBy[i] = p.RaOhmCm, nil, k
				case p.Ra != nil:
					raFn[i], raBy[i] = p.Ra, k
				}
			}
		}
	}

	// Distances are measured from the origin.
	origin := Location{m.Sections[0].Name, 0.5}
	if c.Origin != nil {
		origin = *c.Origin
	}
	os, err := cp.locate(origin)
	if err != nil {
		return nil, fmt.Errorf("morph: %s: Origin: %w", name, err)
	}
	// passive evaluates a Cm or Ra function at x of section i whose mean
	// diameter there is diam.
	passive := func(f func(Segment) float64, what string, by, i int, x, diam float64) (float64, error) {
		sec := &m.Sections[i]
		seg := Segment{Section: sec.Name, Type: sec.Type, X: x, DistUm: m.distance(os, origin.X, i, x), DiamUm: diam}
		v := f(seg)
		if !(v > 0) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("morph: %s: Passive[%d]: %s in %s(%g) (%.6g um from the origin) = %g, want a finite value > 0", name, by, what, sec.Name, x, seg.DistUm, v)
		}
		return v, nil
	}
	// Section values at the centre, for the d_lambda rule and RaOhmCm/CmUFcm2.
	for i := range m.Sections {
		if cmFn[i] == nil && raFn[i] == nil {
			continue
		}
		diam := m.geometry(i, 1, 1).diam[0]
		if cmFn[i] != nil {
			if cp.cm[i], err = passive(cmFn[i], "Cm", cmBy[i], i, 0.5, diam); err != nil {
				return nil, err
			}
		}
		if raFn[i] != nil {
			if cp.ra[i], err = passive(raFn[i], "Ra", raBy[i], i, 0.5, diam); err != nil {
				return nil, err
			}
		}
	}

	// Number of segments.
	d := c.Discretization
	if d.Nseg < 0 || d.DLambda < 0 || d.FreqHz < 0 || math.IsNaN(d.DLambda) || math.IsNaN(d.FreqHz) {
		return nil, fmt.Errorf("morph: %s: Discretization %+v: want Nseg >= 0, DLambda >= 0, FreqHz >= 0", name, d)
	}
	freq := d.FreqHz
	if freq == 0 {
		freq = DefaultFreqHz
	}
	for i := range m.Sections {
		n := m.Sections[i].Nseg
		switch {
		case n > 0:
		case d.DLambda > 0:
			n = dLambdaNseg(m.Length(i), m.lambdaF(i, freq, cp.ra[i], cp.cm[i]), d.DLambda)
		case d.Nseg > 0:
			n = d.Nseg
		default:
			n = 1
		}
		if n > 32767 {
			return nil, fmt.Errorf("morph: %s: %s would get %d segments, at most 32767", name, m.where(i), n)
		}
		cp.Nseg[i] = n
	}

	// Nodes: the root node, then per section its centres and its 1 end.
	cp.Nodes = append(cp.Nodes, Node{Section: 0, Seg: -1, X: 0, Parent: -1})
	for i := range m.Sections {
		n := cp.Nseg[i]
		g := m.geometry(i, n, cp.ra[i])
		segRa := make([]float64, n)
		segCm := make([]float64, n)
		for j := range n {
			segRa[j], segCm[j] = cp.ra[i], cp.cm[i]
			x := (float64(j) + .5) / float64(n)
			if cmFn[i] != nil {
				if segCm[j], err = passive(cmFn[i], "Cm", cmBy[i], i, x, g.diam[j]); err != nil {
					return nil, err
				}
			}
			if raFn[i] != nil {
				if segRa[j], err = passive(raFn[i], "Ra", raBy[i], i, x, g.diam[j]); err != nil {
					return nil, err
				}
			}
		}
		if raFn[i] != nil {
			g.scaleRa(cp.ra[i], segRa)
		}
		cp.first[i] = len(cp.Nodes)
		parent := 0
		if i > 0 {
			parent = cp.nodeExact(m.Sections[i].Parent, m.Sections[i].ParentX)
		}
		for j := 0; j <= n; j++ {
			nd := Node{Section: i, Seg: j, Parent: parent, RinvUS: g.rinv[j]}
			if j < n {
				nd.X = (float64(j) + .5) / float64(n)
				nd.AreaUm2 = g.area[j]
				nd.DiamUm = g.diam[j]
				nd.CmUFcm2 = segCm[j]
				nd.RaOhmCm = segRa[j]
				if !(nd.AreaUm2 > 0) || math.IsInf(nd.AreaUm2, 0) || !(nd.RinvUS > 0) || math.IsInf(nd.RinvUS, 0) {
					return nil, fmt.Errorf("morph: %s: %s: segment %d of %d has area %g um2 and axial conductance %g uS: a degenerate compartment", name, m.where(i), j, n, nd.AreaUm2, nd.RinvUS)
				}
			} else {
				nd.X = 1
			}
			parent = len(cp.Nodes)
			cp.Nodes = append(cp.Nodes, nd)
		}
	}

	// Distances from the origin.
	for k := range cp.Nodes {
		nd := &cp.Nodes[k]
		nd.DistUm = m.distance(os, origin.X, nd.Section, nd.X)
	}

	// Mechanisms.
	owner := map[[2]int]string{} // (node, channel name index) -> mechanism
	chNames := map[string]int{}
	gates := map[string][]string{}
	for k, mech := range c.Mechanisms {
		mname := mech.Name
		if mname == "" {
			mname = fmt.Sprintf("Mechanisms[%d]", k)
		}
		if mech.Channels == nil {
			return nil, fmt.Errorf("morph: %s: mechanism %s: no Channels constructor", name, mname)
		}
		if err := mech.Where.check(m); err != nil {
			return nil, fmt.Errorf("morph: %s: mechanism %s (%v): %w", name, mname, mech.Where, err)
		}
		for ni := range cp.Nodes {
			nd := &cp.Nodes[ni]
			sec := &m.Sections[nd.Section]
			if nd.AreaUm2 == 0 || !mech.Where.match(sec) {
				continue
			}
			seg := Segment{Section: sec.Name, Type: sec.Type, X: nd.X, DistUm: nd.DistUm, DiamUm: nd.DiamUm}
			chs, err := mech.Channels(seg)
			if err != nil {
				return nil, fmt.Errorf("morph: %s: mechanism %s in %s(%g): %w", name, mname, sec.Name, nd.X, err)
			}
			for _, ch := range chs {
				if ch == nil {
					return nil, fmt.Errorf("morph: %s: mechanism %s in %s(%g): nil channel", name, mname, sec.Name, nd.X)
				}
				cn := ch.Name()
				if cn == "" || strings.ContainsAny(cn, " .\t\n") {
					return nil, fmt.Errorf("morph: %s: mechanism %s in %s(%g): channel name %q, want a non-empty name without spaces or dots (gates are named channel.gate)", name, mname, sec.Name, nd.X, cn)
				}
				id, ok := chNames[cn]
				if !ok {
					id = len(chNames)
					chNames[cn] = id
					gates[cn] = ch.GateNames()
				} else if g := ch.GateNames(); !sameStrings(g, gates[cn]) {
					return nil, fmt.Errorf("morph: %s: mechanism %s in %s(%g): channel %q has gates %v, elsewhere %v", name, mname, sec.Name, nd.X, cn, g, gates[cn])
				}
				if prev, dup := owner[[2]int{ni, id}]; dup {
					return nil, fmt.Errorf("morph: %s: mechanism %s in %s(%g): channel %q already inserted there by mechanism %s", name, mname, sec.Name, nd.X, cn, prev)
				}
				owner[[2]int{ni, id}] = mname
				nd.Channels = append(nd.Channels, ch)
			}
		}
	}

	// Every channel must give a finite state and current at the initial
	// potential where it is inserted.
	if v := c.VInitMV; !math.IsNaN(v) && !math.IsInf(v, 0) {
		checked := map[channels.Channel]bool{}
		for _, nd := range cp.Nodes {
			for _, ch := range nd.Channels {
				if isComparable(ch) && checked[ch] {
					continue
				}
				if err := checkAtRest(ch, v); err != nil {
					return nil, fmt.Errorf("morph: %s: channel %q in %s(%g): %w", name, ch.Name(), m.Sections[nd.Section].Name, nd.X, err)
				}
				if isComparable(ch) {
					checked[ch] = true
				}
			}
		}
	}

	// Point processes and the spike detector must be on the cell.
	for k, s := range c.Synapses {
		if _, err := cp.Node(s.At); err != nil {
			return nil, fmt.Errorf("morph: %s: synapse %q (Synapses[%d]): %w", name, s.Name, k, err)
		}
		if s.Block != nil {
			if _, _, err := s.Block.Params(); err != nil {
				return nil, fmt.Errorf("morph: %s: synapse %q (Synapses[%d]): %w", name, s.Name, k, err)
			}
		}
	}
	for k, cl := range c.Clamps {
		if _, err := cp.Node(cl.At); err != nil {
			return nil, fmt.Errorf("morph: %s: Clamps[%d]: %w", name, k, err)
		}
	}
	for k, cl := range c.VClamps {
		if _, err := cp.Node(cl.At); err != nil {
			return nil, fmt.Errorf("morph: %s: VClamps[%d]: %w", name, k, err)
		}
		if !(cl.RsMOhm > 0) || math.IsInf(cl.RsMOhm, 0) {
			return nil, fmt.Errorf("morph: %s: VClamps[%d]: RsMOhm = %g, want a finite resistance > 0", name, k, cl.RsMOhm)
		}
		for j := 0; j < 3; j++ {
			if !(cl.Dur[j] >= 0) || math.IsInf(cl.Dur[j], 0) || math.IsNaN(cl.Amp[j]) || math.IsInf(cl.Amp[j], 0) {
				return nil, fmt.Errorf("morph: %s: VClamps[%d]: Dur[%d] = %g ms, Amp[%d] = %g mV, want finite values, Dur >= 0", name, k, j, cl.Dur[j], j, cl.Amp[j])
			}
		}
	}
	if c.Spike != nil {
		if _, err := cp.Node(*c.Spike); err != nil {
			return nil, fmt.Errorf("morph: %s: Spike: %w", name, err)
		}
	}
	return cp, nil
}

// isComparable reports whether ch can be a map key.
func isComparable(ch channels.Channel) bool { return reflect.TypeOf(ch).Comparable() }

// checkAtRest initialises ch at vMV and evaluates its current there; a
// non-finite gate, current or slope is an error.
func checkAtRest(ch channels.Channel, vMV float64) error {
	names := ch.GateNames()
	gates := make([][]float64, len(names))
	for g := range gates {
		gates[g] = make([]float64, 1)
	}
	v := []float64{vMV}
	ch.Init(gates, v, 0, 1)
	for g, x := range gates {
		if math.IsNaN(x[0]) || math.IsInf(x[0], 0) {
			return fmt.Errorf("gate %s = %g at the initial potential %g mV, want a finite value", names[g], x[0], vMV)
		}
	}
	i, di := []float64{0}, []float64{0}
	ch.Current(gates, v, 0, i, di, 0, 1)
	if math.IsNaN(i[0]) || math.IsInf(i[0], 0) || math.IsNaN(di[0]) || math.IsInf(di[0], 0) {
		return fmt.Errorf("current %g mA/cm2, slope %g S/cm2 at the initial potential %g mV, want finite values", i[0], di[0], vMV)
	}
	return nil
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// nodeExact is NEURON's node_exact(sec, x): the node at x of section i.
// x = 0 is the node the section's 0 end is attached to, x = 1 its end node.
func (cp *Compartments) nodeExact(i int, x float64) int {
	n := cp.Nseg[i]
	switch {
	case x <= 0:
		if i == 0 {
			return 0
		}
		s := &cp.Cell.Morphology.Sections[i]
		return cp.nodeExact(s.Parent, s.ParentX)
	case x >= 1:
		return cp.first[i] + n
	}
	return cp.first[i] + nodeIndex(n, x)
}

// locate returns the section index of l after checking it.
func (cp *Compartments) locate(l Location) (int, error) {
	m := cp.Cell.Morphology
	i, ok := m.Index(l.Section)
	if !ok {
		return -1, fmt.Errorf("no section named %q", l.Section)
	}
	if !(l.X >= 0 && l.X <= 1) {
		return -1, fmt.Errorf("%v: position %g beyond the section, want 0 <= x <= 1", l, l.X)
	}
	return i, nil
}

// Node returns the index of the node at location l as NEURON places a
// point process there: the segment containing l.X, or at x = 0 and x = 1
// the zero-area node of that end.
func (cp *Compartments) Node(l Location) (int, error) {
	i, err := cp.locate(l)
	if err != nil {
		return -1, err
	}
	return cp.nodeExact(i, l.X), nil
}

// Section returns the nodes of section i: its segment centres, in order.
func (cp *Compartments) Section(i int) []int {
	idx := make([]int, cp.Nseg[i])
	for j := range idx {
		idx[j] = cp.first[i] + j
	}
	return idx
}

// RaOhmCm returns the axial resistivity of section i (at its centre when
// it is a function of the segment; see Node.RaOhmCm).
func (cp *Compartments) RaOhmCm(i int) float64 { return cp.ra[i] }

// CmUFcm2 returns the specific capacitance of section i (at its centre
// when it is a function of the segment; see Node.CmUFcm2).
func (cp *Compartments) CmUFcm2(i int) float64 { return cp.cm[i] }

// Segments returns the number of segments (compartments with membrane).
func (cp *Compartments) Segments() int {
	n := 0
	for _, s := range cp.Nseg {
		n += s
	}
	return n
}

// TotalAreaUm2 returns the membrane area of the cell, um2.
func (cp *Compartments) TotalAreaUm2() float64 {
	a := 0.
	for _, nd := range cp.Nodes {
		a += nd.AreaUm2
	}
	return a
}

// distance returns the path length (um) between sec a at xa and sec b at
// xb, NEURON's distance(): along the sections, children joining their
// parents at ParentX.
func (m *Morphology) distance(a int, xa float64, b int, xb float64) float64 {
	// Walk the deeper one up until both are on one section.
	depth := func(i int) int {
		d := 0
		for ; i > 0; i = m.Sections[i].Parent {
			d++
		}
		return d
	}
	da, db := depth(a), depth(b)
	sum := 0.
	for a != b {
		if da >= db {
			sum += xa * m.Length(a)
			xa = m.Sections[a].ParentX
			a = m.Sections[a].Parent
			da--
		} else {
			sum += xb * m.Length(b)
			xb = m.Sections[b].ParentX
			b = m.Sections[b].Parent
			db--
		}
	}
	return sum + math.Abs(xa-xb)*m.Length(a)
}

// spikeNode returns the node of the spike detector: Cell.Spike, or the
// centre of the root section.
func (cp *Compartments) spikeNode() int {
	if cp.Cell.Spike != nil {
		i, _ := cp.Node(*cp.Cell.Spike)
		return i
	}
	return cp.nodeExact(0, 0.5)
}
