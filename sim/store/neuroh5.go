package store

/*
#include <stdint.h>
#include "nh5helpers.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"sort"
	"unsafe"
)

// NeuroH5Population is one population of a NeuroH5 file's /H5Types: a
// member of the enum Population labels and a row of the dataset
// Populations.
type NeuroH5Population struct {
	Name  string
	ID    uint16 // its value in Population labels
	Start uint64 // its first gid
	Count uint32 // its number of cells
}

// NeuroH5Projection is a row of /H5Types/Valid population projections,
// by population name.
type NeuroH5Projection struct {
	Source, Destination string
}

// NeuroH5Types is the /H5Types group of a NeuroH5 file (neuroh5's
// populations and projections table).
type NeuroH5Types struct {
	// Populations are the enum's members and the rows of Populations,
	// in the order given (MiV: by id).
	Populations []NeuroH5Population
	// Projections are the rows of Valid population projections.
	Projections []NeuroH5Projection
}

// Population returns the population called name.
func (t *NeuroH5Types) Population(name string) (NeuroH5Population, bool) {
	for _, p := range t.Populations {
		if p.Name == name {
			return p, true
		}
	}
	return NeuroH5Population{}, false
}

func (t *NeuroH5Types) check() error {
	names := map[string]bool{}
	ids := map[uint16]string{}
	for _, p := range t.Populations {
		if err := checkName("population", p.Name); err != nil {
			return err
		}
		if names[p.Name] {
			return fmt.Errorf("population %q given twice", p.Name)
		}
		if q, dup := ids[p.ID]; dup {
			return fmt.Errorf("populations %q and %q have the same id %d", q, p.Name, p.ID)
		}
		names[p.Name], ids[p.ID] = true, p.Name
	}
	for _, pr := range t.Projections {
		for _, n := range []string{pr.Source, pr.Destination} {
			if !names[n] {
				return fmt.Errorf("projection %s -> %s: population %q is not in the populations", pr.Source, pr.Destination, n)
			}
		}
	}
	return nil
}

// NeuroH5Attribute is one cell attribute of a namespace, in NeuroH5's
// compressed-row layout: cell Index[i] (its gid minus the population's
// Start) holds Values[Pointer[i]:Pointer[i+1]].
type NeuroH5Attribute struct {
	Name    string
	Index   []uint32
	Pointer []uint64
	// Values is a slice of float32, float64, int8, uint8, int16, uint16,
	// int32, uint32, int64 or uint64: the dataset's type.
	Values any
}

// Len is the number of values.
func (a *NeuroH5Attribute) Len() int {
	_, _, n, _ := valueKind(a.Values)
	return n
}

// NeuroH5Namespace is a namespace of cell attributes of one population,
// the group /Populations/<Population>/<Name>, with the group's attributes.
type NeuroH5Namespace struct {
	Population string
	Name       string
	Attrs      Attrs
	Attributes []NeuroH5Attribute
}

// Attribute returns the attribute called name.
func (ns *NeuroH5Namespace) Attribute(name string) (*NeuroH5Attribute, bool) {
	for i := range ns.Attributes {
		if ns.Attributes[i].Name == name {
			return &ns.Attributes[i], true
		}
	}
	return nil, false
}

// NeuroH5 dataset and group names (neuroh5's path_names.hh).
const (
	nh5Populations = "Populations"
	nh5H5Types     = "H5Types"
	nh5CellIndex   = "Cell Index"
	nh5AttrPtr     = "Attribute Pointer"
	nh5AttrVal     = "Attribute Value"
	// nh5ChunkSize is the chunk of index, pointer and value datasets
	// (MiV's chunk_size and value_chunk_size defaults).
	nh5ChunkSize = 1000
)

// valueKind returns the HDF5 kind, element size, length and data of a
// slice of attribute values.
func valueKind(v any) (C.int, int, int, unsafe.Pointer) {
	switch v := v.(type) {
	case []float32:
		return kF32, 4, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []float64:
		return kF64, 8, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []int8:
		return kI8, 1, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []uint8:
		return C.G_U8, 1, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []int16:
		return C.G_I16, 2, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []uint16:
		return C.G_U16, 2, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []int32:
		return C.G_I32, 4, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []uint32:
		return kU32, 4, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []int64:
		return kI64, 8, len(v), unsafe.Pointer(unsafe.SliceData(v))
	case []uint64:
		return kU64, 8, len(v), unsafe.Pointer(unsafe.SliceData(v))
	}
	return -1, 0, 0, nil
}

// check validates an attribute of a population of count cells.
func (a *NeuroH5Attribute) check(count uint32) error {
	if err := checkName("attribute", a.Name); err != nil {
		return err
	}
	kind, _, n, _ := valueKind(a.Values)
	if kind < 0 {
		return fmt.Errorf("attribute %q: values of type %T are not supported", a.Name, a.Values)
	}
	if len(a.Pointer) != len(a.Index)+1 {
		return fmt.Errorf("attribute %q: %d pointers for %d cells: want %d", a.Name, len(a.Pointer), len(a.Index), len(a.Index)+1)
	}
	if a.Pointer[0] != 0 {
		return fmt.Errorf("attribute %q: the first pointer is %d, want 0", a.Name, a.Pointer[0])
	}
	for i := 1; i < len(a.Pointer); i++ {
		if a.Pointer[i] < a.Pointer[i-1] {
			return fmt.Errorf("attribute %q: pointer %d (%d) is less than pointer %d (%d)", a.Name, i, a.Pointer[i], i-1, a.Pointer[i-1])
		}
	}
	if last := a.Pointer[len(a.Pointer)-1]; last != uint64(n) {
		return fmt.Errorf("attribute %q: the last pointer is %d for %d values", a.Name, last, n)
	}
	seen := make(map[uint32]bool, len(a.Index))
	for _, c := range a.Index {
		if c >= count {
			return fmt.Errorf("attribute %q: cell index %d: the population has %d cells", a.Name, c, count)
		}
		if seen[c] {
			return fmt.Errorf("attribute %q: cell index %d given twice", a.Name, c)
		}
		seen[c] = true
	}
	return nil
}

// WriteNeuroH5Types writes a new NeuroH5 file at path holding /H5Types
// as MiV's h5_types writes it with h5py (SPEC 2.8): the committed enum
// "Population labels" (uint16 base; a member per population), the
// committed compounds "Population range" {Start uint64, Count uint32,
// Population enum} and "Population projections" {Source enum,
// Destination enum}, the dataset "Populations" (a row per population)
// and the dataset "Valid population projections" (a row per projection,
// of the committed type). A file of that name is replaced. The file is
// written under a temporary name in the same directory and renamed into
// place when complete. Of opt (which may be nil), NoSync applies.
func WriteNeuroH5Types(path string, t NeuroH5Types, opt *Options) error {
	return WriteNeuroH5(path, t, nil, opt)
}

// WriteNeuroH5 writes a new NeuroH5 file at path holding /H5Types (as
// WriteNeuroH5Types) and the cell-attribute namespaces nss (as
// WriteNeuroH5Namespaces), all at once: the file appears whole under its
// name or not at all, replacing any file of that name.
func WriteNeuroH5(path string, t NeuroH5Types, nss []NeuroH5Namespace, opt *Options) error {
	return WriteNeuroH5File(path, &NeuroH5File{Types: t, Namespaces: nss}, opt)
}

// checkNamespaces checks the names of namespaces and their attributes;
// it returns the set of {population, namespace}.
func checkNamespaces(nss []NeuroH5Namespace) (map[[2]string]bool, error) {
	seen := map[[2]string]bool{}
	for _, ns := range nss {
		if err := checkName("population", ns.Population); err != nil {
			return nil, err
		}
		if err := checkName("namespace", ns.Name); err != nil {
			return nil, err
		}
		key := [2]string{ns.Population, ns.Name}
		if seen[key] {
			return nil, fmt.Errorf("namespace %q of population %q given twice", ns.Name, ns.Population)
		}
		seen[key] = true
		names := map[string]bool{}
		for _, a := range ns.Attributes {
			if names[a.Name] {
				return nil, fmt.Errorf("population %q namespace %q: attribute %q given twice", ns.Population, ns.Name, a.Name)
			}
			names[a.Name] = true
		}
		if _, err := ns.Attrs.normalize(); err != nil {
			return nil, fmt.Errorf("population %q namespace %q: %w", ns.Population, ns.Name, err)
		}
	}
	return seen, nil
}

// checkNamespaceCells checks the namespaces' attributes against the
// populations of t.
func checkNamespaceCells(t NeuroH5Types, nss []NeuroH5Namespace) error {
	for _, ns := range nss {
		p, ok := t.Population(ns.Population)
		if !ok {
			return fmt.Errorf("population %q is not in /H5Types (%s)", ns.Population, populationNames(t))
		}
		for i := range ns.Attributes {
			if err := ns.Attributes[i].check(p.Count); err != nil {
				return fmt.Errorf("population %q namespace %q: %w", ns.Population, ns.Name, err)
			}
		}
	}
	return nil
}

// writeNamespaces writes nss into the population groups of pops (key ""
// is /Populations), creating the groups missing.
func writeNamespaces(pops map[string]hid, nss []NeuroH5Namespace) error {
	for _, ns := range nss {
		g, ok := pops[ns.Population]
		if !ok {
			var err error
			if g, err = nh5Group(pops[""], ns.Population); err != nil {
				return err
			}
			pops[ns.Population] = g
		}
		if err := writeNamespace(g, &ns); err != nil {
			return fmt.Errorf("population %q namespace %q: %w", ns.Population, ns.Name, err)
		}
	}
	return nil
}

func writeH5Types(f hid, t *NeuroH5Types) error {
	n := len(t.Populations)
	names := make([]*C.char, n+1)
	ids := make([]C.uint16_t, n+1)
	starts := make([]C.uint64_t, n+1)
	counts := make([]C.uint32_t, n+1)
	id := map[string]uint16{}
	for i, p := range t.Populations {
		names[i] = cstr(p.Name)
		ids[i], starts[i], counts[i] = C.uint16_t(p.ID), C.uint64_t(p.Start), C.uint32_t(p.Count)
		id[p.Name] = p.ID
	}
	defer func() {
		for _, c := range names[:n] {
			free(c)
		}
	}()
	m := len(t.Projections)
	src := make([]C.uint16_t, m+1)
	dst := make([]C.uint16_t, m+1)
	for i, pr := range t.Projections {
		src[i], dst[i] = C.uint16_t(id[pr.Source]), C.uint16_t(id[pr.Destination])
	}
	var b errBuf
	if C.gnh5_write_h5types(f, C.size_t(n), &names[0], &ids[0], &starts[0], &counts[0],
		C.size_t(m), &src[0], &dst[0], b.ptr()) < 0 {
		return b.err("writing /H5Types")
	}
	return nil
}

// ReadNeuroH5Types reads /H5Types of the NeuroH5 file at path: the
// populations in the order of the dataset Populations, named by the enum
// Population labels, and the valid projections.
func ReadNeuroH5Types(path string) (NeuroH5Types, error) {
	var t NeuroH5Types
	err := withFile(path, func(f hid) error {
		var err error
		t, err = readH5Types(f)
		return err
	})
	return t, err
}

func readH5Types(f hid) (NeuroH5Types, error) {
	var t NeuroH5Types
	if k, err := objKind(f, nh5H5Types); err != nil {
		return t, err
	} else if k != 1 {
		return t, fmt.Errorf("no group /%s: not a NeuroH5 file: %w", nh5H5Types, ErrNotFound)
	}
	var b errBuf
	nl := int(C.gnh5_label_count(f, b.ptr()))
	if nl < 0 {
		return t, b.err("reading /H5Types/Population labels")
	}
	const namelen = 1024
	names := make([]C.char, (nl+1)*namelen)
	lids := make([]C.uint16_t, nl+1)
	if C.gnh5_read_labels(f, C.size_t(nl), &names[0], namelen, &lids[0], b.ptr()) < 0 {
		return t, b.err("reading /H5Types/Population labels")
	}
	label := make(map[uint16]string, nl)
	for i := range nl {
		label[uint16(lids[i])] = C.GoString(&names[i*namelen])
	}
	rows := func(name string) (int, error) {
		if k, err := objKind(f, nh5H5Types+"/"+name); err != nil {
			return 0, err
		} else if k != 2 {
			return 0, fmt.Errorf("no dataset /%s/%s: not a NeuroH5 file: %w", nh5H5Types, name, ErrNotFound)
		}
		cp := cstr(nh5H5Types + "/" + name)
		defer free(cp)
		n := C.gnh5_rows(f, cp, b.ptr())
		if n < 0 {
			return 0, b.err("reading /" + nh5H5Types + "/" + name)
		}
		return int(n), nil
	}
	np, err := rows("Populations")
	if err != nil {
		return t, err
	}
	starts := make([]C.uint64_t, np+1)
	counts := make([]C.uint32_t, np+1)
	ids := make([]C.uint16_t, np+1)
	if C.gnh5_read_populations(f, C.size_t(np), &starts[0], &counts[0], &ids[0], b.ptr()) < 0 {
		return t, b.err("reading /H5Types/Populations")
	}
	for i := range np {
		name, ok := label[uint16(ids[i])]
		if !ok {
			return t, fmt.Errorf("/H5Types/Populations row %d: population id %d is not in Population labels", i, ids[i])
		}
		t.Populations = append(t.Populations, NeuroH5Population{Name: name, ID: uint16(ids[i]), Start: uint64(starts[i]), Count: uint32(counts[i])})
	}
	npr, err := rows("Valid population projections")
	if err != nil {
		return t, err
	}
	src := make([]C.uint16_t, npr+1)
	dst := make([]C.uint16_t, npr+1)
	if C.gnh5_read_projections(f, C.size_t(npr), &src[0], &dst[0], b.ptr()) < 0 {
		return t, b.err("reading /H5Types/Valid population projections")
	}
	for i := range npr {
		s, ok1 := label[uint16(src[i])]
		d, ok2 := label[uint16(dst[i])]
		if !ok1 || !ok2 {
			return t, fmt.Errorf("/H5Types/Valid population projections row %d: ids %d -> %d: not both in Population labels", i, src[i], dst[i])
		}
		t.Projections = append(t.Projections, NeuroH5Projection{Source: s, Destination: d})
	}
	return t, nil
}

// WriteNeuroH5Namespaces adds cell-attribute namespaces to the NeuroH5
// file at path, which must exist and hold /H5Types naming their
// populations, as neuroh5's append_cell_attributes writes them into a
// new namespace (SPEC 2.8): /Populations/<population>/<namespace>/<attribute>/
// with the datasets Cell Index (uint32, the cells' gids minus the
// population's Start), Attribute Pointer (uint64, one more than the
// cells) and Attribute Value (the values' type), each one-dimensional,
// chunked by 1000 elements and of unlimited maximum size; the
// namespace's Attrs go on its group. A namespace of that name already in
// the file is replaced, everything else is kept: the new file is built
// under a temporary name in the same directory (a copy of every other
// object, then the namespaces) and renamed over path when complete, so
// that path holds the old file or the new one, never a part. Equal
// content gives a byte-identical file (no object holds a time).
func WriteNeuroH5Namespaces(path string, nss []NeuroH5Namespace, opt *Options) error {
	wrap := func(err error) error { return fmt.Errorf("store %s: %w", path, err) }
	seen, err := checkNamespaces(nss)
	if err != nil {
		return wrap(err)
	}
	s := &Store{sync: opt == nil || !opt.NoSync}
	plan := func(exists bool) (int, error) {
		if !exists {
			return 0, fmt.Errorf("no such file (write its /H5Types first): %w", ErrNotFound)
		}
		return startNew, nil
	}
	return s.transact(path, "", plan, func(f hid) error {
		src, err := openFile(path, readOnly)
		if err != nil {
			return err
		}
		defer closeFile(src)
		types, err := readH5Types(idOf(src))
		if err != nil {
			return err
		}
		if err := checkNamespaceCells(types, nss); err != nil {
			return err
		}
		pops, err := copyNeuroH5(idOf(src), f, seen)
		if err != nil {
			return err
		}
		defer func() {
			for _, g := range pops {
				C.H5Gclose(g)
			}
		}()
		return writeNamespaces(pops, nss)
	})
}

func populationNames(t NeuroH5Types) string {
	var names []string
	for _, p := range t.Populations {
		names = append(names, p.Name)
	}
	return listNames(names)
}

// nh5Group creates group name in loc without a modification time.
func nh5Group(loc hid, name string) (hid, error) {
	cn := cstr(name)
	defer free(cn)
	var b errBuf
	g := C.gnh5_group_create(loc, cn, b.ptr())
	if g < 0 {
		return -1, b.err(fmt.Sprintf("creating group %q", name))
	}
	return g, nil
}

// copyNeuroH5 copies every object of src into dst except the namespaces
// in skip ({population, namespace}); it returns the open group
// /Populations of dst (key "") and its population groups.
func copyNeuroH5(src, dst hid, skip map[[2]string]bool) (map[string]hid, error) {
	pops := map[string]hid{}
	ok := false
	defer func() {
		if !ok {
			for _, g := range pops {
				C.H5Gclose(g)
			}
		}
	}()
	copyObj := func(from hid, name string, to hid) error {
		cn := cstr(name)
		defer free(cn)
		var b errBuf
		if C.gh5_copy(from, cn, to, b.ptr()) < 0 {
			return b.err(fmt.Sprintf("copying %q", name))
		}
		return nil
	}
	names, err := linkNames(src)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if n != nh5Populations {
			if err := copyObj(src, n, dst); err != nil {
				return nil, err
			}
		}
	}
	var b errBuf
	if C.gh5_copy_attrs(src, dst, b.ptr()) < 0 {
		return nil, b.err("copying root attributes")
	}
	root, err := nh5Group(dst, nh5Populations)
	if err != nil {
		return nil, err
	}
	pops[""] = root
	k, err := objKind(src, nh5Populations)
	if err != nil {
		return nil, err
	}
	if k == 1 {
		sp, err := openGroup(src, nh5Populations)
		if err != nil {
			return nil, err
		}
		defer C.H5Gclose(sp)
		if C.gh5_copy_attrs(sp, root, b.ptr()) < 0 {
			return nil, b.err("copying attributes of /Populations")
		}
		popNames, err := linkNames(sp)
		if err != nil {
			return nil, err
		}
		for _, pn := range popNames {
			if k, err := objKind(sp, pn); err != nil {
				return nil, err
			} else if k != 1 {
				if err := copyObj(sp, pn, root); err != nil {
					return nil, err
				}
				continue
			}
			g, err := nh5Group(root, pn)
			if err != nil {
				return nil, err
			}
			pops[pn] = g
			pg, err := openGroup(sp, pn)
			if err != nil {
				return nil, err
			}
			err = func() error {
				defer C.H5Gclose(pg)
				if C.gh5_copy_attrs(pg, g, b.ptr()) < 0 {
					return b.err(fmt.Sprintf("copying attributes of /Populations/%s", pn))
				}
				members, err := linkNames(pg)
				if err != nil {
					return err
				}
				for _, m := range members {
					if skip[[2]string{pn, m}] {
						continue
					}
					if err := copyObj(pg, m, g); err != nil {
						return err
					}
				}
				return nil
			}()
			if err != nil {
				return nil, err
			}
		}
	}
	ok = true
	return pops, nil
}

// writeNamespace writes a namespace group into population group g.
func writeNamespace(g hid, ns *NeuroH5Namespace) error {
	ng, err := nh5Group(g, ns.Name)
	if err != nil {
		return err
	}
	defer C.H5Gclose(ng)
	attrs, err := ns.Attrs.normalize()
	if err != nil {
		return err
	}
	if err := writeAttrs(ng, attrs); err != nil {
		return err
	}
	for i := range ns.Attributes {
		a := &ns.Attributes[i]
		ag, err := nh5Group(ng, a.Name)
		if err != nil {
			return err
		}
		err = func() error {
			defer C.H5Gclose(ag)
			if err := writeExt(ag, nh5CellIndex, kU32, len(a.Index), unsafe.Pointer(unsafe.SliceData(a.Index))); err != nil {
				return err
			}
			if err := writeExt(ag, nh5AttrPtr, kU64, len(a.Pointer), unsafe.Pointer(unsafe.SliceData(a.Pointer))); err != nil {
				return err
			}
			kind, _, n, p := valueKind(a.Values)
			return writeExt(ag, nh5AttrVal, kind, n, p)
		}()
		if err != nil {
			return fmt.Errorf("attribute %q: %w", a.Name, err)
		}
	}
	return nil
}

func writeExt(g hid, name string, kind C.int, n int, p unsafe.Pointer) error {
	cn := cstr(name)
	defer free(cn)
	var b errBuf
	if C.gnh5_write_ext(g, cn, kind, C.hsize_t(n), nh5ChunkSize, p, b.ptr()) < 0 {
		return b.err(fmt.Sprintf("writing dataset %q", name))
	}
	return nil
}

// ReadNeuroH5Namespace reads the cell-attribute namespace of a population
// of the NeuroH5 file at path: every attribute group's Cell Index,
// Attribute Pointer and Attribute Value (values in the file's type), in
// name order, and the namespace group's attributes. A missing namespace
// wraps ErrNotFound and names the namespaces the population has. Every
// attribute must have its own Attribute Pointer, as append_cell_attributes
// writes them; the Trees namespace, whose topology attributes share
// Section Pointers, is not read by this function.
func ReadNeuroH5Namespace(path, population, namespace string) (NeuroH5Namespace, error) {
	ns := NeuroH5Namespace{Population: population, Name: namespace}
	err := withFile(path, func(f hid) error {
		if k, err := objKind(f, nh5Populations); err != nil {
			return err
		} else if k != 1 {
			return fmt.Errorf("no group /%s: %w", nh5Populations, ErrNotFound)
		}
		pg, err := openGroup(f, nh5Populations)
		if err != nil {
			return err
		}
		defer C.H5Gclose(pg)
		if k, err := objKind(pg, population); err != nil {
			return err
		} else if k != 1 {
			names, _ := linkNames(pg)
			return fmt.Errorf("no population %q in /%s (the file has %s): %w", population, nh5Populations, listNames(names), ErrNotFound)
		}
		p, err := openGroup(pg, population)
		if err != nil {
			return err
		}
		defer C.H5Gclose(p)
		if k, err := objKind(p, namespace); err != nil {
			return err
		} else if k != 1 {
			names, _ := linkNames(p)
			return fmt.Errorf("no namespace %q in /%s/%s (it has %s): %w", namespace, nh5Populations, population, listNames(names), ErrNotFound)
		}
		g, err := openGroup(p, namespace)
		if err != nil {
			return err
		}
		defer C.H5Gclose(g)
		if ns.Attrs, err = readAttrs(g); err != nil {
			return err
		}
		names, err := linkNames(g)
		if err != nil {
			return err
		}
		for _, n := range names {
			if k, err := objKind(g, n); err != nil {
				return err
			} else if k != 1 {
				continue
			}
			ag, err := openGroup(g, n)
			if err != nil {
				return err
			}
			a, err := readAttribute(ag, n)
			C.H5Gclose(ag)
			if err != nil {
				return fmt.Errorf("/%s/%s/%s/%s: %w", nh5Populations, population, namespace, n, err)
			}
			ns.Attributes = append(ns.Attributes, a)
		}
		return nil
	})
	return ns, err
}

func readAttribute(g hid, name string) (NeuroH5Attribute, error) {
	a := NeuroH5Attribute{Name: name}
	read1 := func(ds string, fn func(d hid, info *dsetInfo, n int) error) error {
		return openDataset1(g, ds, func(d hid, info *dsetInfo) error {
			if !isNumeric(info) || len(info.dims) != 1 {
				return fmt.Errorf("%s: type %s, shape %v: want one dimension of numbers", ds, dtypeName(d), info.dims)
			}
			n := info.dims[0]
			if err := info.checkSize(n, max(8, info.size)); err != nil {
				return fmt.Errorf("%s: %w", ds, err)
			}
			if err := fn(d, info, n); err != nil {
				return fmt.Errorf("%s: %w", ds, err)
			}
			return nil
		})
	}
	err := read1(nh5CellIndex, func(d hid, info *dsetInfo, n int) error {
		if info.cls != clsInteger {
			return errors.New("not integers")
		}
		a.Index = make([]uint32, n)
		if n == 0 {
			return nil
		}
		return readNum(d, kU32, unsafe.Pointer(&a.Index[0]))
	})
	if err != nil {
		return a, err
	}
	err = read1(nh5AttrPtr, func(d hid, info *dsetInfo, n int) error {
		if info.cls != clsInteger {
			return errors.New("not integers")
		}
		a.Pointer = make([]uint64, n)
		if n == 0 {
			return nil
		}
		return readNum(d, kU64, unsafe.Pointer(&a.Pointer[0]))
	})
	if err != nil {
		return a, err
	}
	if a.Values, err = readAnyVec(g, "", nh5AttrVal); err != nil {
		return a, err
	}
	if len(a.Pointer) != len(a.Index)+1 {
		return a, fmt.Errorf("%d pointers for %d cells", len(a.Pointer), len(a.Index))
	}
	n := uint64(a.Len())
	for i, p := range a.Pointer {
		if p > n || (i > 0 && p < a.Pointer[i-1]) {
			return a, fmt.Errorf("attribute pointer %d (%d) is not in order within [0, %d]", i, p, n)
		}
	}
	return a, nil
}

// NeuroH5Namespaces lists the namespaces of a population of the NeuroH5
// file at path, sorted; a population without a group has none.
func NeuroH5Namespaces(path, population string) ([]string, error) {
	var out []string
	err := withFile(path, func(f hid) error {
		for _, obj := range []string{nh5Populations, nh5Populations + "/" + population} {
			k, err := objKind(f, obj)
			if err != nil || k != 1 {
				return err
			}
		}
		g, err := openGroup(f, nh5Populations+"/"+population)
		if err != nil {
			return err
		}
		defer C.H5Gclose(g)
		names, err := linkNames(g)
		if err != nil {
			return err
		}
		out = names
		sort.Strings(out)
		return nil
	})
	return out, err
}
