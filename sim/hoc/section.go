package hoc

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/morph"
)

// NEURON's defaults of a new section.
const (
	defaultL      = 100.
	defaultDiam   = 500.
	defaultCm     = 1.
	defaultRa     = 35.4
	defaultV      = -65.
	defaultCelsus = 6.3
)

// Section is a NEURON section of the interpreter: name, topology,
// geometry (a cylinder, per-segment diameters or 3-D points), nseg,
// passive properties and inserted mechanisms with per-segment values.
type Section struct {
	array string    // name of the section array, e.g. "soma"
	index int       // element of the array
	owner *Instance // nil at top level
	// serial orders sections by creation (NEURON's global section list).
	serial  int
	deleted bool

	parent  *Section
	parentX float64

	typ morph.Type // from the morphology loader, or guessed from the name

	l   float64       // L, um, without 3-D points
	pts []morph.Point // 3-D points
	// arcs are NEURON's stored arc lengths of the points when they differ
	// from the points' own: define_shape translates points without
	// updating them (nil: arc3d(pts)).
	arcs []float64
	nseg int
	diam []float64 // per segment, without 3-D points
	// diamSeg is set when diameters were set per segment (diam(x) = d)
	// to different values.
	diamSeg bool
	cm      []float64
	ra      float64
	v       []float64
	vSet    bool

	mechs []*mechInst
	ions  map[string][]float64 // ion variables set, per segment: "ena", "cai"
}

// mechInst is a density mechanism inserted in a section with the values
// assigned to its RANGE variables, per segment.
type mechInst struct {
	name string
	vals map[string][]float64
	// calls are the procedures called on each segment's instance
	// (setdata_M(x) then proc_M(args)), by segment index.
	calls map[int][]morph.MechanismCall
}

// Name returns NEURON's secname(): "soma[0]", or "Cell[0].soma[0]" for a
// section of a template instance.
func (s *Section) Name() string {
	n := s.localName()
	if s.owner != nil {
		return s.owner.String() + "." + n
	}
	return n
}

// localName is the name within its owner: "soma[0]" (or "soma" for a
// section that is not an array).
func (s *Section) localName() string {
	return fmt.Sprintf("%s[%d]", s.array, s.index)
}

func newSection(array string, index int, owner *Instance, serial int) *Section {
	s := &Section{array: array, index: index, owner: owner, serial: serial, l: defaultL, nseg: 1, ra: defaultRa,
		diam: []float64{defaultDiam}, cm: []float64{defaultCm}, v: []float64{defaultV}}
	switch array {
	case "soma":
		s.typ = morph.Soma
	case "axon", "myelin":
		s.typ = morph.Axon
	case "dend":
		s.typ = morph.Basal
	case "apic":
		s.typ = morph.Apical
	}
	return s
}

// segIndex is the segment containing x (NEURON's node_index for range
// variables, the ends mapped to the first and last segments).
func (s *Section) segIndex(x float64) int {
	i := int(float64(s.nseg) * x)
	if i >= s.nseg {
		i = s.nseg - 1
	}
	if i < 0 {
		i = 0
	}
	return i
}

// setNseg changes the number of segments, keeping the values of every
// range variable at the segment containing each new segment's centre, as
// NEURON does.
func (s *Section) setNseg(n int) {
	if n == s.nseg {
		return
	}
	old := s.nseg
	remap := func(a []float64) []float64 {
		if a == nil {
			return nil
		}
		b := make([]float64, n)
		for i := range b {
			j := int(float64(old) * (float64(i) + .5) / float64(n))
			if j >= old {
				j = old - 1
			}
			b[i] = a[j]
		}
		return b
	}
	s.diam = remap(s.diam)
	s.cm = remap(s.cm)
	s.v = remap(s.v)
	for _, m := range s.mechs {
		for k, a := range m.vals {
			m.vals[k] = remap(a)
		}
	}
	for k, a := range s.ions {
		s.ions[k] = remap(a)
	}
	s.nseg = n
}

// length is L: the arc length of the 3-D points (in NEURON's single
// precision) or the L set.
func (s *Section) length() float64 {
	if len(s.pts) >= 2 {
		return s.arc()[len(s.pts)-1]
	}
	if len(s.pts) == 1 {
		return 0
	}
	return s.l
}

// arc returns the arc lengths NEURON holds for the points (Pt3d.arc).
func (s *Section) arc() []float64 {
	if s.arcs != nil {
		return s.arcs
	}
	return arc3d(s.pts)
}

// pointsChanged updates the stored arc lengths after point i changed or
// was added, as nrn_pt3dmodified: from point i on, each from the previous
// point's arc.
func (s *Section) pointsChanged(i int) {
	if s.arcs == nil {
		return
	}
	for len(s.arcs) < len(s.pts) {
		s.arcs = append(s.arcs, 0)
	}
	s.arcs = s.arcs[:len(s.pts)]
	if i <= 0 {
		s.arcs[0], i = 0, 1
	}
	for k := i; k < len(s.pts); k++ {
		a, b := s.pts[k-1], s.pts[k]
		dx := float64(float32(b.X) - float32(a.X))
		dy := float64(float32(b.Y) - float32(a.Y))
		dz := float64(float32(b.Z) - float32(a.Z))
		s.arcs[k] = s.arcs[k-1] + math.Sqrt(dx*dx+dy*dy+dz*dz)
	}
}

