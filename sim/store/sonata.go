package store

/*
#include "h5helpers.h"
*/
import "C"

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"unsafe"
)

// Sorting is the order of the spikes of a SONATA population, the values
// of the spec's sorting attribute.
type Sorting string

// Sortings of SONATA spike files.
const (
	SortNone   Sorting = "none"
	SortByID   Sorting = "by_id"   // by node id, then time
	SortByTime Sorting = "by_time" // by time, then node id
)

// sortingValue is the value of each sorting in SONATA's enum.
var sortingValue = map[Sorting]int8{SortNone: 0, SortByID: 1, SortByTime: 2}

// SONATAPopulation holds the spikes of one SONATA node population.
type SONATAPopulation struct {
	Name         string
	NodeIDs      []uint64
	TimestampsMs []float64
	// Sorting is the population's sorting attribute as read ("" when the
	// file has none). WriteSONATASpikes ignores it.
	Sorting Sorting
}

// SONATA's file-level attributes.
const (
	sonataMagic = 0x0A7A
)

var sonataVersion = []uint32{0, 1}

// WriteSONATASpikes writes a SONATA spike file at path: for each
// population, /spikes/<name>/timestamps (float64, attribute units "ms")
// and /spikes/<name>/node_ids (uint64), the group attribute sorting (the
// spec's enum {none, by_id, by_time}), and the root attributes magic and
// version. The spikes are sorted as sorting says (in copies); SortNone
// keeps their order. The file is written under a temporary name in the
// same directory and renamed into place when complete.
func WriteSONATASpikes(path string, pops []SONATAPopulation, sorting Sorting) error {
	wrap := func(err error) error { return fmt.Errorf("store %s: %w", path, err) }
	v, ok := sortingValue[sorting]
	if !ok {
		return wrap(fmt.Errorf("sorting %q: want %q, %q or %q", sorting, SortNone, SortByID, SortByTime))
	}
	seen := map[string]bool{}
	sorted := make([]SONATAPopulation, len(pops))
	for i, p := range pops {
		if err := checkName("population", p.Name); err != nil {
			return wrap(err)
		}
		if seen[p.Name] {
			return wrap(fmt.Errorf("population %q given twice", p.Name))
		}
		seen[p.Name] = true
		if len(p.NodeIDs) != len(p.TimestampsMs) {
			return wrap(fmt.Errorf("population %q: %d node ids and %d timestamps", p.Name, len(p.NodeIDs), len(p.TimestampsMs)))
		}
		sorted[i] = sortSONATA(p, sorting)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return wrap(err)
	}
	s := &Store{level: DefaultCompression, sync: true}
	plan := func(bool) (int, error) { return startNew, nil }
	return s.transact(path, "", plan, func(f hid) error {
		if err := writeAttrU32(f, "magic", []uint32{sonataMagic}, true); err != nil {
			return err
		}
		if err := writeAttrU32(f, "version", sonataVersion, false); err != nil {
			return err
		}
		root, err := createGroup(f, "spikes")
		if err != nil {
			return err
		}
		defer C.H5Gclose(root)
		for _, p := range sorted {
			if err := s.writeSONATAPop(root, p, v); err != nil {
				return fmt.Errorf("population %q: %w", p.Name, err)
			}
		}
		return nil
	})
}

// writeAttrU32 writes uint32 values, a scalar when scalar is set.
func writeAttrU32(loc hid, name string, v []uint32, scalar bool) error {
	cn := cstr(name)
	defer free(cn)
	rank := 1
	if scalar {
		rank = 0
	}
	var b errBuf
	if C.gh5_attr_write_num(loc, cn, kU32, C.int(rank), C.hsize_t(len(v)), unsafe.Pointer(&v[0]), b.ptr()) < 0 {
		return b.err("writing attribute " + name)
	}
	return nil
}

func (s *Store) writeSONATAPop(root hid, p SONATAPopulation, sorting int8) error {
	g, err := createGroup(root, p.Name)
	if err != nil {
		return err
	}
	defer C.H5Gclose(g)
	var b errBuf
	if C.gh5_attr_write_sorting(g, C.schar(sorting), b.ptr()) < 0 {
		return b.err("writing attribute sorting")
	}
	n := len(p.NodeIDs)
	if err := s.writeNum(g, "timestamps", kF64, 8, []int{n}, unsafe.Pointer(unsafe.SliceData(p.TimestampsMs)), n, Attrs{"units": "ms"}); err != nil {
		return err
	}
	return s.writeNum(g, "node_ids", kU64, 8, []int{n}, unsafe.Pointer(unsafe.SliceData(p.NodeIDs)), n, nil)
}

func sortSONATA(p SONATAPopulation, sorting Sorting) SONATAPopulation {
	if sorting == SortNone {
		return p
	}
	idx := make([]int, len(p.NodeIDs))
	for i := range idx {
		idx[i] = i
	}
	id, t := p.NodeIDs, p.TimestampsMs
	if sorting == SortByTime {
		sort.SliceStable(idx, func(a, b int) bool {
			i, j := idx[a], idx[b]
			return t[i] < t[j] || (t[i] == t[j] && id[i] < id[j])
		})
	} else {
		sort.SliceStable(idx, func(a, b int) bool {
			i, j := idx[a], idx[b]
			return id[i] < id[j] || (id[i] == id[j] && t[i] < t[j])
		})
	}
	q := SONATAPopulation{Name: p.Name, NodeIDs: make([]uint64, len(idx)), TimestampsMs: make([]float64, len(idx))}
	for k, i := range idx {
		q.NodeIDs[k], q.TimestampsMs[k] = id[i], t[i]
	}
	return q
}

