package morph

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// SomaMode says how ReadSWC represents the soma.
type SomaMode int

const (
	// SomaAuto follows NEURON's Import3d: a single soma point, or
	// NeuroMorpho.Org's three-point soma (a centre and two points one
	// radius away on either side, all of one diameter), is a sphere,
	// represented as a cylinder with length = diameter (the sphere's area);
	// four or more soma points forming a closed outline (the last point
	// back near the first) are a contour (see SomaContour); other soma
	// points are the 3-D points of soma sections (SomaCylinders).
	SomaAuto SomaMode = iota
	// SomaCylinders takes the soma points as 3-D points of soma sections
	// (frustums between consecutive points), as Import3d does for SWC.
	SomaCylinders
	// SomaContour takes the soma points, in order, as the outline of the
	// soma and replaces them by NEURON's contour2centroid: 21 points along
	// the principal axis of the outline with the outline's width as
	// diameter.
	SomaContour
)

// SWCOptions adjust ReadSWC. The zero value is NEURON's Import3d behaviour
// with strict checks.
type SWCOptions struct {
	Soma SomaMode
	// Types maps type codes other than 1 (soma), 2 (axon), 3 (basal
	// dendrite) and 4 (apical dendrite) to a section type; a code neither
	// standard nor mapped is an error.
	Types map[int]Type
	// DropZeroLength removes sections of zero length (and single-point
	// sections) as Import3d does, attaching their children to their
	// parent, and says so in Morphology.Notes; without it they are errors.
	DropZeroLength bool
}

// SWCError is an error in an SWC file, at a line (1-based; 0 when it
// concerns the whole file).
type SWCError struct {
	File string
	Line int
	Msg  string
}

func (e *SWCError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// ReadSWCFile reads an SWC file; see ReadSWC.
func ReadSWCFile(path string, opt *SWCOptions) (*Morphology, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("morph: %w", err)
	}
	defer f.Close()
	return ReadSWC(f, filepath.Base(path), opt)
}

type swcPoint struct {
	id, typ, parent int
	x, y, z, d      float64 // d: diameter
	line            int
}

// ReadSWC reads a morphology in SWC format (one point per line: id, type
// code, x, y, z, radius, parent id; '#' starts a comment) and converts it
// into sections as NEURON's Import3d does: unbranched runs of points of one
// type form a section; a child section starts with a copy of its parent
// point (with the child's own diameter when the parent is soma); dendrites
// on a spherical soma attach to its centre, soma(0.5), by a wire. Ids may
// come in any order. Sections are named like Import3d's (soma, axon,
// dend, apic, dend_N for other codes, with [k] when there are several) and
// numbered depth first, children by increasing id, which is file order for
// files written depth first.
//
// The file is checked and the first problem is returned as an *SWCError
// naming the file and line: malformed lines, duplicate ids, missing
// parents, cycles, more than one root, zero or negative radii, unknown
// type codes, and sections of zero length. name is used in messages.
func ReadSWC(r io.Reader, name string, opt *SWCOptions) (*Morphology, error) {
	if opt == nil {
		opt = &SWCOptions{}
	}
	pts, err := parseSWC(r, name, opt)
	if err != nil {
		return nil, err
	}
	order, err := swcOrder(pts, name)
	if err != nil {
		return nil, err
	}
	b := &swcBuilder{name: name, opt: opt, m: &Morphology{Name: name}}
	b.pts = make([]swcPoint, len(order))
	for k, i := range order {
		b.pts[k] = pts[i]
	}
	if err := b.build(); err != nil {
		return nil, err
	}
	return b.m, nil
}

