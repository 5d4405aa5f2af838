package miv

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// SWC type codes of MiV's Definitions (config.SWCTypesDef).
const (
	SWCSoma    = 1
	SWCAxon    = 2
	SWCBasal   = 3
	SWCApical  = 4
	SWCTrunk   = 5
	SWCTuft    = 6
	SWCAIS     = 7
	SWCHillock = 8
)

// Tree is a neurotree: one morphology as NeuroH5 stores it and MiV's
// templates receive it (SPEC 2.4). Points are indexed by their SWC id
// (less the file's first id); every point keeps its layer. Sections are
// lists of point indices made by NeuroH5's contraction of the point
// graph (read_swc and contract_tree_dfs); the topology lists one edge
// (Src[k], Dst[k]) per child section, sorted by parent then child, and
// Loc[k], the index in the parent's point list of the point the child
// hangs from (NeuroH5's py_build_tree_value), which the templates turn
// into the connection point arc3d(Loc)/L of the parent.
type Tree struct {
	// Per point, as the SWC file gives them (coordinates and radius in
	// single precision, as NeuroH5 stores them).
	X, Y, Z, Radius []float32
	Layer           []int8
	Parent          []int32 // -1 for the root
	SWCType         []int8

	// Sections lists the points of each section, in order.
	Sections [][]uint32
	// Src, Dst and Loc are the section topology.
	Src, Dst []uint16
	Loc      []uint32
}

// ReadSWCFile reads a layered SWC file (id type x y z radius parent
// layer) into a Tree, as neurotrees_import does without -t (NeuroH5's
// read_swc): sections split at branch points and type changes
// (contract_tree_dfs), every point's layer kept. Ids must be consecutive
// in file order from any first id (NeuroH5 indexes the point arrays by
// id); lines whose first field is not an integer are skipped, as
// NeuroH5 skips them.
func ReadSWCFile(path string) (*Tree, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("miv swc %s: %w", path, err)
	}
	defer f.Close()
	t, err := ReadSWC(f)
	if err != nil {
		return nil, fmt.Errorf("miv swc %s: %w", path, err)
	}
	return t, nil
}

