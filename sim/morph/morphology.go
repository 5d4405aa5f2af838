package morph

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Type is the kind of neurite a section belongs to, with the SWC type codes.
type Type int

// SWC type codes (Cannon et al. 1998; NeuroMorpho.Org).
const (
	Undefined Type = 0
	Soma      Type = 1
	Axon      Type = 2
	Basal     Type = 3 // basal dendrite, NEURON's "dend"
	Apical    Type = 4 // apical dendrite, NEURON's "apic"
)

// String returns the name NEURON's Import3d gives sections of the type:
// soma, axon, dend, apic, or dend_N for other codes.
func (t Type) String() string {
	switch t {
	case Soma:
		return "soma"
	case Axon:
		return "axon"
	case Basal:
		return "dend"
	case Apical:
		return "apic"
	case Undefined:
		return "undefined"
	}
	if t < 0 {
		return "minus_" + strconv.Itoa(int(-t))
	}
	return "dend_" + strconv.Itoa(int(t))
}

// Point is a 3-D sample of a neurite: position and diameter, um (NEURON's
// pt3d).
type Point struct {
	X, Y, Z, D float64
}

// Section is an unbranched cable, NEURON's section. Its geometry is either
// a cylinder (L, Diam) or a list of 3-D points (Points, at least two), from
// which length, areas and axial resistances are integrated as NEURON does
// (frustums between points, in single precision as NEURON stores pt3d).
//
// The 0 end of a section attaches to its parent at ParentX (NEURON's
// child.connect(parent(ParentX))); the root section has Parent -1.
type Section struct {
	Name    string  // unique name, e.g. "soma", "dend[3]"
	Type    Type    // region: Soma, Axon, Basal, Apical or another code
	Parent  int     // index of the parent section, -1 for the root
	ParentX float64 // attachment point on the parent, 0 <= ParentX <= 1

	L    float64 // length, um (cylinder; zero when Points are given)
	Diam float64 // diameter, um (cylinder; zero when Points are given)

	// Points are the 3-D points, proximal to distal. With two or more
	// points, L and Diam must be zero.
	Points []Point

	// Nseg is the number of segments (compartments); zero leaves it to the
	// Discretization of the Cell.
	Nseg int

	// SegDiamUm, if set, gives the diameter of each segment (um) of a
	// section without 3-D points, len = Nseg (NEURON's diam(x) = d); see
	// segdiam.go.
	SegDiamUm []float64

	// Source says where the section came from, for messages, e.g.
	// "n123.swc lines 40-57". Empty for sections built in code.
	Source string
}

// Morphology is a tree of sections: Sections[0] is the root and every other
// section's parent comes before it.
type Morphology struct {
	Name     string // e.g. the file name, for messages
	Sections []Section

	// Notes lists what a reader changed or assumed (removed zero-length
	// sections, the soma representation chosen), one sentence each.
	Notes []string
}

// Add appends section s and returns its index. It does not check s; see
// Validate.
func (m *Morphology) Add(s Section) int {
	m.Sections = append(m.Sections, s)
	return len(m.Sections) - 1
}

// AddCylinder appends a cylindrical section of length lUm and diameter
// diamUm (um) attached by its 0 end to parent(x) (parent -1 for the root)
// and returns its index, as NEURON's
//
//	sec = h.Section(name); sec.L, sec.diam = L, diam; sec.connect(parent(x))
func (m *Morphology) AddCylinder(name string, t Type, parent int, x, lUm, diamUm float64) int {
	return m.Add(Section{Name: name, Type: t, Parent: parent, ParentX: x, L: lUm, Diam: diamUm})
}

// AddPoints appends a section given by 3-D points attached by its 0 end to
// parent(x) and returns its index (NEURON's pt3dadd).
func (m *Morphology) AddPoints(name string, t Type, parent int, x float64, pts ...Point) int {
	return m.Add(Section{Name: name, Type: t, Parent: parent, ParentX: x, Points: append([]Point(nil), pts...)})
}

// BallAndStick returns NEURON's ball-and-stick morphology: a cylindrical
// soma (length = diameter = somaUm) and a dendrite of length dendUm and
// diameter dendDiamUm whose 0 end attaches to soma(1). The sections are
// named "soma" and "dend".
func BallAndStick(somaUm, dendUm, dendDiamUm float64) *Morphology {
	m := &Morphology{Name: "ball-and-stick"}
	s := m.AddCylinder("soma", Soma, -1, 0, somaUm, somaUm)
	m.AddCylinder("dend", Basal, s, 1, dendUm, dendDiamUm)
	return m
}

// Index returns the index of the section named name. "dend" also finds
// "dend[0]" (as in NEURON, where dend is dend[0]).
func (m *Morphology) Index(name string) (int, bool) {
	for i := range m.Sections {
		if m.Sections[i].Name == name {
			return i, true
		}
	}
	if !strings.HasSuffix(name, "]") {
		return m.Index(name + "[0]")
	}
	return -1, false
}

// where names section i for messages.
func (m *Morphology) where(i int) string {
	s := &m.Sections[i]
	name := s.Name
	if name == "" {
		name = fmt.Sprintf("section %d", i)
	} else {
		name = fmt.Sprintf("section %d (%s)", i, name)
	}
	if s.Source != "" {
		name += " from " + s.Source
	} else if m.Name != "" {
		name = m.Name + ": " + name
	}
	return name
}