// ReadSONATASpikes reads every population of the SONATA spike file at
// path, sorted by name. It accepts files of other tools: node ids of any
// integer type (negative ones are an error), the older dataset name gids
// for node_ids, timestamps in ms (units "ms" or no units attribute) or in
// s (units "s", converted to ms), and a sorting attribute that is the
// spec's enum, a string (as bmtk writes it) or absent. A /spikes group
// holding the datasets directly (no population) is read as population "".
// Of opt (which may be nil), only Isolate is used.
func ReadSONATASpikes(path string, opt *Options) ([]SONATAPopulation, error) {
	if opt != nil && opt.Isolate {
		r, err := inChild(request{Op: opSONATA, Path: path}, path)
		return r.Pops, err
	}
	var pops []SONATAPopulation
	err := withFile(path, func(f hid) error {
		k, err := objKind(f, "spikes")
		if err != nil {
			return err
		}
		if k != 1 {
			return fmt.Errorf("no group /spikes: not a SONATA spike file: %w", ErrNotFound)
		}
		root, err := openGroup(f, "spikes")
		if err != nil {
			return err
		}
		defer C.H5Gclose(root)
		if k, err := objKind(root, "timestamps"); err != nil {
			return err
		} else if k == 2 {
			p, err := readSONATAPop(root, "")
			if err != nil {
				return err
			}
			pops = append(pops, p)
			return nil
		}
		names, err := linkNames(root)
		if err != nil {
			return err
		}
		for _, n := range names {
			k, err := objKind(root, n)
			if err != nil {
				return err
			}
			if k != 1 {
				continue
			}
			g, err := openGroup(root, n)
			if err != nil {
				return err
			}
			p, err := readSONATAPop(g, n)
			C.H5Gclose(g)
			if err != nil {
				return fmt.Errorf("population %q: %w", n, err)
			}
			pops = append(pops, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return pops, nil
}

func readSONATAPop(g hid, name string) (SONATAPopulation, error) {
	p := SONATAPopulation{Name: name}
	a, err := readAttrs(g)
	if err != nil {
		return p, err
	}
	switch v := a["sorting"].(type) {
	case string:
		p.Sorting = Sorting(v)
	case int64:
		p.Sorting = sortingName(v)
	case uint64:
		p.Sorting = sortingName(int64(min(v, 1<<62)))
	}
	if p.Sorting == "by_gid" { // older BBP files
		p.Sorting = SortByID
	}
	var units string
	err = openDataset1(g, "timestamps", func(d hid, info *dsetInfo) error {
		if len(info.dims) != 1 {
			return fmt.Errorf("timestamps: shape %v: want 1 dimension", info.dims)
		}
		p.TimestampsMs, err = readFloat64(d, info)
		if err != nil {
			return fmt.Errorf("timestamps: %w", err)
		}
		ta, err := readAttrs(d)
		if err != nil {
			return fmt.Errorf("timestamps: %w", err)
		}
		units, _ = ta.String("units")
		return nil
	})
	if err != nil {
		return p, err
	}
	switch units {
	case "", "ms":
	case "s":
		for i := range p.TimestampsMs {
			p.TimestampsMs[i] *= 1000
		}
	default:
		return p, fmt.Errorf("timestamps: units %q: want \"ms\" or \"s\"", units)
	}
	idName := "node_ids"
	if k, err := objKind(g, idName); err != nil {
		return p, err
	} else if k != 2 {
		if k2, _ := objKind(g, "gids"); k2 == 2 {
			idName = "gids"
		}
	}
	err = openDataset1(g, idName, func(d hid, info *dsetInfo) error {
		if info.cls != clsInteger || !info.typeOK || len(info.dims) != 1 {
			return fmt.Errorf("%s: type %s, shape %v: want one dimension of integers", idName, dtypeName(d), info.dims)
		}
		n := info.dims[0]
		if err := info.checkSize(n, max(8, info.size)); err != nil {
			return fmt.Errorf("%s: %w", idName, err)
		}
		if info.signed {
			v := make([]int64, n)
			if n > 0 {
				if err := readNum(d, kI64, unsafe.Pointer(&v[0])); err != nil {
					return fmt.Errorf("%s: %w", idName, err)
				}
			}
			p.NodeIDs = make([]uint64, n)
			for i, x := range v {
				if x < 0 {
					return fmt.Errorf("%s: node id %d at index %d is negative", idName, x, i)
				}
				p.NodeIDs[i] = uint64(x)
			}
			return nil
		}
		p.NodeIDs = make([]uint64, n)
		if n > 0 {
			if err := readNum(d, kU64, unsafe.Pointer(&p.NodeIDs[0])); err != nil {
				return fmt.Errorf("%s: %w", idName, err)
			}
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	if len(p.NodeIDs) != len(p.TimestampsMs) {
		return p, fmt.Errorf("%d node ids and %d timestamps", len(p.NodeIDs), len(p.TimestampsMs))
	}
	return p, nil
}

func sortingName(v int64) Sorting {
	for s, x := range sortingValue {
		if int64(x) == v {
			return s
		}
	}
	return Sorting(fmt.Sprint(v))
}

// openDataset1 opens dataset name of g, which must exist, and calls fn.
func openDataset1(g hid, name string, fn func(d hid, info *dsetInfo) error) error {
	k, err := objKind(g, name)
	if err != nil {
		return err
	}
	if k != 2 {
		names, _ := linkNames(g)
		return fmt.Errorf("no dataset %q (the group has %s): %w", name, listNames(names), ErrNotFound)
	}
	d, err := openDataset(g, name)
	if err != nil {
		return err
	}
	defer C.H5Dclose(d)
	info, err := datasetInfo(d)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return fn(d, info)
}