func parseSWC(r io.Reader, name string, opt *SWCOptions) ([]swcPoint, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var pts []swcPoint
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if k := strings.IndexByte(s, '#'); k >= 0 {
			s = s[:k]
		}
		f := strings.Fields(s)
		bad := func(format string, a ...any) error {
			return &SWCError{name, line, fmt.Sprintf(format, a...)}
		}
		if len(f) < 7 {
			return nil, bad("%d fields, want 7 (id type x y z radius parent)", len(f))
		}
		var p swcPoint
		p.line = line
		var v [7]float64
		for k := 0; k < 7; k++ {
			x, err := strconv.ParseFloat(f[k], 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, bad("field %d (%s) = %q is not a finite number", k+1, swcFieldNames[k], f[k])
			}
			v[k] = x
		}
		for _, k := range []int{0, 1, 6} {
			if v[k] != math.Trunc(v[k]) || math.Abs(v[k]) > 1<<53 {
				return nil, bad("%s = %s, want an integer", swcFieldNames[k], f[k])
			}
		}
		p.id, p.typ, p.parent = int(v[0]), int(v[1]), int(v[6])
		p.x, p.y, p.z = v[2], v[3], v[4]
		if p.id < 0 {
			return nil, bad("id %d, want >= 0", p.id)
		}
		if p.parent < 0 {
			p.parent = -1
		}
		if p.parent == p.id {
			return nil, bad("point %d is its own parent", p.id)
		}
		if !(v[5] > 0) {
			return nil, bad("radius %s um of point %d: zero or negative diameter", f[5], p.id)
		}
		p.d = 2 * v[5]
		if _, ok := swcType(p.typ, opt); !ok {
			return nil, bad("unknown type code %d of point %d (standard: 1 soma, 2 axon, 3 basal dendrite, 4 apical dendrite; map others with SWCOptions.Types)", p.typ, p.id)
		}
		pts = append(pts, p)
	}
	if err := sc.Err(); err != nil {
		return nil, &SWCError{name, line + 1, err.Error()}
	}
	if len(pts) == 0 {
		return nil, &SWCError{name, 0, "no points"}
	}
	return pts, nil
}

var swcFieldNames = [7]string{"id", "type", "x", "y", "z", "radius", "parent"}

func swcType(code int, opt *SWCOptions) (Type, bool) {
	if code >= 1 && code <= 4 {
		return Type(code), true
	}
	t, ok := opt.Types[code]
	return t, ok
}

// swcOrder checks the tree (unique ids, existing parents, one root, no
// cycles) and returns the points in depth-first order, children by
// increasing id.
func swcOrder(pts []swcPoint, name string) ([]int, error) {
	byID := make(map[int]int, len(pts))
	for i, p := range pts {
		if j, dup := byID[p.id]; dup {
			return nil, &SWCError{name, p.line, fmt.Sprintf("id %d already used on line %d", p.id, pts[j].line)}
		}
		byID[p.id] = i
	}
	children := make([][]int, len(pts))
	root := -1
	for i, p := range pts {
		if p.parent < 0 {
			if root >= 0 {
				return nil, &SWCError{name, p.line, fmt.Sprintf("a second root (point %d has no parent; point %d on line %d is the first): the file must hold one tree", p.id, pts[root].id, pts[root].line)}
			}
			root = i
			continue
		}
		j, ok := byID[p.parent]
		if !ok {
			return nil, &SWCError{name, p.line, fmt.Sprintf("parent %d of point %d is missing", p.parent, p.id)}
		}
		children[j] = append(children[j], i)
	}
	for _, c := range children {
		sort.Slice(c, func(a, b int) bool { return pts[c[a]].id < pts[c[b]].id })
	}
	seen := make([]bool, len(pts))
	var order []int
	if root >= 0 {
		stack := []int{root}
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			seen[i] = true
			order = append(order, i)
			for k := len(children[i]) - 1; k >= 0; k-- {
				stack = append(stack, children[i][k])
			}
		}
	}
	if len(order) == len(pts) {
		return order, nil
	}
	// Some points are not reached from the root: they hang on a cycle.
	for i := range pts {
		if seen[i] {
			continue
		}
		visited := map[int]bool{}
		j := i
		for !visited[j] {
			visited[j] = true
			j = byID[pts[j].parent]
		}
		// j is on the cycle; list it.
		var ids []string
		k := j
		for {
			ids = append(ids, strconv.Itoa(pts[k].id))
			k = byID[pts[k].parent]
			if k == j {
				break
			}
		}
		return nil, &SWCError{name, pts[j].line, fmt.Sprintf("cycle through points %s (each is the parent of the one before)", strings.Join(ids, " <- "))}
	}
	return nil, &SWCError{name, 0, "no root (a point with parent -1)"}
}

// swcBuilder turns ordered points into sections (Import3d_SWC_read's
// sectionify and mksection, and Import3d_GUI's instantiate).
type swcBuilder struct {
	name string
	opt  *SWCOptions
	m    *Morphology
	pts  []swcPoint
	pix  []int // parent index, -1 for the root (index 0)
}

