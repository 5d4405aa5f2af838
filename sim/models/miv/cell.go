package miv

import (
	"fmt"
	"slices"

	"github.com/golgi-sim/golgi/sim/morph"
)

// Clone returns an independent copy of the cell as gid: every cell of a
// population is made from the same tree by the same template, so a
// network runs the template once per population and clones the result
// (a PYR cell takes about 0.14 s to interpret). The morphology, the
// lists of mechanisms, ions and point processes are copied; the Inserts'
// parameter functions and the Tree are shared (the package never
// modifies them).
func (c *Cell) Clone(gid int) *Cell {
	hc := *c.Cell
	hc.SectionID = slices.Clone(c.SectionID)
	hc.All = slices.Clone(c.All)
	mc := *c.Morph
	m := *c.Morph.Morphology
	m.Sections = slices.Clone(m.Sections)
	for i := range m.Sections {
		m.Sections[i].Points = slices.Clone(m.Sections[i].Points)
		m.Sections[i].SegDiamUm = slices.Clone(m.Sections[i].SegDiamUm)
	}
	m.Notes = slices.Clone(m.Notes)
	name := fmt.Sprintf("%s gid %d", c.Template, gid)
	m.Name, mc.Name = name, name
	mc.Morphology = &m
	mc.Passive = slices.Clone(mc.Passive)
	mc.Mechanisms = slices.Clone(mc.Mechanisms)
	mc.Inserts = slices.Clone(mc.Inserts)
	mc.IonValues = slices.Clone(mc.IonValues)
	mc.PointProcesses = slices.Clone(mc.PointProcesses)
	mc.MechanismSets = slices.Clone(mc.MechanismSets)
	mc.Synapses = slices.Clone(mc.Synapses)
	mc.Clamps = slices.Clone(mc.Clamps)
	mc.VClamps = slices.Clone(mc.VClamps)
	if mc.Spike != nil {
		s := *mc.Spike
		mc.Spike = &s
	}
	if mc.Origin != nil {
		o := *mc.Origin
		mc.Origin = &o
	}
	hc.Morph = &mc
	out := *c
	out.Cell, out.Gid = &hc, gid
	return &out
}

// MoveTo translates the cell's 3-D points so that the first point of
// its first soma section lies at (x, y, z) um: Golgi's normative
// placement of a cell at its soma coordinates (SPEC 4.6.3; MiV-Simulator
// leaves every cell at its SWC-local position). Only positions change
// (what the LFP sees); lengths, areas and distances are those of the
// points in NEURON's single precision, so they may change in the last
// bits.
func (c *Cell) MoveTo(x, y, z float64) error {
	m := c.Morph.Morphology
	k := slices.IndexFunc(m.Sections, func(s morph.Section) bool { return s.Type == morph.Soma })
	if k < 0 || len(m.Sections[k].Points) == 0 {
		return fmt.Errorf("miv: %s: no soma section with 3-D points", m.Name)
	}
	p0 := m.Sections[k].Points[0]
	dx, dy, dz := x-p0.X, y-p0.Y, z-p0.Z
	for i := range m.Sections {
		for j := range m.Sections[i].Points {
			q := &m.Sections[i].Points[j]
			q.X, q.Y, q.Z = q.X+dx, q.Y+dy, q.Z+dz
		}
	}
	return nil
}