// Validate checks the tree and every section's geometry and returns an
// error naming the first section at fault (and its source lines), or nil.
// Sections of zero length are errors: they would give compartments of
// zero length.
func (m *Morphology) Validate() error {
	if err := m.check(); err != nil {
		return fmt.Errorf("morph: %w", err)
	}
	return nil
}

func (m *Morphology) check() error {
	if m == nil || len(m.Sections) == 0 {
		return fmt.Errorf("empty morphology")
	}
	names := make(map[string]int, len(m.Sections))
	for i := range m.Sections {
		s := &m.Sections[i]
		w := m.where(i)
		if s.Name == "" {
			return fmt.Errorf("%s has no name", w)
		}
		if strings.ContainsAny(s.Name, " \t\n") {
			return fmt.Errorf("%s: name contains white space", w)
		}
		if j, dup := names[s.Name]; dup {
			return fmt.Errorf("%s has the name of section %d", w, j)
		}
		names[s.Name] = i
		if i == 0 {
			if s.Parent != -1 {
				return fmt.Errorf("%s is the root and must have Parent -1, has %d", w, s.Parent)
			}
		} else {
			if s.Parent < 0 || s.Parent >= i {
				return fmt.Errorf("%s: parent %d, want a section before it (0..%d); only section 0 is a root", w, s.Parent, i-1)
			}
			if !(s.ParentX >= 0 && s.ParentX <= 1) {
				return fmt.Errorf("%s: ParentX = %g, want 0 <= x <= 1", w, s.ParentX)
			}
		}
		if s.Nseg < 0 {
			return fmt.Errorf("%s: Nseg = %d, want >= 0 (0: from the discretization rule)", w, s.Nseg)
		}
		if err := s.checkSegDiam(w); err != nil {
			return err
		}
		if s.Nseg > 32767 {
			return fmt.Errorf("%s: Nseg = %d, at most 32767 (as NEURON)", w, s.Nseg)
		}
		switch {
		case len(s.Points) == 1:
			return fmt.Errorf("%s has a single 3-D point; a section needs two or more (or L and Diam)", w)
		case len(s.Points) >= 2:
			if s.L != 0 || s.Diam != 0 {
				return fmt.Errorf("%s has both 3-D points and L = %g, Diam = %g um; give one or the other", w, s.L, s.Diam)
			}
			for k, p := range s.Points {
				for _, c := range [4]float64{p.X, p.Y, p.Z, p.D} {
					if math.IsNaN(c) || math.IsInf(c, 0) {
						return fmt.Errorf("%s: point %d = %v is not finite", w, k, p)
					}
				}
				if !(p.D > 0) {
					return fmt.Errorf("%s: point %d has diameter %g um, want > 0", w, k, p.D)
				}
				if math.Abs(p.X) > 1e30 || math.Abs(p.Y) > 1e30 || math.Abs(p.Z) > 1e30 || p.D > 1e30 {
					return fmt.Errorf("%s: point %d = %v is out of single precision range", w, k, p)
				}
			}
			if l := pt3dOf(s.Points).length(); !(l > 0) {
				return fmt.Errorf("%s has length 0 (all its %d points coincide in single precision): it would give compartments of zero length", w, len(s.Points))
			}
		default:
			if !(s.L > 0) || math.IsInf(s.L, 0) {
				return fmt.Errorf("%s: L = %g um, want a length > 0 (a zero-length section gives compartments of zero length)", w, s.L)
			}
			if !(s.Diam > 0) || math.IsInf(s.Diam, 0) {
				return fmt.Errorf("%s: Diam = %g um, want > 0", w, s.Diam)
			}
		}
	}
	return nil
}

// Length returns the length of section i, um: L, or the arc length of its
// 3-D points as NEURON computes it from single-precision coordinates.
func (m *Morphology) Length(i int) float64 {
	s := &m.Sections[i]
	if len(s.Points) >= 2 {
		return pt3dOf(s.Points).length()
	}
	return s.L
}

// Children returns the indices of the sections attached to section i, in
// order.
func (m *Morphology) Children(i int) []int {
	var c []int
	for j := i + 1; j < len(m.Sections); j++ {
		if m.Sections[j].Parent == i {
			c = append(c, j)
		}
	}
	return c
}

// pt3d is NEURON's list of 3-D points of a section: coordinates and
// diameters in single precision, arc length in double precision
// accumulated from single-precision differences (nrn_pt3dmodified).
type pt3d struct {
	x, y, z, d []float32
	arc        []float64
}

func pt3dOf(pts []Point) *pt3d {
	n := len(pts)
	p := &pt3d{x: make([]float32, n), y: make([]float32, n), z: make([]float32, n), d: make([]float32, n), arc: make([]float64, n)}
	for i, q := range pts {
		p.x[i], p.y[i], p.z[i], p.d[i] = float32(q.X), float32(q.Y), float32(q.Z), float32(q.D)
		if i > 0 {
			t1 := float64(p.x[i] - p.x[i-1])
			t2 := float64(p.y[i] - p.y[i-1])
			t3 := float64(p.z[i] - p.z[i-1])
			p.arc[i] = p.arc[i-1] + math.Sqrt(t1*t1+t2*t2+t3*t3)
		}
	}
	return p
}

func (p *pt3d) length() float64 { return p.arc[len(p.arc)-1] }
