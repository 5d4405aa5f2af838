package hoc

import (
	"fmt"
	"math"
	"sort"

	"github.com/golgi-sim/golgi/sim/morph"
)

// Cell is a template instance converted to a sim/morph cell.
type Cell struct {
	// Morph is the cell: morphology (sections in SONATA order), passive
	// properties, nseg per section, Inserts with their per-segment
	// parameters, IonValues, spike detector and v_init.
	Morph *morph.Cell
	// SectionID is the SONATA section id of each section of
	// Morph.Morphology: the index the template wrote into v(0.0001)
	// (indexSections), or the position when the template numbers none.
	// Two replacement axon sections may share one (delete_axon's quirk);
	// neurodamus then addresses the later one.
	SectionID []int
	// CelsiusDegC is the global celsius after the template ran.
	CelsiusDegC float64
	// All lists the sections of the template's SectionList "all" in its
	// order (indices into Morph.Morphology.Sections), as SONATA's
	// compartment reports of all sections order their elements; nil when
	// the template has no such list.
	All []int

	secs     []*Section
	reg      *registry
	released bool
}

// Cell converts a template instance to a sim/morph cell. Sections are
// ordered by the indices the template assigned to v(0.0001) when it
// assigned one to every section (BBP templates: soma, then the
// morphology's axon, basal and apical sections; a replaced axon keeps
// the indices of the original axon[0] and axon[1]), otherwise in
// creation order. The spike detector is the NetCon the template's
// connect2target makes (called with a nil target), if it has one.
func (in *Interp) Cell(o *Instance) (*Cell, error) {
	if o == nil {
		return nil, fmt.Errorf("hoc: Cell: nil object")
	}
	secs := in.SectionsOf(o)
	if len(secs) == 0 {
		return nil, fmt.Errorf("hoc: %s has no sections", o)
	}
	c := &Cell{reg: in.reg}
	if v, ok := in.Global("celsius"); ok {
		c.CelsiusDegC = v
	}
	ids := make([]int, len(secs))
	indexed := true
	seen := map[int]*Section{}
	for i, s := range secs {
		x := s.v[0]
		if !s.vSet || x != math.Trunc(x) || x < 0 {
			indexed = false
			break
		}
		// Two axon sections may share an index: BBP's delete_axon gives
		// the second replacement section the first one's index when the
		// original axon[0] already ends beyond 60 um from the soma.
		if d, ok := seen[int(x)]; ok && !(d.typ == morph.Axon && s.typ == morph.Axon) {
			indexed = false
			break
		}
		seen[int(x)] = s
		ids[i] = int(x)
	}
	order := make([]int, len(secs))
	for i := range order {
		order[i] = i
		if !indexed {
			ids[i] = i
		}
	}
	if indexed {
		sort.SliceStable(order, func(a, b int) bool { return ids[order[a]] < ids[order[b]] })
	}
	pos := map[*Section]int{}
	for k, i := range order {
		pos[secs[i]] = k
	}
	m := &morph.Morphology{Name: o.String()}
	cell := &morph.Cell{MechanismSets: in.sets, Name: o.String(), Morphology: m}
	if v, ok := in.Global("v_init"); ok {
		cell.VInitMV = v
	}
	var roots []string
	for k, i := range order {
		s := secs[i]
		c.secs = append(c.secs, s)
		c.SectionID = append(c.SectionID, ids[i])
		ms := morph.Section{Name: s.localName(), Type: s.typ, Parent: -1, Nseg: s.nseg, Source: s.Name()}
		if s.parent != nil {
			p, ok := pos[s.parent]
			if !ok {
				return nil, fmt.Errorf("hoc: %s: parent %s is not a section of %s", s.Name(), s.parent.Name(), o)
			}
			if p >= k {
				return nil, fmt.Errorf("hoc: %s (id %d) comes before its parent %s (id %d) in section id order", s.Name(), ids[i], s.parent.Name(), c.SectionID[p])
			}
			ms.Parent, ms.ParentX = p, s.parentX
		} else {
			roots = append(roots, s.Name())
		}
		if ms.Type == morph.Undefined {
			ms.Type = morph.Basal
		}
		if len(s.pts) >= 2 {
			ms.Points = append([]morph.Point(nil), s.pts...)
		} else if len(s.pts) == 1 {
			return nil, fmt.Errorf("hoc: %s has a single 3-D point", s.Name())
		} else {
			ms.L = s.l
			ms.Diam = s.diam[s.segIndex(.5)]
			if s.diamSeg {
				ms.SegDiamUm = append([]float64(nil), s.diam...)
			}
		}
		m.Add(ms)
		if err := c.addMembrane(cell, s, ms.Name); err != nil {
			return nil, err
		}
	}
	if len(roots) != 1 {
		return nil, fmt.Errorf("hoc: %s has %d root sections %v; a cell must be one tree", o, len(roots), roots)
	}
	if m.Sections[0].Parent != -1 {
		return nil, fmt.Errorf("hoc: %s: the first section in id order, %s, is not the root %s", o, m.Sections[0].Name, roots[0])
	}
	if sym, ok := o.syms["all"]; ok && len(sym.objs) == 1 {
		if sl, ok := sym.objs[0].(*SectionList); ok {
			for _, s := range sl.Sections() {
				if k, ok := pos[s]; ok {
					c.All = append(c.All, k)
				}
			}
		}
	}
	if err := in.spikeDetector(o, c, cell); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("hoc: %s: %w", o, err)
	}
	c.Morph = cell
	return c, nil
}