// arc3d returns the cumulative arc length of the points as NEURON
// computes it: single-precision coordinates, double-precision sums.
func arc3d(pts []morph.Point) []float64 {
	a := make([]float64, len(pts))
	for i := 1; i < len(pts); i++ {
		dx := float64(float32(pts[i].X) - float32(pts[i-1].X))
		dy := float64(float32(pts[i].Y) - float32(pts[i-1].Y))
		dz := float64(float32(pts[i].Z) - float32(pts[i-1].Z))
		a[i] = a[i-1] + math.Sqrt(dx*dx+dy*dy+dz*dz)
	}
	return a
}

// geometry returns NEURON's per-segment areas (um2), axial resistances
// ri (MOhm) and mean diameters (um) of the section alone, computed by
// sim/morph.
func (s *Section) geometry() (area, ri, diam []float64, err error) {
	m := &morph.Morphology{Name: s.Name()}
	sec := morph.Section{Name: "s", Type: morph.Soma, Parent: -1, Nseg: s.nseg}
	if len(s.pts) >= 2 {
		sec.Points = s.pts
	} else {
		sec.L = s.l
		sec.Diam = s.diam[0]
		if s.diamSeg {
			sec.SegDiamUm = s.diam
		}
	}
	m.Add(sec)
	c := &morph.Cell{Name: s.Name(), Morphology: m, RaOhmCm: s.ra}
	cp, err := c.Compartments()
	if err != nil {
		return nil, nil, nil, err
	}
	for _, k := range cp.Section(0) {
		nd := cp.Nodes[k]
		if nd.Seg < 0 || nd.Seg >= s.nseg {
			continue
		}
		area = append(area, nd.AreaUm2)
		ri = append(ri, 1/nd.RinvUS)
		diam = append(diam, nd.DiamUm)
	}
	return area, ri, diam, nil
}

// mech returns the inserted mechanism name, or nil.
func (s *Section) mech(name string) *mechInst {
	for _, m := range s.mechs {
		if m.name == name {
			return m
		}
	}
	return nil
}

// usesIon reports whether a mechanism inserted in the section uses the
// ion.
func (s *Section) usesIon(reg *registry, ion string) bool {
	for _, m := range s.mechs {
		for _, u := range reg.ions[m.name] {
			if u == ion {
				return true
			}
		}
	}
	return false
}

// registry caches what sim/mech knows: mechanisms, their variables and
// default values, and their ions.
type registry struct {
	names    []string // density mechanisms, longest first
	vars     map[string]map[string]float64
	ions     map[string][]string
	allIons  map[string]bool
	isPoint  map[string]bool
	varOrder map[string][]string
}

func newRegistry(sets []string) *registry {
	r := &registry{vars: map[string]map[string]float64{}, ions: map[string][]string{}, allIons: map[string]bool{"na": true, "k": true, "ca": true}, isPoint: map[string]bool{}, varOrder: map[string][]string{}}
	for _, n := range mech.Names() {
		if !inSets(n, sets) {
			continue // another model's mechanism, linked into the same program
		}
		m, err := mech.NewIn(sets, n, 1)
		if err != nil {
			continue // registered by several sets, none chosen
		}
		if m.Kind() != mech.Density {
			r.isPoint[n] = true
			continue
		}
		r.names = append(r.names, n)
		vs := map[string]float64{}
		for _, v := range m.Vars() {
			if a := m.Var(v); len(a) > 0 {
				vs[v] = a[0]
			}
		}
		r.vars[n] = vs
		r.varOrder[n] = m.Vars()
		for _, u := range m.Ions() {
			r.ions[n] = append(r.ions[n], u.Name)
			r.allIons[u.Name] = true
		}
	}
	sort.Slice(r.names, func(i, j int) bool { return len(r.names[i]) > len(r.names[j]) })
	return r
}

// inSets reports whether mechanism n is one an interpreter using the
// mechanism sets sets knows: any mechanism without sets; otherwise one
// registered outside any set or by one of them. Without it a name such
// as cao_iconc_Ca would split as a variable of another program's
// mechanism Ca (NEURON knows only the mechanisms nrnivmodl built).
func inSets(n string, sets []string) bool {
	if len(sets) == 0 {
		return true
	}
	for _, s := range mech.Sets(n) {
		if s == "" || slices.Contains(sets, s) {
			return true
		}
	}
	return false
}

// splitRange splits a range variable name var_mech by the longest
// registered mechanism suffix.
func (r *registry) splitRange(name string) (v, m string, ok bool) {
	for _, mn := range r.names {
		if strings.HasSuffix(name, "_"+mn) && len(name) > len(mn)+1 {
			return name[:len(name)-len(mn)-1], mn, true
		}
	}
	return "", "", false
}

// ionVar reports whether name is an ion variable: e<ion>, <ion>i, <ion>o.
func (r *registry) ionVar(name string) (ion string, ok bool) {
	if len(name) > 1 && name[0] == 'e' && r.allIons[name[1:]] {
		return name[1:], true
	}
	if n := len(name); n > 1 && (name[n-1] == 'i' || name[n-1] == 'o') && r.allIons[name[:n-1]] {
		return name[:n-1], true
	}
	return "", false
}

// ionDefault is NEURON's default of an ion variable (ion_reg, with
// celsius 6.3 for the Nernst potential of calcium as at load time).
func ionDefault(name string) float64 {
	switch name {
	case "ena":
		return 50
	case "ek":
		return -77
	case "eca":
		return 132.4579341637009
	case "nai":
		return 10
	case "nao":
		return 140
	case "ki":
		return 54.4
	case "ko":
		return 2.5
	case "cai":
		return 5e-5
	case "cao":
		return 2
	}
	return 0
}
