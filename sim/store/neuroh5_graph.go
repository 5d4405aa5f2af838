package store

/*
#include "nh5helpers.h"
*/
import "C"

import (
	"fmt"
	"slices"
)

// NeuroH5 names of projections (neuroh5's path_names.hh).
const (
	nh5Projections = "Projections"
	nh5Edges       = "Edges"
	nh5DstBlkIdx   = "Destination Block Index"
	nh5DstBlkPtr   = "Destination Block Pointer"
	nh5DstPtr      = "Destination Pointer"
	nh5SrcIdx      = "Source Index"
)

// NeuroH5EdgeAttribute is one edge attribute of a projection, the
// dataset /Projections/<dst>/<src>/<Namespace>/<Name>, a value per edge
// parallel to Source Index (MiV: Synapses/syn_id uint32,
// Connections/distance float32).
type NeuroH5EdgeAttribute struct {
	Namespace, Name string
	// Values is a slice of float32, float64, int8, uint8, int16, uint16,
	// int32, uint32, int64 or uint64: the dataset's type.
	Values any
}

// NeuroH5Edges is one projection of a NeuroH5 file,
// /Projections/<Destination>/<Source>, in neuroh5's Destination Block
// Sparse layout (SPEC 2.8), as write_graph writes it from one process:
//
//   - block b holds the destinations BlockIndex[b], BlockIndex[b]+1, ...
//     (relative to the destination population's Start), one for each
//     element j of DestinationPointer in [BlockPointer[b],
//     BlockPointer[b+1]) below its last; neuroh5 writes the last block
//     pointer as the number of destinations + 1 (the length of
//     DestinationPointer);
//   - destination j's edges are SourceIndex[DestinationPointer[j]:
//     DestinationPointer[j+1]] (relative to the source population's
//     Start, ascending) and the same range of every attribute.
//
// A block starts wherever the destinations are not contiguous. Build
// one with NewNeuroH5Edges; Destinations decodes it.
type NeuroH5Edges struct {
	Source, Destination string

	BlockIndex         []uint32
	BlockPointer       []uint64
	DestinationPointer []uint64
	SourceIndex        []uint32
	Attributes         []NeuroH5EdgeAttribute
}

// NewNeuroH5Edges builds a projection from its destinations dst
// (relative indices, strictly ascending), the number of edges of each
// (counts) and the edges' sources (relative, ascending within each
// destination) and attributes, concatenated in destination order.
func NewNeuroH5Edges(source, destination string, dst []uint32, counts []int, src []uint32, attrs []NeuroH5EdgeAttribute) (NeuroH5Edges, error) {
	if src == nil {
		src = []uint32{}
	}
	e := NeuroH5Edges{Source: source, Destination: destination, SourceIndex: src, Attributes: attrs,
		BlockIndex: []uint32{}, BlockPointer: []uint64{}}
	if len(counts) != len(dst) {
		return e, fmt.Errorf("projection %s -> %s: %d edge counts for %d destinations", source, destination, len(counts), len(dst))
	}
	e.DestinationPointer = make([]uint64, len(dst)+1)
	for j, d := range dst {
		if j > 0 && d <= dst[j-1] {
			return e, fmt.Errorf("projection %s -> %s: destination %d follows %d: want ascending", source, destination, d, dst[j-1])
		}
		if j == 0 || d != dst[j-1]+1 {
			e.BlockIndex = append(e.BlockIndex, d)
			e.BlockPointer = append(e.BlockPointer, uint64(j))
		}
		e.DestinationPointer[j+1] = e.DestinationPointer[j] + uint64(counts[j])
	}
	if len(dst) > 0 {
		e.BlockPointer = append(e.BlockPointer, uint64(len(dst)+1))
	}
	return e, nil
}

// Destinations decodes the blocks: the relative index of each
// destination, in the order of DestinationPointer.
func (e *NeuroH5Edges) Destinations() []uint32 {
	var out []uint32
	nd := len(e.DestinationPointer) - 1
	for b := range e.BlockIndex {
		for j := e.BlockPointer[b]; j < e.BlockPointer[b+1] && int(j) < nd; j++ {
			out = append(out, e.BlockIndex[b]+uint32(j-e.BlockPointer[b]))
		}
	}
	return out
}

// Attribute returns the attribute namespace/name.
func (e *NeuroH5Edges) Attribute(namespace, name string) (*NeuroH5EdgeAttribute, bool) {
	for i := range e.Attributes {
		if e.Attributes[i].Namespace == namespace && e.Attributes[i].Name == name {
			return &e.Attributes[i], true
		}
	}
	return nil, false
}

