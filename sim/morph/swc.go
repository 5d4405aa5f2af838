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

// build turns b.pts, in depth-first order, into the sections of b.m, as
// Import3d does: the soma's representation, branch points, sections and
// their attachment, the sphere soma, zero-length sections, then names.
func (b *swcBuilder) build() error {
	b.pix = parentIndex(b.pts)
	soma, err := b.somaShape()
	if err != nil {
		return err
	}
	br := b.markBranches(soma)
	secs, point2sec := b.sectionify(br.nchild)
	root := secs[0]
	if err := b.mkRoot(root, soma.contour); err != nil {
		return err
	}
	for _, sec := range secs[1:] {
		sec.parent = point2sec[b.pix[sec.first]]
		b.mkChild(sec, secs[sec.parent], br, soma.contour)
	}
	for _, sec := range secs {
		sec.lines = b.lineRange(sec)
	}
	if root.sphere {
		b.sphereRep(root, soma)
	}
	removed, err := b.checkValid(secs)
	if err != nil {
		return err
	}
	return b.addSections(secs, removed)
}

// parentIndex returns the index in pts of each point's parent, -1 for the
// root.
func parentIndex(pts []swcPoint) []int {
	index := make(map[int]int, len(pts))
	for i, p := range pts {
		index[p.id] = i
	}
	pix := make([]int, len(pts))
	for i, p := range pts {
		pix[i] = -1
		if p.parent >= 0 {
			pix[i] = index[p.parent]
		}
	}
	return pix
}

// swcSoma is how build represents the soma points.
type swcSoma struct {
	points  int  // soma points (1 for a three-point soma, reduced to its centre)
	three   bool // NeuroMorpho.Org's three-point soma
	contour bool // the soma points are an outline, the root section
}

// somaShape chooses the representation of the soma following
// SWCOptions.Soma. A three-point soma is a sphere: only its centre is
// kept, in b.pts and b.pix. A contour must be one unbranched chain of
// soma points from the root.
func (b *swcBuilder) somaShape() (swcSoma, error) {
	var soma swcSoma
	for _, p := range b.pts {
		if p.typ == 1 {
			soma.points++
		}
	}
	mode := b.opt.Soma
	if mode == SomaAuto && soma.points == 3 && b.pts[0].typ == 1 && b.soma3geom() {
		soma.three = true
		b.note("three-point soma (NeuroMorpho.Org convention) at lines %d-%d taken as a sphere of diameter %g um", b.pts[0].line, b.pts[0].line+2, b.pts[0].d)
		b.removeSoma3()
		soma.points = 1
	}
	root := b.pts[0]
	if root.typ == 1 && soma.points >= 3 && (mode == SomaContour || (mode == SomaAuto && b.closedOutline())) {
		if !b.somaChain() {
			return soma, &SWCError{b.name, root.line, "the soma points do not form one unbranched chain from the root, so they cannot be a contour"}
		}
		soma.contour = true
	} else if mode == SomaContour && root.typ == 1 {
		return soma, &SWCError{b.name, root.line, fmt.Sprintf("SomaContour needs a root soma of three or more points, have %d", soma.points)}
	}
	return soma, nil
}

// swcBranching is Import3d's mark_branch, per point.
type swcBranching struct {
	// nchild counts children, +0.01 for a non-contiguous child and for a
	// change of type, so that exactly 1 means "continues": the point is
	// not the last of its section.
	nchild []float64
	// prox is connect2prox: the point's section attaches to the 0 end of
	// its parent.
	prox []bool
	// nchildSoma counts the soma children of soma points.
	nchildSoma []int
}

// markBranches is Import3d's mark_branch: where sections end.
func (b *swcBuilder) markBranches(soma swcSoma) swcBranching {
	pts, n := b.pts, len(b.pts)
	br := swcBranching{nchild: make([]float64, n), prox: make([]bool, n), nchildSoma: make([]int, n)}
	for i := 1; i < n; i++ {
		p := b.pix[i]
		br.nchild[p]++
		if p != i-1 {
			br.nchild[p] += .01
			if p > 1 && pts[p].typ != 1 && pts[b.pix[p]].typ == 1 {
				br.prox[i] = true
				br.nchild[p] = 1
			}
		}
		if pts[p].typ != pts[i].typ {
			br.nchild[p] += .01
		}
	}
	for i := 1; i < n; i++ {
		if pts[i].typ == 1 && pts[b.pix[i]].typ == 1 {
			br.nchildSoma[b.pix[i]]++
		}
	}
	b.somaContinues(br, soma)
	return br
}

// somaContinues marks the soma points that continue their section: those
// followed by their soma child, but for a branching soma point other than
// the root; and the whole outline of a contour.
func (b *swcBuilder) somaContinues(br swcBranching, soma swcSoma) {
	pts := b.pts
	for i := 0; i+1 < len(pts); i++ {
		if pts[i].typ == 1 && pts[i+1].typ == 1 && b.pix[i+1] == i {
			if !(i != 0 && br.nchildSoma[i] > 1) {
				br.nchild[i] = 1
			}
		}
	}
	if soma.contour {
		for i := 0; i < soma.points-1; i++ {
			br.nchild[i] = 1
		}
	}
}

