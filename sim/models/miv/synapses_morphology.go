package miv

import (
	"fmt"
	"math"
	"slices"
)

// SynapseMorphology is what distribute_synapses reads of a cell (SPEC
// 2.5 step 1): per section its type, nseg and 3-D points as the
// instantiated template holds them, and the layer of every point from
// the neurotree; and the tree's section topology, which orders the
// sections. Every cell of a population shares one (the forest is the
// same tree copied to every gid, SPEC 2.4), so a population builds it
// once.
type SynapseMorphology struct {
	Sections []SynapseSection
	// Src and Dst are the topology edges (parent, child), in the tree's
	// order (sorted by parent then child).
	Src, Dst []int
}

// SynapseSection is one section of a SynapseMorphology.
type SynapseSection struct {
	Type    int       // SWC type (the type of its last point)
	Nseg    int       // segments
	X, Y, Z []float64 // 3-D points, µm, cell-local
	Layer   []int8    // layer id of each point (-1: none)

	arc    []float64 // arc length at each point, µm
	interp *pchip3   // position as a function of normalised arc length
}

// segment is a candidate segment of a section: 0 < x < 1.
type segment struct {
	x, startX, endX float64
	layer           int
}

// NewSynapseMorphology returns the morphology of cell c, built by its
// template on c.Tree: section types and nseg of the template (the d_lambda
// rule of PVBasketCell and OLMCell), 3-D points after the template's
// define_shape, and the tree's point layers.
func NewSynapseMorphology(c *Cell) (*SynapseMorphology, error) {
	t, ms := c.Tree, c.Morph.Morphology.Sections
	if t == nil || len(ms) != len(t.Sections) {
		return nil, fmt.Errorf("miv synapses: %s gid %d: the cell's sections do not match its tree", c.Template, c.Gid)
	}
	m := &SynapseMorphology{Sections: make([]SynapseSection, len(ms))}
	for i, s := range ms {
		if len(s.Points) != len(t.Sections[i]) {
			return nil, fmt.Errorf("miv synapses: %s gid %d: section %d has %d 3-D points, the tree %d", c.Template, c.Gid, i, len(s.Points), len(t.Sections[i]))
		}
		nseg := s.Nseg
		if nseg < 1 {
			nseg = 1
		}
		ss := SynapseSection{Type: t.SectionType(i), Nseg: nseg}
		for k, p := range s.Points {
			// NEURON holds 3-D points in single precision.
			ss.X = append(ss.X, float64(float32(p.X)))
			ss.Y = append(ss.Y, float64(float32(p.Y)))
			ss.Z = append(ss.Z, float64(float32(p.Z)))
			ss.Layer = append(ss.Layer, t.Layer[t.Sections[i][k]])
		}
		m.Sections[i] = ss
	}
	for k := range t.Src {
		m.Src = append(m.Src, int(t.Src[k]))
		m.Dst = append(m.Dst, int(t.Dst[k]))
	}
	return m, m.init()
}

// TreeSynapseMorphology returns the morphology of tree t with the given
// nseg per section, taking the 3-D points as the tree gives them (no
// define_shape translation: the locations and layers are the same, the
// cdists may differ). For synthetic cells and tests.
func TreeSynapseMorphology(t *Tree, nseg []int) (*SynapseMorphology, error) {
	if len(nseg) != len(t.Sections) {
		return nil, fmt.Errorf("miv synapses: %d nseg for %d sections", len(nseg), len(t.Sections))
	}
	m := &SynapseMorphology{Sections: make([]SynapseSection, len(t.Sections))}
	for i, pts := range t.Sections {
		if nseg[i] < 1 {
			return nil, fmt.Errorf("miv synapses: section %d: nseg %d", i, nseg[i])
		}
		ss := SynapseSection{Type: t.SectionType(i), Nseg: nseg[i]}
		for _, p := range pts {
			ss.X = append(ss.X, float64(t.X[p]))
			ss.Y = append(ss.Y, float64(t.Y[p]))
			ss.Z = append(ss.Z, float64(t.Z[p]))
			ss.Layer = append(ss.Layer, t.Layer[p])
		}
		m.Sections[i] = ss
	}
	for k := range t.Src {
		m.Src = append(m.Src, int(t.Src[k]))
		m.Dst = append(m.Dst, int(t.Dst[k]))
	}
	return m, m.init()
}

