package morph

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"

	"github.com/golgi-sim/golgi/sim/store"
)

// H5Error is an error in an HDF5 morphology, in a dataset ("" when it
// concerns the whole file) and at a row of it (-1 for none).
type H5Error struct {
	File    string
	Dataset string
	Row     int
	Msg     string
}

func (e *H5Error) Error() string {
	switch {
	case e.Dataset == "":
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Row < 0:
		return fmt.Sprintf("%s: /%s: %s", e.File, e.Dataset, e.Msg)
	}
	return fmt.Sprintf("%s: /%s row %d: %s", e.File, e.Dataset, e.Row, e.Msg)
}

// ReadH5 reads a morphology in the HDF5 layout of MorphIO and the BBP
// ("h5v1", versions 1.0 to 1.2): /points, one row x, y, z, diameter per
// point; /structure, one row per section: its first point's row in
// /points, its type code and its parent section's row (-1 for none), row
// 0 being the soma. /perimeters and /metadata are not needed.
//
// The sections are made as neurodamus's MorphIO path gives them to NEURON
// (morphio_wrapper.py, SONATA's loader for .h5 files): MorphIO's NEURON
// order (the soma, then the trees ordered by type, each depth first), a
// section's points as stored (h5v1 repeats the parent's last point as a
// child's first), trees attached to soma(0.5) and children to their
// parent's 1 end, every coordinate through %.8g. A soma of three points or
// more is a contour and becomes Import3d's contour2centroid (with
// neurodamus's way of making the outline's sides monotonic), oriented as
// ReadASC orients it, so that a cell stored in both formats has one soma;
// a one-point soma becomes, as in neurodamus, a circle of 20 points of the
// sphere's radius in the xy plane, with the radius as diameter. A file
// without soma, with a soma of two points, with several somata, or with
// rows that do not make a tree is an *H5Error naming the dataset and row.
func ReadH5(path string) (*Morphology, error) {
	name := filepath.Base(path)
	fail := func(ds string, row int, format string, a ...any) error {
		return &H5Error{name, ds, row, fmt.Sprintf(format, a...)}
	}
	fi, err := store.InspectFile(path)
	if err != nil {
		return nil, &H5Error{name, "", -1, err.Error()}
	}
	shapes := map[string][]int{}
	for _, g := range fi.Groups {
		if g.Name == "neuron1" {
			return nil, fail("", -1, "an h5v2 morphology (group /neuron1): only h5v1 is read (MorphIO no longer reads h5v2 either)")
		}
		if g.Name == "metadata" {
			if v, ok := g.Attrs.Uint64s("version"); ok && (len(v) < 1 || v[0] != 1) {
				return nil, fail("metadata", -1, "version %v, want 1.x (h5v1)", v)
			}
		}
		if g.Name != "" {
			continue
		}
		for _, d := range g.Datasets {
			shapes[d.Name] = d.Shape
		}
	}
	for ds, cols := range map[string]int{"points": 4, "structure": 3} {
		s, ok := shapes[ds]
		if !ok {
			return nil, fail("", -1, "no dataset /%s: not an h5v1 morphology", ds)
		}
		if len(s) != 2 || s[1] != cols {
			return nil, fail(ds, -1, "shape %v, want (n, %d)", s, cols)
		}
	}
	pts, _, err := store.ReadFileFloat64(path, "points")
	if err != nil {
		return nil, fail("points", -1, "%v", err)
	}
	st, _, err := store.ReadFileFloat64(path, "structure")
	if err != nil {
		return nil, fail("structure", -1, "%v", err)
	}
	return h5Morphology(name, pts, st)
}