// check validates the projection against the sizes of its populations.
func (e *NeuroH5Edges) check(nsrc, ndst uint32) error {
	where := fmt.Sprintf("projection %s -> %s", e.Source, e.Destination)
	if len(e.BlockPointer) != len(e.BlockIndex)+1 && !(len(e.BlockIndex) == 0 && len(e.BlockPointer) == 0) {
		return fmt.Errorf("%s: %d block pointers for %d blocks, want %d", where, len(e.BlockPointer), len(e.BlockIndex), len(e.BlockIndex)+1)
	}
	nd := len(e.DestinationPointer) - 1
	if nd < 0 {
		return fmt.Errorf("%s: no %s (want the number of destinations + 1 values)", where, nh5DstPtr)
	}
	if err := checkPointer(where+" "+nh5DstPtr, e.DestinationPointer, nd, len(e.SourceIndex)); err != nil {
		return err
	}
	for b := range e.BlockIndex {
		lo, hi := e.BlockPointer[b], e.BlockPointer[b+1]
		if hi < lo || (b == 0 && lo != 0) {
			return fmt.Errorf("%s: %s %d (%d, %d) out of order", where, nh5DstBlkPtr, b, lo, hi)
		}
	}
	if nb := len(e.BlockIndex); nb > 0 {
		if last := e.BlockPointer[nb]; last != uint64(nd) && last != uint64(nd+1) {
			return fmt.Errorf("%s: the last %s is %d for %d destinations", where, nh5DstBlkPtr, last, nd)
		}
	} else if nd > 0 {
		return fmt.Errorf("%s: %d destinations in no block", where, nd)
	}
	dst := e.Destinations()
	if len(dst) != nd {
		return fmt.Errorf("%s: the blocks hold %d destinations, %s %d", where, len(dst), nh5DstPtr, nd)
	}
	for j, d := range dst {
		if d >= ndst {
			return fmt.Errorf("%s: destination index %d: the population has %d cells", where, d, ndst)
		}
		if j > 0 && d <= dst[j-1] {
			return fmt.Errorf("%s: destination index %d follows %d: want ascending", where, d, dst[j-1])
		}
		s := e.SourceIndex[e.DestinationPointer[j]:e.DestinationPointer[j+1]]
		for k, x := range s {
			if x >= nsrc {
				return fmt.Errorf("%s: destination %d: source index %d: the population has %d cells", where, d, x, nsrc)
			}
			if k > 0 && x < s[k-1] {
				return fmt.Errorf("%s: destination %d: source index %d follows %d: want ascending", where, d, x, s[k-1])
			}
		}
	}
	seen := map[[2]string]bool{}
	for _, a := range e.Attributes {
		if err := checkName("edge namespace", a.Namespace); err != nil {
			return err
		}
		if err := checkName("edge attribute", a.Name); err != nil {
			return err
		}
		if a.Namespace == nh5Edges {
			return fmt.Errorf("%s: edge attributes cannot be in namespace %q", where, nh5Edges)
		}
		k := [2]string{a.Namespace, a.Name}
		if seen[k] {
			return fmt.Errorf("%s: attribute %s/%s given twice", where, a.Namespace, a.Name)
		}
		seen[k] = true
		kind, _, n, _ := valueKind(a.Values)
		if kind < 0 {
			return fmt.Errorf("%s: attribute %s/%s: values of type %T are not supported", where, a.Namespace, a.Name, a.Values)
		}
		if n != len(e.SourceIndex) {
			return fmt.Errorf("%s: attribute %s/%s: %d values for %d edges", where, a.Namespace, a.Name, n, len(e.SourceIndex))
		}
	}
	return nil
}