// init computes the arc lengths and interpolants.
func (m *SynapseMorphology) init() error {
	for i := range m.Sections {
		s := &m.Sections[i]
		if len(s.X) < 2 {
			return fmt.Errorf("miv synapses: section %d has %d 3-D points, want >= 2", i, len(s.X))
		}
		s.arc = make([]float64, len(s.X))
		for k := 1; k < len(s.X); k++ {
			dx, dy, dz := s.X[k]-s.X[k-1], s.Y[k]-s.Y[k-1], s.Z[k]-s.Z[k-1]
			s.arc[k] = s.arc[k-1] + math.Sqrt(dx*dx+dy*dy+dz*dz)
		}
		if !(s.LengthUm() > 0) {
			return fmt.Errorf("miv synapses: section %d has length 0", i)
		}
		s.interp = newPchip3(s)
	}
	for k := range m.Src {
		if m.Src[k] < 0 || m.Src[k] >= len(m.Sections) || m.Dst[k] < 0 || m.Dst[k] >= len(m.Sections) {
			return fmt.Errorf("miv synapses: topology edge %d -> %d: no such section", m.Src[k], m.Dst[k])
		}
	}
	return nil
}

// LengthUm is the section's length, NEURON's L: the arc length at its
// last point.
func (s *SynapseSection) LengthUm() float64 { return s.arc[len(s.arc)-1] }

// LayerAt is the layer of the point nearest to normalised arc position
// x, as MiV's get_node_attribute finds it: the first point whose position
// is >= x, or its predecessor if that is strictly nearer.
func (s *SynapseSection) LayerAt(x float64) int {
	L := s.LengthUm()
	prev := math.NaN()
	for i := range s.arc {
		pos := s.arc[i] / L
		if pos >= x {
			if math.IsNaN(prev) || math.Abs(pos-x) < math.Abs(prev-x) {
				return int(s.Layer[i])
			}
			return int(s.Layer[i-1])
		}
		prev = pos
	}
	return int(s.Layer[len(s.Layer)-1])
}

// PositionAt is the 3-D position at normalised arc position x (MiV's
// interplocs: PCHIP of the points over arc3d/L).
func (s *SynapseSection) PositionAt(x float64) (X, Y, Z float64) { return s.interp.at(x) }

// cdist is syn_cdist: the distance of the position at x from the origin.
func (s *SynapseSection) cdist(x float64) float64 {
	X, Y, Z := s.interp.at(x)
	return math.Sqrt(X*X + Y*Y + Z*Z)
}

// segments are the section's segments with 0 < x < 1 and their layers.
func (m *SynapseMorphology) segments(i int) []segment {
	s := &m.Sections[i]
	out := make([]segment, 0, s.Nseg)
	for k := range s.Nseg {
		x := (float64(k) + .5) / float64(s.Nseg)
		out = append(out, segment{x: x, startX: x - .5/float64(s.Nseg), endX: x + .5/float64(s.Nseg), layer: s.LayerAt(x)})
	}
	return out
}

// sectionsOfType lists the sections of an SWC type in index order.
func (m *SynapseMorphology) sectionsOfType(swcType int) []int {
	var out []int
	for i := range m.Sections {
		if m.Sections[i].Type == swcType {
			out = append(out, i)
		}
	}
	return out
}

// synapseSectionOrder is the order MiV's distribute_poisson_synapses
// visits the sections secs (of one type): with one section, or no
// topology edge among them, index order; otherwise for every root of the
// section graph restricted to secs (nodes in order of first appearance
// in the topology edges, as networkx keeps them) the depth-first
// preorder of its descendants (networkx dfs_edges: children in edge
// order), then the root itself. Sections of secs that no edge names are
// not visited (MiV's graph does not hold them).
func (m *SynapseMorphology) synapseSectionOrder(secs []int) []int {
	in := make(map[int]bool, len(secs))
	for _, i := range secs {
		in[i] = true
	}
	var nodes []int
	seen := map[int]bool{}
	children := map[int][]int{}
	indeg := map[int]int{}
	sub := 0
	for k := range m.Src {
		a, b := m.Src[k], m.Dst[k]
		for _, v := range []int{a, b} {
			if !seen[v] {
				seen[v] = true
				nodes = append(nodes, v)
			}
		}
		if in[a] && in[b] {
			children[a] = append(children[a], b)
			indeg[b]++
			sub++
		}
	}
	if len(secs) <= 1 || sub == 0 {
		return slices.Clone(secs)
	}
	var out []int
	var dfs func(v int)
	visited := map[int]bool{}
	dfs = func(v int) {
		for _, c := range children[v] {
			if !visited[c] {
				visited[c] = true
				out = append(out, c)
				dfs(c)
			}
		}
	}
	for _, v := range nodes {
		if in[v] && indeg[v] == 0 {
			visited[v] = true
			dfs(v)
			out = append(out, v)
		}
	}
	return out
}

