package store

/*
#include "h5helpers.h"
*/
import "C"

import (
	"fmt"
	"os"
	"path/filepath"
	"unsafe"
)

// SONATAReport is one population of a SONATA frame report (a compartment
// or summation report, as libsonatareport writes it): Data[k] is the frame
// at StartMs + k*DtMs, one value per element; elements of node NodeIDs[i]
// are Data[k][IndexPointers[i]:IndexPointers[i+1]], with ElementIDs (the
// section index of a compartment report).
type SONATAReport struct {
	Population    string
	NodeIDs       []uint64 // ascending
	IndexPointers []uint64 // len(NodeIDs)+1
	ElementIDs    []uint32
	// StartMs, EndMs (excluded) and DtMs are the frames' times.
	StartMs, EndMs, DtMs float64
	Units                string // of the data, "mV" for v
	Data                 [][]float32
}

// WriteSONATAReport writes a SONATA frame report at path: for each
// population /report/<pop>/data (float32 [frames, elements], attribute
// units) and /report/<pop>/mapping/{node_ids, index_pointers,
// element_ids, time (start, end, dt; units "ms")}, under a temporary
// name renamed into place when complete.
func WriteSONATAReport(path string, pops []SONATAReport) error {
	wrap := func(err error) error { return fmt.Errorf("store %s: %w", path, err) }
	seen := map[string]bool{}
	for _, p := range pops {
		if err := checkName("population", p.Population); err != nil {
			return wrap(err)
		}
		if seen[p.Population] {
			return wrap(fmt.Errorf("population %q given twice", p.Population))
		}
		seen[p.Population] = true
		if len(p.IndexPointers) != len(p.NodeIDs)+1 || p.IndexPointers[len(p.IndexPointers)-1] != uint64(len(p.ElementIDs)) {
			return wrap(fmt.Errorf("population %q: %d nodes, %d index pointers ending at %v, %d elements", p.Population,
				len(p.NodeIDs), len(p.IndexPointers), p.IndexPointers[len(p.IndexPointers)-1:], len(p.ElementIDs)))
		}
		for k, f := range p.Data {
			if len(f) != len(p.ElementIDs) {
				return wrap(fmt.Errorf("population %q: frame %d has %d values for %d elements", p.Population, k, len(f), len(p.ElementIDs)))
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return wrap(err)
	}
	s := &Store{level: DefaultCompression, sync: true}
	plan := func(bool) (int, error) { return startNew, nil }
	return s.transact(path, "", plan, func(f hid) error {
		root, err := createGroup(f, "report")
		if err != nil {
			return err
		}
		defer C.H5Gclose(root)
		for _, p := range pops {
			if err := s.writeReportPop(root, p); err != nil {
				return fmt.Errorf("population %q: %w", p.Population, err)
			}
		}
		return nil
	})
}

func (s *Store) writeReportPop(root hid, p SONATAReport) error {
	g, err := createGroup(root, p.Population)
	if err != nil {
		return err
	}
	defer C.H5Gclose(g)
	frames, n := len(p.Data), len(p.ElementIDs)
	flat := make([]float32, 0, frames*n)
	for _, f := range p.Data {
		flat = append(flat, f...)
	}
	if err := s.writeNum(g, "data", kF32, 4, []int{frames, n}, unsafe.Pointer(unsafe.SliceData(flat)), len(flat), Attrs{"units": p.Units}); err != nil {
		return err
	}
	m, err := createGroup(g, "mapping")
	if err != nil {
		return err
	}
	defer C.H5Gclose(m)
	if err := s.writeNum(m, "node_ids", kU64, 8, []int{len(p.NodeIDs)}, unsafe.Pointer(unsafe.SliceData(p.NodeIDs)), len(p.NodeIDs), nil); err != nil {
		return err
	}
	if err := s.writeNum(m, "index_pointers", kU64, 8, []int{len(p.IndexPointers)}, unsafe.Pointer(unsafe.SliceData(p.IndexPointers)), len(p.IndexPointers), nil); err != nil {
		return err
	}
	if err := s.writeNum(m, "element_ids", kU32, 4, []int{n}, unsafe.Pointer(unsafe.SliceData(p.ElementIDs)), n, nil); err != nil {
		return err
	}
	t := []float64{p.StartMs, p.EndMs, p.DtMs}
	return s.writeNum(m, "time", kF64, 8, []int{3}, unsafe.Pointer(&t[0]), 3, Attrs{"units": "ms"})
}

// ReadSONATAReport reads every population of the SONATA frame report at
// path, sorted by name.
func ReadSONATAReport(path string) ([]SONATAReport, error) {
	r, err := OpenH5Reader(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	names, err := r.Members("report")
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	var out []SONATAReport
	for _, name := range names {
		base := "report/" + name + "/"
		rep := SONATAReport{Population: name}
		if rep.NodeIDs, err = r.ReadUint64(base+"mapping/node_ids", 0, -1); err != nil {
			return nil, fmt.Errorf("store %s: %w", path, err)
		}
		if rep.IndexPointers, err = r.ReadUint64(base+"mapping/index_pointers", 0, -1); err != nil {
			return nil, fmt.Errorf("store %s: %w", path, err)
		}
		ids, err := r.ReadUint64(base+"mapping/element_ids", 0, -1)
		if err != nil {
			return nil, fmt.Errorf("store %s: %w", path, err)
		}
		for _, id := range ids {
			rep.ElementIDs = append(rep.ElementIDs, uint32(id))
		}
		t, err := r.ReadFloat64(base+"mapping/time", 0, -1)
		if err != nil || len(t) != 3 {
			return nil, fmt.Errorf("store %s: %s: mapping/time: %v (%d values, want 3)", path, name, err, len(t))
		}
		rep.StartMs, rep.EndMs, rep.DtMs = t[0], t[1], t[2]
		sh, err := r.Shape(base + "data")
		if err != nil {
			return nil, fmt.Errorf("store %s: %w", path, err)
		}
		if len(sh.Dims) != 2 || sh.Dims[1] != len(rep.ElementIDs) {
			return nil, fmt.Errorf("store %s: %s: data of shape %v for %d elements", path, name, sh.Dims, len(rep.ElementIDs))
		}
		flat, err := r.ReadFloat64(base+"data", 0, -1)
		if err != nil {
			return nil, fmt.Errorf("store %s: %w", path, err)
		}
		for k := 0; k < sh.Dims[0]; k++ {
			f := make([]float32, sh.Dims[1])
			for j := range f {
				f[j] = float32(flat[k*sh.Dims[1]+j])
			}
			rep.Data = append(rep.Data, f)
		}
		if a, err := r.Attrs(base + "data"); err == nil {
			if u, ok := a["units"].(string); ok {
				rep.Units = u
			}
		}
		out = append(out, rep)
	}
	return out, nil
}
