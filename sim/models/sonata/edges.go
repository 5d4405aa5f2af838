package sonata

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/golgi-sim/golgi/sim/store"
)

// EdgePopulation is an edge population of an edges.h5 file (SPEC 1.5).
// Nothing but its size, node populations and attribute names is read
// when it is opened: the afferent edges of a target node come from the
// target_to_source index, and attributes are read for those edges only.
type EdgePopulation struct {
	EdgePopulationConfig
	// Source and Target are the node populations of the edges' source
	// and target nodes (the node_population attributes).
	Source, Target string

	size  int
	r     *store.H5Reader
	attrs map[string]bool
	// rows of indices/target_to_source/node_id_to_ranges and
	// range_to_edge_id; nTargets is -1 when the file has no index.
	nTargets, nRanges int
}

// Range is a block of edge ids [Start, End).
type Range struct{ Start, End uint64 }

// Ranges is a selection of edges: ascending, disjoint blocks.
type Ranges []Range

// Count is the number of edges selected.
func (rs Ranges) Count() int {
	n := 0
	for _, r := range rs {
		n += int(r.End - r.Start)
	}
	return n
}

// IDs lists the edge ids selected, ascending.
func (rs Ranges) IDs() []uint64 {
	ids := make([]uint64, 0, rs.Count())
	for _, r := range rs {
		for e := r.Start; e < r.End; e++ {
			ids = append(ids, e)
		}
	}
	return ids
}

func openEdgePopulation(cfg EdgePopulationConfig, r *store.H5Reader) (*EdgePopulation, error) {
	e := &EdgePopulation{EdgePopulationConfig: cfg, r: r, attrs: map[string]bool{}}
	base := e.base()
	if k, err := r.Kind(base); err != nil {
		return nil, err
	} else if k != store.H5Group {
		return nil, fmt.Errorf("%s: no edge population %q (no group /%s)", r.Path(), cfg.Name, base)
	}
	for _, ds := range []string{"source_node_id", "target_node_id", "edge_type_id"} {
		sh, err := r.Shape(base + ds)
		if err != nil {
			return nil, e.dsErr(ds, err)
		}
		if len(sh.Dims) != 1 || sh.Class != store.H5Int {
			return nil, e.dsErr(ds, fmt.Errorf("%s of shape %v, want one-dimensional integers", sh.DType, sh.Dims))
		}
		if ds == "source_node_id" {
			e.size = sh.Dims[0]
		} else if sh.Dims[0] != e.size {
			return nil, e.dsErr(ds, fmt.Errorf("%d rows, source_node_id has %d", sh.Dims[0], e.size))
		}
	}
	for ds, pop := range map[string]*string{"source_node_id": &e.Source, "target_node_id": &e.Target} {
		a, err := r.Attrs(base + ds)
		if err != nil {
			return nil, e.dsErr(ds, err)
		}
		p, ok := a.String("node_population")
		if !ok || p == "" {
			return nil, e.dsErr(ds, errors.New("no node_population attribute (a string)"))
		}
		*pop = p
	}
	if err := e.checkGroups(); err != nil {
		return nil, err
	}
	if k, err := r.Kind(base + "0"); err != nil {
		return nil, err
	} else if k == store.H5Group {
		names, err := r.Members(base + "0")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			e.attrs[n] = true
		}
	}
	e.nTargets = -1
	if k, err := r.Kind(base + "indices/target_to_source"); err != nil {
		return nil, err
	} else if k == store.H5Absent {
		return e, nil // Afferent reports it
	}
	for _, ds := range []string{"node_id_to_ranges", "range_to_edge_id"} {
		sh, err := r.Shape(base + "indices/target_to_source/" + ds)
		if err != nil {
			return nil, e.dsErr("indices/target_to_source/"+ds, err)
		}
		if len(sh.Dims) != 2 || sh.Dims[1] != 2 || sh.Class != store.H5Int {
			return nil, e.dsErr("indices/target_to_source/"+ds, fmt.Errorf("%s of shape %v, want integers of shape [n, 2]", sh.DType, sh.Dims))
		}
		if ds == "node_id_to_ranges" {
			e.nTargets = sh.Dims[0]
		} else {
			e.nRanges = sh.Dims[0]
		}
	}
	return e, nil
}

func (e *EdgePopulation) base() string { return "edges/" + e.Name + "/" }