// swcSection is Import3d_Section.
type swcSection struct {
	first, last int // own points
	parent      int // section index, -1 for the root
	parentX     float64
	wire        bool // Import3d's first = 1: no copy of the parent point
	toProximal  bool // connect2prox
	typ         int
	points      []Point
	sphere      bool
	lines       [2]int
}

func (b *swcBuilder) build() error {
	pts := b.pts
	n := len(pts)
	index := make(map[int]int, n)
	for i, p := range pts {
		index[p.id] = i
	}
	b.pix = make([]int, n)
	for i, p := range pts {
		b.pix[i] = -1
		if p.parent >= 0 {
			b.pix[i] = index[p.parent]
		}
	}

	// NeuroMorpho's three-point soma is a sphere: keep only its centre.
	somaPts := 0
	for _, p := range pts {
		if p.typ == 1 {
			somaPts++
		}
	}
	mode := b.opt.Soma
	soma3 := false
	if mode == SomaAuto && somaPts == 3 && pts[0].typ == 1 && b.soma3geom() {
		soma3 = true
		b.note("three-point soma (NeuroMorpho.Org convention) at lines %d-%d taken as a sphere of diameter %g um", pts[0].line, pts[0].line+2, pts[0].d)
		b.removeSoma3()
		pts = b.pts
		n = len(pts)
		somaPts = 1
	}
	contour := false
	if pts[0].typ == 1 && somaPts >= 3 && (mode == SomaContour || (mode == SomaAuto && b.closedOutline())) {
		if !b.somaChain() {
			return &SWCError{b.name, pts[0].line, "the soma points do not form one unbranched chain from the root, so they cannot be a contour"}
		}
		contour = true
	} else if mode == SomaContour && pts[0].typ == 1 {
		return &SWCError{b.name, pts[0].line, fmt.Sprintf("SomaContour needs a root soma of three or more points, have %d", somaPts)}
	}

	// mark_branch: nchild counts children, +0.01 for a non-contiguous child
	// and for a change of type, so that exactly 1 means "continues".
	nchild := make([]float64, n)
	prox := make([]bool, n)
	for i := 1; i < n; i++ {
		p := b.pix[i]
		nchild[p]++
		if p != i-1 {
			nchild[p] += .01
			if p > 1 && pts[p].typ != 1 && pts[b.pix[p]].typ == 1 {
				prox[i] = true
				nchild[p] = 1
			}
		}
		if pts[p].typ != pts[i].typ {
			nchild[p] += .01
		}
	}
	nchildSoma := make([]int, n)
	for i := 1; i < n; i++ {
		if pts[i].typ == 1 && pts[b.pix[i]].typ == 1 {
			nchildSoma[b.pix[i]]++
		}
	}
	for i := 0; i+1 < n; i++ {
		if pts[i].typ == 1 && pts[i+1].typ == 1 && b.pix[i+1] == i {
			if !(i != 0 && nchildSoma[i] > 1) {
				nchild[i] = 1
			}
		}
	}
	if contour {
		// The whole outline is the root section.
		for i := 0; i < somaPts-1; i++ {
			nchild[i] = 1
		}
	}
	// Sections: runs of points ending where nchild != 1.
	var secs []*swcSection
	point2sec := make([]int, n)
	first := 0
	for i := 0; i < n; i++ {
		point2sec[i] = len(secs)
		if nchild[i] != 1 || i == n-1 {
			secs = append(secs, &swcSection{first: first, last: i, parent: -1, parentX: 1, typ: pts[first].typ})
			first = i + 1
		}
	}

	// mksection.
	root := secs[0]
	root.sphere = root.last == root.first
	if root.typ == 1 && contour {
		var xs, ys, zs []float64
		for i := root.first; i <= root.last; i++ {
			xs, ys, zs = append(xs, pts[i].x), append(ys, pts[i].y), append(zs, pts[i].z)
		}
		cx, cy, cz, cd, err := contour2centroid(xs, ys, zs)
		if err != nil {
			return &SWCError{b.name, pts[root.first].line, "soma contour: " + err.Error()}
		}
		for k := range cx {
			root.points = append(root.points, Point{cx[k], cy[k], cz[k], cd[k]})
		}
		b.note("soma outline of %d points (lines %d-%d) replaced by %d points along its principal axis (NEURON's contour2centroid)", root.last-root.first+1, pts[root.first].line, pts[root.last].line, len(cx))
	} else {
		for i := root.first; i <= root.last; i++ {
			root.points = append(root.points, Point{pts[i].x, pts[i].y, pts[i].z, pts[i].d})
		}
	}
	for s := 1; s < len(secs); s++ {
		sec := secs[s]
		f := sec.first
		pp := b.pix[f]
		sec.parent = point2sec[pp]
		psec := secs[sec.parent]
		own := sec.last - sec.first + 1
		denConSoma := psec.typ == 1 && pts[f].typ != 1
		conSoma := psec.typ == 1
		handled := false
		if sec.parent == 0 {
			handled = true
			switch {
			case denConSoma && (psec.sphere || contour):
				sec.parentX = 0.5
				sec.wire = own > 1
			case pp == psec.first:
				sec.parentX = 0
				if pts[f].typ != 1 && nchildSoma[pp] > 1 {
					sec.wire = true
				}
			default:
				handled = false
			}
		}
		if !handled && conSoma {
			if pp < psec.last {
				sec.parentX = 0.5
				if denConSoma && own > 1 {
					sec.wire = true
				}
			} else if own > 1 && nchildSoma[pp] > 1 && pts[f].typ != 1 {
				sec.wire = true
			}
		}
		if !sec.wire {
			q := pts[pp]
			sec.points = append(sec.points, Point{q.x, q.y, q.z, q.d})
		}
		for i := sec.first; i <= sec.last; i++ {
			sec.points = append(sec.points, Point{pts[i].x, pts[i].y, pts[i].z, pts[i].d})
		}
		if psec.typ == 1 && sec.typ != 1 && !sec.wire && len(sec.points) > 1 {
			sec.points[0].D = sec.points[1].D
		}
		if prox[f] {
			sec.toProximal = true
			sec.parentX = 0
		}
	}
	for _, sec := range secs {
		sec.lines = [2]int{pts[sec.first].line, pts[sec.first].line}
		for i := sec.first; i <= sec.last; i++ {
			sec.lines[0] = min(sec.lines[0], pts[i].line)
			sec.lines[1] = max(sec.lines[1], pts[i].line)
		}
	}
	if root.sphere {
		// sphere_rep: a cylinder along x with length = diameter.
		p := root.points[0]
		root.points = []Point{{p.X - p.D/2, p.Y, p.Z, p.D}, p, {p.X + p.D/2, p.Y, p.Z, p.D}}
		if root.typ == 1 && somaPts == 1 && !soma3 {
			b.note("single-point soma (line %d) taken as a sphere of diameter %g um: a cylinder with L = diam", pts[0].line, p.D)
		}
	}

	// chk_valid: zero-length and single-point sections.
	removed := make([]bool, len(secs))
	for s := len(secs) - 1; s > 0; s-- {
		sec := secs[s]
		if len(sec.points) >= 2 && pt3dOf(sec.points).length() > 0 {
			continue
		}
		what := "has zero length"
		if len(sec.points) < 2 {
			what = "has a single point"
		}
		if !b.opt.DropZeroLength {
			return &SWCError{b.name, sec.lines[0], fmt.Sprintf("the section of %s %s: it would give compartments of zero length (SWCOptions.DropZeroLength removes such sections as NEURON's Import3d does)", linesOf(sec.lines), what)}
		}
		removed[s] = true
		for c := s + 1; c < len(secs); c++ {
			if secs[c].parent == s && !removed[c] {
				secs[c].parent = sec.parent
				secs[c].parentX = sec.parentX
			}
		}
		b.note("removed the section of %s, which %s", linesOf(sec.lines), what)
	}
	if len(root.points) < 2 || pt3dOf(root.points).length() == 0 {
		return &SWCError{b.name, root.lines[0], fmt.Sprintf("the root section (%s) has zero length", linesOf(root.lines))}
	}

	// Names and sections.
	count := map[int]int{}
	for s, sec := range secs {
		if !removed[s] {
			count[sec.typ]++
		}
	}
	seen := map[int]int{}
	newIndex := make([]int, len(secs))
	for s, sec := range secs {
		if removed[s] {
			continue
		}
		t, _ := swcType(sec.typ, b.opt)
		base := Type(sec.typ).String()
		nm := base
		if count[sec.typ] > 1 {
			nm = fmt.Sprintf("%s[%d]", base, seen[sec.typ])
		}
		seen[sec.typ]++
		parent := -1
		if sec.parent >= 0 {
			parent = newIndex[sec.parent]
		}
		src := b.name + " " + linesOf(sec.lines)
		newIndex[s] = b.m.Add(Section{Name: nm, Type: t, Parent: parent, ParentX: sec.parentX, Points: sec.points, Source: src})
	}
	if err := b.m.Validate(); err != nil {
		return &SWCError{b.name, 0, err.Error()}
	}
	return nil
}