// pchip3 is the PCHIP interpolant of a section's x, y, z over normalised
// arc length (scipy's PchipInterpolator, as MiV's interplocs uses it,
// after dropping points at a repeated arc position).
type pchip3 struct {
	t    []float64
	v, d [3][]float64 // values and derivatives
}

func newPchip3(s *SynapseSection) *pchip3 {
	L := s.LengthUm()
	p := &pchip3{}
	for k := range s.arc {
		t := s.arc[k] / L
		if len(p.t) > 0 && t == p.t[len(p.t)-1] {
			continue // numpy.unique keeps the first
		}
		p.t = append(p.t, t)
		p.v[0] = append(p.v[0], s.X[k])
		p.v[1] = append(p.v[1], s.Y[k])
		p.v[2] = append(p.v[2], s.Z[k])
	}
	for c := range 3 {
		p.d[c] = pchipSlopes(p.t, p.v[c])
	}
	return p
}

// pchipSlopes are scipy's PCHIP derivatives: the weighted harmonic mean
// of the neighbouring secants where they have one sign, else 0, and the
// shape-preserving three-point formula at the ends.
func pchipSlopes(x, y []float64) []float64 {
	n := len(x)
	d := make([]float64, n)
	if n < 2 {
		return d
	}
	h := make([]float64, n-1)
	m := make([]float64, n-1)
	for k := range h {
		h[k] = x[k+1] - x[k]
		m[k] = (y[k+1] - y[k]) / h[k]
	}
	if n == 2 {
		d[0], d[1] = m[0], m[0]
		return d
	}
	for k := 1; k < n-1; k++ {
		if m[k-1] == 0 || m[k] == 0 || math.Signbit(m[k-1]) != math.Signbit(m[k]) {
			continue
		}
		w1, w2 := 2*h[k]+h[k-1], h[k]+2*h[k-1]
		d[k] = (w1 + w2) / (w1/m[k-1] + w2/m[k])
	}
	d[0] = pchipEdge(h[0], h[1], m[0], m[1])
	d[n-1] = pchipEdge(h[n-2], h[n-3], m[n-2], m[n-3])
	return d
}

func pchipEdge(h0, h1, m0, m1 float64) float64 {
	d := ((2*h0+h1)*m0 - h0*m1) / (h0 + h1)
	sign := func(v float64) int {
		switch {
		case v > 0:
			return 1
		case v < 0:
			return -1
		}
		return 0
	}
	if sign(d) != sign(m0) {
		return 0
	}
	if sign(m0) != sign(m1) && math.Abs(d) > 3*math.Abs(m0) {
		return 3 * m0
	}
	return d
}

// at evaluates the interpolant at t (extrapolating the end pieces).
func (p *pchip3) at(t float64) (x, y, z float64) {
	n := len(p.t)
	if n == 1 {
		return p.v[0][0], p.v[1][0], p.v[2][0]
	}
	k, _ := slices.BinarySearch(p.t, t)
	k = min(max(k-1, 0), n-2)
	h := p.t[k+1] - p.t[k]
	s := (t - p.t[k]) / h
	h00 := (1 + 2*s) * (1 - s) * (1 - s)
	h10 := s * (1 - s) * (1 - s)
	h01 := s * s * (3 - 2*s)
	h11 := s * s * (s - 1)
	var out [3]float64
	for c := range 3 {
		out[c] = h00*p.v[c][k] + h10*h*p.d[c][k] + h01*p.v[c][k+1] + h11*h*p.d[c][k+1]
	}
	return out[0], out[1], out[2]
}
