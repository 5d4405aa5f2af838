package miv

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/store"
)

// NamespaceTrees is the namespace of the morphologies (SPEC 2.8).
const NamespaceTrees = "Trees"

// TreesNeuroH5 returns the Trees namespace of population pop, whose
// first gid is start: trees[k] is the tree of gid gids[k] (the same
// *Tree may serve several gids, as neurotrees_copy --fill copies one).
// Per cell: the points, the topology (Src, Dst) and the flat section
// vector [nsec, n_0, p..., n_1, p..., ...] of NeuroH5 (point indices
// are uint16 there). Loc is not stored: NeuroH5's reader recomputes it.
func TreesNeuroH5(pop string, start uint64, gids []int, trees []*Tree) (store.NeuroH5Trees, error) {
	out := store.NeuroH5Trees{Population: pop, PointPointer: []uint64{0}, TopologyPointer: []uint64{0}, SectionPointer: []uint64{0}}
	if len(gids) != len(trees) {
		return out, fmt.Errorf("miv trees %s: %d gids, %d trees", pop, len(gids), len(trees))
	}
	for k, t := range trees {
		gid := gids[k]
		if gid < int(start) || gid-int(start) > math.MaxUint32 {
			return out, fmt.Errorf("miv trees %s: gid %d is below the population's start %d", pop, gid, start)
		}
		n := len(t.X)
		if len(t.Y) != n || len(t.Z) != n || len(t.Radius) != n || len(t.Layer) != n || len(t.Parent) != n || len(t.SWCType) != n {
			return out, fmt.Errorf("miv trees %s gid %d: point attributes of different lengths", pop, gid)
		}
		if len(t.Src) != len(t.Dst) {
			return out, fmt.Errorf("miv trees %s gid %d: %d source and %d destination sections", pop, gid, len(t.Src), len(t.Dst))
		}
		if n > math.MaxUint16+1 || len(t.Sections) > math.MaxUint16 {
			return out, fmt.Errorf("miv trees %s gid %d: %d points, %d sections: more than NeuroH5's uint16 section vector holds", pop, gid, n, len(t.Sections))
		}
		out.Index = append(out.Index, uint32(gid-int(start)))
		out.X = append(out.X, t.X...)
		out.Y = append(out.Y, t.Y...)
		out.Z = append(out.Z, t.Z...)
		out.Radius = append(out.Radius, t.Radius...)
		out.Layer = append(out.Layer, t.Layer...)
		out.Parent = append(out.Parent, t.Parent...)
		out.SWCType = append(out.SWCType, t.SWCType...)
		out.PointPointer = append(out.PointPointer, uint64(len(out.X)))
		out.SrcSection = append(out.SrcSection, t.Src...)
		out.DstSection = append(out.DstSection, t.Dst...)
		out.TopologyPointer = append(out.TopologyPointer, uint64(len(out.SrcSection)))
		out.Sections = append(out.Sections, uint16(len(t.Sections)))
		for _, s := range t.Sections {
			if len(s) > math.MaxUint16 {
				return out, fmt.Errorf("miv trees %s gid %d: a section of %d points", pop, gid, len(s))
			}
			out.Sections = append(out.Sections, uint16(len(s)))
			for _, p := range s {
				out.Sections = append(out.Sections, uint16(p))
			}
		}
		out.SectionPointer = append(out.SectionPointer, uint64(len(out.Sections)))
	}
	return out, nil
}

// ReadTrees reads the Trees namespace of population pop from the NeuroH5
// file at path (a cells.h5 or forest file) into Trees by gid, as
// neuroh5's read_trees returns them (sections, topology and Loc, the
// connection points, recomputed as py_build_tree_value does).
func ReadTrees(path, pop string) (map[int]*Tree, error) {
	types, err := store.ReadNeuroH5Types(path)
	if err != nil {
		return nil, fmt.Errorf("miv trees: %w", err)
	}
	p, ok := types.Population(pop)
	if !ok {
		return nil, fmt.Errorf("miv trees: %s: population %s is not in /H5Types", path, pop)
	}
	ft, err := store.ReadNeuroH5Trees(path, pop)
	if err != nil {
		return nil, fmt.Errorf("miv trees: %w", err)
	}
	out := make(map[int]*Tree, ft.Len())
	for i, ci := range ft.Index {
		gid := int(p.Start) + int(ci)
		t, err := treeOfNeuroH5(&ft, i)
		if err != nil {
			return nil, fmt.Errorf("miv trees: %s: /Populations/%s/%s gid %d: %w", path, pop, NamespaceTrees, gid, err)
		}
		out[gid] = t
	}
	return out, nil
}

// treeOfNeuroH5 decodes cell i of a Trees namespace.
func treeOfNeuroH5(ft *store.NeuroH5Trees, i int) (*Tree, error) {
	lo, hi := ft.PointPointer[i], ft.PointPointer[i+1]
	t := &Tree{
		X: ft.X[lo:hi:hi], Y: ft.Y[lo:hi:hi], Z: ft.Z[lo:hi:hi], Radius: ft.Radius[lo:hi:hi],
		Layer: ft.Layer[lo:hi:hi], Parent: ft.Parent[lo:hi:hi], SWCType: ft.SWCType[lo:hi:hi],
	}
	n := int(hi - lo)
	for k, p := range t.Parent {
		if p < -1 || int(p) >= n {
			return nil, fmt.Errorf("dataset Parent Point: %d of point %d: the cell has %d points", p, k, n)
		}
	}
	tlo, thi := ft.TopologyPointer[i], ft.TopologyPointer[i+1]
	t.Src, t.Dst = ft.SrcSection[tlo:thi:thi], ft.DstSection[tlo:thi:thi]
	v := ft.Sections[ft.SectionPointer[i]:ft.SectionPointer[i+1]]
	if len(v) == 0 {
		return nil, fmt.Errorf("dataset Section: an empty section vector")
	}
	nsec, k := int(v[0]), 1
	for s := range nsec {
		if k >= len(v) || k+1+int(v[k]) > len(v) {
			return nil, fmt.Errorf("dataset Section: the vector of %d values ends in section %d of %d", len(v), s, nsec)
		}
		m := int(v[k])
		if m == 0 {
			return nil, fmt.Errorf("dataset Section: section %d has no points", s)
		}
		pts := make([]uint32, m)
		for j, p := range v[k+1 : k+1+m] {
			if int(p) >= n {
				return nil, fmt.Errorf("dataset Section: section %d: point %d: the cell has %d points", s, p, n)
			}
			pts[j] = uint32(p)
		}
		t.Sections = append(t.Sections, pts)
		k += 1 + m
	}
	if k != len(v) {
		return nil, fmt.Errorf("dataset Section: %d values after the %d sections", len(v)-k, nsec)
	}
	for e := range t.Src {
		if int(t.Src[e]) >= nsec || int(t.Dst[e]) >= nsec {
			return nil, fmt.Errorf("datasets Source/Destination Section: edge %d (%d, %d): the cell has %d sections", e, t.Src[e], t.Dst[e], nsec)
		}
	}
	if err := t.locate(); err != nil {
		return nil, err
	}
	return t, nil
}