// dsErr names the file, population and dataset of a dataset's error.
func (e *EdgePopulation) dsErr(ds string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: edge population %q: no dataset %s", e.r.Path(), e.Name, ds)
	}
	return fmt.Errorf("edge population %q: %s: %w", e.Name, ds, err)
}

// checkGroups accepts edges without edge_group_id/edge_group_index, or
// with every edge in group 0 at index = edge id.
func (e *EdgePopulation) checkGroups() error {
	base := e.base()
	kid, err := e.r.Kind(base + "edge_group_id")
	if err != nil {
		return err
	}
	kix, err := e.r.Kind(base + "edge_group_index")
	if err != nil {
		return err
	}
	if kid == store.H5Absent && kix == store.H5Absent {
		return nil
	}
	gid, err := e.r.ReadInt64(base+"edge_group_id", 0, -1)
	if err != nil {
		return e.dsErr("edge_group_id", err)
	}
	gix, err := e.r.ReadInt64(base+"edge_group_index", 0, -1)
	if err != nil {
		return e.dsErr("edge_group_index", err)
	}
	if len(gid) != e.size || len(gix) != e.size {
		return fmt.Errorf("%s: edge population %q: edge_group_id (%d) and edge_group_index (%d) differ in length from source_node_id (%d)", e.r.Path(), e.Name, len(gid), len(gix), e.size)
	}
	for i := range gid {
		if gid[i] != 0 || gix[i] != int64(i) {
			return fmt.Errorf("%s: edge population %q: edge %d is in group %d at index %d: only one group (0, indexed by edge id) is supported", e.r.Path(), e.Name, i, gid[i], gix[i])
		}
	}
	return nil
}

// Size is the number of edges.
func (e *EdgePopulation) Size() int { return e.size }

// File is the edges.h5 file.
func (e *EdgePopulation) File() string { return e.r.Path() }

// Has reports whether the edges have attribute attr (a dataset of group
// 0).
func (e *EdgePopulation) Has(attr string) bool { return e.attrs[attr] }