// ReadSWC reads a layered SWC morphology from r (see ReadSWCFile).
func ReadSWC(r io.Reader) (*Tree, error) {
	t := &Tree{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line, first := 0, 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		id, err := strconv.Atoi(f[0])
		if err != nil {
			continue // NeuroH5: a line that does not start with an id
		}
		if len(f) < 7 {
			return nil, fmt.Errorf("line %d: %d fields, want id type x y z radius parent [layer]", line, len(f))
		}
		n := len(t.X)
		if n == 0 {
			first = id
		}
		if id-first != n {
			return nil, fmt.Errorf("line %d: id %d, want %d (ids consecutive in file order)", line, id, first+n)
		}
		var v [5]float64
		for k := range v {
			if v[k], err = strconv.ParseFloat(f[2+k], 64); err != nil || math.IsNaN(v[k]) || math.IsInf(v[k], 0) {
				return nil, fmt.Errorf("line %d: field %d %q: want a finite number", line, 3+k, f[2+k])
			}
		}
		typ, err := strconv.Atoi(f[1])
		if err != nil || typ < SWCSoma || typ > SWCHillock {
			return nil, fmt.Errorf("line %d: type %q: want an SWC type 1-8", line, f[1])
		}
		par, err := strconv.Atoi(f[6])
		if err != nil {
			return nil, fmt.Errorf("line %d: parent %q: want an integer", line, f[6])
		}
		p := int32(-1)
		if par > -1 {
			if par-first < 0 || par == id {
				return nil, fmt.Errorf("line %d: parent %d is not another point", line, par)
			}
			p = int32(par - first)
		}
		layer := int8(-1)
		if len(f) > 7 {
			l, err := strconv.Atoi(f[7])
			if err != nil || l < -1 || l > math.MaxInt8 {
				return nil, fmt.Errorf("line %d: layer %q: want a layer id", line, f[7])
			}
			layer = int8(l)
		}
		if !(v[3] > 0) {
			return nil, fmt.Errorf("line %d: radius %g, want > 0", line, v[3])
		}
		t.X = append(t.X, float32(v[0]))
		t.Y = append(t.Y, float32(v[1]))
		t.Z = append(t.Z, float32(v[2]))
		t.Radius = append(t.Radius, float32(v[3]))
		t.Parent = append(t.Parent, p)
		t.SWCType = append(t.SWCType, int8(typ))
		t.Layer = append(t.Layer, layer)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(t.X) == 0 {
		return nil, fmt.Errorf("no points")
	}
	for i, p := range t.Parent {
		if int(p) >= len(t.X) {
			return nil, fmt.Errorf("point %d: parent %d: no such point", i+first, int(p)+first)
		}
	}
	if err := t.contract(); err != nil {
		return nil, err
	}
	return t, nil
}

// contract makes the sections and the topology from the points, as
// NeuroH5's contract_tree_dfs and py_build_tree_value do.
func (t *Tree) contract() error {
	n := len(t.X)
	children := make([][]uint32, n) // ascending ids: NGraph's vertex sets
	var roots []uint32
	for i, p := range t.Parent {
		if p < 0 {
			roots = append(roots, uint32(i))
			continue
		}
		children[p] = append(children[p], uint32(i))
	}
	if len(roots) != 1 {
		return fmt.Errorf("%d roots (points with parent -1), want 1", len(roots))
	}
	c := contraction{types: t.SWCType, children: children, secs: [][]uint32{nil}}
	c.dfs(roots, 0, 0)
	seen := make([]bool, n)
	for _, s := range c.secs {
		if len(s) == 0 {
			return fmt.Errorf("an empty section")
		}
		for _, p := range s {
			seen[p] = true
		}
	}
	if k := slices.Index(seen, false); k >= 0 {
		return fmt.Errorf("point index %d is not connected to the root (a cycle)", k)
	}
	if len(c.secs) > math.MaxUint16 {
		return fmt.Errorf("%d sections, more than NeuroH5's uint16 section index", len(c.secs))
	}
	t.Sections = c.secs
	slices.SortFunc(c.edges, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for _, e := range c.edges {
		t.Src = append(t.Src, uint16(e[0]))
		t.Dst = append(t.Dst, uint16(e[1]))
	}
	return t.locate()
}

// locate sets Loc from the sections and the topology as NeuroH5's
// py_build_tree_value does: the index in the parent section's points of
// the child's first point, or else of that point's parent.
func (t *Tree) locate() error {
	t.Loc = make([]uint32, len(t.Src))
	for k := range t.Src {
		src, dst := t.Sections[t.Src[k]], t.Sections[t.Dst[k]]
		start := dst[0]
		pos := slices.Index(src, start)
		if pos < 0 && t.Parent[start] >= 0 {
			pos = slices.Index(src, uint32(t.Parent[start]))
		}
		if pos < 0 {
			return fmt.Errorf("section %d: no connection point in its parent section %d", t.Dst[k], t.Src[k])
		}
		t.Loc[k] = uint32(pos)
	}
	return nil
}

// contraction is the state of contract_tree_dfs: the sections made so
// far (the contraction map) and the section graph's edges.
type contraction struct {
	types    []int8
	children [][]uint32
	secs     [][]uint32
	edges    [][2]int
}

// dfs is NeuroH5's contract_tree_dfs: each root starts a new section
// when the parent section sp already has more than one point, otherwise
// it continues sp; the section grows along single children of its type;
// a terminal section of one point gets the branch point spp prepended;
// branch points and type changes recurse into every child in id order.
func (c *contraction) dfs(roots []uint32, sp int, spp uint32) {
	for _, r := range roots {
		v := r
		ptype := c.types[v]
		var s int
		if len(c.secs[sp]) > 1 {
			s = len(c.secs)
			c.secs = append(c.secs, []uint32{v})
			c.edges = append(c.edges, [2]int{sp, s})
		} else {
			s = sp
			c.secs[s] = append(c.secs[s], v)
		}
		outs := c.children[v]
		typeChange := false
		for len(outs) == 1 && !typeChange {
			v = outs[0]
			if c.types[v] != ptype {
				typeChange = true
			} else {
				c.secs[s] = append(c.secs[s], v)
				outs = c.children[v]
			}
		}
		if len(outs) == 0 && len(c.secs[s]) == 1 && spp != v {
			c.secs[s] = append([]uint32{spp}, c.secs[s]...)
		}
		if len(outs) > 1 || typeChange {
			for _, o := range outs {
				c.dfs([]uint32{o}, s, v)
			}
		}
	}
}

// SectionType is the SWC type of section i as the templates read it: the
// type of its last point.
func (t *Tree) SectionType(i int) int {
	s := t.Sections[i]
	return int(t.SWCType[s[len(s)-1]])
}

// SectionLengthUm is the length of section i along its points.
func (t *Tree) SectionLengthUm(i int) float64 {
	s := t.Sections[i]
	l := 0.
	for k := 1; k < len(s); k++ {
		a, b := s[k-1], s[k]
		dx := float64(t.X[b]) - float64(t.X[a])
		dy := float64(t.Y[b]) - float64(t.Y[a])
		dz := float64(t.Z[b]) - float64(t.Z[a])
		l += math.Sqrt(dx*dx + dy*dy + dz*dz)
	}
	return l
}

// ParentSection returns the parent of section i and the index of the
// connection point in the parent's points (-1, 0 for the root).
func (t *Tree) ParentSection(i int) (parent int, loc int) {
	for k, d := range t.Dst {
		if int(d) == i {
			return int(t.Src[k]), int(t.Loc[k])
		}
	}
	return -1, 0
}

// Clone returns a deep copy of the tree.
func (t *Tree) Clone() *Tree {
	c := &Tree{
		X: slices.Clone(t.X), Y: slices.Clone(t.Y), Z: slices.Clone(t.Z), Radius: slices.Clone(t.Radius),
		Layer: slices.Clone(t.Layer), Parent: slices.Clone(t.Parent), SWCType: slices.Clone(t.SWCType),
		Src: slices.Clone(t.Src), Dst: slices.Clone(t.Dst), Loc: slices.Clone(t.Loc),
		Sections: make([][]uint32, len(t.Sections)),
	}
	for i, s := range t.Sections {
		c.Sections[i] = slices.Clone(s)
	}
	return c
}

// Fill is neurotrees_copy --fill: the population's forest, one copy of
// the imported tree per gid start, start+1, ..., start+count-1 (element
// k for gid start+k), with the same local coordinates (nothing is
// translated to the soma positions).
func (t *Tree) Fill(count int) []*Tree {
	out := make([]*Tree, count)
	for k := range out {
		out[k] = t.Clone()
	}
	return out
}

// Equal reports whether t and u are the same tree: every point, section
// and topology edge equal.
func (t *Tree) Equal(u *Tree) bool {
	if !slices.Equal(t.X, u.X) || !slices.Equal(t.Y, u.Y) || !slices.Equal(t.Z, u.Z) ||
		!slices.Equal(t.Radius, u.Radius) || !slices.Equal(t.Layer, u.Layer) ||
		!slices.Equal(t.Parent, u.Parent) || !slices.Equal(t.SWCType, u.SWCType) ||
		!slices.Equal(t.Src, u.Src) || !slices.Equal(t.Dst, u.Dst) || !slices.Equal(t.Loc, u.Loc) ||
		len(t.Sections) != len(u.Sections) {
		return false
	}
	for i := range t.Sections {
		if !slices.Equal(t.Sections[i], u.Sections[i]) {
			return false
		}
	}
	return true
}
