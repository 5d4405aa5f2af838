package morph

import (
	"errors"
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
// With Play, the amplitude is Play's value at that midpoint instead
// (NEURON's Vector.play into amp, continuous), a time-varying current.
//
// With Membrane, the current is a membrane current source
// (neurodamus's MembraneCurrentSource) rather than an electrode: the
// potentials are the same, but the current counts in the membrane current
// (CellGroup.EnableMembraneCurrent, the LFP) and not among the
// electrodes.
type IClamp struct {
	At       Location
	DelMs    float64
	DurMs    float64
	AmpNA    float64
	Play     *Table // nA
	Membrane bool
}

// SEClamp is NEURON's single-electrode voltage clamp at a location: the
// potential there is pulled towards a command potential through a series
// resistance RsMOhm, the current (nA, depolarising) being (vc - v)/rs,
// treated implicitly. The command is Amp[0] mV for the first Dur[0] ms,
// then Amp[1] for Dur[1] ms, Amp[2] for Dur[2] ms; after that the clamp is
// off (no current). As NEURON, the command at a step is the one at its
// midpoint t + dt/2. With RsPlay, the series resistance is RsPlay's
// value at each step's midpoint instead (Vector.play into rs,
// continuous): a played conductance 1/rs towards the command. With
// Membrane, it is a membrane conductance source (neurodamus's
// ConductanceSource) rather than an electrode, as IClamp's Membrane.
type SEClamp struct {
	At       Location
	RsMOhm   float64
	Dur      [3]float64 // ms
	Amp      [3]float64 // mV
	RsPlay   *Table     // MOhm
	Membrane bool
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

	// Inserts, IonValues and PointProcesses make the membrane of NMODL
	// mechanisms (package sim/mech) instead: a cell with them is stepped
	// by a CellGroup, with neither Mechanisms nor Synapses.
	Inserts        []Insert
	IonValues      []IonValue
	PointProcesses []PointProcess
	// MechanismSets are the sim/mech sets the NMODL mechanisms come from,
	// in order of preference (a translated package's name, such as
	// "neocortexv6"): what NEURON gets from the library nrnivmodl built.
	// Nil takes each name's only registration.
	MechanismSets []string

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

	// released: ReleaseBuildData dropped the values only a group build
	// reads.
	released bool
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
	pp, err := c.passiveProperties(name)
	if err != nil {
		return nil, err
	}
	cp := &Compartments{Cell: c, first: make([]int, len(m.Sections))}
	d, err := cp.discretizer(name)
	if err != nil {
		return nil, err
	}
	if err := d.centreValues(pp); err != nil {
		return nil, err
	}
	cp.ra, cp.cm = pp.ra, pp.cm
	if cp.Nseg, err = d.segmentCounts(c.Discretization, cp.ra, cp.cm); err != nil {
		return nil, err
	}
	if err := cp.addNodes(d, pp); err != nil {
		return nil, err
	}
	d.setDistances(cp.Nodes)
	if err := d.insertMechanisms(c.Mechanisms, cp.Nodes); err != nil {
		return nil, err
	}
	if err := d.checkChannelsAtRest(c.VInitMV, cp.Nodes); err != nil {
		return nil, err
	}
	if err := cp.checkPointProcesses(name); err != nil {
		return nil, err
	}
	return cp, nil
}

// passiveProps are the passive properties of each section: its specific
// capacitance and axial resistivity (at the centre of the section when
// they are functions of the segment), and the functions with the index of
// the Passive that set them, for messages (nil: constant).
type passiveProps struct {
	cm, ra     []float64
	cmFn, raFn []func(Segment) float64
	cmBy, raBy []int
}

// passiveProperties resolves Cell.CmUFcm2, Cell.RaOhmCm and Cell.Passive
// into each section's constants or functions; the centre values of the
// functions are left to discretizer.centreValues.
func (c *Cell) passiveProperties(name string) (*passiveProps, error) {
	cm0, ra0, err := c.defaultPassive(name)
	if err != nil {
		return nil, err
	}
	m := c.Morphology
	ns := len(m.Sections)
	pp := &passiveProps{cm: make([]float64, ns), ra: make([]float64, ns),
		cmFn: make([]func(Segment) float64, ns), raFn: make([]func(Segment) float64, ns),
		cmBy: make([]int, ns), raBy: make([]int, ns)}
	for i := range pp.ra {
		pp.ra[i], pp.cm[i] = ra0, cm0
	}
	for k, p := range c.Passive {
		if err := p.check(name, k, m); err != nil {
			return nil, err
		}
		pp.apply(k, p, m)
	}
	return pp, nil
}

// defaultPassive returns the cell-wide specific capacitance and axial
// resistivity, NEURON's defaults for zero values.
func (c *Cell) defaultPassive(name string) (cm0, ra0 float64, err error) {
	cm0, ra0 = c.CmUFcm2, c.RaOhmCm
	if cm0 == 0 {
		cm0 = DefaultCmUFcm2
	}
	if ra0 == 0 {
		ra0 = DefaultRaOhmCm
	}
	if !(cm0 > 0) || math.IsInf(cm0, 0) || !(ra0 > 0) || math.IsInf(ra0, 0) {
		return 0, 0, fmt.Errorf("morph: %s: CmUFcm2 = %g, RaOhmCm = %g, want positive values", name, c.CmUFcm2, c.RaOhmCm)
	}
	return cm0, ra0, nil
}

// check returns an error if p, the k-th Passive of the cell, selects no
// section, has a negative or non-finite constant, or gives a property both
// as a constant and as a function.
func (p *Passive) check(name string, k int, m *Morphology) error {
	if err := p.Where.check(m); err != nil {
		return fmt.Errorf("morph: %s: Passive[%d] (%v): %w", name, k, p.Where, err)
	}
	if p.CmUFcm2 < 0 || math.IsNaN(p.CmUFcm2) || math.IsInf(p.CmUFcm2, 0) || p.RaOhmCm < 0 || math.IsNaN(p.RaOhmCm) || math.IsInf(p.RaOhmCm, 0) {
		return fmt.Errorf("morph: %s: Passive[%d]: CmUFcm2 = %g, RaOhmCm = %g, want finite values >= 0 (0: unchanged)", name, k, p.CmUFcm2, p.RaOhmCm)
	}
	if (p.CmUFcm2 > 0 && p.Cm != nil) || (p.RaOhmCm > 0 && p.Ra != nil) {
		return fmt.Errorf("morph: %s: Passive[%d] (%v): give a constant or a function of the segment, not both", name, k, p.Where)
	}
	return nil
}

// apply sets the properties that p, the k-th Passive of the cell, gives
// on the sections it selects, overriding earlier ones.
func (pp *passiveProps) apply(k int, p Passive, m *Morphology) {
	for i := range m.Sections {
		if !p.Where.match(&m.Sections[i]) {
			continue
		}
		switch {
		case p.CmUFcm2 > 0:
			pp.cm[i], pp.cmFn[i], pp.cmBy[i] = p.CmUFcm2, nil, k
		case p.Cm != nil:
			pp.cmFn[i], pp.cmBy[i] = p.Cm, k
		}
		switch {
		case p.RaOhmCm > 0:
			pp.ra[i], pp.raFn[i], pp.raBy[i] = p.RaOhmCm, nil, k
		case p.Ra != nil:
			pp.raFn[i], pp.raBy[i] = p.Ra, k
		}
	}
}

// discretizer holds what the steps of Cell.Compartments share: the cell's
// name for messages, its morphology and the origin of distances.
type discretizer struct {
	name      string
	m         *Morphology
	originSec int
	originX   float64
}

// discretizer returns the discretizer of cp's cell, named name in
// messages, with the origin of distances: Cell.Origin or the root
// section's centre.
func (cp *Compartments) discretizer(name string) (*discretizer, error) {
	c := cp.Cell
	origin := Location{c.Morphology.Sections[0].Name, 0.5}
	if c.Origin != nil {
		origin = *c.Origin
	}
	os, err := cp.locate(origin)
	if err != nil {
		return nil, fmt.Errorf("morph: %s: Origin: %w", name, err)
	}
	return &discretizer{name: name, m: c.Morphology, originSec: os, originX: origin.X}, nil
}

// segment describes x of section i, whose mean diameter there is diam.
func (d *discretizer) segment(i int, x, diam float64) Segment {
	sec := &d.m.Sections[i]
	return Segment{Section: sec.Name, Type: sec.Type, X: x, DistUm: d.m.distance(d.originSec, d.originX, i, x), DiamUm: diam}
}

// evalPassive evaluates f, a Cm or Ra function (what) set by the Passive
// of index by, at x of section i whose mean diameter there is diam, and
// checks its value.
func (d *discretizer) evalPassive(f func(Segment) float64, what string, by, i int, x, diam float64) (float64, error) {
	seg := d.segment(i, x, diam)
	v := f(seg)
	if !(v > 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("morph: %s: Passive[%d]: %s in %s(%g) (%.6g um from the origin) = %g, want a finite value > 0", d.name, by, what, seg.Section, x, seg.DistUm, v)
	}
	return v, nil
}

// passiveAt returns the specific capacitance and axial resistivity at x of
// section i, whose mean diameter there is diam: the section's constants
// or the values of its functions.
func (d *discretizer) passiveAt(pp *passiveProps, i int, x, diam float64) (cm, ra float64, err error) {
	cm, ra = pp.cm[i], pp.ra[i]
	if pp.cmFn[i] != nil {
		if cm, err = d.evalPassive(pp.cmFn[i], "Cm", pp.cmBy[i], i, x, diam); err != nil {
			return 0, 0, err
		}
	}
	if pp.raFn[i] != nil {
		if ra, err = d.evalPassive(pp.raFn[i], "Ra", pp.raBy[i], i, x, diam); err != nil {
			return 0, 0, err
		}
	}
	return cm, ra, nil
}

// centreValues sets the section values of the properties given by
// functions to their values at the centre of the section, for the
// d_lambda rule and Compartments.RaOhmCm and CmUFcm2.
func (d *discretizer) centreValues(pp *passiveProps) error {
	for i := range d.m.Sections {
		if pp.cmFn[i] == nil && pp.raFn[i] == nil {
			continue
		}
		diam := d.m.geometry(i, 1, 1).diam[0]
		var err error
		if pp.cm[i], pp.ra[i], err = d.passiveAt(pp, i, 0.5, diam); err != nil {
			return err
		}
	}
	return nil
}

// segmentCounts returns the number of segments of each section: its own
// Nseg, else the Discretization's (d_lambda rule or Nseg), else 1; ra and
// cm are the sections' resistivities and capacitances for the d_lambda
// rule.
func (d *discretizer) segmentCounts(disc Discretization, ra, cm []float64) ([]int, error) {
	if disc.Nseg < 0 || disc.DLambda < 0 || disc.FreqHz < 0 || math.IsNaN(disc.DLambda) || math.IsNaN(disc.FreqHz) {
		return nil, fmt.Errorf("morph: %s: Discretization %+v: want Nseg >= 0, DLambda >= 0, FreqHz >= 0", d.name, disc)
	}
	freq := disc.FreqHz
	if freq == 0 {
		freq = DefaultFreqHz
	}
	nseg := make([]int, len(d.m.Sections))
	for i := range d.m.Sections {
		n := d.m.Sections[i].Nseg
		switch {
		case n > 0:
		case disc.DLambda > 0:
			n = dLambdaNseg(d.m.Length(i), d.m.lambdaF(i, freq, ra[i], cm[i]), disc.DLambda)
		case disc.Nseg > 0:
			n = disc.Nseg
		default:
			n = 1
		}
		if n > 32767 {
			return nil, fmt.Errorf("morph: %s: %s would get %d segments, at most 32767", d.name, d.m.where(i), n)
		}
		nseg[i] = n
	}
	return nseg, nil
}

// segments returns the geometry of section i cut into n segments and the
// specific capacitance and axial resistivity of each segment, with the
// axial conductances recomputed when the resistivity varies along the
// section.
func (d *discretizer) segments(pp *passiveProps, i, n int) (g sectionGeometry, segCm, segRa []float64, err error) {
	g = d.m.geometry(i, n, pp.ra[i])
	segCm, segRa = make([]float64, n), make([]float64, n)
	for j := range n {
		x := (float64(j) + .5) / float64(n)
		if segCm[j], segRa[j], err = d.passiveAt(pp, i, x, g.diam[j]); err != nil {
			return g, nil, nil, err
		}
	}
	if pp.raFn[i] != nil {
		g.scaleRa(pp.ra[i], segRa)
	}
	return g, segCm, segRa, nil
}

// addNodes appends the nodes to cp, whose Nseg is set: the root node, then
// per section its segment centres and its 1 end, each section's first
// node attached where the section joins its parent. A segment without
// positive finite area and axial conductance is an error.
func (cp *Compartments) addNodes(d *discretizer, pp *passiveProps) error {
	cp.Nodes = append(cp.Nodes, Node{Section: 0, Seg: -1, X: 0, Parent: -1})
	for i := range d.m.Sections {
		n := cp.Nseg[i]
		g, segCm, segRa, err := d.segments(pp, i, n)
		if err != nil {
			return err
		}
		cp.first[i] = len(cp.Nodes)
		parent := 0
		if i > 0 {
			parent = cp.nodeExact(d.m.Sections[i].Parent, d.m.Sections[i].ParentX)
		}
		for j := 0; j <= n; j++ {
			nd := Node{Section: i, Seg: j, Parent: parent, RinvUS: g.rinv[j], X: 1}
			if j < n {
				nd.X = (float64(j) + .5) / float64(n)
				nd.AreaUm2, nd.DiamUm, nd.CmUFcm2, nd.RaOhmCm = g.area[j], g.diam[j], segCm[j], segRa[j]
				if !(nd.AreaUm2 > 0) || math.IsInf(nd.AreaUm2, 0) || !(nd.RinvUS > 0) || math.IsInf(nd.RinvUS, 0) {
					return fmt.Errorf("morph: %s: %s: segment %d of %d has area %g um2 and axial conductance %g uS: a degenerate compartment", d.name, d.m.where(i), j, n, nd.AreaUm2, nd.RinvUS)
				}
			}
			parent = len(cp.Nodes)
			cp.Nodes = append(cp.Nodes, nd)
		}
	}
	return nil
}

// setDistances sets the path distance of every node from the origin.
func (d *discretizer) setDistances(nodes []Node) {
	for k := range nodes {
		nd := &nodes[k]
		nd.DistUm = d.m.distance(d.originSec, d.originX, nd.Section, nd.X)
	}
}

// insertMechanisms puts the channels of each mechanism in the segments
// (nodes with area) of the sections it selects.
func (d *discretizer) insertMechanisms(mechs []Mechanism, nodes []Node) error {
	tab := channelTable{ids: map[string]int{}, gates: map[string][]string{}, owner: map[[2]int]string{}}
	for k, mech := range mechs {
		mname := mech.Name
		if mname == "" {
			mname = fmt.Sprintf("Mechanisms[%d]", k)
		}
		if mech.Channels == nil {
			return fmt.Errorf("morph: %s: mechanism %s: no Channels constructor", d.name, mname)
		}
		if err := mech.Where.check(d.m); err != nil {
			return fmt.Errorf("morph: %s: mechanism %s (%v): %w", d.name, mname, mech.Where, err)
		}
		for ni := range nodes {
			nd := &nodes[ni]
			sec := &d.m.Sections[nd.Section]
			if nd.AreaUm2 == 0 || !mech.Where.match(sec) {
				continue
			}
			if err := tab.insert(mech, mname, ni, nd, sec); err != nil {
				return fmt.Errorf("morph: %s: mechanism %s in %s(%g): %w", d.name, mname, sec.Name, nd.X, err)
			}
		}
	}
	return nil
}

// channelTable follows the channels inserted so far: an index and the
// gates of each channel name, and the mechanism that put each channel
// name in each node.
type channelTable struct {
	ids   map[string]int
	gates map[string][]string
	owner map[[2]int]string // (node, channel index) -> mechanism
}

// insert appends the channels of mechanism mech (named mname) for node ni,
// nd, of section sec; a channel must have a well-formed name, the gates
// of the channels of that name elsewhere, and be the only one of its name
// in the node.
func (t *channelTable) insert(mech Mechanism, mname string, ni int, nd *Node, sec *Section) error {
	chs, err := mech.Channels(Segment{Section: sec.Name, Type: sec.Type, X: nd.X, DistUm: nd.DistUm, DiamUm: nd.DiamUm})
	if err != nil {
		return err
	}
	for _, ch := range chs {
		if ch == nil {
			return errors.New("nil channel")
		}
		cn := ch.Name()
		if cn == "" || strings.ContainsAny(cn, " .\t\n") {
			return fmt.Errorf("channel name %q, want a non-empty name without spaces or dots (gates are named channel.gate)", cn)
		}
		id, ok := t.ids[cn]
		if !ok {
			id = len(t.ids)
			t.ids[cn] = id
			t.gates[cn] = ch.GateNames()
		} else if g := ch.GateNames(); !sameStrings(g, t.gates[cn]) {
			return fmt.Errorf("channel %q has gates %v, elsewhere %v", cn, g, t.gates[cn])
		}
		if prev, dup := t.owner[[2]int{ni, id}]; dup {
			return fmt.Errorf("channel %q already inserted there by mechanism %s", cn, prev)
		}
		t.owner[[2]int{ni, id}] = mname
		nd.Channels = append(nd.Channels, ch)
	}
	return nil
}

// checkChannelsAtRest checks that every channel gives a finite state and
// current at the initial potential vInit where it is inserted (nothing to
// check when vInit is not finite); a comparable channel value is checked
// once.
func (d *discretizer) checkChannelsAtRest(vInit float64, nodes []Node) error {
	if math.IsNaN(vInit) || math.IsInf(vInit, 0) {
		return nil
	}
	checked := map[channels.Channel]bool{}
	for _, nd := range nodes {
		for _, ch := range nd.Channels {
			if isComparable(ch) && checked[ch] {
				continue
			}
			if err := checkAtRest(ch, vInit); err != nil {
				return fmt.Errorf("morph: %s: channel %q in %s(%g): %w", d.name, ch.Name(), d.m.Sections[nd.Section].Name, nd.X, err)
			}
			if isComparable(ch) {
				checked[ch] = true
			}
		}
	}
	return nil
}

// checkPointProcesses checks that the synapses, clamps and spike detector
// are on the cell and their parameters valid.
func (cp *Compartments) checkPointProcesses(name string) error {
	c := cp.Cell
	for k, s := range c.Synapses {
		if err := cp.checkSynapse(s); err != nil {
			return fmt.Errorf("morph: %s: synapse %q (Synapses[%d]): %w", name, s.Name, k, err)
		}
	}
	for k, cl := range c.Clamps {
		if _, err := cp.Node(cl.At); err != nil {
			return fmt.Errorf("morph: %s: Clamps[%d]: %w", name, k, err)
		}
	}
	for k, cl := range c.VClamps {
		if err := cp.checkVClamp(cl); err != nil {
			return fmt.Errorf("morph: %s: VClamps[%d]: %w", name, k, err)
		}
	}
	if c.Spike != nil {
		if _, err := cp.Node(*c.Spike); err != nil {
			return fmt.Errorf("morph: %s: Spike: %w", name, err)
		}
	}
	return nil
}

// checkSynapse checks that s is on the cell and its block, if any, valid.
func (cp *Compartments) checkSynapse(s Synapse) error {
	if _, err := cp.Node(s.At); err != nil {
		return err
	}
	if s.Block != nil {
		if _, _, err := s.Block.Params(); err != nil {
			return err
		}
	}
	return nil
}

// checkVClamp checks that cl is on the cell with a finite positive series
// resistance and finite durations and amplitudes, durations >= 0.
func (cp *Compartments) checkVClamp(cl SEClamp) error {
	if _, err := cp.Node(cl.At); err != nil {
		return err
	}
	if !(cl.RsMOhm > 0) || math.IsInf(cl.RsMOhm, 0) {
		return fmt.Errorf("RsMOhm = %g, want a finite resistance > 0", cl.RsMOhm)
	}
	for j := 0; j < 3; j++ {
		if !(cl.Dur[j] >= 0) || math.IsInf(cl.Dur[j], 0) || math.IsNaN(cl.Amp[j]) || math.IsInf(cl.Amp[j], 0) {
			return fmt.Errorf("Dur[%d] = %g ms, Amp[%d] = %g mV, want finite values, Dur >= 0", j, cl.Dur[j], j, cl.Amp[j])
		}
	}
	return nil
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