// Attributes returns the attribute names, sorted.
func (e *EdgePopulation) Attributes() []string {
	var out []string
	for a := range e.attrs {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Afferent returns the edges onto target node n, ascending (neurodamus
// sorts them so), from the index target_to_source. A node beyond the
// index has none. It checks the index against the data: blocks inside
// the datasets, every edge's target_node_id equal to n.
func (e *EdgePopulation) Afferent(n uint64) (Ranges, error) {
	if e.nTargets < 0 {
		return nil, fmt.Errorf("%s: edge population %q: no indices/target_to_source: afferent edges cannot be looked up", e.r.Path(), e.Name)
	}
	if n >= uint64(e.nTargets) {
		return nil, nil
	}
	idx := e.base() + "indices/target_to_source/"
	rr, err := e.r.ReadUint64(idx+"node_id_to_ranges", int(n), 1)
	if err != nil {
		return nil, e.dsErr("indices/target_to_source/node_id_to_ranges", err)
	}
	r0, r1 := rr[0], rr[1]
	if r0 > r1 || r1 > uint64(e.nRanges) {
		return nil, e.indexErr("node %d has ranges [%d, %d) of range_to_edge_id's %d rows", n, r0, r1, e.nRanges)
	}
	if r0 == r1 {
		return nil, nil
	}
	blocks, err := e.r.ReadUint64(idx+"range_to_edge_id", int(r0), int(r1-r0))
	if err != nil {
		return nil, e.dsErr("indices/target_to_source/range_to_edge_id", err)
	}
	var rs Ranges
	for i := 0; i < len(blocks); i += 2 {
		b := Range{blocks[i], blocks[i+1]}
		if b.Start > b.End || b.End > uint64(e.size) {
			return nil, e.indexErr("node %d: edge block [%d, %d) outside the %d edges", n, b.Start, b.End, e.size)
		}
		if b.Start < b.End {
			rs = append(rs, b)
		}
	}
	slices.SortFunc(rs, func(a, b Range) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	merged := rs[:0]
	for _, b := range rs {
		if k := len(merged); k > 0 && b.Start < merged[k-1].End {
			return nil, e.indexErr("node %d: edge blocks overlap at edge %d", n, b.Start)
		} else if k > 0 && b.Start == merged[k-1].End {
			merged[k-1].End = b.End
			continue
		}
		merged = append(merged, b)
	}
	tgt, err := e.TargetNodeIDs(merged)
	if err != nil {
		return nil, err
	}
	ids := merged.IDs()
	for i, t := range tgt {
		if t != n {
			return nil, e.indexErr("the index lists edge %d under target %d, but its target_node_id is %d", ids[i], n, t)
		}
	}
	return merged, nil
}

func (e *EdgePopulation) indexErr(format string, a ...any) error {
	return fmt.Errorf("%s: edge population %q: indices/target_to_source disagree with the datasets: %s", e.r.Path(), e.Name, fmt.Sprintf(format, a...))
}

// readRanges reads dataset ds (relative to the population) over the
// selected edges.
func readRanges[T any](e *EdgePopulation, ds string, sel Ranges, read func(string, int, int) ([]T, error)) ([]T, error) {
	out := make([]T, 0, sel.Count())
	for _, r := range sel {
		if r.End > uint64(e.size) || r.Start > r.End {
			return nil, fmt.Errorf("edge population %q: edges [%d, %d) outside its %d edges", e.Name, r.Start, r.End, e.size)
		}
		v, err := read(e.base()+ds, int(r.Start), int(r.End-r.Start))
		if err != nil {
			return nil, e.dsErr(ds, err)
		}
		out = append(out, v...)
	}
	return out, nil
}

// checkAttr checks that attribute dataset attr is one value per edge.
func (e *EdgePopulation) checkAttr(attr string) error {
	if !e.attrs[attr] {
		return e.dsErr("0/"+attr, fs.ErrNotExist)
	}
	sh, err := e.r.Shape(e.base() + "0/" + attr)
	if err != nil {
		return e.dsErr("0/"+attr, err)
	}
	if len(sh.Dims) != 1 || sh.Dims[0] != e.size {
		return e.dsErr("0/"+attr, fmt.Errorf("shape %v, want [%d] (one value per edge)", sh.Dims, e.size))
	}
	return nil
}

// SourceNodeIDs reads the source node ids of the selected edges.
func (e *EdgePopulation) SourceNodeIDs(sel Ranges) ([]uint64, error) {
	return readRanges(e, "source_node_id", sel, e.r.ReadUint64)
}

// TargetNodeIDs reads the target node ids of the selected edges.
func (e *EdgePopulation) TargetNodeIDs(sel Ranges) ([]uint64, error) {
	return readRanges(e, "target_node_id", sel, e.r.ReadUint64)
}

// Float64 reads a numeric attribute of the selected edges.
func (e *EdgePopulation) Float64(attr string, sel Ranges) ([]float64, error) {
	if err := e.checkAttr(attr); err != nil {
		return nil, err
	}
	return readRanges(e, "0/"+attr, sel, e.r.ReadFloat64)
}

// Int64 reads an integer attribute of the selected edges.
func (e *EdgePopulation) Int64(attr string, sel Ranges) ([]int64, error) {
	if err := e.checkAttr(attr); err != nil {
		return nil, err
	}
	return readRanges(e, "0/"+attr, sel, e.r.ReadInt64)
}

// optFloat64 reads an optional attribute: -1 for every edge when absent
// (SPEC 1.5).
func (e *EdgePopulation) optFloat64(attr string, sel Ranges) ([]float64, error) {
	if !e.attrs[attr] {
		v := make([]float64, sel.Count())
		for i := range v {
			v[i] = -1
		}
		return v, nil
	}
	return e.Float64(attr, sel)
}

// CheckIndex compares the target_to_source index with a scan of
// target_node_id: every edge is listed once, under its target. It reads
// the whole population; tests and `golgi sonata check`-like tools use it.
func (e *EdgePopulation) CheckIndex() error {
	if e.nTargets < 0 {
		_, err := e.Afferent(0)
		return err
	}
	tgt, err := e.TargetNodeIDs(Ranges{{0, uint64(e.size)}})
	if err != nil {
		return err
	}
	seen := make([]bool, e.size)
	for n := uint64(0); n < uint64(e.nTargets); n++ {
		rs, err := e.Afferent(n)
		if err != nil {
			return err
		}
		for _, id := range rs.IDs() {
			if seen[id] {
				return e.indexErr("edge %d listed twice", id)
			}
			seen[id] = true
		}
	}
	for id, ok := range seen {
		if !ok {
			return e.indexErr("edge %d (target %d) is not in the index", id, tgt[id])
		}
	}
	return nil
}