// addMembrane adds the passive properties, mechanisms and ion values of
// section s (named name in the morphology).
func (c *Cell) addMembrane(cell *morph.Cell, s *Section, name string) error {
	where := morph.Sections(name)
	p := morph.Passive{Where: where, RaOhmCm: s.ra}
	uniform := true
	for _, v := range s.cm {
		if v != s.cm[0] {
			uniform = false
		}
	}
	if uniform {
		p.CmUFcm2 = s.cm[0]
	} else {
		cm := append([]float64(nil), s.cm...)
		p.Cm = func(seg morph.Segment) float64 { return cm[s.segIndex(seg.X)] }
	}
	if p.CmUFcm2 == 0 && p.Cm == nil {
		return fmt.Errorf("hoc: %s: cm = 0", s.Name())
	}
	cell.Passive = append(cell.Passive, p)
	for _, mi := range s.mechs {
		vals := map[string][]float64{}
		for k, a := range mi.vals {
			vals[k] = append([]float64(nil), a...)
		}
		in := morph.Insert{Mech: mi.name, Where: where}
		if len(vals) > 0 {
			nseg := s.nseg
			in.ParamsAt = func(seg morph.Segment) (map[string]float64, error) {
				j := int(float64(nseg) * seg.X)
				if j >= nseg {
					j = nseg - 1
				}
				out := make(map[string]float64, len(vals))
				for k, a := range vals {
					out[k] = a[j]
				}
				return out, nil
			}
		}
		if len(mi.calls) > 0 {
			calls, nseg := mi.calls, s.nseg
			in.CallsAt = func(seg morph.Segment) []morph.MechanismCall {
				return calls[min(int(float64(nseg)*seg.X), nseg-1)]
			}
		}
		cell.Inserts = append(cell.Inserts, in)
	}
	ions := make([]string, 0, len(s.ions))
	for k := range s.ions {
		ions = append(ions, k)
	}
	sort.Strings(ions)
	for _, k := range ions {
		a := s.ions[k]
		for _, v := range a {
			if v != a[0] {
				return fmt.Errorf("hoc: %s: %s differs between segments; morph.IonValue sets one value per section", s.Name(), k)
			}
		}
		cell.IonValues = append(cell.IonValues, morph.IonValue{Where: where, Name: k, Value: a[0]})
	}
	return nil
}

// spikeDetector calls the template's connect2target(nil, ref), if it has
// one, and takes the NetCon it makes as the cell's spike detector.
func (in *Interp) spikeDetector(o *Instance, c *Cell, cell *morph.Cell) error {
	fd, ok := o.T.funcs["connect2target"]
	if !ok {
		in.note("%s has no connect2target: the spike detector is left at the root's centre", o)
		return nil
	}
	n := len(in.netcons)
	var slot Object
	args := []value{obj(nil), {kind: vObj, objRef: &slot}}
	saved := in.frame
	in.frame = &frame{}
	_, err := in.callUser(fd, o, args, nil, fd.pos)
	in.frame = saved
	if err != nil {
		return wrapTop(err)
	}
	if len(in.netcons) == n {
		return fmt.Errorf("hoc: %s.connect2target made no NetCon", o)
	}
	nc := in.netcons[len(in.netcons)-1]
	in.netcons = in.netcons[:n]
	if nc.Sec.owner != o {
		return fmt.Errorf("hoc: %s.connect2target watches %s, not a section of the cell", o, nc.Sec.Name())
	}
	cell.Spike = &morph.Location{Section: nc.Sec.localName(), X: nc.X}
	cell.ThresholdMV = nc.Threshold
	return nil
}

// Release drops the interpreter's sections and mechanism tables that the
// cell keeps for SegmentParams and SegmentIons (about a third of a BBP
// cell's memory); Morph and the other fields stay. Afterwards
// SegmentParams and SegmentIons return an error.
func (c *Cell) Release() { c.secs, c.reg, c.released = nil, nil, true }

// SegmentParams returns the RANGE variables of every mechanism inserted
// in segment j of section i of Morph.Morphology: the values the template
// assigned, the mechanisms' defaults otherwise.
func (c *Cell) SegmentParams(i, j int) (map[string]map[string]float64, error) {
	if c.released {
		return nil, fmt.Errorf("hoc: SegmentParams of a released cell (Cell.Release)")
	}
	if i < 0 || i >= len(c.secs) {
		return nil, fmt.Errorf("hoc: section %d of %d", i, len(c.secs))
	}
	s := c.secs[i]
	if j < 0 || j >= s.nseg {
		return nil, fmt.Errorf("hoc: segment %d of %s, which has %d", j, s.Name(), s.nseg)
	}
	out := map[string]map[string]float64{}
	for _, mi := range s.mechs {
		ps := map[string]float64{}
		for k, v := range c.reg.vars[mi.name] {
			ps[k] = v
		}
		for k, a := range mi.vals {
			ps[k] = a[j]
		}
		out[mi.name] = ps
	}
	return out, nil
}

// SegmentIons returns the ion variables the template set in segment j of
// section i.
func (c *Cell) SegmentIons(i, j int) (map[string]float64, error) {
	if c.released {
		return nil, fmt.Errorf("hoc: SegmentIons of a released cell (Cell.Release)")
	}
	if i < 0 || i >= len(c.secs) {
		return nil, fmt.Errorf("hoc: section %d of %d", i, len(c.secs))
	}
	s := c.secs[i]
	if j < 0 || j >= s.nseg {
		return nil, fmt.Errorf("hoc: segment %d of %s, which has %d", j, s.Name(), s.nseg)
	}
	out := map[string]float64{}
	for k, a := range s.ions {
		out[k] = a[j]
	}
	return out, nil
}