// writeProjection writes e into /Projections/<Destination> group g.
func writeProjection(g hid, e *NeuroH5Edges) error {
	pg, err := nh5Group(g, e.Source)
	if err != nil {
		return err
	}
	defer C.H5Gclose(pg)
	eg, err := nh5Group(pg, nh5Edges)
	if err != nil {
		return err
	}
	err = func() error {
		defer C.H5Gclose(eg)
		for _, d := range []struct {
			name string
			v    any
		}{{nh5DstBlkIdx, e.BlockIndex}, {nh5DstBlkPtr, e.BlockPointer}, {nh5DstPtr, e.DestinationPointer}, {nh5SrcIdx, e.SourceIndex}} {
			if err := writeVec(eg, d.name, d.v); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		return err
	}
	groups := map[string]hid{}
	defer func() {
		for _, ng := range groups {
			C.H5Gclose(ng)
		}
	}()
	for _, a := range e.Attributes {
		ng, ok := groups[a.Namespace]
		if !ok {
			if ng, err = nh5Group(pg, a.Namespace); err != nil {
				return err
			}
			groups[a.Namespace] = ng
		}
		if err := writeVec(ng, a.Name, a.Values); err != nil {
			return fmt.Errorf("%s: %w", a.Namespace, err)
		}
	}
	return nil
}

// ReadNeuroH5Edges reads the projection source -> destination,
// /Projections/<destination>/<source>, of the NeuroH5 file at path: its
// four Edges datasets and every edge attribute (each dataset of each
// other group of the projection, namespaces and names in name order).
// Lengths, pointers and indices are checked as the writer checks them;
// an error names the dataset.
func ReadNeuroH5Edges(path, source, destination string) (NeuroH5Edges, error) {
	e := NeuroH5Edges{Source: source, Destination: destination}
	err := withFile(path, func(f hid) error {
		types, err := readH5Types(f)
		if err != nil {
			return err
		}
		ps, ok1 := types.Population(source)
		pd, ok2 := types.Population(destination)
		if !ok1 || !ok2 {
			return fmt.Errorf("projection %s -> %s: not both populations are in /H5Types (%s)", source, destination, populationNames(types))
		}
		return withGroup(f, "", nh5Projections, func(g hid, gpath string) error {
			return withGroup(g, gpath, destination, func(g hid, gpath string) error {
				return withGroup(g, gpath, source, func(pg hid, where string) error {
					err := withGroup(pg, where, nh5Edges, func(eg hid, epath string) error {
						var err error
						if e.BlockIndex, err = readVec[uint32](eg, epath, nh5DstBlkIdx); err != nil {
							return err
						}
						if e.BlockPointer, err = readVec[uint64](eg, epath, nh5DstBlkPtr); err != nil {
							return err
						}
						if e.DestinationPointer, err = readVec[uint64](eg, epath, nh5DstPtr); err != nil {
							return err
						}
						e.SourceIndex, err = readVec[uint32](eg, epath, nh5SrcIdx)
						return err
					})
					if err != nil {
						return err
					}
					names, err := linkNames(pg)
					if err != nil {
						return err
					}
					for _, ns := range names {
						if ns == nh5Edges {
							continue
						}
						if k, err := objKind(pg, ns); err != nil || k != 1 {
							continue
						}
						err := withGroup(pg, where, ns, func(ng hid, npath string) error {
							anames, err := linkNames(ng)
							if err != nil {
								return err
							}
							for _, an := range anames {
								v, err := readAnyVec(ng, npath, an)
								if err != nil {
									return err
								}
								e.Attributes = append(e.Attributes, NeuroH5EdgeAttribute{Namespace: ns, Name: an, Values: v})
							}
							return nil
						})
						if err != nil {
							return err
						}
					}
					if err := e.check(ps.Count, pd.Count); err != nil {
						return fmt.Errorf("%s: %w", where, err)
					}
					return nil
				})
			})
		})
	})
	if err != nil {
		return NeuroH5Edges{}, fmt.Errorf("store %s: %w", path, err)
	}
	return e, nil
}

// readAnyVec reads a one-dimensional numeric dataset in its own type.
func readAnyVec(g hid, where, name string) (any, error) {
	var v any
	err := openDataset1(g, name, func(d hid, info *dsetInfo) error {
		if !isNumeric(info) || len(info.dims) != 1 {
			return fmt.Errorf("type %s, shape %v: want one dimension of numbers", dtypeName(d), info.dims)
		}
		n := info.dims[0]
		if err := info.checkSize(n, max(8, info.size)); err != nil {
			return err
		}
		switch {
		case info.cls == clsFloat && info.size == 4:
			v = make([]float32, n)
		case info.cls == clsFloat:
			v = make([]float64, n)
		case info.signed && info.size == 1:
			v = make([]int8, n)
		case info.size == 1:
			v = make([]uint8, n)
		case info.signed && info.size == 2:
			v = make([]int16, n)
		case info.size == 2:
			v = make([]uint16, n)
		case info.signed && info.size == 4:
			v = make([]int32, n)
		case info.size == 4:
			v = make([]uint32, n)
		case info.signed:
			v = make([]int64, n)
		default:
			v = make([]uint64, n)
		}
		kind, _, _, p := valueKind(v)
		if n == 0 {
			return nil
		}
		return readNum(d, kind, p)
	})
	if err != nil {
		if where == "" {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return nil, fmt.Errorf("%s/%s: %w", where, name, err)
	}
	return v, nil
}

// NeuroH5ProjectionSources lists the source populations of the
// projections into destination in the NeuroH5 file at path, sorted; a
// file without /Projections/<destination> has none.
func NeuroH5ProjectionSources(path, destination string) ([]string, error) {
	var out []string
	err := withFile(path, func(f hid) error {
		for _, obj := range []string{nh5Projections, nh5Projections + "/" + destination} {
			k, err := objKind(f, obj)
			if err != nil || k != 1 {
				return err
			}
		}
		g, err := openGroup(f, nh5Projections+"/"+destination)
		if err != nil {
			return err
		}
		defer C.H5Gclose(g)
		names, err := linkNames(g)
		out = names
		slices.Sort(out)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	return out, nil
}