func (b *swcBuilder) note(format string, a ...any) {
	b.m.Notes = append(b.m.Notes, fmt.Sprintf(format, a...))
}

// soma3geom is Import3d's check_soma3geom: a root soma point with two soma
// children without children of their own, all of one diameter, at a total
// distance of one diameter (within 1%).
func (b *swcBuilder) soma3geom() bool {
	pts := b.pts
	var kids []int
	nkids := make([]int, len(pts))
	for i := 1; i < len(pts); i++ {
		nkids[b.pix[i]]++
		if b.pix[i] == 0 && pts[i].typ == 1 {
			kids = append(kids, i)
		}
	}
	if len(kids) != 2 {
		return false
	}
	l := 0.
	for _, i := range kids {
		if nkids[i] != 0 || pts[i].d != pts[0].d {
			return false
		}
		l += math.Sqrt((pts[i].x-pts[0].x)*(pts[i].x-pts[0].x) + (pts[i].y-pts[0].y)*(pts[i].y-pts[0].y) + (pts[i].z-pts[0].z)*(pts[i].z-pts[0].z))
	}
	return math.Abs(l/pts[0].d-1) < .01
}

// removeSoma3 drops the two side points of a three-point soma.
func (b *swcBuilder) removeSoma3() {
	var keep []swcPoint
	for i := range b.pts {
		if i > 0 && b.pts[i].typ == 1 && b.pix[i] == 0 {
			continue
		}
		keep = append(keep, b.pts[i])
	}
	b.pts = keep
	index := make(map[int]int, len(keep))
	for i, p := range keep {
		index[p.id] = i
	}
	b.pix = b.pix[:len(keep)]
	for i, p := range keep {
		b.pix[i] = -1
		if p.parent >= 0 {
			b.pix[i] = index[p.parent]
		}
	}
}

