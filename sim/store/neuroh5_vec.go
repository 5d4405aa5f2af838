package store

/*
#include <stdint.h>
#include "nh5helpers.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// nh5Vec is a slice of one of the numeric element types of NeuroH5's
// datasets.
type nh5Vec interface {
	~float32 | ~int8 | ~uint8 | ~uint16 | ~int32 | ~uint32 | ~uint64
}

// nh5Link makes link name of loc a hard link to the object at target
// (relative to loc), as neuroh5 links a shared Cell Index or pointer.
func nh5Link(loc hid, target, name string) error {
	ct, cn := cstr(target), cstr(name)
	defer free(ct)
	defer free(cn)
	var b errBuf
	if C.gnh5_link(loc, ct, loc, cn, b.ptr()) < 0 {
		return b.err(fmt.Sprintf("linking %q to %q", name, target))
	}
	return nil
}

// writeVec writes v as an appendable NeuroH5 dataset name of g.
func writeVec(g hid, name string, v any) error {
	kind, _, n, p := valueKind(v)
	if kind < 0 {
		return fmt.Errorf("dataset %q: values of type %T are not supported", name, v)
	}
	return writeExt(g, name, kind, n, p)
}

// readVec reads the one-dimensional numeric dataset name of group g
// (whose path, for errors, is where) into a []T. Integers are read only
// from integer datasets, floats from float datasets.
func readVec[T nh5Vec](g hid, where, name string) ([]T, error) {
	var out []T
	var zero T
	want, _, _, _ := valueKind([]T{})
	isFloat := want == kF32
	err := openDataset1(g, name, func(d hid, info *dsetInfo) error {
		if !isNumeric(info) || len(info.dims) != 1 {
			return fmt.Errorf("type %s, shape %v: want one dimension of numbers", dtypeName(d), info.dims)
		}
		if (info.cls == clsFloat) != isFloat {
			return fmt.Errorf("type %s: want %T values", dtypeName(d), zero)
		}
		n := info.dims[0]
		if err := info.checkSize(n, max(int(unsafe.Sizeof(zero)), info.size)); err != nil {
			return err
		}
		out = make([]T, n)
		if n == 0 {
			return nil
		}
		return readNum(d, want, unsafe.Pointer(&out[0]))
	})
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %w", where, name, err)
	}
	return out, nil
}

// withGroup opens the group at name (a path of groups relative to loc,
// each checked) and calls fn with it; where is loc's path, for errors.
func withGroup(loc hid, where, name string, fn func(g hid, path string) error) error {
	path := where + "/" + name
	k, err := objKind(loc, name)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if k != 1 {
		names, _ := linkNames(loc)
		return fmt.Errorf("no group %s (%s has %s): %w", path, where, listNames(names), ErrNotFound)
	}
	g, err := openGroup(loc, name)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer C.H5Gclose(g)
	return fn(g, path)
}

// checkPointer checks a CSR pointer where: len(ptr) = cells+1, starting
// at 0, non-decreasing, ending at values.
func checkPointer(where string, ptr []uint64, cells, values int) error {
	if len(ptr) != cells+1 {
		return fmt.Errorf("%s: %d pointers for %d cells, want %d", where, len(ptr), cells, cells+1)
	}
	if ptr[0] != 0 {
		return fmt.Errorf("%s: the first pointer is %d, want 0", where, ptr[0])
	}
	for i := 1; i < len(ptr); i++ {
		if ptr[i] < ptr[i-1] {
			return fmt.Errorf("%s: pointer %d (%d) is less than pointer %d (%d)", where, i, ptr[i], i-1, ptr[i-1])
		}
	}
	if last := ptr[len(ptr)-1]; last != uint64(values) {
		return fmt.Errorf("%s: the last pointer is %d for %d values", where, last, values)
	}
	return nil
}

// checkCellIndex checks that every index is below count and none repeats.
func checkCellIndex(where string, idx []uint32, count uint32) error {
	seen := make(map[uint32]bool, len(idx))
	for _, c := range idx {
		if c >= count {
			return fmt.Errorf("%s: cell index %d: the population has %d cells", where, c, count)
		}
		if seen[c] {
			return fmt.Errorf("%s: cell index %d given twice", where, c)
		}
		seen[c] = true
	}
	return nil
}

// populationGroup opens /Populations/<pop> of file f and calls fn.
func populationGroup(f hid, pop string, fn func(g hid, path string) error) error {
	return withGroup(f, "", nh5Populations, func(pg hid, ppath string) error {
		return withGroup(pg, ppath, pop, fn)
	})
}