// h5Morphology builds the morphology from the flattened /points (n x 4)
// and /structure (m x 3).
func h5Morphology(name string, pts, st []float64) (*Morphology, error) {
	fail := func(ds string, row int, format string, a ...any) error {
		return &H5Error{name, ds, row, fmt.Sprintf(format, a...)}
	}
	np, ns := len(pts)/4, len(st)/3
	for i, v := range pts {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fail("points", i/4, "%g is not a finite number", v)
		}
	}
	if ns == 0 {
		return nil, fail("structure", -1, "no sections")
	}
	type h5sec struct {
		first, n, typ, parent int
		children              []int
	}
	secs := make([]h5sec, ns)
	for i := range secs {
		off, typ, par := st[3*i], st[3*i+1], st[3*i+2]
		for _, v := range [3]float64{off, typ, par} {
			if v != math.Trunc(v) || math.Abs(v) > 1<<31 {
				return nil, fail("structure", i, "%g is not an integer", v)
			}
		}
		s := h5sec{first: int(off), typ: int(typ), parent: int(par)}
		if s.first < 0 || s.first >= np {
			return nil, fail("structure", i, "first point %d, want 0 to %d (/points has %d rows)", s.first, np-1, np)
		}
		if i > 0 && s.first <= secs[i-1].first {
			return nil, fail("structure", i, "first point %d, not after the previous section's (%d)", s.first, secs[i-1].first)
		}
		if s.parent < -1 || s.parent >= i {
			return nil, fail("structure", i, "parent %d, want -1 or a section before it (0 to %d)", s.parent, i-1)
		}
		if s.typ < 1 {
			return nil, fail("structure", i, "type %d, want 1 (soma), 2 (axon), 3 (basal), 4 (apical) or another positive code", s.typ)
		}
		if s.typ == 1 && i > 0 {
			return nil, fail("structure", i, "a soma section other than the first: several somata")
		}
		secs[i] = s
	}
	for i := range secs {
		end := np
		if i+1 < ns {
			end = secs[i+1].first
		}
		secs[i].n = end - secs[i].first
	}
	if secs[0].typ != 1 {
		return nil, fail("structure", 0, "type %d: no soma (neurodamus refuses a morphology without soma)", secs[0].typ)
	}
	point := func(k int) Point { return Point{pts[4*k], pts[4*k+1], pts[4*k+2], pts[4*k+3]} }
	m := &Morphology{Name: name}
	soma := secs[0]
	var somaPts []Point
	switch {
	case soma.n == 1:
		c := point(soma.first)
		r := c.D / 2
		for k := 0; k < 20; k++ {
			ph := 2 * math.Pi / 19 * float64(k)
			somaPts = append(somaPts, Point{r*math.Cos(ph) + c.X, r*math.Sin(ph) + c.Y, c.Z, r})
		}
		m.Notes = append(m.Notes, fmt.Sprintf("one-point soma of diameter %g um taken, as neurodamus does, as a circle of 20 points of its radius with the radius as diameter", c.D))
	case soma.n == 2:
		return nil, fail("structure", 0, "a soma of two points: MorphIO's soma type is undefined and neurodamus refuses it")
	default:
		var x, y, z []float64
		for k := soma.first; k < soma.first+soma.n; k++ {
			p := point(k)
			x, y, z = append(x, p.X), append(y, p.Y), append(z, p.Z)
		}
		c, err := nrnContour2Centroid(x, y, z, convexSuffixMin)
		if err != nil {
			return nil, fail("points", soma.first, "soma contour: %v", err)
		}
		somaPts = c
		m.Notes = append(m.Notes, fmt.Sprintf("soma: the contour of %d points replaced by 21 points along its principal axis (Import3d's contour2centroid as neurodamus computes it)", soma.n))
	}
	m.Add(Section{Name: "soma", Type: Soma, Parent: -1, Points: g8Points(somaPts), Source: name + " /structure row 0"})
	var roots []int
	for i := 1; i < ns; i++ {
		if p := secs[i].parent; p <= 0 {
			roots = append(roots, i)
		} else {
			secs[p].children = append(secs[p].children, i)
		}
	}
	sort.SliceStable(roots, func(a, b int) bool { return secs[roots[a]].typ < secs[roots[b]].typ })
	var order []int
	for _, r := range roots {
		stack := []int{r}
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			order = append(order, i)
			c := secs[i].children
			for k := len(c) - 1; k >= 0; k-- {
				stack = append(stack, c[k])
			}
		}
	}
	count := map[int]int{}
	for _, i := range order {
		count[secs[i].typ]++
	}
	seen := map[int]int{}
	newIndex := make([]int, ns)
	for _, i := range order {
		s := secs[i]
		nm := Type(s.typ).String()
		if count[s.typ] > 1 {
			nm = fmt.Sprintf("%s[%d]", nm, seen[s.typ])
		}
		seen[s.typ]++
		parent, x := 0, 0.5
		if s.parent > 0 {
			parent, x = newIndex[s.parent], 1
		}
		var sp []Point
		for k := s.first; k < s.first+s.n; k++ {
			sp = append(sp, point(k))
		}
		newIndex[i] = m.Add(Section{Name: nm, Type: Type(s.typ), Parent: parent, ParentX: x, Points: g8Points(sp),
			Source: fmt.Sprintf("%s /structure row %d", name, i)})
	}
	if err := m.Validate(); err != nil {
		return nil, &H5Error{name, "", -1, err.Error()}
	}
	return m, nil
}