// somaChain reports whether the soma points are points 0..k-1, each the
// parent of the next.
func (b *swcBuilder) somaChain() bool {
	k := 0
	for k < len(b.pts) && b.pts[k].typ == 1 {
		if k > 0 && b.pix[k] != k-1 {
			return false
		}
		k++
	}
	for i := k; i < len(b.pts); i++ {
		if b.pts[i].typ == 1 {
			return false
		}
	}
	return k >= 3
}

// closedOutline reports whether the soma is a chain of four or more points
// whose last point is back near the first: within a quarter of the
// chain's largest distance from its first point.
func (b *swcBuilder) closedOutline() bool {
	if !b.somaChain() {
		return false
	}
	k := 0
	for k < len(b.pts) && b.pts[k].typ == 1 {
		k++
	}
	if k < 4 {
		return false
	}
	dist := func(i, j int) float64 {
		p, q := b.pts[i], b.pts[j]
		return math.Sqrt((p.x-q.x)*(p.x-q.x) + (p.y-q.y)*(p.y-q.y) + (p.z-q.z)*(p.z-q.z))
	}
	far := 0.
	for i := 1; i < k; i++ {
		far = math.Max(far, dist(0, i))
	}
	return far > 0 && dist(0, k-1) <= far/4
}

func linesOf(l [2]int) string {
	if l[0] == l[1] {
		return fmt.Sprintf("line %d", l[0])
	}
	return fmt.Sprintf("lines %d-%d", l[0], l[1])
}

// String returns "auto", "cylinders" or "contour".
func (s SomaMode) String() string {
	switch s {
	case SomaAuto:
		return "auto"
	case SomaCylinders:
		return "cylinders"
	case SomaContour:
		return "contour"
	}
	return fmt.Sprintf("SomaMode(%d)", int(s))
}
