package store

/*
#include "nh5helpers.h"
*/
import "C"

import (
	"fmt"
)

// NeuroH5 names of the Trees namespace (neuroh5's path_names.hh).
const (
	nh5Trees   = "Trees"
	nh5SecPtr  = "Section Pointer"
	nh5XCoord  = "X Coordinate"
	nh5SrcSec  = "Source Section"
	nh5DstSec  = "Destination Section"
	nh5Section = "Section"
)

// NeuroH5Trees is the Trees namespace of one population,
// /Populations/<Population>/Trees (SPEC 2.8), in the compressed-row
// layout neuroh5's append_trees writes: cell Index[i] (gid minus the
// population's Start) has
//
//   - the points PointPointer[i]:PointPointer[i+1] of X, Y, Z, Radius,
//     Layer, Parent and SWCType (Parent indexes the cell's points, -1
//     for the root);
//   - the section edges TopologyPointer[i]:TopologyPointer[i+1] of
//     SrcSection and DstSection;
//   - Sections[SectionPointer[i]:SectionPointer[i+1]], the flat vector
//     [nsec, n_0, p_0..., n_1, p_1..., ...]: the number of sections, then
//     for each section its number of points and their indices.
type NeuroH5Trees struct {
	Population string
	Index      []uint32

	PointPointer    []uint64
	X, Y, Z, Radius []float32
	Layer           []int8
	Parent          []int32
	SWCType         []int8

	TopologyPointer        []uint64
	SrcSection, DstSection []uint16

	SectionPointer []uint64
	Sections       []uint16
}

// Len is the number of cells.
func (t *NeuroH5Trees) Len() int { return len(t.Index) }

// check validates the trees of a population of count cells.
func (t *NeuroH5Trees) check(count uint32) error {
	where := fmt.Sprintf("population %q %s", t.Population, nh5Trees)
	if err := checkCellIndex(where+" "+nh5CellIndex, t.Index, count); err != nil {
		return err
	}
	n := len(t.Index)
	if err := checkPointer(where+" "+nh5XCoord+" "+nh5AttrPtr, t.PointPointer, n, len(t.X)); err != nil {
		return err
	}
	for _, a := range []struct {
		name string
		n    int
	}{{"Y Coordinate", len(t.Y)}, {"Z Coordinate", len(t.Z)}, {"Radius", len(t.Radius)}, {"Point Layer", len(t.Layer)}, {"Parent Point", len(t.Parent)}, {"SWC Type", len(t.SWCType)}} {
		if a.n != len(t.X) {
			return fmt.Errorf("%s %s: %d values for %d points", where, a.name, a.n, len(t.X))
		}
	}
	if err := checkPointer(where+" "+nh5SrcSec+" "+nh5SecPtr, t.TopologyPointer, n, len(t.SrcSection)); err != nil {
		return err
	}
	if len(t.DstSection) != len(t.SrcSection) {
		return fmt.Errorf("%s %s: %d values for %d edges", where, nh5DstSec, len(t.DstSection), len(t.SrcSection))
	}
	return checkPointer(where+" "+nh5Section+" "+nh5SecPtr, t.SectionPointer, n, len(t.Sections))
}

// writeTrees writes the Trees namespace into population group g as
// neuroh5's append_trees creates it: the namespace's Cell Index, hard
// linked into every attribute group; X Coordinate's Attribute Pointer,
// linked as the Attribute Pointer of the other per-point attributes;
// Source Section's Section Pointer, linked as its own and Destination
// Section's Attribute Pointer; Section's Section Pointer, linked as its
// Attribute Pointer.
func writeTrees(g hid, t *NeuroH5Trees) error {
	tg, err := nh5Group(g, nh5Trees)
	if err != nil {
		return err
	}
	defer C.H5Gclose(tg)
	if err := writeVec(tg, nh5CellIndex, t.Index); err != nil {
		return err
	}
	xptr := nh5XCoord + "/" + nh5AttrPtr
	topo := nh5SrcSec + "/" + nh5SecPtr
	attrs := []struct {
		name   string
		values any
		// ptr is written as the pointer dataset ptrName, or else the
		// attribute links shared.
		ptr     []uint64
		ptrName string
		shared  string
	}{
		{name: nh5XCoord, values: t.X, ptr: t.PointPointer, ptrName: nh5AttrPtr},
		{name: "Y Coordinate", values: t.Y, shared: xptr},
		{name: "Z Coordinate", values: t.Z, shared: xptr},
		{name: "Radius", values: t.Radius, shared: xptr},
		{name: "Point Layer", values: t.Layer, shared: xptr},
		{name: "Parent Point", values: t.Parent, shared: xptr},
		{name: "SWC Type", values: t.SWCType, shared: xptr},
		{name: nh5SrcSec, values: t.SrcSection, ptr: t.TopologyPointer, ptrName: nh5SecPtr},
		{name: nh5DstSec, values: t.DstSection, shared: topo},
		{name: nh5Section, values: t.Sections, ptr: t.SectionPointer, ptrName: nh5SecPtr},
	}
	for _, a := range attrs {
		err := func() error {
			ag, err := nh5Group(tg, a.name)
			if err != nil {
				return err
			}
			defer C.H5Gclose(ag)
			if err := nh5Link(tg, nh5CellIndex, a.name+"/"+nh5CellIndex); err != nil {
				return err
			}
			if a.ptr != nil {
				if err := writeVec(ag, a.ptrName, a.ptr); err != nil {
					return err
				}
				if a.ptrName != nh5AttrPtr {
					a.shared = a.name + "/" + a.ptrName
				}
			}
			if a.shared != "" {
				if err := nh5Link(tg, a.shared, a.name+"/"+nh5AttrPtr); err != nil {
					return err
				}
			}
			return writeVec(ag, nh5AttrVal, a.values)
		}()
		if err != nil {
			return fmt.Errorf("%s %s: %w", nh5Trees, a.name, err)
		}
	}
	return nil
}

