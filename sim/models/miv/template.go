package miv

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/golgi-sim/golgi/sim/hoc"
	"github.com/golgi-sim/golgi/sim/morph"

	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/mivca1" // set "mivca1": the ca1_Poolos channels
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/mivsyn" // set "mivsyn": LinExp2Syn, LinExp2SynNMDA
)

// MechanismSets are the translated mechanism sets MiV's biophysical
// cells and synapses take their mechanisms from (sim/nmodl/mods): the
// ca1_Poolos channels and the synapses of cases/*/mechanisms, as one
// nrnivmodl build of that folder holds them.
var MechanismSets = []string{"mivca1", "mivsyn"}

// Template is one of MiV-Simulator's HOC cell templates
// (PoolosPyramidalCell, PVBasketCell, OLMCell), loaded once and
// instantiated per cell by sim/hoc, which runs it as NEURON does. A
// Template is not safe for concurrent use (one interpreter); cells of
// one tree are better made once and copied (Cell.Clone).
type Template struct {
	Name string // the template's name, the file's base name
	File string
	in   *hoc.Interp
}

// LoadTemplate reads the template <dir>/<name>.hoc, as MiV loads
// `Cell Types.<population>.template` from its templates directory.
func LoadTemplate(dir, name string) (*Template, error) {
	return LoadTemplateFile(filepath.Join(dir, name+".hoc"))
}

// LoadTemplateFile reads a template file whose base name is the
// template's name.
func LoadTemplateFile(file string) (*Template, error) {
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	in := hoc.New(nil)
	in.UseMechanismSets(MechanismSets...)
	if err := in.LoadFile(file); err != nil {
		return nil, fmt.Errorf("miv template %s: %w", file, err)
	}
	if _, ok := in.Template(name); !ok {
		return nil, fmt.Errorf("miv template %s: the file defines no template %s", file, name)
	}
	return &Template{Name: name, File: file, in: in}, nil
}

// Cell is a biophysical MiV cell: the template instantiated on a
// neurotree, converted to a sim/morph cell that a morph.CellGroup steps.
type Cell struct {
	// Cell is sim/hoc's conversion: Morph (sections in the tree's order,
	// named sections[i], with the tree's SWC types; passive properties,
	// nseg, Inserts with their per-segment parameters, IonValues),
	// CelsiusDegC (the template's celsius, 34).
	*hoc.Cell
	Template string
	Gid      int
	Tree     *Tree
	// Detector is the spike detector MiV's runtime places (SPEC 3.3),
	// also set as Morph.Spike and Morph.ThresholdMV.
	Detector Detector
}

// Build instantiates the template for gid on tree t as MiV's
// make_neurotree_hoc_cell does: T(gid, secnodes, layer, src, dst, loc,
// x, y, z, radius, swc_type) with the tree's arrays as Python values
// (section_topology["nodes"] a dict of point-index arrays). The spike
// detector is MiV's (init_spike_detector), not the template's
// connect2target.
func (tp *Template) Build(gid int, t *Tree) (*Cell, error) {
	if t == nil || len(t.Sections) == 0 {
		return nil, fmt.Errorf("miv template %s: gid %d: no tree", tp.Name, gid)
	}
	nodes := &hoc.PythonDict{Items: make(map[int]hoc.Object, len(t.Sections))}
	for i, s := range t.Sections {
		a := make([]float64, len(s))
		for k, p := range s {
			a[k] = float64(p)
		}
		nodes.Items[i] = &hoc.PythonArray{X: a}
	}
	args := []any{gid, nodes,
		pyArray(t.Layer), pyArray(t.Src), pyArray(t.Dst), pyArray(t.Loc),
		pyArray(t.X), pyArray(t.Y), pyArray(t.Z), pyArray(t.Radius), pyArray(t.SWCType)}
	o, err := tp.in.NewObject(tp.Name, args...)
	if err != nil {
		return nil, fmt.Errorf("miv template %s: gid %d: %w", tp.Name, gid, err)
	}
	hc, err := tp.in.Cell(o)
	if err != nil {
		return nil, fmt.Errorf("miv template %s: gid %d: %w", tp.Name, gid, err)
	}
	m := hc.Morph.Morphology
	if len(m.Sections) != len(t.Sections) {
		return nil, fmt.Errorf("miv template %s: gid %d: %d sections, the tree has %d", tp.Name, gid, len(m.Sections), len(t.Sections))
	}
	for i := range m.Sections {
		if want := fmt.Sprintf("sections[%d]", i); m.Sections[i].Name != want {
			return nil, fmt.Errorf("miv template %s: gid %d: section %d is %s, want %s", tp.Name, gid, i, m.Sections[i].Name, want)
		}
		m.Sections[i].Type = morph.Type(t.SectionType(i))
	}
	name := fmt.Sprintf("%s gid %d", tp.Name, gid)
	hc.Morph.Name, m.Name = name, name
	c := &Cell{Cell: hc, Template: tp.Name, Gid: gid, Tree: t}
	if c.Detector, err = SpikeDetector(hc.Morph, DefaultDetector); err != nil {
		return nil, fmt.Errorf("miv template %s: gid %d: %w", tp.Name, gid, err)
	}
	hc.Morph.Spike = &morph.Location{Section: m.Sections[c.Detector.Section].Name, X: c.Detector.X}
	hc.Morph.ThresholdMV = c.Detector.ThresholdMV
	return c, nil
}

// Notes lists what the interpreter ignored or assumed while running the
// template (define_shape, nrnpython("import numpy as np"), ...).
func (tp *Template) Notes() []string { return tp.in.Notes() }

func pyArray[T int8 | uint16 | uint32 | int32 | float32](x []T) *hoc.PythonArray {
	a := make([]float64, len(x))
	for i, v := range x {
		a[i] = float64(v)
	}
	return &hoc.PythonArray{X: a}
}