// sectionify cuts the points into sections, runs of points ending where
// nchild != 1, and returns them with the section of each point.
func (b *swcBuilder) sectionify(nchild []float64) (secs []*swcSection, point2sec []int) {
	n := len(b.pts)
	point2sec = make([]int, n)
	first := 0
	for i := 0; i < n; i++ {
		point2sec[i] = len(secs)
		if nchild[i] != 1 || i == n-1 {
			secs = append(secs, &swcSection{first: first, last: i, parent: -1, parentX: 1, typ: b.pts[first].typ})
			first = i + 1
		}
	}
	return secs, point2sec
}

// mkRoot gives the root section its points: a soma outline (contour)
// becomes contour2centroid's points along its principal axis.
func (b *swcBuilder) mkRoot(root *swcSection, contour bool) error {
	pts := b.pts
	root.sphere = root.last == root.first
	if root.typ != 1 || !contour {
		for i := root.first; i <= root.last; i++ {
			root.points = append(root.points, Point{pts[i].x, pts[i].y, pts[i].z, pts[i].d})
		}
		return nil
	}
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
	return nil
}

// mkChild is Import3d's mksection for sec, a section other than the root
// whose parent section psec is made: where it attaches, and its points,
// starting with a copy of the parent point unless it joins by a wire.
func (b *swcBuilder) mkChild(sec, psec *swcSection, br swcBranching, contour bool) {
	pts := b.pts
	f := sec.first
	pp := b.pix[f]
	sec.parentX, sec.wire = b.attachment(sec, psec, pp, br.nchildSoma, contour)
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
	if br.prox[f] {
		sec.toProximal = true
		sec.parentX = 0
	}
}

// attachment returns where on its parent section psec the section sec
// attaches, its first point's parent being point pp, and whether it joins
// by a wire (no copy of the parent point): dendrites on a sphere or
// contour soma join its centre by a wire; other sections attach at the
// end of their parent, or at the centre of a soma section they leave
// before its last point.
func (b *swcBuilder) attachment(sec, psec *swcSection, pp int, nchildSoma []int, contour bool) (parentX float64, wire bool) {
	own := sec.last - sec.first + 1
	notSoma := b.pts[sec.first].typ != 1
	if sec.parent == 0 {
		switch {
		case psec.typ == 1 && notSoma && (psec.sphere || contour):
			return 0.5, own > 1
		case pp == psec.first:
			return 0, notSoma && nchildSoma[pp] > 1
		}
	}
	switch {
	case psec.typ != 1:
		return 1, false
	case pp < psec.last:
		return 0.5, notSoma && own > 1
	}
	return 1, own > 1 && nchildSoma[pp] > 1 && notSoma
}

// lineRange returns the first and last lines of the points of sec.
func (b *swcBuilder) lineRange(sec *swcSection) [2]int {
	l := [2]int{b.pts[sec.first].line, b.pts[sec.first].line}
	for i := sec.first; i <= sec.last; i++ {
		l[0] = min(l[0], b.pts[i].line)
		l[1] = max(l[1], b.pts[i].line)
	}
	return l
}

// sphereRep is Import3d's sphere_rep: the single point of the root
// becomes a cylinder along x with length = diameter.
func (b *swcBuilder) sphereRep(root *swcSection, soma swcSoma) {
	p := root.points[0]
	root.points = []Point{{p.X - p.D/2, p.Y, p.Z, p.D}, p, {p.X + p.D/2, p.Y, p.Z, p.D}}
	if root.typ == 1 && soma.points == 1 && !soma.three {
		b.note("single-point soma (line %d) taken as a sphere of diameter %g um: a cylinder with L = diam", b.pts[0].line, p.D)
	}
}

// checkValid is Import3d's chk_valid: a section of zero length or a
// single point is an error, or with SWCOptions.DropZeroLength is removed,
// its children attached to its parent; it returns the removed sections.
// A root of zero length is always an error.
func (b *swcBuilder) checkValid(secs []*swcSection) (removed []bool, err error) {
	removed = make([]bool, len(secs))
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
			return nil, &SWCError{b.name, sec.lines[0], fmt.Sprintf("the section of %s %s: it would give compartments of zero length (SWCOptions.DropZeroLength removes such sections as NEURON's Import3d does)", linesOf(sec.lines), what)}
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
	root := secs[0]
	if len(root.points) < 2 || pt3dOf(root.points).length() == 0 {
		return nil, &SWCError{b.name, root.lines[0], fmt.Sprintf("the root section (%s) has zero length", linesOf(root.lines))}
	}
	return removed, nil
}

// addSections names the sections kept as Import3d does (the type's name,
// with [k] when there are several of the type), adds them to b.m and
// validates it.
func (b *swcBuilder) addSections(secs []*swcSection, removed []bool) error {
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
	b.pix = parentIndex(keep)
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