// ReadNeuroH5Trees reads the Trees namespace of population pop from the
// NeuroH5 file at path, as neuroh5's read_trees reads it: the
// namespace's Cell Index, the per-point attributes through X
// Coordinate's Attribute Pointer, the topology through Source Section's
// Section Pointer and the sections through Section's Section Pointer.
// Every length is checked against its pointer; an error names the
// dataset. Cells are in the order of the file.
func ReadNeuroH5Trees(path, pop string) (NeuroH5Trees, error) {
	t := NeuroH5Trees{Population: pop}
	err := withFile(path, func(f hid) error {
		types, err := readH5Types(f)
		if err != nil {
			return err
		}
		p, ok := types.Population(pop)
		if !ok {
			return fmt.Errorf("population %q is not in /H5Types (%s)", pop, populationNames(types))
		}
		return populationGroup(f, pop, func(g hid, gpath string) error {
			return withGroup(g, gpath, nh5Trees, func(tg hid, where string) error {
				return readTrees(tg, where, p.Count, &t)
			})
		})
	})
	if err != nil {
		return NeuroH5Trees{}, fmt.Errorf("store %s: %w", path, err)
	}
	return t, nil
}

func readTrees(tg hid, where string, count uint32, t *NeuroH5Trees) error {
	var err error
	if t.Index, err = readVec[uint32](tg, where, nh5CellIndex); err != nil {
		return err
	}
	if err := checkCellIndex(where+"/"+nh5CellIndex, t.Index, count); err != nil {
		return err
	}
	n := len(t.Index)
	// attr reads the values (and, when ptrName is not "", the pointer)
	// of one attribute group.
	attr := func(name, ptrName string, ptr *[]uint64, read func(ag hid, apath string) (int, error)) error {
		return withGroup(tg, where, name, func(ag hid, apath string) error {
			nv, err := read(ag, apath)
			if err != nil {
				return err
			}
			if ptrName == "" {
				return nil
			}
			if *ptr, err = readVec[uint64](ag, apath, ptrName); err != nil {
				return err
			}
			return checkPointer(apath+"/"+ptrName, *ptr, n, nv)
		})
	}
	vals := func(dst any) func(ag hid, apath string) (int, error) {
		return func(ag hid, apath string) (int, error) {
			var err error
			var k int
			switch d := dst.(type) {
			case *[]float32:
				*d, err = readVec[float32](ag, apath, nh5AttrVal)
				k = len(*d)
			case *[]int8:
				*d, err = readVec[int8](ag, apath, nh5AttrVal)
				k = len(*d)
			case *[]int32:
				*d, err = readVec[int32](ag, apath, nh5AttrVal)
				k = len(*d)
			case *[]uint16:
				*d, err = readVec[uint16](ag, apath, nh5AttrVal)
				k = len(*d)
			}
			return k, err
		}
	}
	if err := attr(nh5XCoord, nh5AttrPtr, &t.PointPointer, vals(&t.X)); err != nil {
		return err
	}
	for _, a := range []struct {
		name string
		dst  any
		n    func() int
	}{
		{"Y Coordinate", &t.Y, func() int { return len(t.Y) }},
		{"Z Coordinate", &t.Z, func() int { return len(t.Z) }},
		{"Radius", &t.Radius, func() int { return len(t.Radius) }},
		{"Point Layer", &t.Layer, func() int { return len(t.Layer) }},
		{"Parent Point", &t.Parent, func() int { return len(t.Parent) }},
		{"SWC Type", &t.SWCType, func() int { return len(t.SWCType) }},
	} {
		if err := attr(a.name, "", nil, vals(a.dst)); err != nil {
			return err
		}
		if a.n() != len(t.X) {
			return fmt.Errorf("%s/%s/%s: %d values for the %d points of %s", where, a.name, nh5AttrVal, a.n(), len(t.X), nh5XCoord)
		}
	}
	if err := attr(nh5SrcSec, nh5SecPtr, &t.TopologyPointer, vals(&t.SrcSection)); err != nil {
		return err
	}
	if err := attr(nh5DstSec, "", nil, vals(&t.DstSection)); err != nil {
		return err
	}
	if len(t.DstSection) != len(t.SrcSection) {
		return fmt.Errorf("%s/%s/%s: %d values for the %d edges of %s", where, nh5DstSec, nh5AttrVal, len(t.DstSection), len(t.SrcSection), nh5SrcSec)
	}
	return attr(nh5Section, nh5SecPtr, &t.SectionPointer, vals(&t.Sections))
}
